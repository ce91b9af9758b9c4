// fake-ollama: one coroutine per endpoint, each answering its exchange completely.
// Handlers report expected failures as Ollama's {"error": ...} replies and never throw for
// bad input; an exception is a bug and is turned into a 500 by dispatch().
#pragma once

#include "common/asio.hpp"
#include "fake_ollama/http_io.hpp"

namespace ollama_arena::fake_ollama {

// handlers_models.cpp
awaitable<void> handle_root(exchange& ex);    // GET|HEAD /
awaitable<void> handle_tags(exchange& ex);    // GET|HEAD /api/tags
awaitable<void> handle_ps(exchange& ex);      // GET /api/ps
awaitable<void> handle_show(exchange& ex);    // POST /api/show
awaitable<void> handle_version(exchange& ex); // GET|HEAD /api/version
awaitable<void> handle_delete(exchange& ex);  // DELETE /api/delete

// handlers_pull.cpp
awaitable<void> handle_pull(exchange& ex); // POST /api/pull

// handlers_generate.cpp
awaitable<void> handle_chat(exchange& ex);     // POST /api/chat
awaitable<void> handle_generate(exchange& ex); // POST /api/generate

// handlers_fake.cpp (test hooks, not part of Ollama's API)
awaitable<void> handle_fake_stats(exchange& ex);    // GET /fake/stats
awaitable<void> handle_fake_requests(exchange& ex); // GET /fake/requests
awaitable<void> handle_fake_reset(exchange& ex);    // POST /fake/reset

} // namespace ollama_arena::fake_ollama
