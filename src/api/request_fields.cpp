// api: shared request parsers.
#include "api/request_fields.hpp"

namespace ollama_arena::api {

namespace {

std::size_t utf8_chars(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) {
        n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    }
    return n;
}

} // namespace

error field_error(std::string field, std::string message) {
    auto e = make_error(errc::invalid_request, std::move(message));
    e.field = std::move(field);
    return e;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
    if (text.empty() || text.size() > 18) { // 18 digits always fit
        return std::nullopt;
    }
    std::int64_t id = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        id = id * 10 + (c - '0');
    }
    if (id <= 0) {
        return std::nullopt;
    }
    return id;
}

result<std::int64_t> path_id(const http::request& req, std::string_view name,
                             std::string_view what) {
    const auto text = req.path_param(name);
    if (auto id = parse_id(text)) {
        return *id;
    }
    return make_error(errc::not_found,
                      std::string(what) + " '" + std::string(text) + "' not found");
}

result<std::int64_t> query_number(const http::request& req, std::string_view name,
                                  std::int64_t fallback, std::int64_t low, std::int64_t high) {
    const auto text = req.query_param(name);
    if (!text) {
        return fallback;
    }
    const auto n = *text == "0" ? std::optional<std::int64_t>(0) : parse_id(*text);
    if (!n || *n < low || *n > high) {
        const std::string field(name);
        return field_error(field, field + " must be a whole number from " + std::to_string(low) +
                                      " to " + std::to_string(high));
    }
    return *n;
}

result<std::optional<std::string>> text_field(const json::object& body, std::string_view name,
                                              std::size_t max_chars) {
    const auto* v = json::find(body, name);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    const std::string field(name);
    if (!v->is_string()) {
        return field_error(field, field + " must be a string");
    }
    std::string text(v->get_string());
    if (max_chars != 0 && utf8_chars(text) > max_chars) {
        return field_error(field,
                           field + " must be at most " + std::to_string(max_chars) + " characters");
    }
    return text;
}

} // namespace ollama_arena::api
