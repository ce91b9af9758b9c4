// fake-ollama: byte-level output the way Go's encoding/json and time packages write it
// (HTML-safe escaping, RFC 3339 with trimmed nanoseconds). No I/O; thread-safe.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ollama_arena::fake_ollama {

// Appends `text` JSON-escaped like Go (without quotes): \" \\ \n \r \t \b \f, other control
// characters as \u00XX, < > & U+2028 U+2029 as \u escapes, invalid UTF-8 as \ufffd.
void append_escaped(std::string& out, std::string_view text);
void append_quoted(std::string& out, std::string_view text);

// Serializes like Go's json.Marshal (compact, keys in insertion order, Go escaping).
std::string go_serialize(const boost::json::value& v);

// Wall-clock time with a 64-bit seconds part (expires_at may be centuries ahead).
struct wall_time {
    std::int64_t sec = 0;
    std::int64_t nsec = 0;

    static wall_time now();
    wall_time plus(std::chrono::nanoseconds d) const;
    wall_time plus_seconds(std::int64_t s) const { return wall_time{sec + s, nsec}; }
};

// "2026-01-15T10:00:00.1234567Z" (UTC, RFC 3339 nanoseconds, trailing zeros trimmed).
void append_rfc3339_utc(std::string& out, wall_time t);
// "2026-01-10T09:15:02.441122391+01:00" (local zone; "Z" when the offset is zero, as Go).
std::string rfc3339_local(wall_time t);
// "Mon, 02 Jan 2006 15:04:05 GMT" for the Date header.
std::string http_date(wall_time t);

} // namespace ollama_arena::fake_ollama
