// http layer: writing responses and NDJSON streams to one Beast connection.
#include "http/session_exchange.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>

namespace ollama_arena::http::detail {

namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

constexpr std::string_view server_name = "ollama-arena";

// Writes are never cancelled half-way (a cut chunk would corrupt the stream for the lines
// that follow): they ignore the coroutine's cancellation and are bounded by
// timeout_client_write instead.
auto uncancellable() {
    return net::bind_cancellation_slot(net::cancellation_slot(), nothrow);
}

template <class Fields>
void set_headers(Fields& fields, const header_list& headers) {
    for (const auto& [name, value] : headers) {
        fields.set(name, value);
    }
}

} // namespace

session_exchange::session_exchange(beast::tcp_stream& stream, request req, bool keep_alive,
                                   unsigned version, const server_config& cfg)
    : stream_(stream), req_(std::move(req)), keep_alive_(keep_alive), version_(version), cfg_(cfg) {
}

session_exchange::~session_exchange() {
    if (write_deadline_) {
        write_deadline_->stop(); // no later firing may touch the socket
    }
}

template <class Buffers>
awaitable<boost::system::error_code> session_exchange::write_body(const Buffers& buffers) {
    auto& socket = stream_.socket();
    if (!write_deadline_) {
        write_deadline_ =
            std::make_shared<io_watchdog>(socket.get_executor(), co_await net::this_coro::executor);
    }
    write_deadline_->begin(socket, io_watchdog::clock::now() + cfg_.timeout_client_write);
    auto [ec, n] = co_await net::async_write(socket, buffers, uncancellable());
    write_deadline_->end();
    if (ec == net::error::operation_aborted && write_deadline_->fired()) {
        ec = beast::error::timeout;
    }
    co_return ec;
}

void session_exchange::add_common_headers(header_list& out) const {
    out.emplace_back("Server", std::string(server_name));
    out.emplace_back("X-Request-Id", req_.request_id);
    out.emplace_back("X-Content-Type-Options", "nosniff");
    if (!cfg_.cors_origin.empty() && req_.header("origin") == cfg_.cors_origin) {
        out.emplace_back("Access-Control-Allow-Origin", cfg_.cors_origin);
        out.emplace_back("Vary", "Origin");
    }
}

awaitable<void> session_exchange::respond(response res) {
    responded_ = true;
    status_ = res.status;
    bhttp::response<bhttp::string_body> msg{static_cast<bhttp::status>(res.status), version_};
    header_list headers;
    add_common_headers(headers);
    if (res.content_type == "application/json") {
        headers.emplace_back("Cache-Control", "no-store");
    }
    set_headers(msg, headers);
    set_headers(msg, res.headers);
    msg.set(bhttp::field::content_type, res.content_type);
    msg.keep_alive(keep_alive_);
    msg.body() = std::move(res.body);
    msg.prepare_payload();
    stream_.expires_after(cfg_.timeout_client_write);
    boost::system::error_code ec;
    if (req_.verb == method::head) {
        bhttp::response_serializer<bhttp::string_body> sr(msg);
        std::tie(ec, std::ignore) =
            co_await bhttp::async_write_header(stream_, sr, uncancellable());
    } else {
        std::tie(ec, std::ignore) = co_await bhttp::async_write(stream_, msg, uncancellable());
    }
    if (ec) {
        keep_alive_ = false;
        write_failed_ = true;
    }
}

awaitable<result<void>> session_exchange::open_stream(std::string_view content_type) {
    responded_ = true;
    stream_open_ = true;
    status_ = 200;
    bhttp::response<bhttp::empty_body> msg{bhttp::status::ok, version_};
    header_list headers;
    add_common_headers(headers);
    headers.emplace_back("Cache-Control", "no-cache");
    headers.emplace_back("X-Accel-Buffering", "no");
    set_headers(msg, headers);
    msg.set(bhttp::field::content_type, content_type);
    msg.keep_alive(keep_alive_);
    msg.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> sr(msg);
    stream_.expires_after(cfg_.timeout_client_write);
    auto [ec, n] = co_await bhttp::async_write_header(stream_, sr, uncancellable());
    if (ec) {
        write_failed_ = true;
        keep_alive_ = false;
        co_return make_error(errc::cancelled, "client connection lost", ec.message());
    }
    co_return result<void>{};
}

template <class Buffers>
awaitable<result<void>> session_exchange::write_chunk(const Buffers& parts,
                                                      std::size_t line_count) {
    if (write_failed_) {
        co_return make_error(errc::cancelled, "client connection lost");
    }
    const auto ec = co_await write_body(bhttp::make_chunk(parts));
    if (ec) {
        write_failed_ = true;
        keep_alive_ = false;
        co_return make_error(errc::cancelled, "client connection lost", ec.message());
    }
    lines_ += line_count;
    co_return result<void>{};
}

awaitable<result<void>> session_exchange::write_line(std::string_view line) {
    static constexpr char newline = '\n';
    const std::array<net::const_buffer, 2> parts{net::buffer(line.data(), line.size()),
                                                 net::buffer(&newline, 1)};
    co_return co_await write_chunk(parts, 1);
}

awaitable<result<void>> session_exchange::write_lines(std::string_view lines) {
    if (lines.empty())
        co_return result<void>{};
    const auto count = static_cast<std::size_t>(std::count(lines.begin(), lines.end(), '\n'));
    co_return co_await write_chunk(net::buffer(lines.data(), lines.size()), count);
}

awaitable<result<void>> session_exchange::close_stream() {
    if (!stream_open_ || write_failed_) {
        co_return make_error(errc::cancelled, "client connection lost");
    }
    stream_open_ = false;
    const auto ec = co_await write_body(bhttp::make_chunk_last());
    if (ec) {
        write_failed_ = true;
        keep_alive_ = false;
        co_return make_error(errc::cancelled, "client connection lost", ec.message());
    }
    co_return result<void>{};
}

} // namespace ollama_arena::http::detail
