// api: wall-clock times as the API prints them (RFC 3339, UTC, milliseconds) and as storage
// keeps them (milliseconds since the Unix epoch).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ollama_arena::api {

// "2026-01-15T10:00:00.171Z".
std::string utc_time(std::chrono::system_clock::time_point t);
std::string utc_time_ms(std::int64_t ms_since_epoch);

std::int64_t now_ms();

} // namespace ollama_arena::api
