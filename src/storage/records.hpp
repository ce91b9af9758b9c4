// storage: the plain structs that go in and out of the database (docs/storage.md §3). No
// JSON, no Asio, no arena types: api/ converts between these and its own types.
#pragma once

#include "common/answer_metrics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::storage {

// The six sampling settings of an instance, as stored (defaults as in the API decisions).
struct settings {
    double temperature = 0.7;
    double top_p = 0.9;
    std::int64_t top_k = 40;
    double repeat_penalty = 1.1;
    std::int64_t num_predict = -1;
    std::int64_t seed = 0;
    friend bool operator==(const settings&, const settings&) = default;
};

// An instance as the API describes it when it joins a conversation.
struct instance_spec {
    std::string instance_id;
    std::string model;
    settings params;
    std::string options_json; // the exact Ollama "options" object, serialized
    std::optional<std::string> model_digest;
    std::optional<std::string> ollama_version;
};

struct instance_row : instance_spec {
    std::int64_t ref = 0;      // row id (answers point here)
    std::int64_t position = 0; // 0-based order of labelling
    std::string label;         // "Model A"
    std::int64_t created_ms = 0;
};

// "Model A" … "Model Z", "Model AA", "Model AB" … for position 0, 1, …
std::string label_for(std::int64_t position);

struct conversation_row {
    std::int64_t id = 0;
    std::string title;
    std::string system;
    bool blind = false;
    bool revealed = false;
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
    std::int64_t turn_count = 0;
    std::int64_t vote_count = 0;
    // While blind and not revealed, views hide which model is behind which label.
    bool masked() const noexcept { return blind && !revealed; }
};

enum class answer_status { pending, complete, failed, stopped };
std::string_view to_string(answer_status s) noexcept;

// Shared with the arena, which measures them.
using answer_metrics = ollama_arena::answer_metrics;

// How an answer ended.
struct answer_outcome {
    answer_status status = answer_status::complete;
    std::string text;
    std::optional<std::string> error;      // failed / stopped: why
    std::optional<answer_metrics> metrics; // complete: the metrics
};

struct answer_row {
    std::int64_t id = 0;
    std::int64_t turn_id = 0;
    std::int64_t instance_ref = 0;
    std::int64_t slot = 0;
    answer_status status = answer_status::pending;
    std::string text;
    std::optional<std::string> error;
    std::optional<answer_metrics> metrics;
    std::int64_t rating = 0; // 1, -1, 0 = none
    std::int64_t created_ms = 0;
    std::optional<std::int64_t> finished_ms;
};

enum class vote_kind { best, tie, all_bad };
std::string_view to_string(vote_kind k) noexcept;

struct vote_row {
    std::int64_t turn_id = 0;
    vote_kind kind = vote_kind::best;
    std::optional<std::int64_t> winner; // the answer id, when kind == best
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
};

struct turn_row {
    std::int64_t id = 0;
    std::int64_t conversation_id = 0;
    std::int64_t seq = 0;
    std::string user_message;
    std::string system;
    std::string messages_json;
    std::int64_t created_ms = 0;
    std::vector<answer_row> answers; // slot order
    std::optional<vote_row> vote;
};

struct conversation_full {
    conversation_row conversation;
    std::vector<instance_row> instances; // position order
    std::vector<turn_row> turns;         // seq order
};

// A vote with what the leaderboard needs of its turn.
struct vote_answer {
    std::int64_t answer_id = 0;
    std::int64_t instance_ref = 0; // the instance row: one configuration within its session
    std::int64_t slot = 0;
    answer_status status = answer_status::pending;
    std::string instance_id;
    std::string model;
    settings params;
};

struct vote_record {
    std::int64_t conversation_id = 0;
    std::int64_t turn_id = 0;
    std::int64_t turn_seq = 0;
    bool blind = false;
    std::string system; // the turn's system prompt
    vote_row vote;
    std::vector<vote_answer> answers; // slot order
};

} // namespace ollama_arena::storage
