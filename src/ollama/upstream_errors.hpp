// ollama: THE mapping from upstream failures (socket errors, HTTP statuses, error lines,
// deadlines, cancellation) to the project's errc values and messages. Every error the client
// returns is made here, so the wording stays consistent.
#pragma once

#include "common/error.hpp"
#include "ollama/endpoint.hpp"

#include <boost/json/fwd.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace ollama_arena::ollama {

// Which deadline of a call was hit (see timeouts.hpp).
enum class deadline_kind {
    connect,    // TCP connect
    send,       // writing the request (bounded by the idle limit)
    first_byte, // response headers + first line of a generation
    idle,       // silence between reads of a generation
    total,      // the whole generation call
    metadata,   // the whole non-generation call
};

// Where in an exchange a socket error happened; decides the wording.
enum class io_step {
    connect,
    send,        // writing the request
    read_header, // waiting for the status line and headers
    read_body,   // reading a whole (non-streamed) body
    read_stream, // reading NDJSON lines
};

namespace upstream_errors {

// "300 s", "1.5 s", "250 ms".
std::string format_duration(std::chrono::milliseconds d);

// errc::upstream_unreachable "Ollama is not reachable at <url>", details = the OS reason.
error unreachable(const endpoint& ep, std::string details);

// errc::upstream_http_status, upstream_status = status, message = Ollama's {"error": ...}
// text (also the OpenAI-style {"error": {"message": ...}}), else the raw body, else
// "HTTP <status>".
error http_status(unsigned status, std::string_view body);

// errc::upstream_error: an {"error": ...} line inside a 200 stream.
error stream_error(std::string text);

// errc::upstream_protocol: Ollama sent something that is not its protocol.
error protocol(std::string message, std::string details = {});

// errc::upstream_protocol "stream ended before done (truncated)".
error truncated(std::string details = {});

// errc::upstream_timeout naming the deadline: "no first token within 300 s", "no data for 90 s".
error timeout(deadline_kind kind, std::chrono::milliseconds limit);

// errc::cancelled: the caller cancelled the call.
error cancelled();

// A socket/HTTP error code of one step. `kind`/`limit` describe the deadline that was armed
// (used when ec is a timeout).
error from_io(const boost::system::error_code& ec, io_step step, deadline_kind kind,
              std::chrono::milliseconds limit, const endpoint& ep);

// The text of an {"error": ...} JSON value (a string, or an object with "message").
std::string error_text(const boost::json::value& error_value);

} // namespace upstream_errors
} // namespace ollama_arena::ollama
