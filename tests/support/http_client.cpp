// tests/support: blocking HTTP client built on Beast, driven by io_context::run_for so that
// every operation has a deadline.
#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <stdexcept>

namespace ollama_arena::test {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Runs the io_context until `done` or the timeout; throws on timeout.
void run_until(net::io_context& ioc, const bool& done, std::chrono::milliseconds timeout,
               const char* what) {
    ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            throw std::runtime_error(std::string("timeout: ") + what);
        ioc.run_one_for(deadline - now);
    }
}

void connect(net::io_context& ioc, tcp::socket& socket, std::uint16_t port) {
    boost::system::error_code ec;
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    if (ec)
        throw std::runtime_error("connect failed: " + ec.message());
    (void)ioc;
}

http::request<http::string_body> make_request(std::uint16_t port, http::verb verb,
                                              const std::string& target, const std::string& body,
                                              const header_list& headers) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    bool has_type = false;
    for (const auto& [k, v] : headers) {
        req.set(k, v);
        has_type = has_type || lower(k) == "content-type";
    }
    if (!body.empty() && !has_type)
        req.set(http::field::content_type, "application/json");
    req.body() = body;
    if (!body.empty() || verb == http::verb::post || verb == http::verb::delete_) {
        req.prepare_payload();
    }
    return req;
}

template <class Fields>
std::map<std::string, std::string> collect_headers(const Fields& fields) {
    std::map<std::string, std::string> out;
    for (const auto& f : fields) {
        out[lower(std::string(f.name_string()))] = std::string(f.value());
    }
    return out;
}

std::vector<boost::json::value> split_lines(const std::string& body) {
    std::vector<boost::json::value> out;
    std::size_t start = 0;
    while (start < body.size()) {
        auto end = body.find('\n', start);
        if (end == std::string::npos)
            end = body.size();
        if (end > start)
            out.push_back(boost::json::parse(body.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

} // namespace

boost::json::value http_reply::json() const {
    return boost::json::parse(body);
}
std::vector<boost::json::value> http_reply::lines() const {
    return split_lines(body);
}
std::string http_reply::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

http_reply http_request(std::uint16_t port, http::verb verb, const std::string& target,
                        const std::string& body, const header_list& headers,
                        std::chrono::milliseconds timeout) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    connect(ioc, socket, port);
    auto req = make_request(port, verb, target, body, headers);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    if (verb == http::verb::head)
        parser.skip(true);
    bool done = false;
    boost::system::error_code result_ec;
    http::async_write(socket, req, [&](boost::system::error_code ec, std::size_t) {
        if (ec) {
            result_ec = ec;
            done = true;
            return;
        }
        http::async_read(socket, buffer, parser, [&](boost::system::error_code rec, std::size_t) {
            result_ec = rec;
            done = true;
        });
    });
    run_until(ioc, done, timeout, target.c_str());
    if (result_ec)
        throw std::runtime_error("http_request " + target + ": " + result_ec.message());
    auto res = parser.release();
    http_reply reply;
    reply.status = res.result_int();
    reply.headers = collect_headers(res.base());
    reply.content_type = reply.header("content-type");
    reply.body = std::move(res.body());
    return reply;
}

struct raw_connection::impl {
    net::io_context ioc;
    tcp::socket socket{ioc};
};

raw_connection::raw_connection(std::uint16_t port) : impl_(std::make_unique<impl>()) {
    connect(impl_->ioc, impl_->socket, port);
}

raw_connection::~raw_connection() {
    close();
}

void raw_connection::send(const std::string& bytes) {
    net::write(impl_->socket, net::buffer(bytes));
}

void raw_connection::send_post(const std::string& target, const std::string& body) {
    send("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

std::string raw_connection::read_all(std::chrono::milliseconds timeout) {
    std::string out;
    char buf[4096];
    bool done = false;
    std::function<void(boost::system::error_code, std::size_t)> on_read;
    on_read = [&](boost::system::error_code ec, std::size_t n) {
        out.append(buf, n);
        if (ec) {
            done = true;
            return;
        }
        impl_->socket.async_read_some(net::buffer(buf), on_read);
    };
    impl_->socket.async_read_some(net::buffer(buf), on_read);
    try {
        run_until(impl_->ioc, done, timeout, "raw read");
    } catch (const std::runtime_error&) {
        // The caller asserts on what arrived in time.
    }
    return out;
}

void raw_connection::reset() {
    boost::system::error_code ignored; // the peer may have closed first
    impl_->socket.set_option(net::socket_base::linger(true, 0), ignored);
    impl_->socket.close(ignored);
}

void raw_connection::close() {
    boost::system::error_code ignored; // the peer may have closed first
    impl_->socket.shutdown(tcp::socket::shutdown_both, ignored);
    impl_->socket.close(ignored);
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds timeout) {
    raw_connection c(port);
    c.send(bytes);
    return c.read_all(timeout);
}

struct stream_reader::impl {
    net::io_context ioc;
    tcp::socket socket{ioc};
    boost::beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    std::string pending;
    bool body_done = false;
    char chunk[8192];

    // Reads more body bytes into `pending`; false at the end of the body.
    bool read_more(std::chrono::milliseconds timeout) {
        if (body_done)
            return false;
        parser.get().body().data = chunk;
        parser.get().body().size = sizeof chunk;
        bool done = false;
        boost::system::error_code result_ec;
        http::async_read_some(socket, buffer, parser,
                              [&](boost::system::error_code ec, std::size_t) {
                                  result_ec = ec;
                                  done = true;
                              });
        run_until(ioc, done, timeout, "stream read");
        if (result_ec && result_ec != http::error::need_buffer) {
            throw std::runtime_error("stream read: " + result_ec.message());
        }
        pending.append(chunk, sizeof chunk - parser.get().body().size);
        if (parser.is_done())
            body_done = true;
        return true;
    }
};

stream_reader::stream_reader(std::uint16_t port, http::verb verb, const std::string& target,
                             const std::string& body, const header_list& headers,
                             std::chrono::milliseconds header_timeout)
    : impl_(std::make_unique<impl>()) {
    auto& p = *impl_;
    connect(p.ioc, p.socket, port);
    auto req = make_request(port, verb, target, body, headers);
    http::write(p.socket, req);
    p.parser.body_limit(boost::none);
    bool done = false;
    boost::system::error_code result_ec;
    http::async_read_header(p.socket, p.buffer, p.parser,
                            [&](boost::system::error_code ec, std::size_t) {
                                result_ec = ec;
                                done = true;
                            });
    run_until(p.ioc, done, header_timeout, "stream header");
    if (result_ec)
        throw std::runtime_error("stream header: " + result_ec.message());
    if (p.parser.is_done())
        p.body_done = true;
}

stream_reader::~stream_reader() = default;

unsigned stream_reader::status() const {
    return impl_->parser.get().result_int();
}

std::string stream_reader::header(const std::string& lower_name) const {
    auto all = collect_headers(impl_->parser.get().base());
    auto it = all.find(lower_name);
    return it == all.end() ? std::string() : it->second;
}

std::optional<boost::json::value> stream_reader::next_line(std::chrono::milliseconds timeout) {
    auto& p = *impl_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto nl = p.pending.find('\n');
        if (nl != std::string::npos) {
            auto line = p.pending.substr(0, nl);
            p.pending.erase(0, nl + 1);
            if (line.empty())
                continue;
            boost::system::error_code ec;
            auto v = boost::json::parse(line, ec);
            if (ec)
                throw std::runtime_error("not a JSON line: " + line);
            return v;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            throw std::runtime_error("timeout waiting for a line");
        if (!p.read_more(left)) {
            if (!p.pending.empty())
                throw std::runtime_error("unterminated line: " + p.pending);
            return std::nullopt;
        }
    }
}

std::vector<boost::json::value> stream_reader::read_all(std::chrono::milliseconds timeout) {
    std::vector<boost::json::value> out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto line = next_line(std::max(left, std::chrono::milliseconds(1)));
        if (!line)
            return out;
        out.push_back(std::move(*line));
    }
}

void stream_reader::disconnect() {
    boost::system::error_code ignored; // closing a socket the peer may already have closed
    impl_->socket.shutdown(tcp::socket::shutdown_both, ignored);
    impl_->socket.close(ignored);
}

} // namespace ollama_arena::test
