// api: recording a chat turn into a session — what /api/chat and /api/stream_chat do when the
// request carries "session_id" (docs/API.md "Recording chat turns"). The turn and its pending
// answers are stored before the response starts; a streamed answer is stored as it finishes
// (before its final line is sent); what has not finished when the request ends (client gone,
// shutdown) is stored as stopped with the text received so far.
//
// Ownership: chat.cpp holds the recorder by shared_ptr for the request's duration.
// Thread safety: use from the request's coroutine only (its strand); storage work runs on the
// blocking pool.
// Cancellation: note() is synchronous, so an answer's end is never lost; flush() throws
// operation_aborted like any await of a cancelled request, and finish() - awaited after the
// cancellation state is reset - stores whatever flush() did not.
#pragma once

#include "api/chat_request.hpp"
#include "api/context.hpp"
#include "arena/fanout.hpp"
#include "common/json.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace ollama_arena::api {

// Sets model_digest (from /api/tags) and ollama_version (from /api/version) of each spec.
// Best effort: what Ollama cannot tell (unreachable, model not listed) stays empty.
awaitable<void> fill_provenance(ollama::client client, std::vector<storage::instance_spec>& specs);

// The order in which `count` new instances get labels: slot order, or a random permutation
// in a blind conversation (so "Model A" says nothing about the order they were picked in).
std::vector<std::size_t> label_order(std::size_t count, bool blind);

class turn_recorder {
public:
    // nullptr when the body has no "session_id" (the request stays stateless). Errors, all
    // answered before any stream starts: 400 (session_id not a positive integer, field
    // "session_id"; turn_key not a non-empty string of at most 100 characters, field
    // "turn_key"), 404 (no such session), 409 (an instance id already used for another
    // configuration in the session; a turn_key of another message; an instance already
    // answering in the keyed turn). A request carrying the turn_key of a stored turn adds
    // its answers to that turn. When the session has a system prompt and the history
    // has no system message, the prompt is added to req.history.
    static awaitable<result<std::shared_ptr<turn_recorder>>>
    begin(const context& ctx, const json::object& body, chat_request& req);

    // Takes every event of the fan-out, in order: collects text, notes how answers end.
    // Returns true when the event ended an answer (it is then for flush() to store).
    bool note(const arena::event& ev);

    // Stores the answers that have ended and are not stored yet.
    awaitable<void> flush();

    // Stores every answer not stored yet: its end when it ended, else stopped with `reason`
    // and the text so far.
    awaitable<void> finish(std::string reason);

    turn_recorder(std::shared_ptr<blocking_pool> store, std::vector<std::int64_t> answer_ids);

private:
    struct slot {
        std::int64_t answer_id = 0;
        std::string text;
        std::optional<storage::answer_outcome> final;
        bool stored = false;
    };

    std::shared_ptr<blocking_pool> store_;
    std::vector<slot> slots_;
};

} // namespace ollama_arena::api
