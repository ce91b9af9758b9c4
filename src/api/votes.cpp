// api: the per-turn vote and the per-answer 👍/👎 of a session (docs/API.md "Votes",
// "Ratings"). Thin: the checks (blind, not revealed, the winner in the turn) happen in the
// storage transaction that writes the vote, on the blocking pool.
#include "storage/votes.hpp"

#include "api/blocking.hpp"
#include "api/clock.hpp"
#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "api/request_fields.hpp"
#include "api/session_views.hpp"

namespace ollama_arena::api {

namespace {

reply vote_turn_reply(context_ptr ctx, const http::request& req) {
    auto id = path_id(req, "id", "Session");
    if (!id) {
        co_return http::error_response(id.error());
    }
    auto turn = path_id(req, "turn", "Turn");
    if (!turn) {
        co_return http::error_response(turn.error());
    }
    auto body = json::parse_object_body(req.body);
    if (!body) {
        co_return http::error_response(body.error());
    }
    const auto winner = json::get_string(*body, "winner");
    if (!winner || winner->empty()) {
        co_return http::error_response(
            field_error("winner", "winner is required: an instance id or label of the turn, "
                                  "\"tie\" or \"all_bad\""));
    }
    storage::vote_input v;
    v.kind = *winner == "tie"       ? storage::vote_kind::tie
             : *winner == "all_bad" ? storage::vote_kind::all_bad
                                    : storage::vote_kind::best;
    if (v.kind == storage::vote_kind::best) {
        v.winner = std::string(*winner);
    }
    auto cast = co_await ctx->store->call(
        [id = *id, turn = *turn, v = std::move(v), now = now_ms()](storage::database& db) {
            return storage::cast_vote(db, id, turn, v, now);
        });
    if (!cast) {
        co_return http::error_response(cast.error());
    }
    json::object out;
    out["session_id"] = *id;
    out["turn_id"] = *turn;
    out["replaced"] = cast->replaced;
    // Votes are only taken while the session is blind and unrevealed: the view is masked.
    out["vote"] = vote_json(cast->vote, cast->winner ? &*cast->winner : nullptr, true);
    co_return http::json_response(200, out);
}

reply rate_answer_reply(context_ptr ctx, const http::request& req) {
    auto id = path_id(req, "id", "Session");
    if (!id) {
        co_return http::error_response(id.error());
    }
    auto answer = path_id(req, "answer", "Answer");
    if (!answer) {
        co_return http::error_response(answer.error());
    }
    auto body = json::parse_object_body(req.body);
    if (!body) {
        co_return http::error_response(body.error());
    }
    const auto* v = json::find(*body, "value");
    const auto value = v != nullptr && v->is_int64() ? std::optional(v->get_int64()) : std::nullopt;
    if (!value || *value < -1 || *value > 1) {
        co_return http::error_response(
            field_error("value", "value must be 1 (thumbs up), -1 (thumbs down) or 0 (none)"));
    }
    auto done = co_await ctx->store->call(
        [id = *id, answer = *answer, value = *value, now = now_ms()](storage::database& db) {
            return storage::rate_answer(db, id, answer, value, now);
        });
    if (!done) {
        co_return http::error_response(done.error());
    }
    json::object out;
    out["session_id"] = *id;
    out["answer_id"] = *answer;
    out["rating"] = *value;
    co_return http::json_response(200, out);
}

} // namespace

awaitable<void> vote_turn(context_ptr ctx, http::exchange& ex) {
    co_await send_reply(ex, vote_turn_reply(std::move(ctx), ex.req()));
}

awaitable<void> rate_answer(context_ptr ctx, http::exchange& ex) {
    co_await send_reply(ex, rate_answer_reply(std::move(ctx), ex.req()));
}

} // namespace ollama_arena::api
