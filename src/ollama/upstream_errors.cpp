// ollama: upstream failure -> errc + message (the one place; see the header).
#include "ollama/upstream_errors.hpp"

#include "common/json.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/json/value.hpp>

namespace ollama_arena::ollama::upstream_errors {
namespace {

namespace beast = boost::beast;
namespace asio_error = boost::asio::error;

constexpr std::size_t max_body_in_message = 512;

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The peer went away: EOF, reset, or a message cut short.
bool is_disconnect(const boost::system::error_code& ec) {
    return ec == asio_error::eof || ec == asio_error::connection_reset ||
           ec == asio_error::broken_pipe || ec == asio_error::connection_aborted ||
           ec == asio_error::not_connected || ec == beast::http::error::end_of_stream ||
           ec == beast::http::error::partial_message;
}

error disconnect_error(const boost::system::error_code& ec, io_step step) {
    switch (step) {
    case io_step::read_stream:
        return truncated(ec.message());
    case io_step::read_body:
        return protocol("response ended before it was complete (truncated)", ec.message());
    default:
        return protocol("Ollama closed the connection without answering", ec.message());
    }
}

} // namespace

std::string format_duration(std::chrono::milliseconds d) {
    const auto ms = d.count();
    if (ms % 1000 == 0) {
        return std::to_string(ms / 1000) + " s";
    }
    if (ms > 1000 && ms % 100 == 0) {
        return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + " s";
    }
    return std::to_string(ms) + " ms";
}

error unreachable(const endpoint& ep, std::string details) {
    return make_error(errc::upstream_unreachable, "Ollama is not reachable at " + ep.url(),
                      std::move(details));
}

std::string error_text(const boost::json::value& error_value) {
    if (const auto* s = error_value.if_string()) {
        return std::string(*s);
    }
    if (const auto* obj = error_value.if_object()) {
        if (auto message = json::get_string(*obj, "message")) {
            return std::string(*message);
        }
    }
    return json::to_string(error_value);
}

error http_status(unsigned status, std::string_view body) {
    std::string message;
    if (auto parsed = json::parse(body); parsed && parsed->is_object()) {
        if (const auto* e = parsed->get_object().if_contains("error")) {
            message = error_text(*e);
        }
    }
    if (message.empty()) {
        message = std::string(trim(body).substr(0, max_body_in_message));
    }
    if (message.empty()) {
        message = "HTTP " + std::to_string(status);
    }
    auto e = make_error(errc::upstream_http_status, std::move(message));
    e.upstream_status = status;
    return e;
}

error stream_error(std::string text) {
    return make_error(errc::upstream_error, std::move(text));
}

error protocol(std::string message, std::string details) {
    return make_error(errc::upstream_protocol, std::move(message), std::move(details));
}

error truncated(std::string details) {
    return protocol("stream ended before done (truncated)", std::move(details));
}

error timeout(deadline_kind kind, std::chrono::milliseconds limit) {
    const auto d = format_duration(limit);
    switch (kind) {
    case deadline_kind::connect:
        return make_error(errc::upstream_timeout, "could not connect within " + d);
    case deadline_kind::send:
        return make_error(errc::upstream_timeout, "could not send the request within " + d);
    case deadline_kind::first_byte:
        return make_error(errc::upstream_timeout, "no first token within " + d);
    case deadline_kind::idle:
        return make_error(errc::upstream_timeout, "no data for " + d);
    case deadline_kind::total:
        return make_error(errc::upstream_timeout, "request exceeded the total limit of " + d);
    case deadline_kind::metadata:
        break;
    }
    return make_error(errc::upstream_timeout, "no answer within " + d);
}

error cancelled() {
    return make_error(errc::cancelled, "request cancelled");
}

error from_io(const boost::system::error_code& ec, io_step step, deadline_kind kind,
              std::chrono::milliseconds limit, const endpoint& ep) {
    if (ec == asio_error::operation_aborted) {
        return cancelled();
    }
    if (step == io_step::connect) {
        // A connect that times out is still "not reachable" for the user; say how long we
        // waited in the details.
        if (ec == beast::error::timeout) {
            return unreachable(ep, kind == deadline_kind::connect
                                       ? "connection timed out after " + format_duration(limit)
                                       : timeout(kind, limit).message);
        }
        return unreachable(ep, ec.message());
    }
    if (ec == beast::error::timeout) {
        return timeout(kind, limit);
    }
    if (is_disconnect(ec)) {
        return disconnect_error(ec, step);
    }
    if (ec.category() ==
        beast::http::make_error_code(beast::http::error::end_of_stream).category()) {
        return protocol("invalid HTTP response from Ollama", ec.message());
    }
    return protocol("connection to Ollama failed", ec.message());
}

} // namespace ollama_arena::ollama::upstream_errors
