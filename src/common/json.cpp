// common: Boost.JSON helpers.
#include "common/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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

std::string to_string(const value& v) { return boost::json::serialize(v); }

const value* find(const object& obj, std::string_view key) { return obj.if_contains(key); }

std::optional<std::string_view> get_string(const object& obj, std::string_view key) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string_view(v->get_string());
}

std::optional<bool> get_bool(const object& obj, std::string_view key) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr || !v->is_bool()) return std::nullopt;
    return v->get_bool();
}

std::optional<std::int64_t> get_int(const object& obj, std::string_view key) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<std::int64_t>(v->get_uint64());
    }
    return std::nullopt;
}

std::optional<double> get_number(const object& obj, std::string_view key) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_double()) return v->get_double();
    if (v->is_int64()) return static_cast<double>(v->get_int64());
    if (v->is_uint64()) return static_cast<double>(v->get_uint64());
    return std::nullopt;
}

} // namespace ollama_arena::json
