// http layer: route matching.
#include "http/router.hpp"

namespace ollama_arena::http {

namespace {

bool is_param(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "/a/b/" -> {"a", "b", ""}; `p` starts with '/'.
std::vector<std::string_view> segments(std::string_view p) {
    std::vector<std::string_view> out;
    p.remove_prefix(1);
    for (;;) {
        const auto slash = p.find('/');
        out.push_back(p.substr(0, slash));
        if (slash == std::string_view::npos) {
            return out;
        }
        p.remove_prefix(slash + 1);
    }
}

// Whether `path` matches `pattern` segment by segment; fills `params` when it does.
bool match_pattern(std::string_view pattern, std::string_view path, param_list& params) {
    if (!pattern.starts_with('/') || !path.starts_with('/')) {
        return false;
    }
    const auto want = segments(pattern);
    const auto got = segments(path);
    if (want.size() != got.size()) {
        return false;
    }
    param_list found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (is_param(want[i])) {
            if (got[i].empty()) {
                return false;
            }
            found.emplace_back(std::string(want[i].substr(1, want[i].size() - 2)),
                               std::string(got[i]));
        } else if (want[i] != got[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

} // namespace

void router::add(method verb, std::string path, access who, handler fn) {
    bool has_params = false;
    if (path.starts_with('/')) {
        for (auto segment : segments(path)) {
            has_params = has_params || is_param(segment);
        }
    }
    routes_.push_back(route{verb, std::move(path), who, std::move(fn), has_params});
}

void router::set_fallback(handler fn) {
    fallback_ = std::move(fn);
}

router::match router::find(method verb, std::string_view path) const {
    match m;
    const method wanted = verb == method::head ? method::get : verb;
    bool path_known = false;
    for (const auto& r : routes_) {
        if (r.has_params || r.path != path) {
            continue;
        }
        path_known = true;
        if (r.verb == wanted) {
            m.found = &r;
            return m;
        }
    }
    if (!path_known) {
        param_list params;
        for (const auto& r : routes_) {
            if (!r.has_params || !match_pattern(r.path, path, params)) {
                continue;
            }
            path_known = true;
            if (r.verb == wanted) {
                m.found = &r;
                m.params = std::move(params);
                return m;
            }
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
