// common: Boost.JSON helpers used at the edges (api/, ollama/). Parsing never throws: it
// returns result<> with a message naming what was wrong.
#pragma once

#include "common/result.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ollama_arena::json {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// Parses text that must be one JSON value.
result<value> parse(std::string_view text);

// Parses a request body that must be a JSON object; errors are
// {"error": "Invalid JSON body", "details": "..."} (errc::invalid_request).
result<object> parse_object_body(std::string_view body);

// Compact serialization; doubles in plain decimal form (0.42, not 4.2E-1).
std::string to_string(const value& v);

// Appends `text` as a JSON string literal (quotes included) to `out`. For hot paths that
// build lines by hand instead of through a DOM.
void append_quoted(std::string& out, std::string_view text);

// Appends a number the way JSON serialization would (shortest round-trip form).
void append_number(std::string& out, double v);

// Field access without exceptions: nullptr/nullopt when absent or of another type.
const value* find(const object& obj, std::string_view key);
std::optional<std::string_view> get_string(const object& obj, std::string_view key);
std::optional<bool> get_bool(const object& obj, std::string_view key);
std::optional<std::int64_t> get_int(const object& obj, std::string_view key);
std::optional<double> get_number(const object& obj, std::string_view key);

} // namespace ollama_arena::json
