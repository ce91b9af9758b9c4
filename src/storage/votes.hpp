// storage: per-turn votes (one per turn, replaced by a later one), per-answer ratings, and the
// vote list the leaderboard and the battle export are computed from (docs/storage.md §3, §4).
// Errors: errc::not_found (session, turn or answer; a turn or answer of another session is not
// found either), errc::conflict (vote in a session that is not blind, or after reveal; rating
// after reveal; a turn with fewer than two answers), errc::invalid_request (a winner that is
// not in the turn, field "winner"), errc::storage_failure.
#pragma once

#include "common/result.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ollama_arena::storage {

struct vote_input {
    vote_kind kind = vote_kind::best;
    std::string winner; // kind == best: an instance id or a label ("Model A") of the turn
};

struct cast_result {
    vote_row vote;
    bool replaced = false;              // an earlier vote on this turn was replaced
    std::optional<instance_row> winner; // the chosen instance, when kind == best
};

// Writes (or replaces) the vote of a turn, in one write transaction with every check.
result<cast_result> cast_vote(database& db, std::int64_t conversation_id, std::int64_t turn_id,
                              const vote_input& v, std::int64_t now_ms);

// Sets an answer's 👍/👎: value 1, -1, or 0 to clear (the API validates the value).
result<void> rate_answer(database& db, std::int64_t conversation_id, std::int64_t answer_id,
                         std::int64_t value, std::int64_t now_ms);

// Every vote, oldest first (by last change, then turn id), with its turn's answers in slot
// order. One read snapshot.
result<std::vector<vote_record>> load_votes(database& db);

} // namespace ollama_arena::storage
