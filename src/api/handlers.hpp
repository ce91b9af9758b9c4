// api: endpoint handlers, one group per file (health.cpp, models.cpp, ui.cpp).
#pragma once

#include "api/context.hpp"
#include "common/error.hpp"
#include "http/exchange.hpp"

namespace ollama_arena::api {

awaitable<void> health(context_ptr ctx, http::exchange& ex);
awaitable<void> list_models(context_ptr ctx, http::exchange& ex);
awaitable<void> serve_asset(context_ptr ctx, http::exchange& ex);
awaitable<void> chat(context_ptr ctx, http::exchange& ex);
awaitable<void> stream_chat(context_ptr ctx, http::exchange& ex);
awaitable<void> pull_model(context_ptr ctx, http::exchange& ex);
awaitable<void> pull_status(context_ptr ctx, http::exchange& ex);
awaitable<void> list_pulls(context_ptr ctx, http::exchange& ex);
awaitable<void> delete_model(context_ptr ctx, http::exchange& ex);

// The response for an upstream (Ollama) failure: 502 unreachable/protocol, 504 timeout,
// Ollama's own 404 passed through as 404; message and details kept.
http::response upstream_error_response(const error& e);

} // namespace ollama_arena::api
