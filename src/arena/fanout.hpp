// arena: the fan-out/merge core — one prompt to many instances at once, their answers merged
// into one ordered sequence of events. Knows the ollama client; knows nothing of HTTP/JSON
// output (api/chat.cpp turns events into lines).
//
// Threading: run_fanout and every upstream stream it starts run on the caller's executor
// (the request's strand), so the merge channel and the slot states need no locks.
// Cancellation: cancelling the awaiting coroutine, or a sink that returns false, cancels every
// upstream still running (their connections are closed, which stops Ollama generating) and
// run_fanout returns without waiting for further events.
#pragma once

#include "arena/instance.hpp"
#include "common/answer_metrics.hpp"
#include "common/asio.hpp"
#include "common/error.hpp"
#include "ollama/client.hpp"

#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace ollama_arena::arena {

namespace limits {
inline constexpr std::size_t event_queue = 64; // events buffered between streams and writer
} // namespace limits

// Speed figures of one finished answer (common/answer_metrics.hpp, shared with storage).
using metrics = answer_metrics;

metrics make_metrics(const ollama::final_stats& stats, double ttft_s, double total_s);

struct slot_request {
    instance inst;
    ollama::chat_request req;
};

struct token_event {
    std::string text;
};
struct done_event {
    metrics m;
};
struct error_event {
    error err;
};

// Every slot produces any number of token events, then exactly one done or error event.
struct event {
    std::size_t slot = 0;
    std::variant<token_event, done_event, error_event> what;
};

// Receives events in arrival order; returning false stops the run (the client is gone).
// `more_pending` is true when further events are already waiting: a sink may gather them and
// write once (nothing waits for a later event: the last ready one always has it false).
using event_sink = std::function<awaitable<bool>(event&, bool more_pending)>;

// Runs every slot's upstream stream concurrently, at most `max_concurrent` at a time (the
// others start as earlier ones end). Returns when every slot has ended, the sink returned
// false, or the caller was cancelled.
awaitable<void> run_fanout(ollama::client client, std::vector<slot_request> slots,
                           std::size_t max_concurrent, event_sink sink);

} // namespace ollama_arena::arena
