// ollama: OLLAMA_HOST parsing (mirrors envconfig.Host() in Ollama, but strict about bad input).
#include "ollama/endpoint.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace ollama_arena::ollama {
namespace {

constexpr std::uint16_t default_port = 11434;
constexpr std::uint16_t default_http_port = 80;
constexpr std::string_view spaces = " \t\r\n";
constexpr std::string_view quotes = "\"'";

std::string_view trim(std::string_view s, std::string_view chars) {
    const auto first = s.find_first_not_of(chars);
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

error host_error(std::string message) {
    auto e = make_error(errc::invalid_request, "OLLAMA_HOST: " + std::move(message));
    e.field = "OLLAMA_HOST";
    return e;
}

result<std::uint16_t> parse_port(std::string_view text, std::string_view whole) {
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value == 0 || value > 65535) {
        return host_error("invalid port '" + std::string(text) + "' in '" + std::string(whole) +
                          "' (expected 1-65535)");
    }
    return static_cast<std::uint16_t>(value);
}

bool is_host_name(std::string_view host) {
    return std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_';
    });
}

// An IP literal in canonical form, with listen-everywhere addresses made connectable.
std::optional<std::string> ip_literal(std::string_view text) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(text), ec);
    if (ec) {
        return std::nullopt;
    }
    if (address.is_unspecified()) {
        return address.is_v4() ? "127.0.0.1" : "::1";
    }
    return address.to_string();
}

struct host_port {
    std::string_view host;
    std::optional<std::string_view> port;
};

// Splits "host", "host:port", "[v6]", "[v6]:port", "v6" (bare, several colons), ":port".
result<host_port> split_host_port(std::string_view text, std::string_view whole) {
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            return host_error("missing ']' in '" + std::string(whole) + "'");
        }
        const auto rest = text.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) {
            return host_error("unexpected text after ']' in '" + std::string(whole) + "'");
        }
        return host_port{text.substr(1, close - 1),
                         rest.empty() ? std::nullopt : std::optional(rest.substr(1))};
    }
    const auto colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos) {
        return host_port{text, std::nullopt}; // a bare IPv6 literal such as ::1
    }
    if (colon == std::string_view::npos) {
        return host_port{text, std::nullopt};
    }
    return host_port{text.substr(0, colon), text.substr(colon + 1)};
}

result<std::string> connectable_host(std::string_view host, std::string_view whole) {
    if (host.empty()) {
        return std::string("127.0.0.1"); // ":1234" means all interfaces; connect to loopback
    }
    if (auto ip = ip_literal(host)) {
        return std::move(*ip);
    }
    if (host.find(':') != std::string_view::npos || !is_host_name(host)) {
        return host_error("invalid host '" + std::string(host) + "' in '" + std::string(whole) +
                          "'");
    }
    return std::string(host);
}

struct url_parts {
    std::string_view hostport;
    std::uint16_t port = default_port; // used when hostport has none
    std::string base_path;
};

// Splits "[http://]hostport[/path]"; an explicit scheme changes the default port to 80.
result<url_parts> split_url(std::string_view text) {
    url_parts out;
    auto rest = text;
    if (const auto sep = text.find("://"); sep != std::string_view::npos) {
        const auto scheme = lower(text.substr(0, sep));
        if (scheme == "https") {
            return host_error("https is not supported; use http://");
        }
        if (scheme != "http") {
            return host_error("unsupported scheme '" + scheme + "'; use http://");
        }
        out.port = default_http_port;
        rest = text.substr(sep + 3);
    }
    const auto slash = rest.find('/');
    out.hostport = rest.substr(0, slash);
    if (out.hostport.empty()) {
        return host_error("missing host in '" + std::string(text) + "'");
    }
    if (slash != std::string_view::npos) {
        const auto path = trim(rest.substr(slash), "/");
        out.base_path = path.empty() ? "" : "/" + std::string(path);
    }
    return out;
}

} // namespace

std::string endpoint::url() const {
    return scheme + "://" + host_header() + base_path;
}

std::string endpoint::host_header() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

result<endpoint> parse_ollama_host(std::string_view value) {
    const auto text = trim(trim(trim(value, spaces), quotes), spaces);
    if (text.empty()) {
        return endpoint{};
    }
    auto parts = split_url(text);
    if (!parts) {
        return parts.error();
    }
    auto hp = split_host_port(parts->hostport, text);
    if (!hp) {
        return hp.error();
    }
    auto port = hp->port ? parse_port(*hp->port, text) : result<std::uint16_t>(parts->port);
    if (!port) {
        return port.error();
    }
    auto host = connectable_host(hp->host, text);
    if (!host) {
        return host.error();
    }
    return endpoint{"http", std::move(*host), *port, std::move(parts->base_path)};
}

} // namespace ollama_arena::ollama
