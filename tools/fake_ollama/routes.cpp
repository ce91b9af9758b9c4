// fake-ollama: the route table and the exception boundary of every request.
#include "fake_ollama/routes.hpp"

#include "common/log.hpp"
#include "fake_ollama/handlers.hpp"
#include "fake_ollama/server.hpp"

#include <array>
#include <exception>

namespace ollama_arena::fake_ollama {
namespace {

using handler_fn = awaitable<void> (*)(exchange&);

struct route {
    std::string_view path;
    http::verb method;
    handler_fn handler;
};

// clang-format off
constexpr std::array<route, 15> routes{{
    {"/",              http::verb::get,    handle_root},
    {"/",              http::verb::head,   handle_root},
    {"/api/tags",      http::verb::get,    handle_tags},
    {"/api/tags",      http::verb::head,   handle_tags},
    {"/api/ps",        http::verb::get,    handle_ps},
    {"/api/show",      http::verb::post,   handle_show},
    {"/api/version",   http::verb::get,    handle_version},
    {"/api/version",   http::verb::head,   handle_version},
    {"/api/chat",      http::verb::post,   handle_chat},
    {"/api/generate",  http::verb::post,   handle_generate},
    {"/api/pull",      http::verb::post,   handle_pull},
    {"/api/delete",    http::verb::delete_, handle_delete},
    {"/fake/stats",    http::verb::get,    handle_fake_stats},
    {"/fake/requests", http::verb::get,    handle_fake_requests},
    {"/fake/reset",    http::verb::post,   handle_fake_reset},
}};
// Routes of Ollama the fake does not implement (/api/embed, /v1/*, ...) answer 404 like
// unknown paths.
// clang-format on

std::string describe(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& x) {
        return x.what();
    } catch (...) {
        return "unknown exception"; // converted into a 500 reply below, never swallowed
    }
}

awaitable<void> route_request(exchange& ex) {
    bool path_known = false;
    for (const auto& r : routes) {
        if (r.path != ex.path) {
            continue;
        }
        path_known = true;
        if (r.method == ex.req.method()) {
            co_await r.handler(ex);
            co_return;
        }
    }
    if (path_known) {
        co_await send_reply(ex, reply{405, content_type::text, "405 method not allowed"});
    } else {
        co_await send_reply(ex, reply{404, content_type::text, "404 page not found"});
    }
}

} // namespace

awaitable<void> dispatch(exchange& ex) {
    if (!ex.path.starts_with("/fake/")) {
        ex.env.state.count_request();
    }
    log::debug("{} {}", std::string_view(ex.req.method_string()), ex.path);
    std::exception_ptr failure;
    try {
        co_await route_request(ex);
    } catch (...) {
        failure = std::current_exception(); // handled below: C++ cannot co_await in a catch
    }
    if (!failure) {
        co_return;
    }
    const std::string what = describe(failure);
    log::error("{} {} failed: {}", std::string_view(ex.req.method_string()), ex.path, what);
    if (ex.response_started) {
        ex.close = true; // the status line is out: ending the connection is the only signal
        co_return;
    }
    co_await send_reply(ex, error_reply(make_error(errc::internal, what)));
}

} // namespace ollama_arena::fake_ollama
