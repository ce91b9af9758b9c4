// api: the blocking pool.
#include "api/blocking.hpp"

namespace ollama_arena::api {

namespace {

// Runs on a pool thread. Parameters by value (C3): the spawned coroutine owns them.
awaitable<void> on_pool(std::shared_ptr<storage::connection_pool> connections,
                        std::function<void(storage::database&)> fn) {
    auto db = connections->acquire();
    fn(*db);
    co_return;
}

} // namespace

blocking_pool::blocking_pool(std::unique_ptr<storage::connection_pool> connections,
                             std::size_t threads)
    : connections_(std::move(connections)), threads_(threads) {}

blocking_pool::~blocking_pool() {
    join();
}

void blocking_pool::join() {
    threads_.join();
}

awaitable<void> blocking_pool::run(std::function<void(storage::database&)> fn) {
    co_await net::co_spawn(threads_.get_executor(), on_pool(connections_, std::move(fn)),
                           net::use_awaitable);
}

} // namespace ollama_arena::api
