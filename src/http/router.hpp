// http layer: the route table type — (method, path pattern) -> handler, with JSON 404/405.
// A pattern is an exact path whose segments may be parameters: "/api/sessions/{id}" matches
// "/api/sessions/12" with id = "12" (a parameter matches one whole, non-empty segment).
// The one table of this project's routes lives in api/routes.cpp.
// Thread safety: built before the server starts; read-only (and so thread-safe) after.
#pragma once

#include "http/exchange.hpp"

#include <string>
#include <vector>

namespace ollama_arena::http {

// Who may call a route when a bearer token is configured.
enum class access { token, open };

struct route {
    method verb;
    std::string path; // the pattern as added
    access who;
    handler fn;
    bool has_params = false; // some segment is "{name}"
};

class router {
public:
    void add(method verb, std::string path, access who, handler fn);
    // Handler for GET/HEAD paths outside /api/ that match no route (static assets).
    void set_fallback(handler fn);

    struct match {
        const route* found = nullptr;      // the route, or nullptr
        const handler* fallback = nullptr; // set for static paths
        errc failure = errc::not_found;    // not_found or method_not_allowed when both null
        param_list params;                 // the path parameters of `found`, in pattern order
    };
    // HEAD matches a GET route. A route without parameters wins over a pattern that also
    // matches; patterns are tried in the order they were added.
    match find(method verb, std::string_view path) const;

    const std::vector<route>& routes() const noexcept { return routes_; }

private:
    std::vector<route> routes_;
    handler fallback_;
};

} // namespace ollama_arena::http
