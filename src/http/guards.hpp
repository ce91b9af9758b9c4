// http layer: request guards applied before routing — bearer-token authentication and the
// Host-header (DNS-rebinding) check. Pure functions; no I/O.
#pragma once

#include "common/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::http {

// Checks an Authorization header against the configured token (constant time in the token's
// content). nullopt = accepted; otherwise the 401 error to send:
// missing/malformed header -> "Missing or invalid Authorization header",
// wrong token -> "Invalid authorization token".
std::optional<error> check_bearer(std::string_view authorization, std::string_view token);

// True when `a` and `b` are equal; the time taken does not depend on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

// The host part of a Host header value: "[::1]:7860" -> "::1", "Localhost:80" -> "localhost".
std::string host_of(std::string_view host_header);

// DNS-rebinding guard: a request is accepted when its Host is empty (HTTP/1.0 clients), a
// loopback name or address (localhost, *.localhost, 127.0.0.0/8, ::1), the bind address, or
// one of `allowed` (host names, compared case-insensitively; "*" allows any).
bool host_allowed(std::string_view host_header, std::string_view bind_address,
                  const std::vector<std::string>& allowed);

} // namespace ollama_arena::http
