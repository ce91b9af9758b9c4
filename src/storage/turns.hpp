// storage: turns and their answers — start a turn (checking and adding instances), finish an
// answer once, and recover answers a dead process left pending (docs/storage.md §3, §4).
// Errors: errc::not_found (session), errc::conflict (an instance id already used for another
// configuration in this conversation; a turn key of another message; an instance already
// answering in the keyed turn), errc::storage_failure.
#pragma once

#include "common/result.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ollama_arena::storage {

struct new_turn {
    std::string user_message;
    std::string system;               // the system prompt sent ('' = none)
    std::string messages_json;        // the exact messages sent
    std::vector<instance_spec> slots; // request order; instance ids unique
    // The order in which slots whose instance is new to the conversation get labels (indices
    // into slots; the API shuffles it for blind conversations). Empty = slot order.
    std::vector<std::size_t> label_order;
    // Several requests form one turn when they carry the same key: the first one creates the
    // turn, the others add their answers to it (nullopt = always a new turn).
    std::optional<std::string> turn_key;
};

struct started_turn {
    std::int64_t turn_id = 0;
    std::int64_t seq = 0;
    std::vector<std::int64_t> answer_ids; // one per slot, pending
    std::vector<instance_row> instances;  // one per slot, as stored (labels included)
    std::vector<std::size_t> added;       // slots whose instance joined with this turn
};

// One write transaction: checks that the conversation exists, that every known instance id
// keeps its model and six settings (else errc::conflict naming it, field
// "model_instances[i]"), adds new instances with the next labels, inserts the turn (seq =
// last + 1) and one pending answer per slot, and moves updated_ms. With a turn_key already
// stored in the conversation, the answers join that turn instead (slots after its last
// one): the user message must be the turn's (else errc::conflict, field "turn_key") and no
// slot's instance may already answer in it (else errc::conflict, "model_instances[i]").
result<started_turn> begin_turn(database& db, std::int64_t conversation_id, const new_turn& t,
                                std::int64_t now_ms);

// Stores how a pending answer ended. Returns false (and changes nothing) when the answer is
// not pending (already finished, or recovered at start-up).
result<bool> finish_answer(database& db, std::int64_t answer_id, const answer_outcome& outcome,
                           std::int64_t now_ms);

// Marks every pending answer stopped ("the server stopped before the answer finished");
// returns how many. Run at start-up, before any stream can exist.
result<std::int64_t> recover_pending_answers(database& db, std::int64_t now_ms);

} // namespace ollama_arena::storage
