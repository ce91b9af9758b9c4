// fake-ollama: raw HTTP/1.1 response writing and client-disconnect detection.
#include "fake_ollama/http_io.hpp"

#include "fake_ollama/go_json.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/status.hpp>

#include <cstdio>

namespace ollama_arena::fake_ollama {
namespace {

// Go's net/http sends a Content-Length only when the body fits its 2048-byte buffer; larger
// bodies are chunked. Copying this makes clients prove they decode chunked JSON everywhere.
constexpr std::size_t unchunked_limit = 2048;
constexpr std::size_t chunk_size = 4096;
// Pipelined bytes kept while a response is running; beyond this we stop reading (and stop
// detecting disconnects, which no real client triggers).
constexpr std::size_t pipelined_limit = 64U * 1024U;

awaitable<bool> write_all(exchange& ex, std::string_view bytes) {
    auto [ec, n] = co_await net::async_write(ex.stream.socket(), net::buffer(bytes), nothrow);
    if (ec) {
        ex.client_gone = true; // the peer left mid-write: EPIPE, reset or cancellation
        co_return false;
    }
    co_return true;
}

void append_hex_chunk(std::string& out, std::string_view data) {
    char size[20];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    out.append(size, static_cast<std::size_t>(n));
    out += data;
    out += "\r\n";
}

awaitable<void> watch_disconnect(exchange& ex) {
    auto& socket = ex.stream.socket();
    while (ex.buffer.size() < pipelined_limit) {
        auto [ec, n] = co_await socket.async_read_some(ex.buffer.prepare(1024), nothrow);
        if (!ec) {
            ex.buffer.commit(n); // a pipelined request: keep it for the session loop
            continue;
        }
        const auto cs = co_await net::this_coro::cancellation_state;
        if (cs.cancelled() != net::cancellation_type::none) {
            co_return; // the work finished first
        }
        if (ex.socket_closed) {
            break; // the work closed the socket itself (fault-reset)
        }
        ex.client_gone = true; // EOF or reset: the client left
        co_return;
    }
    co_await wait_forever(); // until the work finishes
}

} // namespace

reply error_reply(const error& e) {
    std::string body = "{\"error\":";
    append_quoted(body, e.message);
    body += '}';
    return reply{http_status(e.code), content_type::json_utf8, std::move(body)};
}

reply json_reply(std::string body) {
    return reply{200, content_type::json_utf8, std::move(body)};
}

std::string header_block(const exchange& ex, unsigned status, std::string_view content_type,
                         long long content_length) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " ";
    out += http::obsolete_reason(http::int_to_status(status));
    out += "\r\n";
    if (!content_type.empty()) {
        out += "Content-Type: ";
        out += content_type;
        out += "\r\n";
    }
    out += "Date: " + http_date(wall_time::now()) + "\r\n";
    if (content_length >= 0) {
        out += "Content-Length: " + std::to_string(content_length) + "\r\n";
    } else if (ex.req.version() >= 11) {
        out += "Transfer-Encoding: chunked\r\n";
    }
    if (!ex.keep_alive || ex.close) {
        out += "Connection: close\r\n";
    }
    out += "\r\n";
    return out;
}

awaitable<bool> send_reply(exchange& ex, reply r) {
    const bool chunked = r.body.size() > unchunked_limit && !ex.head && ex.req.version() >= 11;
    const auto length = chunked ? -1LL : static_cast<long long>(r.body.size());
    std::string out = header_block(ex, r.status, r.content_type, length);
    ex.response_started = true;
    if (ex.head) {
        co_return co_await write_all(ex, out);
    }
    if (!chunked) {
        out += r.body;
    } else {
        for (std::size_t at = 0; at < r.body.size(); at += chunk_size) {
            append_hex_chunk(out, std::string_view(r.body).substr(at, chunk_size));
        }
        out += "0\r\n\r\n";
    }
    co_return co_await write_all(ex, out);
}

awaitable<bool> send_truncated(exchange& ex, reply r) {
    ex.close = true;
    std::string out =
        header_block(ex, r.status, r.content_type, static_cast<long long>(r.body.size()));
    ex.response_started = true;
    out += std::string_view(r.body).substr(0, r.body.size() / 2);
    co_return co_await write_all(ex, out);
}

ndjson_stream::ndjson_stream(exchange& ex, std::string_view content_type)
    : ex_(ex), content_type_(content_type), chunked_(ex.req.version() >= 11) {
    if (!chunked_) {
        ex_.close = true; // HTTP/1.0: the end of the body is the end of the connection
    }
}

void ndjson_stream::append_chunk(std::string_view data) {
    if (!ex_.response_started) {
        out_ += header_block(ex_, 200, content_type_, -1);
        ex_.response_started = true;
    }
    if (data.empty()) {
        return; // an empty chunk would end the body
    }
    if (chunked_) {
        append_hex_chunk(out_, data);
    } else {
        out_ += data;
    }
}

awaitable<bool> ndjson_stream::flush() {
    const bool ok = co_await write_all(ex_, out_);
    out_.clear();
    co_return ok;
}

awaitable<bool> ndjson_stream::write(std::string_view line) {
    append_chunk(line);
    co_return co_await flush();
}

awaitable<bool> ndjson_stream::finish(std::string_view last_line) {
    append_chunk(last_line);
    if (chunked_) {
        out_ += "0\r\n\r\n";
    }
    co_return co_await flush();
}

void ndjson_stream::reset() {
    auto& socket = ex_.stream.socket();
    ex_.close = true;
    ex_.socket_closed = true;
    boost::system::error_code ec;
    socket.set_option(net::socket_base::linger(true, 0), ec);
    // Errors are irrelevant here: the point is to drop the connection, and close() always
    // releases the descriptor.
    socket.close(ec);
}

awaitable<bool> run_watched(exchange& ex, awaitable<void> work) {
    using namespace net::experimental::awaitable_operators;
    co_await (std::move(work) || watch_disconnect(ex));
    co_return ex.client_gone;
}

awaitable<bool> pause_until(std::chrono::steady_clock::time_point t) {
    if (t <= std::chrono::steady_clock::now()) {
        co_return true;
    }
    net::steady_timer timer(co_await net::this_coro::executor);
    timer.expires_at(t);
    auto [ec] = co_await timer.async_wait(nothrow);
    co_return !ec;
}

awaitable<bool> pause(std::chrono::steady_clock::duration d) {
    if (d <= std::chrono::steady_clock::duration::zero()) {
        co_return true;
    }
    co_return co_await pause_until(std::chrono::steady_clock::now() + d);
}

awaitable<void> wait_forever() {
    net::steady_timer timer(co_await net::this_coro::executor);
    timer.expires_at(std::chrono::steady_clock::time_point::max());
    auto [ec] = co_await timer.async_wait(nothrow);
    (void)ec; // only cancellation ends this wait; that is its purpose
}

} // namespace ollama_arena::fake_ollama
