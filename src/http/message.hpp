// http layer: the request and response values handlers see. Plain structs with no Beast
// types, so api/ files stay cheap to compile. Knows nothing of Ollama or the arena.
#pragma once

#include "common/error.hpp"

#include <boost/json/fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ollama_arena::http {

enum class method { get, head, post, put, delete_, patch, options, other };

std::string_view method_name(method m) noexcept;

using header_list = std::vector<std::pair<std::string, std::string>>;
using param_list = std::vector<std::pair<std::string, std::string>>;

struct request {
    method verb = method::get;
    std::string target; // as sent: path plus query
    std::string path;   // percent-decoded path without the query
    std::string query;  // raw query string without '?'
    std::string body;
    header_list headers;    // names lower-cased
    std::string request_id; // short id echoed in X-Request-Id and in log lines
    param_list path_params; // set by routing: "{id}" of the route's pattern -> "12"

    // The first header with that (lower-case) name, or empty.
    std::string_view header(std::string_view lower_name) const;
    // A query parameter, percent-decoded ('+' is a space); nullopt when absent.
    std::optional<std::string> query_param(std::string_view name) const;
    // A path parameter of the matched route ("id" for "/api/sessions/{id}"), or empty.
    std::string_view path_param(std::string_view name) const;
};

struct response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    header_list headers; // extra headers
};

// {"error": message[, "details"][, "field"]} with the status mapped from e.code
// (upstream 4xx statuses such as 404 pass through when e.upstream_status says so).
response error_response(const error& e);
response error_response(errc code, std::string message, std::string details = {});
response json_response(unsigned status, const boost::json::value& body);

// Percent-decodes `in`; '+' becomes a space only when plus_is_space. nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

} // namespace ollama_arena::http
