// api: model management — POST /api/pull_model (background, or NDJSON progress with
// "stream": true), GET /api/pull_status?model=, GET /api/pulls, POST /api/delete_model.
// The downloads themselves live in arena::pull_tracker; this file only maps JSON.
#include "arena/pulls.hpp"

#include "api/clock.hpp"
#include "api/handlers.hpp"
#include "common/json.hpp"
#include "common/log.hpp"
#include "ollama/client.hpp"

#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>

namespace ollama_arena::api {

namespace {

constexpr std::string_view model_required = "Model name is required";

struct model_request {
    std::string model;
    bool stream = false;
};

// {"model": "<non-empty string>"[, "stream": bool when with_stream]}; other fields are ignored.
result<model_request> parse_model_request(std::string_view body, bool with_stream) {
    auto obj = json::parse_object_body(body);
    if (!obj)
        return obj.error();
    const auto model = json::get_string(*obj, "model");
    if (!model || model->empty())
        return make_error(errc::invalid_request, std::string(model_required));
    model_request req;
    req.model = std::string(*model);
    const auto* stream = with_stream ? json::find(*obj, "stream") : nullptr;
    if (stream != nullptr && !stream->is_null()) {
        if (!stream->is_bool()) {
            auto e = make_error(errc::invalid_request, "stream must be a boolean");
            e.field = "stream";
            return e;
        }
        req.stream = stream->get_bool();
    }
    return req;
}

json::object state_json(const arena::pull_state& s) {
    json::object o;
    o["model"] = s.model;
    o["status"] = s.status;
    o["completed"] = s.completed;
    o["total"] = s.total;
    o["percent"] = s.percent;
    o["error"] = s.error;
    o["done"] = s.done;
    o["started_at"] = utc_time(s.started);
    if (s.finished) {
        o["finished_at"] = utc_time(*s.finished);
    } else {
        o["finished_at"] = nullptr;
    }
    return o;
}

// Ollama's progress line as it sent it (zero/empty fields left out, as Ollama does), plus
// "model" and the overall "percent"; or the final {"model", "error"} line.
std::string update_line(const std::string& model, const arena::pull_update& u) {
    json::object o;
    if (!u.error.empty()) {
        o["model"] = model;
        o["error"] = u.error;
        return json::to_string(o);
    }
    o["status"] = u.line.status;
    if (!u.line.digest.empty())
        o["digest"] = u.line.digest;
    if (u.line.total > 0)
        o["total"] = u.line.total;
    if (u.line.completed > 0)
        o["completed"] = u.line.completed;
    o["model"] = model;
    o["percent"] = u.percent;
    return json::to_string(o);
}

std::string error_line(const std::string& model, std::string_view text) {
    json::object o;
    o["model"] = model;
    o["error"] = text;
    return json::to_string(o);
}

enum class relay_end { finished, client_gone, cancelled };

// Writes the watch's updates until the last one; throws operation_aborted when cancelled
// between two awaits.
awaitable<relay_end> relay(http::exchange& ex, std::shared_ptr<arena::pull_watch> watch,
                           std::string model) {
    while (true) {
        auto u = co_await watch->next();
        if (!u)
            co_return relay_end::cancelled;
        if (!co_await ex.write_line(update_line(model, *u)))
            co_return relay_end::client_gone;
        if (u->last)
            co_return relay_end::finished;
    }
}

// "stream": true. The stream watches the tracked pull (joining a running one); a client
// that leaves only stops its own watch, never the download.
awaitable<void> stream_pull(const context& ctx, http::exchange& ex, std::string model) {
    auto reader = co_await net::this_coro::executor; // the connection's strand
    auto watch = ctx.pulls->watch(model, reader);
    if (!watch) {
        co_await ex.respond(http::error_response(watch.error()));
        co_return;
    }
    if (!co_await ex.open_stream("application/x-ndjson"))
        co_return;
    auto end = relay_end::cancelled;
    try {
        end = co_await relay(ex, *watch, model);
    } catch (const boost::system::system_error& e) {
        // Cancelled between two awaits (shutdown or a departed client): finish below.
        if (e.code() != net::error::operation_aborted)
            throw;
    }
    if (end == relay_end::client_gone)
        co_return;
    // Shutdown may have cancelled us even when the last line came through: the remaining
    // writes are uncancellable and bounded by the write timeout, so let them run.
    co_await net::this_coro::reset_cancellation_state();
    if (end == relay_end::cancelled) {
        // The stream still ends with one final line saying why; the download goes on.
        log::debug("req={} pull stream cut short", ex.req().request_id);
        if (!co_await ex.write_line(error_line(model, "request cancelled")))
            co_return;
    }
    (void)co_await ex.close_stream();
}

std::string failure_text(const error& e) {
    return e.details.empty() ? e.message : e.message + " (" + e.details + ")";
}

} // namespace

awaitable<void> pull_model(context_ptr ctx, http::exchange& ex) {
    auto req = parse_model_request(ex.req().body, true);
    if (!req) {
        co_await ex.respond(http::error_response(req.error()));
        co_return;
    }
    if (req->stream) {
        co_await stream_pull(*ctx, ex, std::move(req->model));
        co_return;
    }
    // Answers at once; a pull already running is joined, so the answer is the same.
    auto started = ctx->pulls->start(req->model);
    if (!started) {
        co_await ex.respond(http::error_response(started.error()));
        co_return;
    }
    json::object body;
    body["status"] = "downloading";
    body["model"] = req->model;
    co_await ex.respond(http::json_response(200, body));
}

awaitable<void> pull_status(context_ptr ctx, http::exchange& ex) {
    const auto model = ex.req().query_param("model");
    if (!model || model->empty()) {
        co_await ex.respond(
            http::error_response(errc::invalid_request, std::string(model_required)));
        co_return;
    }
    const auto state = ctx->pulls->find(*model);
    if (!state) {
        co_await ex.respond(
            http::error_response(errc::not_found, "No pull of model '" + *model + "' is known"));
        co_return;
    }
    co_await ex.respond(http::json_response(200, state_json(*state)));
}

awaitable<void> list_pulls(context_ptr ctx, http::exchange& ex) {
    json::array pulls;
    for (const auto& s : ctx->pulls->list())
        pulls.emplace_back(state_json(s));
    json::object body;
    body["pulls"] = std::move(pulls);
    co_await ex.respond(http::json_response(200, body));
}

awaitable<void> delete_model(context_ptr ctx, http::exchange& ex) {
    auto req = parse_model_request(ex.req().body, false);
    if (!req) {
        co_await ex.respond(http::error_response(req.error()));
        co_return;
    }
    auto removed = co_await ctx->ollama->remove(req->model);
    if (removed) {
        json::object body;
        body["status"] = "deleted";
        body["model"] = req->model;
        co_await ex.respond(http::json_response(200, body));
        co_return;
    }
    const auto& e = removed.error();
    if (e.code == errc::upstream_http_status && e.upstream_status == 404) {
        co_await ex.respond(
            http::error_response(errc::not_found, "model '" + req->model + "' not found"));
        co_return;
    }
    // Unreachable, timeout, or any other Ollama answer (API decisions: all 500 here).
    co_await ex.respond(
        http::error_response(errc::internal, "Failed to delete model", failure_text(e)));
}

} // namespace ollama_arena::api
