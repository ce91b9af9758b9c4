// ollama (internal): connections, deadlines and the request/response exchange.
#include "ollama/transport.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace ollama_arena::ollama::detail {
namespace {

constexpr std::size_t stream_read_bytes = std::size_t{16} * 1024;
constexpr std::size_t body_read_bytes = std::size_t{64} * 1024;

// A pooled connection the peer closed while it sat idle fails like this on first use.
bool is_stale(const boost::system::error_code& ec) {
    namespace e = net::error;
    return ec == e::eof || ec == e::connection_reset || ec == e::broken_pipe ||
           ec == e::connection_aborted || ec == e::not_connected ||
           ec == http::error::end_of_stream;
}

using endpoints = std::vector<tcp::endpoint>;

awaitable<result<endpoints>> look_up(net::any_io_executor ex, endpoint ep) {
    tcp::resolver resolver(ex);
    auto [rec, found] = co_await resolver.async_resolve(ep.host, std::to_string(ep.port),
                                                        tcp::resolver::numeric_service, nothrow);
    if (rec) {
        if (rec == net::error::operation_aborted) {
            co_return upstream_errors::cancelled();
        }
        co_return upstream_errors::unreachable(ep, "cannot resolve '" + ep.host +
                                                       "': " + rec.message());
    }
    endpoints out;
    for (const auto& entry : found) {
        out.push_back(entry.endpoint());
    }
    co_return out;
}

// An address is used as it is; a name is looked up within the connect deadline (the lookup
// itself cannot be interrupted: a late answer is dropped).
awaitable<result<endpoints>> resolve(net::any_io_executor ex, endpoint ep, deadline d) {
    boost::system::error_code ec;
    const auto address = net::ip::make_address(ep.host, ec);
    if (!ec) {
        co_return endpoints{tcp::endpoint(address, ep.port)};
    }
    auto late = upstream_errors::unreachable(ep, "cannot resolve '" + ep.host + "' within " +
                                                     upstream_errors::format_duration(d.limit));
    co_return co_await race_deadline(look_up(std::move(ex), ep), d.at, std::move(late));
}

deadline step_deadline(deadline_kind kind, std::chrono::milliseconds limit) {
    if (limit.count() <= 0) {
        return deadline{clock::time_point::max(), kind, limit};
    }
    return deadline{clock::now() + limit, kind, limit};
}

} // namespace

std::unique_ptr<connection> connection_pool::take() {
    std::lock_guard lock(mutex_);
    if (idle_.empty()) {
        return nullptr;
    }
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
}

void connection_pool::put(std::unique_ptr<connection> c) {
    {
        std::lock_guard lock(mutex_);
        if (idle_.size() < capacity_) {
            idle_.push_back(std::move(c));
            return;
        }
    }
    // The pool is full: `c` is destroyed here, outside the lock, which closes its socket.
}

std::size_t connection_pool::idle() const {
    std::lock_guard lock(mutex_);
    return idle_.size();
}

call_budget call_budget::generation(const timeouts& t) {
    call_budget b;
    b.limits_ = t;
    if (t.total.count() > 0) {
        b.whole_ = step_deadline(deadline_kind::total, t.total);
    }
    return b;
}

call_budget call_budget::metadata(const timeouts& t) {
    call_budget b;
    b.limits_ = t;
    b.metadata_ = true;
    if (t.metadata.count() > 0) {
        b.whole_ = step_deadline(deadline_kind::metadata, t.metadata);
    }
    return b;
}

deadline call_budget::next(deadline_kind kind) const {
    deadline own;
    switch (kind) {
    case deadline_kind::connect:
        own = step_deadline(kind, limits_.connect);
        break;
    case deadline_kind::send:
    case deadline_kind::idle:
        own = step_deadline(kind, metadata_ ? std::chrono::milliseconds{0} : limits_.idle);
        break;
    case deadline_kind::first_byte:
        own = step_deadline(kind, metadata_ ? std::chrono::milliseconds{0} : limits_.first_byte);
        break;
    case deadline_kind::total:
    case deadline_kind::metadata:
        break;
    }
    if (whole_ && whole_->at < own.at) {
        return *whole_;
    }
    return own;
}

request make_request(const endpoint& ep, http::verb verb, std::string_view path, std::string body) {
    request req{verb, ep.base_path + std::string(path), 11};
    req.set(http::field::host, ep.host_header());
    req.set(http::field::user_agent, "ollama-arena");
    req.set(http::field::accept, "application/json, application/x-ndjson");
    req.keep_alive(true);
    if (!body.empty()) {
        req.set(http::field::content_type, "application/json");
        // Set explicitly: a DELETE carries its JSON body too (ollama-api.md §4.6).
        req.content_length(body.size());
        req.body() = std::move(body);
    }
    return req;
}

exchange::exchange(std::shared_ptr<transport> t, call_budget budget)
    : transport_(std::move(t)), budget_(budget) {}

exchange::~exchange() {
    if (watchdog_) {
        watchdog_->stop();
    }
    if (conn_) {
        // Not reusable (incomplete, failed or cancelled): closing the socket is what tells
        // Ollama to stop generating. The close error is irrelevant, the socket is gone.
        boost::system::error_code ignored;
        conn_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        conn_->stream.close();
    }
}

unsigned exchange::status() const {
    return parser_ ? parser_->get().result_int() : 0;
}

bool exchange::body_done() const {
    return parser_ && (chunks_ ? chunks_->done() : parser_->is_done());
}

void exchange::arm(const deadline& d) {
    armed_ = d;
    stream_expiry_set_ = d.at != clock::time_point::max();
    if (!stream_expiry_set_) {
        conn_->stream.expires_never();
    } else {
        conn_->stream.expires_at(d.at);
    }
}

awaitable<result<void>> exchange::connect() {
    const auto d = budget_.next(deadline_kind::connect);
    auto targets = co_await resolve(transport_->ex, transport_->ep, d);
    if (!targets) {
        co_return targets.error();
    }
    conn_ = std::make_unique<connection>(transport_->ex);
    arm(d);
    auto [ec, ignored_endpoint] = co_await conn_->stream.async_connect(*targets, nothrow);
    if (ec) {
        conn_.reset();
        co_return upstream_errors::from_io(ec, io_step::connect, d.kind, d.limit, transport_->ep);
    }
    // Best effort: without TCP_NODELAY small requests only get slower, so an error is harmless.
    boost::system::error_code nodelay_ec;
    conn_->stream.socket().set_option(tcp::no_delay(true), nodelay_ec);
    ++transport_->connections_opened;
    co_return result<void>{};
}

// One attempt; false means "the pooled connection was stale, try a fresh one".
awaitable<result<bool>> exchange::try_once(const request& req, bool pooled_ok) {
    conn_.reset();
    chunks_.reset();
    parser_.emplace();
    parser_->body_limit(boost::none); // generations can exceed Beast's 8 MB default
    conn_ = pooled_ok ? transport_->pool.take() : nullptr;
    const bool reused = conn_ != nullptr;
    if (!conn_) {
        if (auto connected = co_await connect(); !connected) {
            co_return connected.error();
        }
    }
    arm(budget_.next(deadline_kind::send));
    auto [wec, written] = co_await http::async_write(conn_->stream, req, nothrow);
    if (wec) {
        if (reused && is_stale(wec)) {
            co_return false;
        }
        co_return upstream_errors::from_io(wec, io_step::send, armed_.kind, armed_.limit,
                                           transport_->ep);
    }
    first_byte_ = budget_.next(deadline_kind::first_byte);
    arm(first_byte_);
    auto [rec, read] =
        co_await http::async_read_header(conn_->stream, conn_->buffer, *parser_, nothrow);
    if (rec) {
        if (reused && is_stale(rec) && !parser_->got_some()) {
            co_return false;
        }
        co_return upstream_errors::from_io(rec, io_step::read_header, armed_.kind, armed_.limit,
                                           transport_->ep);
    }
    co_return true;
}

awaitable<result<void>> exchange::start(request req) {
    auto sent = co_await try_once(req, true);
    if (sent && !*sent) {
        sent = co_await try_once(req, false);
    }
    if (!sent) {
        co_return sent.error();
    }
    co_return result<void>{};
}

awaitable<result<std::size_t>> exchange::read_some(std::span<char> out, deadline d, io_step step) {
    // A cancellation that fired while no read was pending (say, during the caller's chunk
    // callback) reached no operation; stop here instead of reading on (style.md C2).
    const auto state = co_await net::this_coro::cancellation_state;
    if (state.cancelled() != net::cancellation_type::none) {
        co_return upstream_errors::cancelled();
    }
    if (stream_expiry_set_) {
        conn_->stream.expires_never(); // body reads are bounded by the watchdog instead
        stream_expiry_set_ = false;
    }
    if (!watchdog_) {
        watchdog_ =
            std::make_shared<io_watchdog>(transport_->ex, co_await net::this_coro::executor);
    }
    // A chunked body (every stream) is read straight from the socket into `out` and decoded
    // there; anything else goes through Beast's parser.
    const bool chunked = parser_->chunked();
    if (chunked && conn_->buffer.size() > 0) {
        // Bytes that arrived with the header go first.
        const std::size_t got =
            net::buffer_copy(net::buffer(out.data(), out.size()), conn_->buffer.data());
        conn_->buffer.consume(got);
        co_return decode_chunks(out.first(got));
    }
    auto& body = parser_->get().body(); // Beast's parser writes into `out` (not chunked)
    body.data = chunked ? nullptr : out.data();
    body.size = chunked ? 0 : out.size();
    auto& socket = conn_->stream.socket();
    watchdog_->begin(socket, d.at);
    auto [ec, got] =
        chunked ? co_await socket.async_read_some(net::buffer(out.data(), out.size()), nothrow)
                : co_await http::async_read_some(socket, conn_->buffer, *parser_, nothrow);
    watchdog_->end();
    if (ec == http::error::need_buffer) {
        ec = {}; // `out` is full; the caller consumes it and reads on
    }
    if (ec == net::error::operation_aborted && watchdog_->fired()) {
        ec = beast::error::timeout;
    }
    if (ec) {
        co_return upstream_errors::from_io(ec, step, d.kind, d.limit, transport_->ep);
    }
    if (chunked) {
        co_return decode_chunks(out.first(got));
    }
    co_return out.size() - body.size;
}

result<std::size_t> exchange::decode_chunks(std::span<char> raw) {
    if (!chunks_) {
        chunks_.emplace();
    }
    const std::size_t body = chunks_->decode(raw);
    if (chunks_->failed()) {
        return upstream_errors::protocol("invalid HTTP response from Ollama",
                                         std::string(chunks_->failure()));
    }
    return body;
}

awaitable<result<std::string>> exchange::read_rest(std::size_t max_bytes) {
    std::string body;
    while (!body_done()) {
        if (body.size() >= max_bytes) {
            co_return upstream_errors::protocol("Ollama's reply is larger than " +
                                                std::to_string(max_bytes) + " bytes");
        }
        const auto old = body.size();
        body.resize(old + body_read_bytes);
        auto n = co_await read_some({body.data() + old, body_read_bytes},
                                    budget_.next(deadline_kind::idle), io_step::read_body);
        if (!n) {
            co_return n.error();
        }
        body.resize(old + *n);
    }
    co_return body;
}

void exchange::finish() {
    // Leftover bytes after a complete response would be a protocol violation: do not reuse.
    if (conn_ && body_done() && parser_->keep_alive() && conn_->buffer.size() == 0 &&
        (!chunks_ || chunks_->extra() == 0)) {
        if (watchdog_) {
            watchdog_->stop(); // the socket goes to the pool: no later firing may touch it
        }
        conn_->stream.expires_never();
        transport_->pool.put(std::move(conn_));
    }
}

line_reader::line_reader(exchange& x) : x_(x), buffer_(stream_read_bytes) {}

std::optional<std::string_view> line_reader::take() {
    if (auto complete = splitter_.next_line()) {
        first_line_seen_ = true;
        return complete;
    }
    if (ended_ || !x_.body_done()) {
        return std::nullopt;
    }
    // A clean end: an unterminated last line is still a line (a plain JSON reply).
    ended_ = true;
    const auto rest = splitter_.remainder();
    if (rest.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return std::nullopt;
    }
    first_line_seen_ = true;
    return rest;
}

awaitable<result<void>> line_reader::read() {
    const auto d =
        first_line_seen_ ? x_.budget().next(deadline_kind::idle) : x_.first_byte_deadline();
    auto n = co_await x_.read_some(buffer_, d, io_step::read_stream);
    if (!n) {
        co_return n.error();
    }
    splitter_.feed({buffer_.data(), *n});
    if (splitter_.line_too_long()) {
        co_return upstream_errors::protocol(
            "Ollama sent a line longer than " +
            std::to_string(splitter_.max_line_bytes() / (std::size_t{1024} * 1024)) + " MiB");
    }
    co_return result<void>{};
}

awaitable<result<std::optional<std::string_view>>> line_reader::next() {
    using line = std::optional<std::string_view>;
    while (true) {
        if (auto taken = take()) {
            co_return taken;
        }
        if (ended_) {
            co_return line();
        }
        if (auto more = co_await read(); !more) {
            co_return more.error();
        }
    }
}

awaitable<result<void>> line_reader::drain() {
    while (!x_.body_done()) {
        auto n = co_await x_.read_some(buffer_, x_.budget().next(deadline_kind::idle),
                                       io_step::read_stream);
        if (!n) {
            co_return n.error();
        }
    }
    co_return result<void>{};
}

} // namespace ollama_arena::ollama::detail
