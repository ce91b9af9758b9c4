// fake-ollama: Go encoding/json error texts for request bodies.
#include "fake_ollama/go_decode.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <array>
#include <cctype>
#include <cstdio>
#include <string>

namespace ollama_arena::fake_ollama {
namespace {

namespace bj = boost::json;

constexpr std::array<go_field, 7> message_fields{{
    {"role", go_kind::string},
    {"content", go_kind::string},
    {"thinking", go_kind::string},
    {"images", go_kind::base64_array},
    {"tool_calls", go_kind::array},
    {"tool_name", go_kind::string},
    {"tool_call_id", go_kind::string},
}};

std::string_view json_kind(const bj::value& v) {
    if (v.is_string())
        return "string";
    if (v.is_bool())
        return "bool";
    if (v.is_object())
        return "object";
    if (v.is_array())
        return "array";
    return "number";
}

std::string_view go_type_name(go_kind kind) {
    switch (kind) {
    case go_kind::string:
        return "string";
    case go_kind::boolean:
        return "bool";
    case go_kind::integer:
        return "int";
    case go_kind::map:
        return "map[string]interface {}";
    case go_kind::int_array:
        return "[]int";
    case go_kind::base64_array:
        return "[]api.ImageData";
    case go_kind::messages:
        return "[]api.Message";
    default:
        return "[]interface {}";
    }
}

error type_error(const bj::value& v, std::string_view path, std::string_view go_type) {
    return make_error(errc::invalid_request, "json: cannot unmarshal " + std::string(json_kind(v)) +
                                                 " into Go struct field " + std::string(path) +
                                                 " of type " + std::string(go_type));
}

bool is_integral(const bj::value& v) {
    return v.is_int64() || v.is_uint64() || (v.is_double() && [&] {
               const double d = v.get_double();
               return d == static_cast<double>(static_cast<long long>(d));
           }());
}

std::string quote_char(char c) {
    char buf[16];
    const auto u = static_cast<unsigned char>(c);
    if (std::isprint(u) != 0) {
        std::snprintf(buf, sizeof buf, "'%c'", c);
    } else {
        std::snprintf(buf, sizeof buf, "'\\x%02x'", u);
    }
    return buf;
}

error syntax_error(std::string_view body, std::size_t at) {
    if (at >= body.size()) {
        return make_error(errc::invalid_request, "unexpected EOF");
    }
    const auto before = body.substr(0, at).find_last_not_of(" \t\r\n");
    const bool key_expected = before != std::string_view::npos && body[before] == '{';
    return make_error(errc::invalid_request,
                      "invalid character " + quote_char(body[at]) +
                          (key_expected ? " looking for beginning of object key string"
                                        : " looking for beginning of value"));
}

std::optional<error> check_field(const bj::value& v, const go_field& field,
                                 const std::string& path);

std::optional<error> check_array(const bj::value& v, const go_field& field,
                                 const std::string& path) {
    if (!v.is_array()) {
        return type_error(v, path, go_type_name(field.kind));
    }
    for (const auto& item : v.get_array()) {
        if (field.kind == go_kind::int_array && !(item.is_null() || is_integral(item))) {
            return type_error(item, path, "int");
        }
        if (field.kind == go_kind::base64_array) {
            if (!item.is_string()) {
                return type_error(item, path, "api.ImageData");
            }
            if (const auto at = invalid_base64_at(item.get_string())) {
                return make_error(errc::invalid_request,
                                  "illegal base64 data at input byte " + std::to_string(*at));
            }
        }
        if (field.kind == go_kind::messages && !item.is_null()) {
            if (!item.is_object()) {
                return type_error(item, path, "api.Message");
            }
            for (const auto& sub : message_fields) {
                const auto* sv = item.get_object().if_contains(sub.key);
                if (sv != nullptr) {
                    if (auto e = check_field(*sv, sub, path + "." + std::string(sub.key))) {
                        return e;
                    }
                }
            }
        }
    }
    return std::nullopt;
}

std::optional<error> check_field(const bj::value& v, const go_field& field,
                                 const std::string& path) {
    if (v.is_null() || field.kind == go_kind::any) {
        return std::nullopt; // Go leaves the field at its zero value
    }
    switch (field.kind) {
    case go_kind::string:
        return v.is_string() ? std::nullopt : std::optional(type_error(v, path, "string"));
    case go_kind::boolean:
        return v.is_bool() ? std::nullopt : std::optional(type_error(v, path, "bool"));
    case go_kind::map:
        return v.is_object() ? std::nullopt
                             : std::optional(type_error(v, path, "map[string]interface {}"));
    case go_kind::integer:
        if (v.is_number() && !is_integral(v)) {
            return make_error(errc::invalid_request,
                              "json: cannot unmarshal number " + bj::serialize(v) +
                                  " into Go struct field " + path + " of type int");
        }
        return v.is_number() ? std::nullopt : std::optional(type_error(v, path, "int"));
    default:
        return check_array(v, field, path);
    }
}

} // namespace

result<bj::object> parse_body(std::string_view body, std::string_view go_struct) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return make_error(errc::invalid_request, "missing request body");
    }
    bj::parse_options opts;
    opts.max_depth = 10000; // Go's limit
    opts.allow_invalid_utf8 = true;
    bj::stream_parser parser({}, opts);
    boost::system::error_code ec;
    const std::size_t used = parser.write_some(body.data(), body.size(), ec);
    if (!ec && !parser.done()) {
        parser.finish(ec);
    }
    if (ec) {
        return syntax_error(body, ec == bj::error::incomplete ? body.size() : used);
    }
    bj::value v = parser.release();
    if (v.is_null()) {
        return bj::object{}; // Go decodes null into a zero struct
    }
    if (!v.is_object()) {
        return make_error(errc::invalid_request,
                          "json: cannot unmarshal " + std::string(json_kind(v)) +
                              " into Go value of type api." + std::string(go_struct));
    }
    return std::move(v.get_object());
}

std::optional<error> check_fields(const bj::object& obj, std::string_view go_struct,
                                  std::span<const go_field> fields) {
    for (const auto& field : fields) {
        const auto* fv = obj.if_contains(field.key);
        if (fv == nullptr) {
            continue;
        }
        const std::string path = std::string(go_struct) + "." + std::string(field.key);
        if (auto e = check_field(*fv, field, path)) {
            return e;
        }
    }
    return std::nullopt;
}

result<bj::object> decode_body(std::string_view body, std::string_view go_struct,
                               std::span<const go_field> fields) {
    auto obj = parse_body(body, go_struct);
    if (obj) {
        if (auto e = check_fields(*obj, go_struct, fields)) {
            return *e;
        }
    }
    return obj;
}

std::optional<std::size_t> invalid_base64_at(std::string_view text) {
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (std::isalnum(c) == 0 && c != '+' && c != '/') {
            break;
        }
    }
    std::size_t pad = 0;
    while (i + pad < text.size() && text[i + pad] == '=' && pad < 2) {
        ++pad;
    }
    if (i + pad < text.size()) {
        return i + pad; // a character outside the alphabet, or data after the padding
    }
    if (text.size() % 4 != 0 || (pad > 0 && (i % 4) < 2)) {
        return text.size() - text.size() % 4; // Go reports where the last quantum starts
    }
    return std::nullopt;
}

} // namespace ollama_arena::fake_ollama
