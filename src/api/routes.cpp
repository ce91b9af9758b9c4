// api: the one route table. Every endpoint, its method and who may call it, in one block.
#include "api/context.hpp"
#include "api/handlers.hpp"

namespace ollama_arena::api {

http::router make_routes(context_ptr ctx) {
    using http::access;
    using http::method;
    http::router r;
    // Each entry binds the shared context by value into the handler's coroutine frame.
    const auto bind = [&ctx](auto fn) {
        return [ctx, fn](http::exchange& ex) {
            return fn(ctx, ex);
        };
    };
    // clang-format off
    r.add(method::get,     "/api/health",                                access::open,  bind(health));
    r.add(method::get,     "/api/models",                                access::token, bind(list_models));
    r.add(method::post,    "/api/chat",                                  access::token, bind(chat));
    r.add(method::post,    "/api/stream_chat",                           access::token, bind(stream_chat));
    r.add(method::post,    "/api/pull_model",                            access::token, bind(pull_model));
    r.add(method::get,     "/api/pull_status",                           access::token, bind(pull_status));
    r.add(method::get,     "/api/pulls",                                 access::token, bind(list_pulls));
    r.add(method::post,    "/api/delete_model",                          access::token, bind(delete_model));
    r.add(method::post,    "/api/sessions",                              access::token, bind(create_session));
    r.add(method::get,     "/api/sessions",                              access::token, bind(list_sessions));
    r.add(method::get,     "/api/sessions/{id}",                         access::token, bind(get_session));
    r.add(method::patch,   "/api/sessions/{id}",                         access::token, bind(update_session));
    r.add(method::delete_, "/api/sessions/{id}",                         access::token, bind(delete_session));
    r.add(method::post,    "/api/sessions/{id}/reveal",                  access::token, bind(reveal_session));
    r.add(method::post,    "/api/sessions/{id}/turns/{turn}/vote",       access::token, bind(vote_turn));
    r.add(method::post,    "/api/sessions/{id}/answers/{answer}/rating", access::token, bind(rate_answer));
    r.add(method::get,     "/api/sessions/{id}/export",                  access::token, bind(export_session));
    r.add(method::get,     "/api/battles",                               access::token, bind(list_battles));
    r.add(method::get,     "/api/leaderboard",                           access::token, bind(leaderboard));
    // clang-format on
    r.set_fallback(bind(serve_asset));
    return r;
}

} // namespace ollama_arena::api
