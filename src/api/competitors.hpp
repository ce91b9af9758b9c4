// api: from stored votes to rating inputs — who the competitors are (a configuration: model +
// six settings + system prompt, or the model alone), their readable labels, and the weighted
// pairwise battles of docs/rating.md §2. Pure functions; used by the leaderboard and the
// FastChat battle export so both count exactly the same battles.
#pragma once

#include "rating/battle.hpp"
#include "storage/records.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::api {

enum class grouping { config, model };

struct competitor {
    std::string key;   // stable: "<instance id derived from model and settings>[#sys-<hash>]"
    std::string label; // "llama3.2:3b T=0.7 P=0.9 K=40" (+ R/M/S when not default, + sys#<hash>)
    std::string model;
    std::optional<storage::settings> params; // config grouping only
    std::optional<std::string> system;       // config grouping only ("" = none)
};

// The readable label of a configuration: T, P and K always; R (repeat_penalty), M
// (num_predict) and S (seed) when not default; " sys#<6 hex>" when a system prompt is set.
std::string config_label(std::string_view model, const storage::settings& s,
                         std::string_view system);

// Where one battle came from, for exports: the vote and the two answers' slots.
struct battle_origin {
    std::size_t vote = 0; // index into the votes given
    std::int64_t slot_a = 0;
    std::int64_t slot_b = 0;
};

struct battle_set {
    std::vector<competitor> competitors;
    std::vector<rating::battle> battles; // oldest vote first; turn = the vote's index
    std::vector<battle_origin> origins;  // one per battle
    std::size_t votes = 0;               // votes that produced at least one battle
};

// Every vote becomes the battles of rating::expand_turn_votes over its answers in slot order.
// An answer that failed takes part only when it was chosen (an outage is no judgement of
// quality); a vote left with fewer than two answers yields nothing. With grouping::model,
// battles between two configurations of the same model are dropped (docs/rating.md §1).
battle_set build_battles(std::span<const storage::vote_record> votes, grouping g);

} // namespace ollama_arena::api
