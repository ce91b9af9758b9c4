// api: small request parsers shared by the endpoint groups — field errors, ids in paths,
// whole numbers in queries, optional text fields. Pure; every error names the field.
#pragma once

#include "common/json.hpp"
#include "common/result.hpp"
#include "http/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ollama_arena::api {

// errc::invalid_request (400) with "field" set.
error field_error(std::string field, std::string message);

// A positive decimal id ("12", at most 18 digits); nullopt for anything else.
std::optional<std::int64_t> parse_id(std::string_view text);

// The path parameter `name` as an id. One that is not a positive number cannot exist:
// errc::not_found "<what> '<text>' not found".
result<std::int64_t> path_id(const http::request& req, std::string_view name,
                             std::string_view what);

// ?<name>= as a whole number in [low, high]; `fallback` when absent; otherwise 400
// "<name> must be a whole number from <low> to <high>" with field <name>.
result<std::int64_t> query_number(const http::request& req, std::string_view name,
                                  std::int64_t fallback, std::int64_t low, std::int64_t high);

// An optional string field (absent or null: nullopt); at most `max_chars` characters (UTF-8
// code points) unless max_chars is 0. Errors: 400 naming the field.
result<std::optional<std::string>> text_field(const json::object& body, std::string_view name,
                                              std::size_t max_chars);

} // namespace ollama_arena::api
