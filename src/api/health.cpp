// api: GET /api/health — healthy when Ollama answers its model list.
#include "api/handlers.hpp"
#include "common/json.hpp"
#include "ollama/client.hpp"

namespace ollama_arena::api {

awaitable<void> health(context_ptr ctx, http::exchange& ex) {
    auto models = co_await ctx->ollama->tags();
    json::object body;
    if (models) {
        body["status"] = "healthy";
        body["service"] = "ollama-arena";
        body["models_available"] = models->size();
        co_await ex.respond(http::json_response(200, body));
        co_return;
    }
    body["status"] = "unhealthy";
    body["service"] = "ollama-arena";
    body["models_available"] = 0;
    const auto& e = models.error();
    body["details"] = e.details.empty() ? e.message : e.message + ": " + e.details;
    co_await ex.respond(http::json_response(503, body));
}

http::response upstream_error_response(const error& e) {
    auto mapped = e;
    if (e.code == errc::upstream_http_status && e.upstream_status == 404) {
        mapped.code = errc::not_found;
    }
    return http::error_response(mapped);
}

} // namespace ollama_arena::api
