// api: endpoint handlers, one group per file (health.cpp, models.cpp, ui.cpp, sessions.cpp …).
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

// Sessions: stored conversations (sessions.cpp), votes and ratings (votes.cpp), exports
// (exports.cpp) and the leaderboard (leaderboard.cpp). Path parameters: {id} session,
// {turn} turn, {answer} answer.
awaitable<void> create_session(context_ptr ctx, http::exchange& ex);
awaitable<void> list_sessions(context_ptr ctx, http::exchange& ex);
awaitable<void> get_session(context_ptr ctx, http::exchange& ex);
awaitable<void> update_session(context_ptr ctx, http::exchange& ex);
awaitable<void> delete_session(context_ptr ctx, http::exchange& ex);
awaitable<void> reveal_session(context_ptr ctx, http::exchange& ex);
awaitable<void> vote_turn(context_ptr ctx, http::exchange& ex);
awaitable<void> rate_answer(context_ptr ctx, http::exchange& ex);
awaitable<void> export_session(context_ptr ctx, http::exchange& ex);
awaitable<void> list_battles(context_ptr ctx, http::exchange& ex);
awaitable<void> leaderboard(context_ptr ctx, http::exchange& ex);

// The response for an upstream (Ollama) failure: 502 unreachable/protocol, 504 timeout,
// Ollama's own 404 passed through as 404; message and details kept.
http::response upstream_error_response(const error& e);

} // namespace ollama_arena::api
