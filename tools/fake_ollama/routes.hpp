// fake-ollama: THE route table (every endpoint in one place) and the per-request boundary
// that turns a handler exception into a 500 (or a closed connection once streaming began).
#pragma once

#include "common/asio.hpp"
#include "fake_ollama/http_io.hpp"

namespace ollama_arena::fake_ollama {

// Routes ex.path / method like gin: unknown path -> 404 "404 page not found" (text/plain),
// known path with another method -> 405 "405 method not allowed". Counts the request in
// /fake/stats (hooks excluded).
awaitable<void> dispatch(exchange& ex);

} // namespace ollama_arena::fake_ollama
