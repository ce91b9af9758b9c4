// ollama (internal): HTTP/1.1 exchanges with Ollama over pooled keep-alive connections, with a
// deadline on every read and write. Included only by src/ollama/*.cpp: it pulls in Beast.
#pragma once

#include "common/asio.hpp"
#include "common/io_watchdog.hpp"
#include "common/result.hpp"
#include "ollama/chunked_decoder.hpp"
#include "ollama/endpoint.hpp"
#include "ollama/ndjson_splitter.hpp"
#include "ollama/timeouts.hpp"
#include "ollama/upstream_errors.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ollama_arena::ollama::detail {

namespace beast = boost::beast;
namespace http = beast::http;
using clock = std::chrono::steady_clock;
using request = http::request<http::string_body>;
using tcp = net::ip::tcp;

// One keep-alive connection: the socket and the bytes read past the last response.
struct connection {
    explicit connection(const net::any_io_executor& ex) : stream(ex) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
};

// Idle connections, most recently used last. Thread safety: every member is safe to call
// concurrently (one mutex).
class connection_pool {
public:
    explicit connection_pool(std::size_t capacity) : capacity_(capacity) {}
    std::unique_ptr<connection> take();
    // Keeps `c` for reuse, or closes it when the pool is full.
    void put(std::unique_ptr<connection> c);
    std::size_t idle() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<connection>> idle_;
    std::size_t capacity_;
};

// What the client shares between calls.
struct transport {
    transport(net::any_io_executor executor, endpoint e, timeouts t, std::size_t pool_capacity)
        : ex(std::move(executor)), ep(std::move(e)), limits(t), pool(pool_capacity) {}
    net::any_io_executor ex;
    endpoint ep;
    timeouts limits;
    connection_pool pool;
    std::atomic<std::size_t> connections_opened{0};
};

// An absolute deadline and the limit it stands for (to name it in a timeout error).
struct deadline {
    clock::time_point at = clock::time_point::max();
    deadline_kind kind = deadline_kind::idle;
    std::chrono::milliseconds limit{0};
};

// The deadlines of one call, started when the call starts.
class call_budget {
public:
    // chat/pull: connect, first_byte and idle per step, all capped by total (if non-zero).
    static call_budget generation(const timeouts& t);
    // tags/ps/show/version/remove: connect per step, everything capped by t.metadata.
    static call_budget metadata(const timeouts& t);
    // The deadline of the next step of `kind` (connect, send, first_byte or idle).
    deadline next(deadline_kind kind) const;

private:
    timeouts limits_;
    std::optional<deadline> whole_;
    bool metadata_ = false;
};

// Awaits `work` until `at`: its result when it ends first; `late` at once when `at` passes
// first, while the work runs on to its end unobserved. For work that cannot be interrupted
// once started (getaddrinfo). Cancelling the caller ends the wait the same way, with
// upstream_errors::cancelled(). An exception from the work is rethrown to the caller.
template <class T>
awaitable<result<T>> race_deadline(awaitable<result<T>> work, clock::time_point at, error late) {
    struct race {
        explicit race(const net::any_io_executor& ex) : wake(ex) {}
        std::optional<result<T>> outcome;
        std::exception_ptr failure;
        net::steady_timer wake;
    };
    const auto ex = co_await net::this_coro::executor;
    auto r = std::make_shared<race>(ex);
    r->wake.expires_at(at);
    net::co_spawn(ex, std::move(work), [r](std::exception_ptr e, result<T> value) {
        if (e) {
            r->failure = e;
        } else {
            r->outcome = std::move(value);
        }
        r->wake.cancel();
    });
    auto [ec] = co_await r->wake.async_wait(nothrow);
    if (r->failure) {
        std::rethrow_exception(r->failure);
    }
    if (r->outcome) {
        co_return std::move(*r->outcome);
    }
    if (ec == net::error::operation_aborted) {
        co_return upstream_errors::cancelled();
    }
    co_return late;
}

// Builds a request with the headers every call sends (Host, User-Agent, no Origin).
request make_request(const endpoint& ep, http::verb verb, std::string_view path, std::string body);

// One request/response on a leased connection. Not copyable; awaited by one coroutine.
// The connection goes back to the pool only through finish() after a complete, keep-alive
// response; in every other case (error, cancellation, exception) the destructor closes it,
// which is what makes Ollama stop generating.
class exchange {
public:
    exchange(std::shared_ptr<transport> t, call_budget budget);
    exchange(const exchange&) = delete;
    exchange& operator=(const exchange&) = delete;
    ~exchange();

    // Sends `req` and reads the response header, on a pooled connection when one is idle; if
    // that connection turns out stale (closed before any response byte), retries once on a
    // fresh one. The header read is bounded by the first_byte deadline.
    awaitable<result<void>> start(request req);

    unsigned status() const;
    bool body_done() const;
    const call_budget& budget() const { return budget_; }
    // The first_byte deadline armed by start(); streams keep it until their first line.
    const deadline& first_byte_deadline() const { return first_byte_; }

    // Reads some body bytes into `out`, bounded by `d`; returns how many (may be 0).
    awaitable<result<std::size_t>> read_some(std::span<char> out, deadline d, io_step step);
    // Reads the rest of the body (at most max_bytes), each read bounded by the idle deadline.
    awaitable<result<std::string>> read_rest(std::size_t max_bytes);
    // Returns the connection to the pool when the response is complete and keep-alive.
    void finish();

private:
    awaitable<result<bool>> try_once(const request& req, bool pooled_only);
    awaitable<result<void>> connect();
    // Decodes raw bytes of a chunked body in place; returns how many body bytes lead `raw`.
    result<std::size_t> decode_chunks(std::span<char> raw);
    void arm(const deadline& d);

    std::shared_ptr<transport> transport_;
    call_budget budget_;
    deadline armed_;
    deadline first_byte_;
    std::unique_ptr<connection> conn_;
    std::optional<http::response_parser<http::buffer_body>> parser_;
    // A chunked body (every stream) is read from the socket and decoded here instead of by
    // Beast's parser: one buffer, no extra copy or completion hop per read.
    std::optional<chunked_decoder> chunks_;
    std::shared_ptr<io_watchdog> watchdog_; // body reads; created by the first one
    bool stream_expiry_set_ = false;        // Beast's own timer is armed (connect/send/header)
};

// Pulls NDJSON lines out of an exchange's body, a read at a time: take() hands out the lines
// already read without I/O, read() reads once more. The first read is bounded by the
// first_byte deadline until a line was taken, every later one by idle. A body that ends
// cleanly with an unterminated last line yields it (a plain JSON reply without "\n").
class line_reader {
public:
    explicit line_reader(exchange& x);
    // The next line already read (valid until the next read()), or nullopt: read more, or
    // at_end().
    std::optional<std::string_view> take();
    // The body has ended and every line of it was taken.
    bool at_end() const noexcept { return ended_; }
    // Reads once more from the body. Errors: a line over the splitter's limit, the
    // exchange's read errors.
    awaitable<result<void>> read();
    // take(), reading as needed; nullopt at the end of the body.
    awaitable<result<std::optional<std::string_view>>> next();
    // Reads and drops the rest of the body so the connection can be reused.
    awaitable<result<void>> drain();

private:
    exchange& x_;
    ndjson_splitter splitter_;
    std::vector<char> buffer_;
    bool first_line_seen_ = false;
    bool ended_ = false;
};

} // namespace ollama_arena::ollama::detail
