// common: logging. One process-wide spdlog logger; lines carry key=value context such as
// the request id ("req=7f3a"). Never log a token or a request body.
#pragma once

#include "common/result.hpp"

#include <spdlog/spdlog.h>

#include <string_view>

namespace ollama_arena::log {

// Parses LOG_LEVEL values: trace, debug, info, warn (warning), error, off.
result<spdlog::level::level_enum> parse_level(std::string_view text);

// Sets the pattern and level of the default logger (stderr). Call once from main.
void init(spdlog::level::level_enum level);

using spdlog::debug;
using spdlog::error;
using spdlog::info;
using spdlog::trace;
using spdlog::warn;

} // namespace ollama_arena::log
