// fake-ollama: one HTTP exchange and the ways to answer it: a whole reply, or a chunked
// NDJSON stream written line by line, plus disconnect detection. Writes raw HTTP/1.1 bytes so
// the wire matches Go's net/http (header and first line in one write, Date header, bodies
// over 2048 bytes chunked). Knows nothing about Ollama's JSON.
//
// Thread safety: an exchange belongs to one session coroutine (one strand).
// Cancellation: run_watched() cancels the work when the client disconnects; writes then fail
// and the exchange is marked client_gone.
#pragma once

#include "common/asio.hpp"
#include "common/error.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace ollama_arena::fake_ollama {

namespace beast = boost::beast;
namespace http = beast::http;

struct server_env;

namespace content_type {
inline constexpr std::string_view json_utf8 = "application/json; charset=utf-8"; // gin c.JSON
inline constexpr std::string_view json = "application/json"; // stream's first-item error
inline constexpr std::string_view ndjson = "application/x-ndjson";
inline constexpr std::string_view text_utf8 = "text/plain; charset=utf-8"; // gin c.String
inline constexpr std::string_view text = "text/plain";                     // gin 404/405
} // namespace content_type

// One request being answered. Owned by the session coroutine, which awaits the handler
// directly, so handlers may hold the references for as long as they run.
struct exchange {
    beast::tcp_stream& stream;
    beast::flat_buffer& buffer; // bytes after this request (pipelining) accumulate here
    const http::request<http::string_body>& req;
    server_env& env;
    std::string_view path; // target without the query
    bool keep_alive = true;
    bool head = false;
    bool response_started = false; // status line already written
    bool client_gone = false;      // the peer disconnected (read EOF/reset or a write failed)
    bool close = false;            // close the connection after this exchange
    bool socket_closed = false;    // the handler closed the socket itself (fault-reset)
    bool answered = false;         // the answer's last write succeeded (a later EOF is no cancel)
};

struct reply {
    unsigned status = 200;
    std::string_view content_type; // empty: no Content-Type header (DELETE success)
    std::string body;
};

// {"error":"<message>"} with the status of e.code, application/json; charset=utf-8.
reply error_reply(const error& e);
reply json_reply(std::string body);

// Writes a whole reply (HEAD: headers only). False (and the client marked gone) when the
// write failed.
awaitable<bool> send_reply(exchange& ex, reply r);

// Announces the full Content-Length but sends only half the body, then closes the
// connection: a truncated non-streamed answer (fault-truncate with "stream": false).
awaitable<bool> send_truncated(exchange& ex, reply r);

// A chunked response written line by line; the headers go out with the first line.
class ndjson_stream {
public:
    explicit ndjson_stream(exchange& ex, std::string_view content_type = content_type::ndjson);

    // Sends one line as one chunk; false when the client is gone.
    awaitable<bool> write(std::string_view line);
    // Sends `last_line` (may be empty) and the terminating chunk in one write.
    awaitable<bool> finish(std::string_view last_line = {});
    // Abortive close (SO_LINGER 0): the client sees a TCP reset.
    void reset();

private:
    void append_chunk(std::string_view data);
    awaitable<bool> flush();

    exchange& ex_;
    std::string_view content_type_;
    bool chunked_;
    std::string out_;
};

// The status line and headers, ending with the blank line. content_length < 0: chunked.
std::string header_block(const exchange& ex, unsigned status, std::string_view content_type,
                         long long content_length);

// Runs `work` while watching the client socket. The work is cancelled the moment the peer
// closes or resets the connection. Returns true when the client went away. Both branches
// have finished when this returns, so `work` may reference the caller's frame.
awaitable<bool> run_watched(exchange& ex, awaitable<void> work);

// Waits (cancellably); false when cancelled. A zero or negative duration returns at once.
awaitable<bool> pause(std::chrono::steady_clock::duration d);
awaitable<bool> pause_until(std::chrono::steady_clock::time_point t);
// Waits until cancelled.
awaitable<void> wait_forever();

} // namespace ollama_arena::fake_ollama
