// fake-ollama: accept loop and HTTP/1.1 session loop.
#include "fake_ollama/server.hpp"

#include "common/log.hpp"
#include "fake_ollama/http_io.hpp"
#include "fake_ollama/routes.hpp"

#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <exception>
#include <string>

namespace ollama_arena::fake_ollama {
namespace {

using tcp = net::ip::tcp;
using request_parser = http::request_parser<http::string_body>;

// Logs a coroutine that ended with an exception; never rethrows into the io_context.
auto log_completion(std::string_view what) {
    return [what](const std::exception_ptr& e) {
        if (!e) {
            return;
        }
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& x) {
            log::error("{} failed: {}", what, x.what());
        }
    };
}

// Answers a request we could not parse the way Go's net/http does, then closes.
awaitable<void> reject(beast::tcp_stream& stream, std::string_view status_line) {
    std::string out = "HTTP/1.1 ";
    out += status_line;
    out += "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";
    out += status_line;
    auto [ec, n] = co_await net::async_write(stream.socket(), net::buffer(out), nothrow);
    (void)ec; // the connection is closed next either way
}

bool expects_continue(const request_parser& parser) {
    return beast::iequals(parser.get()[http::field::expect], "100-continue");
}

// Reads one request (header deadline, 100-continue, body limit). False: close the session.
awaitable<bool> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                             request_parser& parser) {
    parser.body_limit(defaults::body_limit);
    parser.header_limit(static_cast<std::uint32_t>(defaults::header_limit));
    stream.expires_after(defaults::timeout_request_read);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, nothrow);
    if (!ec && expects_continue(parser) && !parser.is_done()) {
        const std::string_view cont = "HTTP/1.1 100 Continue\r\n\r\n";
        std::tie(ec, n) = co_await net::async_write(stream.socket(), net::buffer(cont), nothrow);
    }
    if (!ec && !parser.is_done()) {
        std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, nothrow);
    }
    stream.expires_never();
    if (ec == http::error::body_limit) {
        co_await reject(stream, "413 Request Entity Too Large");
    } else if (ec == http::error::header_limit) {
        co_await reject(stream, "431 Request Header Fields Too Large");
    } else if (ec && ec.category() == http::make_error_code(http::error::bad_method).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message) {
        co_await reject(stream, "400 Bad Request");
    }
    co_return !ec; // EOF, timeout and resets just end the connection
}

awaitable<void> run_session(tcp::socket socket, std::shared_ptr<server_env> env) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        request_parser parser;
        if (!co_await read_request(stream, buffer, parser)) {
            break;
        }
        const auto req = parser.release();
        const auto target = std::string_view(req.target());
        exchange ex{stream, buffer, req, *env, target.substr(0, target.find('?'))};
        ex.keep_alive = req.keep_alive();
        ex.head = req.method() == http::verb::head;
        co_await dispatch(ex);
        if (ex.close || ex.client_gone || !ex.keep_alive) {
            break;
        }
    }
    boost::system::error_code ec;
    // Half-close so the client reads our last bytes before the FIN; failures (the peer is
    // already gone) change nothing.
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

void admit(tcp::socket socket, const std::shared_ptr<server_env>& env) {
    // Go's net/http sets TCP_NODELAY on every connection; without it the small final
    // chunk of a response waits for a delayed ACK (~40 ms) on reused connections.
    boost::system::error_code nodelay_ec; // an optimisation only: failing is harmless
    socket.set_option(tcp::no_delay(true), nodelay_ec);
    const auto executor = socket.get_executor();
    net::co_spawn(executor, run_session(std::move(socket), env), log_completion("session"));
}

awaitable<void> accept_loop(tcp::acceptor acceptor, std::shared_ptr<server_env> env) {
    for (;;) {
        auto [ec, socket] =
            co_await acceptor.async_accept(net::make_strand(acceptor.get_executor()), nothrow);
        if (ec == net::error::operation_aborted) {
            co_return;
        }
        if (ec) {
            log::warn("accept failed: {}", ec.message());
            co_await pause(std::chrono::milliseconds(50)); // e.g. EMFILE: do not spin
            continue;
        }
        admit(std::move(socket), env);
        // Go's accept loop is its own goroutine, woken by the netpoller as soon as clients
        // wait; here the connections already in the backlog are taken at once (bounded)
        // instead of one per pass through a busy event queue.
        boost::system::error_code batch_ec;
        acceptor.non_blocking(true, batch_ec);
        for (int i = 0; i < 64 && !batch_ec; ++i) {
            tcp::socket next(net::make_strand(acceptor.get_executor()));
            acceptor.accept(next, batch_ec); // would_block ends the batch
            if (!batch_ec) {
                admit(std::move(next), env);
            }
        }
    }
}

} // namespace

result<tcp::endpoint> start_server(net::io_context& ioc, std::shared_ptr<server_env> env) {
    boost::system::error_code ec;
    const std::string host = env->cfg.host == "localhost" ? "127.0.0.1" : env->cfg.host;
    const auto address = net::ip::make_address(host, ec);
    if (ec) {
        return make_error(errc::invalid_request, "invalid --host '" + env->cfg.host + "'",
                          ec.message());
    }
    // The acceptor is used by the accept loop only, so it needs no strand; each accepted
    // socket gets its own strand on the plain io_context executor (never a nested one).
    tcp::acceptor acceptor(ioc.get_executor());
    const tcp::endpoint wanted(address, env->cfg.port);
    acceptor.open(wanted.protocol(), ec);
    if (!ec) {
        acceptor.set_option(net::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor.bind(wanted, ec);
    }
    if (!ec) {
        acceptor.listen(net::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return make_error(errc::unavailable,
                          "cannot listen on " + env->cfg.host + ":" + std::to_string(env->cfg.port),
                          ec.message());
    }
    const auto bound = acceptor.local_endpoint();
    const auto executor = acceptor.get_executor();
    net::co_spawn(executor, accept_loop(std::move(acceptor), std::move(env)),
                  log_completion("accept loop"));
    return bound;
}

} // namespace ollama_arena::fake_ollama
