// fake-ollama: decodes a request body the way gin's ShouldBindJSON (Go encoding/json) does,
// so error statuses and texts match Ollama's. No I/O; thread-safe.
//
// Errors are error{errc::invalid_request, <Go-style message>} (HTTP 400).
#pragma once

#include "common/result.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace ollama_arena::fake_ollama {

// The Go type of a request struct field, for type checks and error texts.
enum class go_kind {
    string,       // string
    boolean,      // bool
    integer,      // int (a JSON number without fraction)
    map,          // map[string]any (a JSON object)
    any,          // json.RawMessage / custom types: checked elsewhere
    array,        // a slice of anything
    int_array,    // []int
    base64_array, // []api.ImageData (base64 strings)
    messages,     // []api.Message
};

struct go_field {
    std::string_view key;
    go_kind kind;
};

// Parses the first JSON value of `body` (trailing bytes are ignored, as Go's Decoder does):
// whitespace only -> "missing request body"; syntax errors -> "invalid character ..." or
// "unexpected EOF"; a non-object -> "json: cannot unmarshal array into Go value of type
// api.<go_struct>"; `null` -> an empty object. Then checks the typed fields.
result<boost::json::object> decode_body(std::string_view body, std::string_view go_struct,
                                        std::span<const go_field> fields);

// The two halves of decode_body: JSON syntax (and top-level type), then field types.
result<boost::json::object> parse_body(std::string_view body, std::string_view go_struct);
std::optional<error> check_fields(const boost::json::object& obj, std::string_view go_struct,
                                  std::span<const go_field> fields);

// Go's base64.StdEncoding check: nullopt when valid, else the offending byte offset.
std::optional<std::size_t> invalid_base64_at(std::string_view text);

} // namespace ollama_arena::fake_ollama
