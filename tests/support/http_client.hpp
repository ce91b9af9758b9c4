// tests/support: a small blocking HTTP/1.1 client for tests (loopback only), including an
// NDJSON stream reader that can read line by line and disconnect abruptly.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ollama_arena::test {

namespace http = boost::beast::http;
using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_reply {
    unsigned status = 0;
    std::string content_type;
    std::string body;
    std::map<std::string, std::string> headers;    // lower-case names
    boost::json::value json() const;               // throws if the body is not JSON
    std::vector<boost::json::value> lines() const; // NDJSON body, one value per line
    std::string header(const std::string& lower_name) const;
};

// One request on a fresh connection; throws std::runtime_error on I/O failure or timeout.
http_reply http_request(std::uint16_t port, http::verb verb, const std::string& target,
                        const std::string& body = {}, const header_list& headers = {},
                        std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Sends raw bytes and returns everything read until the server closes or `timeout` passes.
std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

// A connection that sends a request and then just hangs up (a client that leaves early).
class raw_connection {
public:
    explicit raw_connection(std::uint16_t port);
    ~raw_connection();
    raw_connection(const raw_connection&) = delete;
    raw_connection& operator=(const raw_connection&) = delete;
    void send(const std::string& bytes);
    // A complete HTTP/1.1 POST with a JSON body.
    void send_post(const std::string& target, const std::string& body);
    // Everything the server sends until it closes the connection or `timeout` passes.
    std::string read_all(std::chrono::milliseconds timeout);
    void close();
    // Closes with a TCP reset (SO_LINGER 0), like a browser tab that goes away.
    void reset();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// A streaming response read incrementally.
class stream_reader {
public:
    stream_reader(std::uint16_t port, http::verb verb, const std::string& target,
                  const std::string& body, const header_list& headers = {},
                  std::chrono::milliseconds header_timeout = std::chrono::seconds(30));
    ~stream_reader();
    stream_reader(const stream_reader&) = delete;
    stream_reader& operator=(const stream_reader&) = delete;

    unsigned status() const;
    std::string header(const std::string& lower_name) const;
    // The next complete line parsed as JSON; nullopt at the end of the body.
    // Throws std::runtime_error on timeout or a line that is not JSON.
    std::optional<boost::json::value>
    next_line(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // All remaining lines until the end of the body.
    std::vector<boost::json::value>
    read_all(std::chrono::milliseconds timeout = std::chrono::seconds(60));
    // Closes the connection at once (a client that leaves).
    void disconnect();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace ollama_arena::test
