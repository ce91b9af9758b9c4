// ollama: where the upstream Ollama server lives, parsed from OLLAMA_HOST. Pure parsing, no I/O;
// knows nothing of the HTTP server side or the arena.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ollama_arena::ollama {

// A connectable Ollama address. `host` is a DNS name or an IP literal without brackets
// ("127.0.0.1", "::1"); `base_path` is "" or a prefix such as "/ollama" (no trailing slash)
// that is put in front of every "/api/..." target.
struct endpoint {
    std::string scheme = "http";
    std::string host = "127.0.0.1";
    std::uint16_t port = 11434;
    std::string base_path;

    // "http://127.0.0.1:11434", "http://[::1]:11434", "http://example.com:80/ollama".
    std::string url() const;
    // The Host header value: "127.0.0.1:11434", "[::1]:11434".
    std::string host_header() const;

    friend bool operator==(const endpoint&, const endpoint&) = default;
};

// Parses an OLLAMA_HOST value, accepting the forms Ollama accepts (ollama-api.md §6.4):
//   ""                      -> http://127.0.0.1:11434
//   "1.2.3.4", "example.com" -> port 11434;  "1.2.3.4:1234", ":1234" (-> 127.0.0.1)
//   "[::1]", "::1", "[::1]:8080"
//   "http://host"           -> port 80 (an explicit scheme defaults to the scheme's port)
//   "http://host:8080/ollama" -> the path prefix is kept as base_path
// Surrounding spaces and quotes are trimmed. 0.0.0.0 / :: (listen-everywhere addresses) become
// 127.0.0.1 / ::1, since this is the address we connect to.
//
// Errors (errc::invalid_request, field "OLLAMA_HOST"): https (no TLS in this build), another
// scheme, a missing host after a scheme, a host with characters no host name has, and a port
// that is not 1-65535. Ollama itself silently falls back to the default port for a bad port;
// we refuse instead, because connecting somewhere other than where the user pointed is worse
// than a clear start-up error.
result<endpoint> parse_ollama_host(std::string_view value);

} // namespace ollama_arena::ollama
