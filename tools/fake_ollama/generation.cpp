// fake-ollama: the paced token loop and its fault injections.
#include "fake_ollama/generation.hpp"

#include "fake_ollama/config.hpp"
#include "fake_ollama/server.hpp"

namespace ollama_arena::fake_ollama {
namespace {

using clock = std::chrono::steady_clock;

constexpr std::string_view midstream_error =
    "an error was encountered while running the model: unexpected EOF";
constexpr std::string_view runner_stopped_error =
    "model runner has unexpectedly stopped, this may be due to resource limitations or an "
    "internal error, check ollama server logs for details";

std::int64_t ns_since(clock::time_point t) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - t);
    return ns.count() > 0 ? ns.count() : 1; // a zero metric would be omitted from the wire
}

// Where the answer goes: NDJSON lines, or one object at the end ("stream": false).
class answer_sink {
public:
    answer_sink(exchange& ex, const generation_job& job)
        : ex_(ex), job_(job), lines_(job.kind, job.model), stream_(ex) {}

    awaitable<bool> token(const gen_token& t) {
        if (job_.stream) {
            co_return co_await stream_.write(lines_.token_line(t));
        }
        (t.thinking ? thinking_ : content_) += t.text;
        co_return true;
    }

    // The done:true line (streamed) or the whole answer (not streamed); false when the
    // write failed.
    awaitable<bool> done(std::string_view done_reason, const final_metrics& m) {
        std::vector<std::int64_t> context;
        if (job_.with_context) {
            context = context_ids(job_.input,
                                  static_cast<std::uint64_t>(m.prompt_eval_count + m.eval_count));
        }
        const std::string_view content = job_.stream ? std::string_view() : content_;
        const std::string_view thinking = job_.stream ? std::string_view() : thinking_;
        const final_fields f{done_reason, content, thinking, &m,
                             job_.with_context ? &context : nullptr};
        const std::string obj = lines_.final_object(f);
        if (job_.stream) {
            co_return co_await stream_.finish(obj + "\n");
        }
        co_return co_await send_reply(ex_, json_reply(obj));
    }

    // Runs the fault scripted at this point of the stream; false when the answer ended.
    // Sets ex.answered when the server ended the answer on purpose and the write succeeded.
    awaitable<bool> inject(fault_kind fault) {
        bool delivered = true;
        switch (fault) {
        case fault_kind::midstream:
            delivered =
                job_.stream
                    ? co_await stream_.finish(error_object(midstream_error) + "\n")
                    : co_await send_reply(ex_, error_reply(make_error(
                                                   errc::internal, std::string(midstream_error))));
            break;
        case fault_kind::malformed:
            if (job_.stream) {
                co_return co_await stream_.write("{\"model\":\"" + job_.model +
                                                 "\",\"created_at\": not json\n");
            }
            delivered = co_await send_reply(ex_, json_reply(half_answer()));
            break;
        case fault_kind::reset:
            stream_.reset();
            break;
        case fault_kind::truncate:
            delivered = job_.stream ? co_await stream_.finish() // a clean end without a done line
                                    : co_await send_truncated(ex_, json_reply(full_answer()));
            break;
        default:
            co_return true;
        }
        ex_.answered = delivered;
        co_return false;
    }

private:
    std::string full_answer() const {
        return lines_.final_object(final_fields{"stop", content_, thinking_});
    }
    std::string half_answer() const {
        const std::string full = full_answer();
        return full.substr(0, full.size() / 2);
    }

    exchange& ex_;
    const generation_job& job_;
    line_builder lines_;
    ndjson_stream stream_;
    std::string content_;
    std::string thinking_;
};

clock::duration token_interval(const config& cfg, fault_kind fault) {
    if (fault == fault_kind::slow) {
        return std::chrono::milliseconds(cfg.slow_ms);
    }
    if (cfg.tokens_per_sec <= 0) {
        return clock::duration::zero();
    }
    return std::chrono::duration_cast<clock::duration>(
        std::chrono::duration<double>(1.0 / cfg.tokens_per_sec));
}

// Faults strike after a couple of good tokens ("a few tokens, then ...").
std::uint64_t fault_index(fault_kind fault) {
    return fault == fault_kind::malformed ? 2 : 3;
}

// Emits every token of `source` with pacing and the scripted fault. False when the answer
// ended early (fault or client gone).
awaitable<bool> emit_tokens(exchange& ex, const generation_job& job, answer_sink& sink,
                            token_source& source) {
    const auto first = clock::now();
    const auto interval = token_interval(ex.env.cfg, job.fault);
    const std::uint64_t fault_at = fault_index(job.fault);
    for (std::uint64_t i = 0;; ++i) {
        auto token = source.next();
        const bool strike = i == fault_at || (!token && i < fault_at);
        if (strike && !co_await sink.inject(job.fault)) {
            co_return false;
        }
        if (!token) {
            co_return true;
        }
        if (!co_await pause_until(first + interval * static_cast<clock::rep>(i)) ||
            !co_await sink.token(*token)) {
            co_return false;
        }
    }
}

// The generation: load, --ttft-ms, the tokens, the final metrics. Returns when the answer is
// complete, a fault ended it, or the client left.
awaitable<void> produce(exchange& ex, std::shared_ptr<const generation_job> job) {
    answer_sink sink(ex, *job);
    token_source source(job->input);
    final_metrics m;
    m.load_duration = ns_since(job->started);
    if (job->fault == fault_kind::hang) {
        co_await wait_forever();
        co_return;
    }
    const auto prompt_start = clock::now();
    if (!co_await pause(std::chrono::milliseconds(ex.env.cfg.ttft_ms))) {
        co_return;
    }
    m.prompt_eval_duration = ns_since(prompt_start);
    const auto eval_start = clock::now();
    if (!co_await emit_tokens(ex, *job, sink, source)) {
        co_return;
    }
    m.eval_duration = ns_since(eval_start);
    m.eval_count = static_cast<std::int64_t>(source.produced());
    m.prompt_eval_count = job->input.prompt_tokens;
    m.total_duration = ns_since(job->started);
    ex.answered = co_await sink.done(source.done_reason(), m);
}

// Counts the end of an admitted stream exactly once, even if the generation throws.
struct stream_guard {
    explicit stream_guard(fake_state& s) : state(s) {}
    stream_guard(const stream_guard&) = delete;
    stream_guard& operator=(const stream_guard&) = delete;
    ~stream_guard() { state.end_stream(cancelled); }

    fake_state& state;
    bool cancelled = false;
};

} // namespace

error busy_error() {
    return make_error(errc::unavailable,
                      "server busy, please try again.  maximum pending requests exceeded");
}

reply load_reply(api_kind kind, std::string_view model, std::string_view done_reason) {
    const line_builder lines(kind, model);
    return json_reply(lines.final_object(final_fields{done_reason, "", ""}));
}

awaitable<void> run_generation(exchange& ex, std::shared_ptr<const generation_job> job) {
    if (job->fault == fault_kind::busy) {
        co_await send_reply(ex, error_reply(busy_error()));
        co_return;
    }
    if (job->fault == fault_kind::server_error) {
        // The runner failed before the first token: a plain HTTP error (streamResponse).
        co_await send_reply(ex, reply{500, content_type::json, error_object(runner_stopped_error)});
        co_return;
    }
    auto& state = ex.env.state;
    if (!state.try_begin_stream(ex.env.cfg.max_queue)) {
        co_await send_reply(ex, error_reply(busy_error()));
        co_return;
    }
    if (job->fault == fault_kind::none) {
        state.touch_loaded(job->spec, keep_alive{defaults::keep_alive, false}, job->context_length);
    }
    stream_guard guard{state};
    // A client may close the moment the last line arrives; only an unfinished answer counts
    // as cancelled. Fault endings are "finished": the server chose to end them.
    guard.cancelled = co_await run_watched(ex, produce(ex, job)) && !ex.answered;
    if (job->fault == fault_kind::none) {
        state.touch_loaded(job->spec, job->ka, job->context_length);
    }
}

} // namespace ollama_arena::fake_ollama
