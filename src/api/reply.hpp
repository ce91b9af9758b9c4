// api: handlers that compute exactly one response. The body is a coroutine returning the
// response (JSON or an error, with `co_return http::error_response(e)` on every failure);
// send_reply awaits it and sends it. Used by the session, vote and rating handlers.
#pragma once

#include "common/asio.hpp"
#include "http/exchange.hpp"

namespace ollama_arena::api {

using reply = awaitable<http::response>;

// `ex` is the handler's own exchange: the handler awaits this directly (style.md C3).
inline awaitable<void> send_reply(http::exchange& ex, reply r) {
    auto res = co_await std::move(r);
    co_await ex.respond(std::move(res));
}

} // namespace ollama_arena::api
