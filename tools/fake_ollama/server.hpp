// fake-ollama: the listener and the per-connection session loop (keep-alive, request read
// deadline, body limit). Routing is in routes.hpp; endpoints in handlers_*.cpp.
//
// Thread safety: every connection runs on its own strand; the shared server_env holds an
// immutable config and a mutex-protected fake_state, so any number of threads may run the
// io_context.
#pragma once

#include "common/asio.hpp"
#include "common/result.hpp"
#include "fake_ollama/config.hpp"
#include "fake_ollama/state.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace ollama_arena::fake_ollama {

struct server_env {
    explicit server_env(config c) : cfg(std::move(c)), state(cfg.models) {}

    const config cfg;
    fake_state state;
};

// Binds cfg.host:cfg.port and starts accepting on `ioc`. Returns the bound endpoint
// (the real port when cfg.port is 0). Errors: errc::invalid_request for a bad host,
// errc::unavailable when binding fails. Sessions run until the io_context stops.
result<net::ip::tcp::endpoint> start_server(net::io_context& ioc, std::shared_ptr<server_env> env);

} // namespace ollama_arena::fake_ollama
