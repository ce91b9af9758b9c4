// http layer: one connection — read a request (with deadlines and limits), guard it, route
// it, run its handler while watching the peer, log it; repeat while keep-alive.
#include "http/session.hpp"

#include "common/json.hpp"
#include "common/log.hpp"
#include "http/guards.hpp"
#include "http/session_exchange.hpp"

#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace ollama_arena::http::detail {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {

// Bytes a client may pipeline while a response is still being produced; past this we stop
// reading ahead (and so stop noticing a disconnect early) rather than grow memory.
constexpr std::size_t max_read_ahead = 1U << 20U;

method to_method(bhttp::verb v) {
    switch (v) {
    case bhttp::verb::get:
        return method::get;
    case bhttp::verb::head:
        return method::head;
    case bhttp::verb::post:
        return method::post;
    case bhttp::verb::put:
        return method::put;
    case bhttp::verb::delete_:
        return method::delete_;
    case bhttp::verb::patch:
        return method::patch;
    case bhttp::verb::options:
        return method::options;
    default:
        return method::other;
    }
}

std::string make_request_id(std::uint64_t n) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(n));
    return buf;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

result<request> to_request(bhttp::request<bhttp::string_body>& msg, std::string id) {
    request req;
    req.verb = to_method(msg.method());
    req.target = std::string(msg.target());
    const auto q = req.target.find('?');
    auto path = percent_decode(std::string_view(req.target).substr(0, q), false);
    if (!path || path->empty() || path->front() != '/' || path->find('\0') != std::string::npos) {
        return make_error(errc::invalid_request, "Invalid request path");
    }
    req.path = std::move(*path);
    if (q != std::string::npos)
        req.query = req.target.substr(q + 1);
    for (const auto& field : msg) {
        req.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    }
    req.body = std::move(msg.body());
    req.request_id = std::move(id);
    return req;
}

// Completes when the peer closes or resets the connection (or when cancelled). Bytes the
// client sends meanwhile (a pipelined request) are kept in `buffer` for the next read.
// `peer_closed` records an end of file or error even when the handler finished first: the
// socket reports it only once (edge-triggered), so a later read would wait for the idle
// deadline instead of seeing it. Reference parameters are safe: the caller awaits the group
// holding this coroutine.
awaitable<void> watch_peer(tcp::socket& socket, beast::flat_buffer& buffer, bool& peer_closed) {
    while (buffer.size() < max_read_ahead) {
        auto space = buffer.prepare(4096);
        auto [ec, n] = co_await socket.async_read_some(space, nothrow);
        if (ec) {
            peer_closed = ec != net::error::operation_aborted;
            co_return;
        }
        buffer.commit(n);
    }
    net::steady_timer forever(socket.get_executor(), net::steady_timer::time_point::max());
    co_await forever.async_wait(nothrow);
}

awaitable<void> invoke(const handler& fn, session_exchange& ex) {
    co_await fn(ex);
}

// Answers a handler that failed with an exception: an in-band error line when the stream
// had started, else a 500 (503 while shutting down). The caller has reset the cancellation
// state, so these writes are not refused.
awaitable<void> answer_failure(session_exchange& ex, const std::string& what, bool stopping) {
    if (ex.stream_open()) {
        json::object line;
        line["type"] = "error";
        line["done"] = true;
        line["error"] = what;
        (void)co_await ex.write_line(json::to_string(line));
        (void)co_await ex.close_stream();
        ex.force_close();
    } else if (!ex.responded()) {
        co_await ex.respond(
            stopping ? error_response(errc::unavailable, "Server shutting down")
                     : error_response(errc::internal, "An unexpected error occurred", what));
    }
}

std::string describe(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const boost::system::system_error& se) {
        if (se.code() == net::error::operation_aborted)
            return "request cancelled";
        return se.what();
    } catch (const std::exception& ex) {
        return ex.what();
    }
}

// Runs the handler while watching the peer; a peer that leaves cancels the handler at once.
awaitable<void> run_handler(const handler& fn, session_exchange& ex, tcp::socket& socket,
                            beast::flat_buffer& buffer, const shared_state& state) {
    auto executor = co_await net::this_coro::executor;
    bool peer_closed = false;
    auto [order, handler_error, watch_error] =
        co_await net::experimental::make_parallel_group(
            net::co_spawn(executor, invoke(fn, ex), net::deferred),
            net::co_spawn(executor, watch_peer(socket, buffer, peer_closed), net::deferred))
            .async_wait(net::experimental::wait_for_one(), net::use_awaitable);
    (void)watch_error; // the watcher reports through peer_closed and its order, not errors
    if (peer_closed)
        ex.force_close(); // never wait for another request on a closed socket
    if (order[0] == 1) {
        // The client left first: the handler was cancelled and nobody is listening.
        ex.force_close();
        co_return;
    }
    // A cancelled coroutine refuses further awaits until its cancellation state is reset.
    co_await net::this_coro::reset_cancellation_state();
    if (handler_error) {
        const bool stopping = state.stopping;
        const auto what = stopping ? std::string("server shutting down") : describe(handler_error);
        log::warn("req={} handler failed: {}", ex.req().request_id, what);
        co_await answer_failure(ex, what, stopping);
        co_return;
    }
    if (!ex.responded()) {
        co_await ex.respond(error_response(errc::internal, "An unexpected error occurred",
                                           "the handler produced no response"));
    }
}

// Guards and routing; returns the handler to run, or answers the request itself.
awaitable<const handler*> route(session_exchange& ex, const shared_state& state) {
    const auto& req = ex.req();
    const auto& cfg = state.cfg;
    if (!host_allowed(req.header("host"), cfg.bind_address, cfg.allowed_hosts)) {
        co_await ex.respond(
            error_response(errc::forbidden, "Host not allowed",
                           "the Host header must name this machine; add it with --allow-host"));
        co_return nullptr;
    }
    if (req.verb == method::options && !cfg.cors_origin.empty()) {
        response res{204, "text/plain", {}, {}};
        res.headers.emplace_back("Access-Control-Allow-Methods",
                                 "GET, POST, PATCH, DELETE, OPTIONS");
        res.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type");
        res.headers.emplace_back("Access-Control-Max-Age", "600");
        co_await ex.respond(std::move(res));
        co_return nullptr;
    }
    auto m = state.routes.find(req.verb, req.path);
    if (m.fallback != nullptr)
        co_return m.fallback;
    if (m.found == nullptr) {
        co_await ex.respond(m.failure == errc::method_not_allowed
                                ? error_response(errc::method_not_allowed, "Method not allowed")
                                : error_response(errc::not_found, "Resource not found"));
        co_return nullptr;
    }
    if (!cfg.auth_token.empty() && m.found->who == access::token) {
        if (auto denied = check_bearer(req.header("authorization"), cfg.auth_token)) {
            co_await ex.respond(error_response(*denied));
            co_return nullptr;
        }
    }
    ex.set_path_params(std::move(m.params));
    co_return &m.found->fn;
}

void log_done(const session_exchange& ex, std::chrono::steady_clock::time_point started) {
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    const auto& req = ex.req();
    if (ex.lines_written() > 0) {
        log::info("req={} {} {} {} lines={} {:.1f}ms", req.request_id, method_name(req.verb),
                  req.path, ex.status(), ex.lines_written(), ms);
    } else {
        log::info("req={} {} {} {} {:.1f}ms", req.request_id, method_name(req.verb), req.path,
                  ex.status(), ms);
    }
}

// Sends a final error response for a request that could not be read, then closes.
awaitable<void> reject(beast::tcp_stream& stream, shared_state& state, errc code,
                       std::string message, std::string details) {
    request req;
    req.request_id = make_request_id(++state.next_request);
    session_exchange ex(stream, std::move(req), false, 11, state.cfg);
    co_await ex.respond(error_response(code, std::move(message), std::move(details)));
    log::info("req={} rejected: {} {}", ex.req().request_id, ex.status(), code_name(code));
}

} // namespace

namespace {

enum class read_outcome { ok, closed, rejected };

// Reads one request: header (idle deadline), a 100 Continue when asked, then the body
// (request deadline). Answers 400/413 itself for unreadable requests.
awaitable<read_outcome> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                     bhttp::request_parser<bhttp::string_body>& parser,
                                     shared_state& state) {
    const auto& cfg = state.cfg;
    parser.header_limit(static_cast<std::uint32_t>(limits::header_bytes));
    parser.body_limit(cfg.body_limit);
    stream.expires_after(cfg.timeout_idle);
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, nothrow);
    if (!ec && !parser.is_done()) {
        if (lower(parser.get()[bhttp::field::expect]) == "100-continue") {
            static constexpr std::string_view cont = "HTTP/1.1 100 Continue\r\n\r\n";
            stream.expires_after(cfg.timeout_client_write);
            std::tie(ec, n) = co_await net::async_write(stream, net::buffer(cont), nothrow);
        }
        if (!ec) {
            stream.expires_after(cfg.timeout_request_read);
            std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, nothrow);
        }
    }
    if (!ec)
        co_return read_outcome::ok;
    if (ec == bhttp::error::body_limit) {
        co_await reject(stream, state, errc::payload_too_large, "Request body too large",
                        "the limit is " + std::to_string(cfg.body_limit) + " bytes");
        co_return read_outcome::rejected;
    }
    if (ec == bhttp::error::header_limit) {
        co_await reject(stream, state, errc::invalid_request, "Request header too large", {});
        co_return read_outcome::rejected;
    }
    const bool quiet = ec == bhttp::error::end_of_stream || ec == net::error::eof ||
                       ec == beast::error::timeout || ec == net::error::operation_aborted ||
                       ec == net::error::connection_reset || ec == bhttp::error::partial_message;
    if (!quiet) {
        co_await reject(stream, state, errc::invalid_request, "Malformed HTTP request",
                        ec.message());
        co_return read_outcome::rejected;
    }
    co_return read_outcome::closed;
}

// One request/response; returns whether the connection may serve another request.
awaitable<bool> serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                          bhttp::request<bhttp::string_body> msg, shared_state& state) {
    const auto started = std::chrono::steady_clock::now();
    const bool keep_alive = msg.keep_alive();
    const unsigned version = msg.version();
    auto req = to_request(msg, make_request_id(++state.next_request));
    if (!req) {
        co_await reject(stream, state, req.error().code, req.error().message, {});
        co_return false;
    }
    session_exchange ex(stream, std::move(*req), keep_alive, version, state.cfg);
    if (const handler* fn = co_await route(ex, state)) {
        co_await run_handler(*fn, ex, stream.socket(), buffer, state);
    }
    log_done(ex, started);
    co_return ex.keep_alive() && !state.stopping;
}

} // namespace

namespace {

// Lingering close after a rejected request: the client may still be sending a body we
// refused (413); reading and discarding it for a moment lets it finish and read our answer
// instead of failing its write with a reset.
awaitable<void> linger(beast::tcp_stream& stream) {
    constexpr auto linger_time = std::chrono::seconds(2);
    constexpr std::size_t linger_bytes = 64U << 20U;
    boost::system::error_code ignored; // the peer may already be gone; nothing to report
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(linger_time);
    std::array<char, 65536> sink{};
    std::size_t drained = 0;
    while (drained < linger_bytes) {
        auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), nothrow);
        if (ec)
            break;
        drained += n;
    }
}

} // namespace

awaitable<void> run_session(std::shared_ptr<shared_state> state, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        const auto outcome = co_await read_request(stream, buffer, parser, *state);
        if (outcome == read_outcome::rejected)
            co_await linger(stream);
        if (outcome != read_outcome::ok)
            break;
        const bool again = co_await serve_one(stream, buffer, parser.release(), *state);
        if (!again)
            break;
    }
    boost::system::error_code ignored; // the peer may already be gone; nothing to report
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
}

} // namespace ollama_arena::http::detail
