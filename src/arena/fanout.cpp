// arena: fan-out over a bounded channel, with one cancellation scope for all upstreams.
#include "arena/fanout.hpp"

#include "common/channel.hpp"
#include "common/log.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <utility>

namespace ollama_arena::arena {

namespace {

using clock = std::chrono::steady_clock;
using event_channel = channel<void(boost::system::error_code, event)>;

double seconds(std::int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}
double since(clock::time_point t) {
    return std::chrono::duration<double>(clock::now() - t).count();
}
double round_to(double v, double scale) {
    return std::round(v * scale) / scale;
}

// Shared by the workers and the consumer; lives on the request's strand.
struct fanout_state {
    fanout_state(net::any_io_executor ex, ollama::client c, std::vector<slot_request> s)
        : client(std::move(c)), slots(std::move(s)), events(ex, limits::event_queue) {}
    ollama::client client;
    std::vector<slot_request> slots;
    event_channel events;
    std::size_t next_slot = 0;
};

// One slot's first-token clock, written by its chunk handler.
struct slot_clock {
    clock::time_point started = clock::now();
    double ttft_s = -1;
};

// Queues `ev` for the consumer. While the channel has room the event is handed over at
// once; only a full channel (the client reads slower than the upstreams write) suspends.
awaitable<void> send_event(fanout_state& st, event ev) {
    if (st.events.try_send(boost::system::error_code{}, std::move(ev)))
        co_return; // try_send leaves `ev` untouched when it fails
    co_await st.events.async_send(boost::system::error_code{}, std::move(ev), net::use_awaitable);
}

awaitable<void> run_slot(std::shared_ptr<fanout_state> st, std::size_t index) {
    auto timing = std::make_shared<slot_clock>();
    // A chunk is the text of one upstream read (ollama::chat_chunk): one event each.
    auto on_chunk = [st, index, timing](const ollama::chat_chunk& chunk) -> awaitable<void> {
        if (chunk.content.empty())
            co_return;
        if (timing->ttft_s < 0)
            timing->ttft_s = since(timing->started);
        event ev{index, token_event{std::string(chunk.content)}};
        if (st->events.try_send(boost::system::error_code{}, std::move(ev)))
            co_return; // no nested coroutine on the common path
        co_await st->events.async_send(boost::system::error_code{}, std::move(ev),
                                       net::use_awaitable);
    };
    auto outcome = co_await st->client.chat_stream(st->slots[index].req, on_chunk);
    event last{index, error_event{}};
    if (outcome) {
        const double total = since(timing->started);
        last.what =
            done_event{make_metrics(*outcome, timing->ttft_s < 0 ? total : timing->ttft_s, total)};
    } else {
        last.what = error_event{outcome.error()};
    }
    co_await send_event(*st, std::move(last));
}

// One of max_concurrent workers: takes the next slot until none is left.
awaitable<void> worker(std::shared_ptr<fanout_state> st) {
    while (st->next_slot < st->slots.size()) {
        const std::size_t index = st->next_slot++;
        co_await run_slot(st, index);
    }
}

awaitable<void> run_workers(std::shared_ptr<fanout_state> st, std::size_t count) {
    auto ex = co_await net::this_coro::executor;
    using op_type = decltype(net::co_spawn(ex, worker(st), net::deferred));
    std::vector<op_type> ops;
    ops.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        ops.push_back(net::co_spawn(ex, worker(st), net::deferred));
    }
    auto [order, errors] = co_await net::experimental::make_parallel_group(std::move(ops))
                               .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
    (void)order;
    for (const auto& e : errors) {
        // A worker only throws when cancelled while handing over an event: nothing to report.
        if (e)
            log::debug("fan-out worker ended by cancellation");
    }
}

// The next event: taken at once when one is queued (no suspension per event while the
// upstreams are ahead of the writer), else awaited. Nothing once the consumer is cancelled.
awaitable<std::optional<event>> next_event(fanout_state& st) {
    std::optional<event> ev;
    st.events.try_receive([&ev](boost::system::error_code ec, event e) {
        if (!ec)
            ev = std::move(e);
    });
    const auto cancelled = (co_await net::this_coro::cancellation_state).cancelled();
    if (cancelled != net::cancellation_type::none)
        co_return std::nullopt;
    if (ev)
        co_return ev;
    auto [ec, e] = co_await st.events.async_receive(nothrow);
    if (ec)
        co_return std::nullopt;
    co_return std::move(e);
}

// Cancels the workers when the consumer leaves, however it leaves.
struct stop_on_exit {
    std::shared_ptr<net::cancellation_signal> signal;
    ~stop_on_exit() { signal->emit(net::cancellation_type::terminal); }
};

} // namespace

metrics make_metrics(const ollama::final_stats& stats, double ttft_s, double total_s) {
    metrics m;
    m.tokens = stats.eval_count;
    m.duration_s = round_to(seconds(stats.eval_duration_ns), 1e4);
    m.tokens_per_sec =
        stats.eval_duration_ns > 0
            ? round_to(static_cast<double>(stats.eval_count) / seconds(stats.eval_duration_ns), 100)
            : 0.0;
    m.ttft_s = round_to(ttft_s, 1e4);
    m.total_s = round_to(total_s, 1e4);
    m.prompt_tokens = stats.prompt_eval_count;
    m.prompt_tokens_per_sec = stats.prompt_eval_duration_ns > 0
                                  ? round_to(static_cast<double>(stats.prompt_eval_count) /
                                                 seconds(stats.prompt_eval_duration_ns),
                                             100)
                                  : 0.0;
    m.load_s = round_to(seconds(stats.load_duration_ns), 1e4);
    m.done_reason = stats.done_reason;
    return m;
}

awaitable<void> run_fanout(ollama::client client, std::vector<slot_request> slots,
                           std::size_t max_concurrent, event_sink sink) {
    if (slots.empty())
        co_return;
    auto ex = co_await net::this_coro::executor;
    const std::size_t total = slots.size();
    auto st = std::make_shared<fanout_state>(ex, std::move(client), std::move(slots));
    auto signal = std::make_shared<net::cancellation_signal>();
    const std::size_t workers = std::max<std::size_t>(1, std::min(max_concurrent, total));
    net::co_spawn(ex, run_workers(st, workers),
                  net::bind_cancellation_slot(signal->slot(), [st, signal](std::exception_ptr e) {
                      if (e)
                          log::debug("fan-out ended by cancellation");
                  }));
    stop_on_exit stopper{signal};
    std::size_t ended = 0;
    while (ended < total) {
        auto ev = co_await next_event(*st);
        if (!ev)
            co_return; // cancelled: the stopper cancels every upstream
        if (!std::holds_alternative<token_event>(ev->what))
            ++ended;
        // Before the sink writes, let every completion already queued run once: upstream
        // reads that finished in the meantime add their events to this write. Idle, that is
        // one pass through the queue (microseconds); loaded, it merges many lines per write.
        if (!st->events.ready())
            co_await net::post(net::use_awaitable);
        if (!co_await sink(*ev, st->events.ready()))
            co_return;
    }
}

} // namespace ollama_arena::arena
