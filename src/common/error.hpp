// common: the one error vocabulary (errc), the error value carried by result<T>, and the one
// table mapping errc to an HTTP status. Knows nothing of HTTP libraries, Ollama or the arena.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace ollama_arena {

enum class errc {
    invalid_request = 1,  // the client sent something we cannot accept (400)
    unauthorized,         // missing or wrong bearer token (401)
    forbidden,            // host guard refused the request (403)
    not_found,            // no such route or resource (404)
    method_not_allowed,   // route exists, verb does not (405)
    conflict,             // state forbids the action (409)
    payload_too_large,    // body over the limit (413)
    upstream_unreachable, // could not connect to Ollama (502)
    upstream_http_status, // Ollama answered with an error status (502 unless mapped)
    upstream_protocol,    // Ollama sent something that is not its protocol (502)
    upstream_timeout,     // Ollama was silent past a deadline (504)
    upstream_error,       // Ollama reported an error inside a stream (502)
    cancelled,            // the request was cancelled (client left, shutdown) (499)
    unavailable,          // the service cannot serve right now (503)
    storage_failure,      // SQLite failed (500)
    internal,             // a bug or an unexpected failure (500)
};

const boost::system::error_category& arena_category() noexcept;
boost::system::error_code make_error_code(errc e) noexcept;

// The HTTP status for each errc; the single mapping table of the project.
unsigned http_status(errc e) noexcept;
// A stable machine-readable name, e.g. "upstream_timeout".
std::string_view code_name(errc e) noexcept;

// An expected failure as a value: what went wrong, in words a user can act on.
struct error {
    errc code = errc::internal;
    std::string message;          // the JSON "error" text
    std::string details;          // optional JSON "details" (a lower-level reason)
    std::string field;            // optional JSON "field" (which input was wrong)
    unsigned upstream_status = 0; // the status Ollama answered with, when there was one
};

error make_error(errc code, std::string message, std::string details = {});

// Thrown only where a result<T> holding an error is unwrapped with value(); caught by the
// three boundaries (request wrapper, co_spawn completion, main).
class arena_exception : public std::runtime_error {
public:
    explicit arena_exception(error e);
    const error& err() const noexcept { return err_; }

private:
    error err_;
};

// Found by boost::system::result<T, error>::value() through ADL.
[[noreturn]] void throw_exception_from_error(const error& e, const boost::source_location& loc);

} // namespace ollama_arena

template <>
struct boost::system::is_error_code_enum<ollama_arena::errc> : std::true_type {};
