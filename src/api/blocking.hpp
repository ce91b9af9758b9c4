// api: the off-network-thread executor for blocking work — a small thread pool with one
// borrowed SQLite connection per call (style.md §3.4 C8). Handlers co_await it; the network
// threads never run SQLite or a leaderboard fit.
//
// Ownership: created by app/ at start-up, shared through the api context; join() before the
// io_context is destroyed (pending calls finish first) and before the database closes.
// Thread safety: call() may be used from any coroutine on any thread.
// Cancellation: a call that has started runs to completion on its pool thread (a write is
// then committed or rolled back, never cut in half); the awaiting coroutine resumes when it
// ends. Exceptions thrown by the function reach the awaiting coroutine.
#pragma once

#include "common/asio.hpp"
#include "storage/connection_pool.hpp"

#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace ollama_arena::api {

namespace defaults {
inline constexpr std::size_t blocking_threads = 2; // = connections; 2 cores on the target
} // namespace defaults

class blocking_pool {
public:
    blocking_pool(std::unique_ptr<storage::connection_pool> connections, std::size_t threads);
    ~blocking_pool();
    blocking_pool(const blocking_pool&) = delete;
    blocking_pool& operator=(const blocking_pool&) = delete;

    // Runs fn(db) on a pool thread with a borrowed connection; returns what it returns.
    template <class F>
    awaitable<std::invoke_result_t<F&, storage::database&>> call(F fn) {
        using out_type = std::invoke_result_t<F&, storage::database&>;
        auto out = std::make_shared<std::optional<out_type>>();
        co_await run(
            [out, fn = std::move(fn)](storage::database& db) mutable { out->emplace(fn(db)); });
        co_return std::move(**out);
    }

    // Waits for every queued call, then stops the threads.
    void join();

private:
    awaitable<void> run(std::function<void(storage::database&)> fn);

    std::shared_ptr<storage::connection_pool> connections_;
    net::thread_pool threads_;
};

} // namespace ollama_arena::api
