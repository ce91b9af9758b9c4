// http layer: authentication and Host guards.
#include "http/guards.hpp"

#include <algorithm>
#include <cctype>

namespace ollama_arena::http {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_loopback_ipv4(std::string_view host) {
    // 127.x.y.z: four dot-separated decimal parts, the first being 127.
    if (!host.starts_with("127."))
        return false;
    int parts = 0;
    std::size_t digits = 0;
    for (char c : host) {
        if (c == '.') {
            if (digits == 0)
                return false;
            ++parts;
            digits = 0;
        } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 && digits < 3) {
            ++digits;
        } else {
            return false;
        }
    }
    return parts == 3 && digits > 0;
}

} // namespace

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    // Walk the longer length so the time depends only on the lengths, never on where the
    // first difference is.
    const std::size_t n = std::max(a.size(), b.size());
    unsigned diff = a.size() == b.size() ? 0U : 1U;
    for (std::size_t i = 0; i < n; ++i) {
        const auto ca = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
        const auto cb = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
        diff |= static_cast<unsigned>(ca ^ cb);
    }
    return diff == 0;
}

std::optional<error> check_bearer(std::string_view authorization, std::string_view token) {
    constexpr std::string_view scheme = "bearer ";
    const bool has_scheme = authorization.size() > scheme.size() &&
                            lower(authorization.substr(0, scheme.size())) == scheme;
    if (!has_scheme) {
        return make_error(errc::unauthorized, "Missing or invalid Authorization header");
    }
    auto presented = authorization.substr(scheme.size());
    while (!presented.empty() && presented.front() == ' ')
        presented.remove_prefix(1);
    while (!presented.empty() && presented.back() == ' ')
        presented.remove_suffix(1);
    if (presented.empty()) {
        return make_error(errc::unauthorized, "Missing or invalid Authorization header");
    }
    if (!constant_time_equal(presented, token)) {
        return make_error(errc::unauthorized, "Invalid authorization token");
    }
    return std::nullopt;
}

std::string host_of(std::string_view host_header) {
    std::string_view h = host_header;
    if (h.starts_with('[')) {
        const auto close = h.find(']');
        return lower(h.substr(1, close == std::string_view::npos ? h.size() - 1 : close - 1));
    }
    const auto colon = h.find(':');
    // More than one colon without brackets: a bare IPv6 address.
    if (colon != std::string_view::npos && h.find(':', colon + 1) == std::string_view::npos) {
        h = h.substr(0, colon);
    }
    return lower(h);
}

bool host_allowed(std::string_view host_header, std::string_view bind_address,
                  const std::vector<std::string>& allowed) {
    if (host_header.empty())
        return true;
    const std::string host = host_of(host_header);
    if (host == "localhost" || host.ends_with(".localhost") || host == "::1" ||
        is_loopback_ipv4(host)) {
        return true;
    }
    if (host == lower(bind_address))
        return true;
    return std::any_of(allowed.begin(), allowed.end(),
                       [&](const std::string& a) { return a == "*" || lower(a) == host; });
}

} // namespace ollama_arena::http
