// api: the blocking pool.
#include "api/blocking.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <exception>

namespace ollama_arena::api {

blocking_pool::blocking_pool(std::unique_ptr<storage::connection_pool> connections,
                             std::size_t threads)
    : connections_(std::move(connections)), threads_(threads) {}

blocking_pool::~blocking_pool() {
    join();
}

void blocking_pool::join() {
    threads_.join();
}

// A plain posted job rather than co_spawn: the job must not be cancellable (a write is
// committed or rolled back, never cut in half), and nothing may ever throw on a pool thread
// (an exception escaping there terminates the process — a client that left mid-request
// used to do exactly that through co_spawn's cancellation). Every outcome, exceptions
// included, travels back to the awaiting coroutine on its own executor.
awaitable<void> blocking_pool::run(std::function<void(storage::database&)> fn) {
    auto initiate = [this](auto handler, std::function<void(storage::database&)> job) {
        auto home = net::get_associated_executor(handler);
        auto work = net::make_work_guard(home);
        net::post(threads_, [connections = connections_, job = std::move(job),
                             handler = std::move(handler), work = std::move(work)]() mutable {
            std::exception_ptr failure;
            try {
                auto db = connections->acquire();
                job(*db);
            } catch (...) {
                failure = std::current_exception(); // handed to the awaiting coroutine
            }
            auto home_executor = work.get_executor();
            net::dispatch(home_executor, [handler = std::move(handler), failure]() mutable {
                std::move(handler)(failure);
            });
        });
    };
    co_await net::async_initiate<decltype(net::use_awaitable), void(std::exception_ptr)>(
        initiate, net::use_awaitable, std::move(fn));
}

} // namespace ollama_arena::api
