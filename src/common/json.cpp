// common: Boost.JSON helpers.
#include "common/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace ollama_arena::json {

result<value> parse(std::string_view text) {
    boost::system::error_code ec;
    value v = boost::json::parse(text, ec);
    if (ec) {
        return make_error(errc::invalid_request, "Invalid JSON", ec.message());
    }
    return v;
}

result<object> parse_object_body(std::string_view body) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return make_error(errc::invalid_request, "Invalid JSON body", "request body is empty");
    }
    auto parsed = parse(body);
    if (!parsed) {
        return make_error(errc::invalid_request, "Invalid JSON body", parsed.error().details);
    }
    if (!parsed->is_object()) {
        return make_error(errc::invalid_request, "Invalid JSON body",
                          "the body must be a JSON object");
    }
    return std::move(parsed->get_object());
}

namespace {

void append_value(std::string& out, const value& v);

void append_object(std::string& out, const object& o) {
    out.push_back('{');
    bool first = true;
    for (const auto& kv : o) {
        if (!first)
            out.push_back(',');
        first = false;
        append_quoted(out, kv.key());
        out.push_back(':');
        append_value(out, kv.value());
    }
    out.push_back('}');
}

void append_array(std::string& out, const array& a) {
    out.push_back('[');
    bool first = true;
    for (const auto& item : a) {
        if (!first)
            out.push_back(',');
        first = false;
        append_value(out, item);
    }
    out.push_back(']');
}

void append_value(std::string& out, const value& v) {
    switch (v.kind()) {
    case boost::json::kind::object:
        append_object(out, v.get_object());
        break;
    case boost::json::kind::array:
        append_array(out, v.get_array());
        break;
    case boost::json::kind::string:
        append_quoted(out, v.get_string());
        break;
    case boost::json::kind::int64:
        out += std::to_string(v.get_int64());
        break;
    case boost::json::kind::uint64:
        out += std::to_string(v.get_uint64());
        break;
    case boost::json::kind::double_:
        append_number(out, v.get_double());
        break;
    case boost::json::kind::bool_:
        out += v.get_bool() ? "true" : "false";
        break;
    case boost::json::kind::null:
        out += "null";
        break;
    }
}

} // namespace

std::string to_string(const value& v) {
    std::string out;
    append_value(out, v);
    return out;
}

void append_quoted(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20U) {
                out += "\\u00";
                out.push_back(hex[u >> 4U]);
                out.push_back(hex[u & 0xFU]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

void append_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null"; // JSON has no NaN or infinity
        return;
    }
    // Plain decimal (0.0008, 19.05), never exponent form: the shortest fixed form that reads
    // back as the same double. Large magnitudes fall back to the shortest general form.
    char buf[64];
    const auto fmt = std::abs(v) < 1e15 ? std::chars_format::fixed : std::chars_format::general;
    auto written = std::to_chars(buf, buf + sizeof buf, v, fmt);
    if (written.ec != std::errc())
        written = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, written.ptr);
}

const value* find(const object& obj, std::string_view key) {
    return obj.if_contains(key);
}

std::optional<std::string_view> get_string(const object& obj, std::string_view key) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr || !v->is_string())
        return std::nullopt;
    return std::string_view(v->get_string());
}

std::optional<bool> get_bool(const object& obj, std::string_view key) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr || !v->is_bool())
        return std::nullopt;
    return v->get_bool();
}

std::optional<std::int64_t> get_int(const object& obj, std::string_view key) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr)
        return std::nullopt;
    if (v->is_int64())
        return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<std::int64_t>(v->get_uint64());
    }
    return std::nullopt;
}

std::optional<double> get_number(const object& obj, std::string_view key) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr)
        return std::nullopt;
    if (v->is_double())
        return v->get_double();
    if (v->is_int64())
        return static_cast<double>(v->get_int64());
    if (v->is_uint64())
        return static_cast<double>(v->get_uint64());
    return std::nullopt;
}

} // namespace ollama_arena::json
