// storage (internal): the column lists and row readers shared by the store files, so every
// query reads a row the same way. Not for use outside src/storage/.
#pragma once

#include "common/result.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace ollama_arena::storage::detail {

// SELECT <conversation_columns> FROM conversations c …  (9 columns, the counts included)
inline constexpr std::string_view conversation_columns =
    "c.id, c.title, c.system, c.blind, c.revealed, c.created_ms, c.updated_ms, "
    "(SELECT count(*) FROM turns t WHERE t.conversation_id = c.id), "
    "(SELECT count(*) FROM votes v JOIN turns t ON t.id = v.turn_id "
    "WHERE t.conversation_id = c.id)";
conversation_row read_conversation(const statement& st, int first);

// SELECT <instance_columns> FROM instances i …  (15 columns)
inline constexpr std::string_view instance_columns =
    "i.id, i.position, i.label, i.instance_id, i.model, i.temperature, i.top_p, i.top_k, "
    "i.repeat_penalty, i.num_predict, i.seed, i.options_json, i.model_digest, "
    "i.ollama_version, i.created_ms";
instance_row read_instance(const statement& st, int first);

// SELECT <answer_columns> FROM answers a …  (19 columns)
inline constexpr std::string_view answer_columns =
    "a.id, a.turn_id, a.instance_ref, a.slot, a.status, a.text, a.error, a.done_reason, "
    "a.tokens, a.duration_s, a.tokens_per_sec, a.ttft_s, a.total_s, a.prompt_tokens, "
    "a.prompt_tokens_per_sec, a.load_s, a.rating, a.created_ms, a.finished_ms";
answer_row read_answer(const statement& st, int first);

// SELECT <vote_columns> FROM votes v …  (5 columns)
inline constexpr std::string_view vote_columns =
    "v.turn_id, v.kind, v.winner, v.created_ms, v.updated_ms";
vote_row read_vote(const statement& st, int first);

answer_status parse_status(std::string_view s) noexcept;
vote_kind parse_kind(std::string_view s) noexcept;

// Inserts `spec` as the instance at `position` of a conversation; returns its row id.
result<std::int64_t> insert_instance(database& db, std::int64_t conversation_id,
                                     const instance_spec& spec, std::int64_t position,
                                     std::int64_t now_ms);

// Reads without a transaction of their own (callers hold one). errc::not_found when the
// conversation does not exist.
result<conversation_row> read_conversation_row(database& db, std::int64_t id);
result<std::vector<instance_row>> read_instances(database& db, std::int64_t id);

// Moves updated_ms of a conversation; errc::not_found when it does not exist.
result<void> touch_conversation(database& db, std::int64_t id, std::int64_t now_ms);

} // namespace ollama_arena::storage::detail
