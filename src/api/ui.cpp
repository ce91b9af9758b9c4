// api: the web UI's files at / (embedded, or --web-dir while developing the UI).
#include "api/handlers.hpp"

namespace ollama_arena::api {

awaitable<void> serve_asset(context_ptr ctx, http::exchange& ex) {
    const auto& req = ex.req();
    co_await ex.respond(ctx->assets.serve(req.path, req.header("if-none-match")));
}

} // namespace ollama_arena::api
