// api: sessions (stored conversations) — create, list, view, change, delete, reveal. Thin:
// JSON <-> storage calls, which run on the blocking pool (docs/API.md "Sessions",
// docs/storage.md). Votes and ratings are in votes.cpp.
#include "api/blocking.hpp"
#include "api/chat_request.hpp"
#include "api/clock.hpp"
#include "api/handlers.hpp"
#include "api/recording.hpp"
#include "api/reply.hpp"
#include "api/request_fields.hpp"
#include "api/session_views.hpp"
#include "storage/conversations.hpp"

namespace ollama_arena::api {

namespace {

namespace limits {
inline constexpr std::size_t title_chars = 200;
inline constexpr std::int64_t page_default = 50;
inline constexpr std::int64_t page_max = 200;
inline constexpr std::int64_t offset_max = 999'999'999;
} // namespace limits

result<storage::new_conversation> parse_new_session(const json::object& body) {
    storage::new_conversation c;
    auto title = text_field(body, "title", limits::title_chars);
    if (!title) {
        return title.error();
    }
    c.title = title->value_or("");
    auto system = text_field(body, "system", 0);
    if (!system) {
        return system.error();
    }
    c.system = system->value_or("");
    if (const auto* blind = json::find(body, "blind"); blind != nullptr && !blind->is_null()) {
        if (!blind->is_bool()) {
            return field_error("blind", "blind must be a boolean");
        }
        c.blind = blind->get_bool();
    }
    bool legacy = false;
    auto instances = parse_instances(body, legacy);
    if (!instances) {
        return instances.error();
    }
    if (instances->size() > arena::limits::max_instances) {
        return field_error(legacy ? "models" : "model_instances",
                           "Too many model instances: at most " +
                               std::to_string(arena::limits::max_instances) + ", got " +
                               std::to_string(instances->size()));
    }
    if (auto r = arena::check_unique(*instances, legacy ? "models" : "model_instances"); !r) {
        return r.error();
    }
    for (auto k : label_order(instances->size(), c.blind)) {
        c.instances.push_back(to_spec((*instances)[k]));
    }
    return c;
}

reply create_session_reply(context_ptr ctx, const http::request& req) {
    auto body = json::parse_object_body(req.body);
    if (!body) {
        co_return http::error_response(body.error());
    }
    auto c = parse_new_session(*body);
    if (!c) {
        co_return http::error_response(c.error());
    }
    if (!c->instances.empty()) {
        co_await fill_provenance(*ctx->ollama, c->instances);
    }
    auto full =
        co_await ctx->store->call([c = std::move(*c), now = now_ms()](
                                      storage::database& db) -> result<storage::conversation_full> {
            auto id = storage::create_conversation(db, c, now);
            if (!id) {
                return id.error();
            }
            return storage::load_conversation(db, *id);
        });
    if (!full) {
        co_return http::error_response(full.error());
    }
    co_return http::json_response(201, conversation_json(*full));
}

reply list_sessions_reply(context_ptr ctx, const http::request& req) {
    auto limit = query_number(req, "limit", limits::page_default, 1, limits::page_max);
    if (!limit) {
        co_return http::error_response(limit.error());
    }
    auto offset = query_number(req, "offset", 0, 0, limits::offset_max);
    if (!offset) {
        co_return http::error_response(offset.error());
    }
    auto page =
        co_await ctx->store->call([limit = *limit, offset = *offset](storage::database& db) {
            return storage::list_conversations(db, limit, offset);
        });
    if (!page) {
        co_return http::error_response(page.error());
    }
    json::array rows;
    for (const auto& row : page->rows) {
        rows.push_back(summary_json(row));
    }
    json::object out;
    out["sessions"] = std::move(rows);
    out["total"] = page->total;
    out["limit"] = *limit;
    out["offset"] = *offset;
    co_return http::json_response(200, out);
}

reply get_session_reply(context_ptr ctx, const http::request& req) {
    auto id = path_id(req, "id", "Session");
    if (!id) {
        co_return http::error_response(id.error());
    }
    auto full = co_await ctx->store->call(
        [id = *id](storage::database& db) { return storage::load_conversation(db, id); });
    if (!full) {
        co_return http::error_response(full.error());
    }
    co_return http::json_response(200, conversation_json(*full));
}

reply update_session_reply(context_ptr ctx, const http::request& req) {
    auto id = path_id(req, "id", "Session");
    if (!id) {
        co_return http::error_response(id.error());
    }
    auto body = json::parse_object_body(req.body);
    if (!body) {
        co_return http::error_response(body.error());
    }
    auto title = text_field(*body, "title", limits::title_chars);
    if (!title) {
        co_return http::error_response(title.error());
    }
    auto system = text_field(*body, "system", 0);
    if (!system) {
        co_return http::error_response(system.error());
    }
    if (!*title && !*system) {
        co_return http::error_response(
            field_error("title", "Nothing to change: send title and/or system"));
    }
    auto row = co_await ctx->store->call(
        [id = *id, title = *title, system = *system, now = now_ms()](storage::database& db) {
            return storage::update_conversation(db, id, title, system, now);
        });
    if (!row) {
        co_return http::error_response(row.error());
    }
    co_return http::json_response(200, summary_json(*row));
}

reply delete_session_reply(context_ptr ctx, const http::request& req) {
    auto id = path_id(req, "id", "Session");
    if (!id) {
        co_return http::error_response(id.error());
    }
    auto done = co_await ctx->store->call(
        [id = *id](storage::database& db) { return storage::delete_conversation(db, id); });
    if (!done) {
        co_return http::error_response(done.error());
    }
    json::object out;
    out["status"] = "deleted";
    out["id"] = *id;
    co_return http::json_response(200, out);
}

reply reveal_session_reply(context_ptr ctx, const http::request& req) {
    auto id = path_id(req, "id", "Session");
    if (!id) {
        co_return http::error_response(id.error());
    }
    auto full = co_await ctx->store->call(
        [id = *id, now = now_ms()](storage::database& db) -> result<storage::conversation_full> {
            if (auto r = storage::reveal_conversation(db, id, now); !r) {
                return r.error();
            }
            return storage::load_conversation(db, id);
        });
    if (!full) {
        co_return http::error_response(full.error());
    }
    co_return http::json_response(200, conversation_json(*full));
}

} // namespace

awaitable<void> create_session(context_ptr ctx, http::exchange& ex) {
    co_await send_reply(ex, create_session_reply(std::move(ctx), ex.req()));
}

awaitable<void> list_sessions(context_ptr ctx, http::exchange& ex) {
    co_await send_reply(ex, list_sessions_reply(std::move(ctx), ex.req()));
}

awaitable<void> get_session(context_ptr ctx, http::exchange& ex) {
    co_await send_reply(ex, get_session_reply(std::move(ctx), ex.req()));
}

awaitable<void> update_session(context_ptr ctx, http::exchange& ex) {
    co_await send_reply(ex, update_session_reply(std::move(ctx), ex.req()));
}

awaitable<void> delete_session(context_ptr ctx, http::exchange& ex) {
    co_await send_reply(ex, delete_session_reply(std::move(ctx), ex.req()));
}

awaitable<void> reveal_session(context_ptr ctx, http::exchange& ex) {
    co_await send_reply(ex, reveal_session_reply(std::move(ctx), ex.req()));
}

} // namespace ollama_arena::api
