// http layer: listening socket, accept loop, the registry of live sessions for shutdown.
#include "http/server.hpp"

#include "common/log.hpp"
#include "http/session.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <map>
#include <mutex>

#include <malloc.h>

namespace ollama_arena::http {

using tcp = net::ip::tcp;

struct server::impl : std::enable_shared_from_this<server::impl> {
    struct live_session {
        net::any_io_executor strand;
        std::shared_ptr<net::cancellation_signal> cancel;
    };

    impl(net::io_context& ctx, server_config cfg, router routes)
        : ioc(ctx), acceptor(ctx), state(std::make_shared<detail::shared_state>()) {
        state->cfg = std::move(cfg);
        state->routes = std::move(routes);
    }

    net::io_context& ioc;
    tcp::acceptor acceptor;
    std::shared_ptr<detail::shared_state> state;
    mutable std::mutex mutex; // guards sessions and next_session
    std::map<std::uint64_t, live_session> sessions;
    std::uint64_t next_session = 0;
    std::function<void()> on_drained; // set by shutdown(), called once

    // Call with `mutex` held.
    void notify_if_drained() {
        if (state->stopping && sessions.empty() && on_drained) {
            auto fn = std::move(on_drained);
            on_drained = nullptr;
            net::post(acceptor.get_executor(), std::move(fn));
        }
    }

    void spawn_session(tcp::socket socket) {
        auto strand = socket.get_executor();
        auto cancel = std::make_shared<net::cancellation_signal>();
        std::uint64_t id = 0;
        {
            std::lock_guard lock(mutex);
            id = ++next_session;
            sessions.emplace(id, live_session{strand, cancel});
        }
        auto self = shared_from_this();
        net::co_spawn(strand, detail::run_session(state, std::move(socket)),
                      net::bind_cancellation_slot(cancel->slot(),
                                                  [self, id, cancel](const std::exception_ptr& e) {
                                                      self->forget(id, e);
                                                  }));
    }

    void forget(std::uint64_t id, const std::exception_ptr& e) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                log::error("connection failed: {}", ex.what());
            }
        }
        bool idle = false;
        {
            std::lock_guard lock(mutex);
            sessions.erase(id);
            notify_if_drained();
            idle = sessions.empty();
        }
        // A burst of connections leaves freed memory in malloc's arenas; hand it back to the
        // system once the last connection is gone, so an idle arena stays small.
        if (idle)
            ::malloc_trim(0);
    }

    static awaitable<void> accept_loop(std::shared_ptr<impl> self) {
        for (;;) {
            auto [ec, socket] =
                co_await self->acceptor.async_accept(self->connection_executor(), nothrow);
            if (self->state->stopping || ec == net::error::operation_aborted)
                co_return;
            if (ec) {
                // Out of descriptors or a transient failure: pause briefly instead of spinning.
                log::warn("accept failed: {}", ec.message());
                net::steady_timer pause(self->ioc, std::chrono::milliseconds(50));
                co_await pause.async_wait(nothrow);
                continue;
            }
            self->admit(std::move(socket));
            self->admit_waiting();
        }
    }

    // A strand only when several threads run the io_context: a strand costs a lock and a
    // queue hop on every completion, measurable at hundreds of thousands of lines a second.
    net::any_io_executor connection_executor() {
        if (state->cfg.threads > 1)
            return net::make_strand(ioc);
        return ioc.get_executor();
    }

    void admit(tcp::socket socket) {
        boost::system::error_code ignored; // Nagle off is an optimisation, not a must
        socket.set_option(tcp::no_delay(true), ignored);
        spawn_session(std::move(socket));
    }

    // Takes the connections already waiting in the backlog without going back through the
    // event queue for each: under load one pass of the queue can take milliseconds, and a
    // burst of clients would otherwise be admitted one per pass. Bounded so the accept loop
    // never starves the connections it already has.
    void admit_waiting() {
        constexpr int max_batch = 64;
        boost::system::error_code ec;
        acceptor.non_blocking(true, ec);
        for (int i = 0; i < max_batch && !ec; ++i) {
            tcp::socket socket(connection_executor());
            acceptor.accept(socket, ec); // would_block ends the batch; other errors surface
            if (!ec)                     // on the next async_accept
                admit(std::move(socket));
        }
    }
};

server::server(net::io_context& ioc, server_config cfg, router routes)
    : impl_(std::make_shared<impl>(ioc, std::move(cfg), std::move(routes))) {}

server::~server() = default;

result<std::uint16_t> server::listen() {
    const auto& cfg = impl_->state->cfg;
    boost::system::error_code ec;
    const auto address = net::ip::make_address(cfg.bind_address, ec);
    if (ec) {
        return make_error(errc::invalid_request,
                          "WEB_BIND: '" + cfg.bind_address + "' is not an IP address");
    }
    const tcp::endpoint where(address, cfg.port);
    auto& acceptor = impl_->acceptor;
    acceptor.open(where.protocol(), ec);
    if (!ec)
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(where, ec);
    if (!ec)
        acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        const auto what = cfg.bind_address + ":" + std::to_string(cfg.port);
        if (ec == net::error::address_in_use) {
            return make_error(errc::unavailable, "port " + std::to_string(cfg.port) +
                                                     " is already in use on " + cfg.bind_address +
                                                     " (choose another with --port or WEB_PORT)");
        }
        return make_error(errc::unavailable, "cannot listen on " + what + ": " + ec.message());
    }
    return acceptor.local_endpoint().port();
}

void server::start() {
    auto self = impl_;
    net::co_spawn(impl_->acceptor.get_executor(), impl::accept_loop(self),
                  [](const std::exception_ptr& e) {
                      if (!e)
                          return;
                      try {
                          std::rethrow_exception(e);
                      } catch (const std::exception& ex) {
                          log::error("accept loop failed: {}", ex.what());
                      }
                  });
}

void server::shutdown(std::function<void()> on_drained) {
    auto self = impl_;
    net::post(impl_->acceptor.get_executor(), [self, fn = std::move(on_drained)]() mutable {
        self->state->stopping = true;
        boost::system::error_code ignored; // closing an acceptor cannot fail in a useful way
        self->acceptor.close(ignored);
        std::lock_guard lock(self->mutex);
        self->on_drained = std::move(fn);
        self->notify_if_drained();
        for (const auto& [id, s] : self->sessions) {
            net::post(s.strand,
                      [cancel = s.cancel] { cancel->emit(net::cancellation_type::terminal); });
        }
    });
}

std::size_t server::active_connections() const noexcept {
    std::lock_guard lock(impl_->mutex);
    return impl_->sessions.size();
}

} // namespace ollama_arena::http
