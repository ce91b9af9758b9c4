// http layer: the route table type — (method, exact path) -> handler, with JSON 404/405.
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
    std::string path;
    access who;
    handler fn;
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
    };
    // HEAD matches a GET route.
    match find(method verb, std::string_view path) const;

    const std::vector<route>& routes() const noexcept { return routes_; }

private:
    std::vector<route> routes_;
    handler fallback_;
};

} // namespace ollama_arena::http
