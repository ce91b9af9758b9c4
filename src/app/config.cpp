// app: configuration validation.
#include "app/config.hpp"

#include "common/log.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace ollama_arena::app {

namespace {

error setting_error(std::string_view name, std::string_view flag, std::string_view rule,
                    std::string_view got) {
    auto e = make_error(errc::invalid_request, std::string(name) + " (" + std::string(flag) +
                                                   ") must be " + std::string(rule) + ", got '" +
                                                   std::string(got) + "'");
    e.field = std::string(name);
    return e;
}

std::optional<long long> to_integer(std::string_view s) {
    long long v = 0;
    const auto* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || ptr != end || s.empty())
        return std::nullopt;
    return v;
}

std::optional<double> to_number(std::string_view s) {
    if (s.empty())
        return std::nullopt;
    std::string copy(s);
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

result<long long> integer_in(std::string_view value, long long lo, long long hi,
                             std::string_view name, std::string_view flag) {
    const auto v = to_integer(value);
    if (!v || *v < lo || *v > hi) {
        return setting_error(
            name, flag, "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi),
            value);
    }
    return *v;
}

result<void> fill_limits(const raw_settings& raw, config& cfg) {
    auto history = integer_in(raw.history_limit, 0, 100000, "HISTORY_LIMIT", "--history-limit");
    if (!history)
        return history.error();
    cfg.history_limit = static_cast<std::size_t>(*history);
    const auto timeout = to_number(raw.request_timeout);
    if (!timeout || *timeout <= 0 || *timeout > 86400) {
        return setting_error("REQUEST_TIMEOUT", "--request-timeout",
                             "a number of seconds above 0 and at most 86400", raw.request_timeout);
    }
    cfg.request_timeout = std::chrono::milliseconds(static_cast<long long>(*timeout * 1000.0));
    auto concurrent =
        integer_in(raw.max_concurrent, 1, 64, "MAX_CONCURRENT_REQUESTS", "--max-concurrent");
    if (!concurrent)
        return concurrent.error();
    cfg.max_concurrent = static_cast<std::size_t>(*concurrent);
    if (!raw.threads.empty()) {
        auto threads = integer_in(raw.threads, 1, 64, "ARENA_THREADS", "--threads");
        if (!threads)
            return threads.error();
        cfg.threads = static_cast<unsigned>(*threads);
    } else {
        cfg.threads = default_threads(std::thread::hardware_concurrency());
    }
    return {};
}

result<void> fill_http(const raw_settings& raw, config& cfg) {
    auto port = integer_in(raw.port, 0, 65535, "WEB_PORT", "--port");
    if (!port)
        return port.error();
    cfg.http.port = static_cast<std::uint16_t>(*port);
    // "localhost" is what people type; the listener needs an address.
    const std::string bind = raw.bind == "localhost" ? std::string("127.0.0.1") : raw.bind;
    boost::system::error_code ec;
    boost::asio::ip::make_address(bind, ec);
    if (ec) {
        return setting_error("WEB_BIND", "--bind", "an IP address such as 127.0.0.1 or ::1",
                             raw.bind);
    }
    cfg.http.bind_address = bind;
    cfg.http.auth_token = raw.token;
    cfg.http.cors_origin = raw.cors_origin;
    cfg.http.allowed_hosts = raw.allowed_hosts;
    return {};
}

} // namespace

std::filesystem::path default_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::filesystem::path(xdg) / "ollama-arena";
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : ".") / ".local/share/ollama-arena";
}

unsigned default_threads(unsigned hardware_cores) {
    return hardware_cores <= 2 ? 1U : std::min(4U, hardware_cores);
}

result<config> make_config(const raw_settings& raw) {
    config cfg;
    if (auto r = fill_http(raw, cfg); !r)
        return r.error();
    if (auto r = fill_limits(raw, cfg); !r)
        return r.error();
    auto endpoint = ollama::parse_ollama_host(raw.ollama_host);
    if (!endpoint) {
        auto e = endpoint.error();
        constexpr std::string_view own_prefix = "OLLAMA_HOST: ";
        if (std::string_view(e.message).starts_with(own_prefix)) {
            e.message.erase(0, own_prefix.size());
        }
        e.message = "OLLAMA_HOST (--ollama-host): " + e.message;
        return e;
    }
    cfg.ollama = *endpoint;
    auto level = log::parse_level(raw.log_level);
    if (!level)
        return level.error();
    cfg.log_level = *level;
    cfg.data_dir = raw.data_dir.empty() ? default_data_dir() : std::filesystem::path(raw.data_dir);
    if (!raw.web_dir.empty())
        cfg.web_dir = std::filesystem::path(raw.web_dir);
    return cfg;
}

} // namespace ollama_arena::app
