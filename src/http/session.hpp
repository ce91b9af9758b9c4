// http layer (internal): one connection's coroutine. Used by server.cpp only.
#pragma once

#include "common/asio.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <cstdint>
#include <memory>

namespace ollama_arena::http::detail {

// What every session reads; owned by the server, outlives every session.
struct shared_state {
    server_config cfg;
    router routes;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> next_request{0};
};

// Serves requests on `socket` until the peer closes, an error, a deadline or shutdown.
// Runs on the socket's strand. `state` is shared ownership (the coroutine is co_spawned).
awaitable<void> run_session(std::shared_ptr<shared_state> state, net::ip::tcp::socket socket);

} // namespace ollama_arena::http::detail
