// ollama: the coroutine client of one Ollama server (chat stream, chat, tags, ps, show,
// version, pull, delete). Knows Ollama's HTTP API and nothing of the arena or the HTTP server
// side. Beast stays in the .cpp files: including this header costs only Asio's awaitable.
#pragma once

#include "common/asio.hpp"
#include "common/result.hpp"
#include "ollama/endpoint.hpp"
#include "ollama/timeouts.hpp"
#include "ollama/types.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ollama_arena::ollama {

namespace detail {
struct transport;
} // namespace detail

namespace limits {
// Idle keep-alive connections kept per client; more are closed when they come back.
inline constexpr std::size_t max_idle_connections = 8;
} // namespace limits

// Called once per streamed piece (the lines of one read); awaiting it gives back-pressure (the
// next read waits until it completes). The chunk's views are valid only during the call.
using chunk_handler = std::function<awaitable<void>(const chat_chunk&)>;
using progress_handler = std::function<awaitable<void>(const pull_progress&)>;

// Ownership: a cheap handle; copies share one pool of idle connections. Calls keep what they
// need alive, so a call may outlive the client object it was started from; the io_context
// must outlive every call and every copy.
//
// Thread safety: every method may be called concurrently from any thread or strand. Each call
// uses its own connection (from the mutex-protected pool, or a new one) and runs its I/O on
// the calling coroutine's executor. `ex` (given at construction) only chooses the io_context;
// pass a plain io_context executor.
//
// Errors (result<>, never thrown): errc::upstream_unreachable "Ollama is not reachable at
// <url>" (details: the OS reason); errc::upstream_http_status with upstream_status and
// Ollama's {"error"} text (a chat for an unknown model keeps "model 'x' not found" with 404);
// errc::upstream_error for an {"error"} line inside a stream; errc::upstream_protocol for
// non-JSON lines and truncated streams ("stream ended before done (truncated)");
// errc::upstream_timeout naming the deadline ("no first token within 300 s", "no data for
// 90 s"); errc::cancelled. Exceptions thrown by a handler propagate to the caller (the
// connection is closed).
//
// Cancellation: cancel the awaiting coroutine (a terminal cancellation through its slot: `||`,
// parallel_group, or a cancellation_signal bound at co_spawn). The pending socket operation
// aborts at once, the connection is closed (never pooled) - which is what makes Ollama stop
// generating - and the call returns errc::cancelled. A cancellation that arrives while a
// handler runs is honoured before the next read.
//
// Connection reuse: a connection whose response was read completely goes back to the pool.
// A pooled connection that fails before any response byte (closed while idle) is replaced by
// a fresh one once.
class client {
public:
    client(net::any_io_executor ex, endpoint ep, timeouts limits = {});

    const endpoint& upstream() const;
    const timeouts& limits() const;

    // GET /api/tags: installed models, in Ollama's order.
    awaitable<result<std::vector<model_entry>>> tags() const;
    // GET /api/ps: the reply object as sent ({"models": [...]}).
    awaitable<result<boost::json::value>> ps() const;
    // POST /api/show {"model"}: the reply object as sent.
    awaitable<result<boost::json::value>> show(std::string model) const;
    // GET /api/version: "0.33.0".
    awaitable<result<std::string>> version() const;

    // POST /api/chat, streamed: on_chunk with the content and thinking of the lines of each
    // read (the final line's too; text before an error line is handed on first), then the
    // stats of the done line. EOF before done is an error.
    awaitable<result<final_stats>> chat_stream(chat_request req, chunk_handler on_chunk) const;
    // POST /api/chat with "stream": false; first_byte bounds the whole generation.
    awaitable<result<chat_response>> chat(chat_request req) const;

    // POST /api/pull, streamed: on_progress per line until {"status":"success"}.
    awaitable<result<void>> pull(std::string model, progress_handler on_progress) const;
    // DELETE /api/delete {"model"}: 404 "model 'x' not found" when it is not installed.
    awaitable<result<void>> remove(std::string model) const;

    // TCP connections opened so far, and idle pooled ones now (observability and tests).
    std::size_t connections_opened() const;
    std::size_t idle_connections() const;

private:
    std::shared_ptr<detail::transport> transport_;
};

} // namespace ollama_arena::ollama
