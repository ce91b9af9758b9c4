// http layer: what a handler gets for one request — the request, and the means to answer it
// once (respond) or as an NDJSON stream (open_stream / write_line / close_stream).
// Knows nothing of Ollama or the arena.
//
// Lifetime: owned by the connection's session coroutine, which awaits the handler directly;
// a handler may take it by reference but must not keep it past its own return.
// Thread safety: use only from the handler coroutine (it runs on the connection's strand).
// Cancellation: when the client disconnects or the server shuts down, the handler coroutine
// is cancelled (its pending awaits throw operation_aborted).
#pragma once

#include "common/asio.hpp"
#include "common/result.hpp"
#include "http/message.hpp"

#include <functional>
#include <string_view>

namespace ollama_arena::http {

class exchange {
public:
    virtual ~exchange() = default;

    virtual const request& req() const = 0;

    // Sends a complete response. Call at most once, and not after open_stream.
    virtual awaitable<void> respond(response res) = 0;

    // Sends the response header at once (status 200, chunked, no-cache) so the client sees
    // the answer started; the body follows as lines.
    virtual awaitable<result<void>> open_stream(std::string_view content_type) = 0;

    // Writes `line` plus '\n' as one chunk and flushes it. An error means the client is gone.
    virtual awaitable<result<void>> write_line(std::string_view line) = 0;

    // Writes `lines` (complete lines, each ending in '\n') as one chunk: lines that exist at
    // the same moment go out in one write instead of one each.
    virtual awaitable<result<void>> write_lines(std::string_view lines) = 0;

    // Ends the chunked body.
    virtual awaitable<result<void>> close_stream() = 0;

    virtual bool stream_open() const = 0;
};

using handler = std::function<awaitable<void>(exchange&)>;

} // namespace ollama_arena::http
