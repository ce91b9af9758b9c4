// common: logging set-up.
#include "common/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace ollama_arena::log {

result<spdlog::level::level_enum> parse_level(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "trace")
        return spdlog::level::trace;
    if (lower == "debug")
        return spdlog::level::debug;
    if (lower == "info")
        return spdlog::level::info;
    if (lower == "warn" || lower == "warning")
        return spdlog::level::warn;
    if (lower == "error")
        return spdlog::level::err;
    if (lower == "off")
        return spdlog::level::off;
    return make_error(errc::invalid_request,
                      "LOG_LEVEL must be one of trace, debug, info, warn, error, off (got '" +
                          std::string(text) + "')");
}

void init(spdlog::level::level_enum level) {
    auto logger = spdlog::stderr_color_mt("arena");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
    logger->set_level(level);
    spdlog::set_default_logger(std::move(logger));
}

} // namespace ollama_arena::log
