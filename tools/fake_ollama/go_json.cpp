// fake-ollama: Go-compatible JSON escaping and time formatting.
#include "fake_ollama/go_json.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace ollama_arena::fake_ollama {
namespace {

// Go's encoding/json float64 form: shortest round-trip digits, plain decimal for
// 1e-6 <= |x| < 1e21, otherwise exponent form with at least two exponent digits (1e-07).
void append_go_float(std::string& out, double v) {
    char buf[64];
    const double a = std::fabs(v);
    if (a == 0 || (a >= 1e-6 && a < 1e21)) {
        auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
        out.append(buf, r.ptr);
        return;
    }
    // std::to_chars writes "1e-07" / "1.5e+21": already Go's shape.
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    out.append(buf, r.ptr);
}

constexpr std::string_view hex_digits = "0123456789abcdef";

void append_u_escape(std::string& out, unsigned code) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out += hex_digits[(code >> static_cast<unsigned>(shift)) & 0xFU];
    }
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    std::uint32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4, min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > text.size()) {
        return 0;
    }
    std::uint32_t cp = b0 & (0xFFU >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0U) != 0x80U) {
            return 0;
        }
        cp = (cp << 6U) | (b & 0x3FU);
    }
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    return (cp < min || cp > 0x10FFFF || surrogate) ? 0 : len;
}

// Escapes one ASCII byte; returns false when the byte needs no escaping.
bool append_ascii_escape(std::string& out, char c) {
    switch (c) {
    case '"':
        out += "\\\"";
        return true;
    case '\\':
        out += "\\\\";
        return true;
    case '\n':
        out += "\\n";
        return true;
    case '\r':
        out += "\\r";
        return true;
    case '\t':
        out += "\\t";
        return true;
    case '\b':
        out += "\\b";
        return true;
    case '\f':
        out += "\\f";
        return true;
    case '<':
    case '>':
    case '&':
        append_u_escape(out, static_cast<unsigned char>(c));
        return true;
    default:
        if (static_cast<unsigned char>(c) < 0x20) {
            append_u_escape(out, static_cast<unsigned char>(c));
            return true;
        }
        return false;
    }
}

void append_fraction(std::string& out, std::int64_t nsec) {
    if (nsec == 0) {
        return;
    }
    char digits[10];
    std::snprintf(digits, sizeof digits, "%09lld", static_cast<long long>(nsec));
    std::string_view frac(digits, 9);
    frac = frac.substr(0, frac.find_last_not_of('0') + 1);
    out += '.';
    out += frac;
}

void append_date_time(std::string& out, const std::tm& tm) {
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    out.append(buf, static_cast<std::size_t>(n));
}

void append_value(std::string& out, const boost::json::value& v);

void append_object(std::string& out, const boost::json::object& obj) {
    out += '{';
    bool first = true;
    for (const auto& kv : obj) {
        if (!first) {
            out += ',';
        }
        first = false;
        append_quoted(out, kv.key());
        out += ':';
        append_value(out, kv.value());
    }
    out += '}';
}

void append_value(std::string& out, const boost::json::value& v) {
    if (v.is_string()) {
        append_quoted(out, v.get_string());
    } else if (v.is_object()) {
        append_object(out, v.get_object());
    } else if (v.is_array()) {
        out += '[';
        bool first = true;
        for (const auto& item : v.get_array()) {
            out += first ? "" : ",";
            first = false;
            append_value(out, item);
        }
        out += ']';
    } else if (v.is_double()) {
        append_go_float(out, v.get_double());
    } else {
        out += boost::json::serialize(v); // integers, bools, null
    }
}

} // namespace

void append_escaped(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) < 0x80) {
            if (!append_ascii_escape(out, c)) {
                out += c;
            }
            ++i;
            continue;
        }
        const std::size_t len = utf8_length(text, i);
        if (len == 0) {
            out += "\\ufffd";
            ++i;
        } else if (len == 3 && text.substr(i, 2) == "\xE2\x80" &&
                   (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
            append_u_escape(out, text[i + 2] == '\xA8' ? 0x2028U : 0x2029U);
            i += 3;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
}

void append_quoted(std::string& out, std::string_view text) {
    out += '"';
    append_escaped(out, text);
    out += '"';
}

std::string go_serialize(const boost::json::value& v) {
    std::string out;
    append_value(out, v);
    return out;
}

wall_time wall_time::now() {
    std::timespec ts{};
    std::timespec_get(&ts, TIME_UTC);
    return wall_time{static_cast<std::int64_t>(ts.tv_sec), static_cast<std::int64_t>(ts.tv_nsec)};
}

wall_time wall_time::plus(std::chrono::nanoseconds d) const {
    const std::int64_t total = nsec + d.count() % 1'000'000'000;
    const std::int64_t carry = total >= 1'000'000'000 ? 1 : (total < 0 ? -1 : 0);
    return wall_time{sec + d.count() / 1'000'000'000 + carry, total - carry * 1'000'000'000};
}

void append_rfc3339_utc(std::string& out, wall_time t) {
    const auto secs = static_cast<std::time_t>(t.sec);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    append_date_time(out, tm);
    append_fraction(out, t.nsec);
    out += 'Z';
}

std::string rfc3339_local(wall_time t) {
    const auto secs = static_cast<std::time_t>(t.sec);
    std::tm tm{};
    localtime_r(&secs, &tm);
    std::string out;
    append_date_time(out, tm);
    append_fraction(out, t.nsec);
    const long offset = tm.tm_gmtoff;
    if (offset == 0) {
        out += 'Z';
        return out;
    }
    const long magnitude = offset < 0 ? -offset : offset;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%c%02ld:%02ld", offset < 0 ? '-' : '+', magnitude / 3600,
                  (magnitude % 3600) / 60);
    out += buf;
    return out;
}

std::string http_date(wall_time t) {
    const auto secs = static_cast<std::time_t>(t.sec);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    const auto n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return std::string(buf, n);
}

} // namespace ollama_arena::fake_ollama
