// api: POST /api/chat (whole answers) and POST /api/stream_chat (NDJSON, one line per token
// per instance, interleaved in arrival order). Validation answers before any stream starts.
#include "api/chat_lines.hpp"
#include "api/chat_request.hpp"
#include "api/handlers.hpp"
#include "api/recording.hpp"
#include "arena/fanout.hpp"

#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

#include <memory>
#include <optional>

namespace ollama_arena::api {

namespace {

std::vector<arena::slot_request> make_slots(const chat_request& req) {
    std::vector<arena::slot_request> slots;
    slots.reserve(req.instances.size());
    for (const auto& inst : req.instances) {
        ollama::chat_request upstream;
        upstream.model = inst.model;
        upstream.messages = req.history;
        upstream.options = arena::to_ollama_options(inst.params);
        slots.push_back({inst, std::move(upstream)});
    }
    return slots;
}

// A validated request, and its recorder when it names a session (nullptr: stateless).
struct prepared_chat {
    chat_request req;
    std::shared_ptr<turn_recorder> recorder;
};

awaitable<std::optional<prepared_chat>> read_request(const context& ctx, http::exchange& ex) {
    auto body = json::parse_object_body(ex.req().body);
    if (!body) {
        co_await ex.respond(http::error_response(body.error()));
        co_return std::nullopt;
    }
    auto req = parse_chat_request(*body, ctx.history_limit);
    if (!req) {
        co_await ex.respond(http::error_response(req.error()));
        co_return std::nullopt;
    }
    auto recorder = co_await turn_recorder::begin(ctx, *body, *req); // before the stream starts
    if (!recorder) {
        co_await ex.respond(http::error_response(recorder.error()));
        co_return std::nullopt;
    }
    co_return prepared_chat{std::move(*req), std::move(*recorder)};
}

// Streams events as NDJSON lines. Lives while run_fanout runs (held by the sink). Lines of
// events that are ready at the same moment are gathered and written as one chunk.
struct stream_sink {
    static constexpr std::size_t max_gather = 64U * 1024U;

    stream_sink(http::exchange& e, const std::vector<arena::instance>& instances)
        : ex(e), lines(instances), ended(instances.size(), false) {}

    awaitable<bool> on_event(arena::event& ev, bool more_pending) {
        if (recorder && recorder->note(ev)) {
            co_await recorder->flush(); // an answer is stored before its final line is sent
        }
        if (auto* tok = std::get_if<arena::token_event>(&ev.what)) {
            lines.append_token(pending, ev.slot, tok->text);
        } else if (auto* done = std::get_if<arena::done_event>(&ev.what)) {
            pending += lines.metrics(ev.slot, done->m);
            ended[ev.slot] = true;
        } else {
            pending +=
                lines.failure(ev.slot, error_text(std::get<arena::error_event>(ev.what).err));
            ended[ev.slot] = true;
        }
        pending += '\n';
        if (more_pending && pending.size() < max_gather)
            co_return true;
        auto written = co_await ex.write_lines(pending);
        pending.clear();
        co_return written.has_value();
    }

    http::exchange& ex;
    line_builder lines;
    std::vector<bool> ended;
    std::string pending;
    std::shared_ptr<turn_recorder> recorder;
};

awaitable<void> run_stream(const context& ctx, http::exchange& ex, prepared_chat p) {
    auto& req = p.req;
    if (!co_await ex.open_stream("application/x-ndjson"))
        co_return;
    auto sink = std::make_shared<stream_sink>(ex, req.instances);
    sink->recorder = p.recorder;
    // Whatever ends the run early (shutdown, a departed client, a failure), every instance
    // still gets exactly one final line, so the stream keeps its schema.
    std::string reason = "request cancelled";
    try {
        co_await arena::run_fanout(
            *ctx.ollama, make_slots(req), ctx.max_concurrent,
            [sink](arena::event& ev, bool more) { return sink->on_event(ev, more); });
    } catch (const boost::system::system_error& e) {
        if (e.code() != net::error::operation_aborted)
            reason = e.what();
    } catch (const std::exception& e) {
        reason = e.what();
    }
    co_await net::this_coro::reset_cancellation_state();
    // Answers that did not end are stored as stopped, with what arrived (client gone, shutdown).
    if (p.recorder)
        co_await p.recorder->finish(reason);
    // Lines gathered for a write that the early end interrupted go out first.
    if (!co_await ex.write_lines(sink->pending))
        co_return;
    for (std::size_t slot = 0; slot < sink->ended.size(); ++slot) {
        if (sink->ended[slot])
            continue;
        if (!co_await ex.write_line(sink->lines.failure(slot, reason)))
            co_return;
    }
    (void)co_await ex.close_stream();
}

// Whole answers, collected from the same streaming fan-out.
struct answer {
    std::string text;
    std::optional<arena::metrics> m;
    std::optional<error> err;
};

json::object result_json(const arena::instance& inst, const answer& a) {
    // A failed instance reports no partial text (API decisions: "response": "").
    const std::string& text = a.err ? std::string() : a.text;
    json::object o;
    o["model"] = inst.model;
    o["response"] = text;
    o["assistant"] = text; // the original v3 web client reads this name
    if (a.m)
        o["metrics"] = metrics_json(*a.m);
    if (a.err)
        o["error"] = error_text(*a.err);
    return o;
}

// What kind of upstream failure it was, for "details" when the error carries none.
std::string upstream_reason(const error& e) {
    if (e.upstream_status != 0)
        return "Ollama answered HTTP " + std::to_string(e.upstream_status);
    switch (e.code) {
    case errc::upstream_error:
        return "Ollama reported an error during generation";
    case errc::upstream_protocol:
        return "Ollama's answer was cut short or malformed";
    case errc::upstream_timeout:
        return "Ollama was silent past REQUEST_TIMEOUT";
    case errc::cancelled:
        return "the request was cancelled";
    default:
        return std::string(code_name(e.code));
    }
}

http::response single_response(const arena::instance& inst, const answer& a) {
    if (a.err) {
        if (a.err->code == errc::upstream_http_status && a.err->upstream_status == 404) {
            return http::error_response(errc::not_found, a.err->message);
        }
        auto e = *a.err;
        e.code = errc::upstream_error; // a failed generation is a 502 (API decisions)
        if (e.details.empty())
            e.details = upstream_reason(*a.err);
        return http::error_response(e);
    }
    auto o = result_json(inst, a);
    o["instance_id"] = inst.id;
    return http::json_response(200, o);
}

http::response multi_response(const std::vector<arena::instance>& instances,
                              const std::vector<answer>& answers) {
    json::object results;
    json::object errors;
    for (std::size_t i = 0; i < instances.size(); ++i) {
        results[instances[i].id] = result_json(instances[i], answers[i]);
        if (answers[i].err)
            errors[instances[i].id] = error_text(*answers[i].err);
    }
    json::object body;
    body["results"] = std::move(results);
    body["errors"] = std::move(errors);
    return http::json_response(200, body);
}

awaitable<void> run_whole(const context& ctx, http::exchange& ex, prepared_chat p) {
    auto& req = p.req;
    auto answers = std::make_shared<std::vector<answer>>(req.instances.size());
    auto collect = [answers, recorder = p.recorder](arena::event& ev, bool) -> awaitable<bool> {
        if (recorder)
            recorder->note(ev);
        auto& a = (*answers)[ev.slot];
        if (auto* tok = std::get_if<arena::token_event>(&ev.what)) {
            a.text += tok->text;
        } else if (auto* done = std::get_if<arena::done_event>(&ev.what)) {
            a.m = done->m;
        } else {
            a.err = std::get<arena::error_event>(ev.what).err;
        }
        co_return true;
    };
    co_await arena::run_fanout(*ctx.ollama, make_slots(req), ctx.max_concurrent, collect);
    if (p.recorder) {
        // Stored before the response. A cancelled run (client gone, shutdown) stores what did
        // not end as stopped, then ends as it would have without recording.
        const bool cancelled = (co_await net::this_coro::cancellation_state).cancelled() !=
                               net::cancellation_type::none;
        co_await net::this_coro::reset_cancellation_state();
        co_await p.recorder->finish("request cancelled");
        if (cancelled)
            throw boost::system::system_error(net::error::operation_aborted);
    }
    if (req.instances.size() == 1) {
        co_await ex.respond(single_response(req.instances[0], (*answers)[0]));
    } else {
        co_await ex.respond(multi_response(req.instances, *answers));
    }
}

} // namespace

awaitable<void> chat(context_ptr ctx, http::exchange& ex) {
    auto req = co_await read_request(*ctx, ex);
    if (!req)
        co_return;
    const bool stream = req->req.stream.value_or(false);
    if (stream) {
        co_await run_stream(*ctx, ex, std::move(*req));
    } else {
        co_await run_whole(*ctx, ex, std::move(*req));
    }
}

awaitable<void> stream_chat(context_ptr ctx, http::exchange& ex) {
    auto req = co_await read_request(*ctx, ex);
    if (!req)
        co_return;
    co_await run_stream(*ctx, ex, std::move(*req));
}

} // namespace ollama_arena::api
