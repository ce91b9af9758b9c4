// fake-ollama: test hooks under /fake/ (not part of Ollama's API). See README.md.
#include "fake_ollama/go_json.hpp"
#include "fake_ollama/handlers.hpp"
#include "fake_ollama/server.hpp"

namespace ollama_arena::fake_ollama {

awaitable<void> handle_fake_stats(exchange& ex) {
    const stream_stats s = ex.env.state.stats();
    boost::json::object body;
    body["streams_started"] = s.streams_started;
    body["streams_finished"] = s.streams_finished;
    body["streams_cancelled"] = s.streams_cancelled;
    body["active"] = s.active;
    body["requests"] = s.requests;
    co_await send_reply(ex, json_reply(go_serialize(body)));
}

awaitable<void> handle_fake_requests(exchange& ex) {
    co_await send_reply(ex, json_reply(go_serialize(ex.env.state.request_log())));
}

awaitable<void> handle_fake_reset(exchange& ex) {
    ex.env.state.reset();
    co_await send_reply(ex, json_reply("{\"status\":\"ok\"}"));
}

} // namespace ollama_arena::fake_ollama
