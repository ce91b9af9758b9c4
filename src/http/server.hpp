// http layer: the HTTP/1.1 server — accept loop, one coroutine per connection on its own
// strand, guards, routing, deadlines, graceful shutdown. Knows nothing of Ollama or the arena.
//
// Thread safety: construct, listen() and start() from one thread before io_context::run;
// shutdown() may be called from any thread (it posts its work).
#pragma once

#include "common/result.hpp"
#include "http/router.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ollama_arena::http {

namespace limits {
inline constexpr std::size_t body_bytes = 8U * 1024U * 1024U; // 413 beyond
inline constexpr std::size_t header_bytes = 64U * 1024U;      // 431-like 400 beyond
} // namespace limits

struct server_config {
    std::string bind_address = "127.0.0.1";
    std::uint16_t port = 7860; // 0 = ephemeral
    std::string auth_token;    // empty = no authentication
    std::vector<std::string> allowed_hosts;
    std::string cors_origin; // empty = CORS off
    std::size_t body_limit = limits::body_bytes;
    // Threads running the io_context. With one, handlers are serialised already and each
    // connection runs on the plain executor; with more, each connection gets a strand.
    unsigned threads = 1;
    // Named deadlines (style C1).
    std::chrono::milliseconds timeout_idle{std::chrono::seconds(75)}; // keep-alive idle
    std::chrono::milliseconds timeout_request_read{std::chrono::seconds(30)};
    std::chrono::milliseconds timeout_client_write{std::chrono::seconds(30)};
    std::chrono::milliseconds timeout_shutdown{std::chrono::seconds(4)};
};

class server {
public:
    server(net::io_context& ioc, server_config cfg, router routes);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Binds and listens. Fails with a clear message when the address is in use or invalid.
    result<std::uint16_t> listen();
    // Starts accepting (after listen()).
    void start();
    // Stops accepting, cancels every in-flight request (streams end with an error line) and
    // closes idle connections. `on_drained` runs (on some network thread) once the last
    // connection has ended. The caller bounds the wait (timeout_shutdown).
    void shutdown(std::function<void()> on_drained = {});

    std::size_t active_connections() const noexcept;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

} // namespace ollama_arena::http
