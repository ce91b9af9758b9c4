// http layer: route matching.
#include "http/router.hpp"

namespace ollama_arena::http {

void router::add(method verb, std::string path, access who, handler fn) {
    routes_.push_back(route{verb, std::move(path), who, std::move(fn)});
}

void router::set_fallback(handler fn) { fallback_ = std::move(fn); }

router::match router::find(method verb, std::string_view path) const {
    match m;
    const method wanted = verb == method::head ? method::get : verb;
    bool path_known = false;
    for (const auto& r : routes_) {
        if (r.path != path) continue;
        path_known = true;
        if (r.verb == wanted) {
            m.found = &r;
            return m;
        }
    }
    if (path_known) {
        m.failure = errc::method_not_allowed;
        return m;
    }
    const bool api_path = path == "/api" || path.starts_with("/api/");
    if (!api_path && fallback_ && wanted == method::get) {
        m.fallback = &fallback_;
    }
    return m;
}

} // namespace ollama_arena::http
