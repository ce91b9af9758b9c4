// The http server's stream writes are bounded by timeout_client_write: a client that stops
// reading is given up on, the handler learns it, and the server goes on serving.
#include "http/server.hpp"
#include "support/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace ollama_arena {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

struct write_outcome {
    std::atomic<bool> ended{false};
    std::atomic<long long> failed_after_ms{-1}; // from the first line to the failed write
    std::atomic<std::size_t> lines{0};
};

class StreamWriteDeadlineTest : public ::testing::Test {
protected:
    void start(std::chrono::milliseconds write_limit) {
        http::router routes;
        // /flood writes as fast as the socket takes it; /trickle writes 64 KiB every 20 ms,
        // slow enough for any reader (a reader that stores a flood stalls on its own copies).
        routes.add(http::method::get, "/flood", http::access::open,
                   [this](http::exchange& ex) { return stream_lines(ex, 256, 0ms); });
        routes.add(http::method::get, "/trickle", http::access::open,
                   [this](http::exchange& ex) { return stream_lines(ex, 64, 20ms); });
        routes.add(http::method::get, "/ping", http::access::open,
                   [](http::exchange& ex) -> awaitable<void> {
                       co_await ex.respond(http::response{200, "text/plain", "pong", {}});
                   });
        http::server_config cfg;
        cfg.port = 0;
        cfg.timeout_client_write = write_limit;
        server_.emplace(ioc_, cfg, std::move(routes));
        auto port = server_->listen();
        ASSERT_TRUE(port) << port.error().message;
        port_ = *port;
        server_->start();
        runner_ = std::thread([this] { ioc_.run(); });
    }

    // Streams lines of `kib` KiB, `pause` apart, until a write fails.
    awaitable<void> stream_lines(http::exchange& ex, std::size_t kib,
                                 std::chrono::milliseconds pause) {
        if (!co_await ex.open_stream("application/x-ndjson")) {
            co_return;
        }
        const std::string line(kib * 1024, 'x');
        net::steady_timer timer(co_await net::this_coro::executor);
        const auto first = steady::now();
        while (co_await ex.write_line(line)) {
            ++outcome_.lines;
            if (pause.count() > 0) {
                timer.expires_after(pause);
                co_await timer.async_wait(nothrow);
            }
        }
        outcome_.failed_after_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - first).count();
        outcome_.ended = true;
    }

    void TearDown() override {
        if (server_) {
            net::post(ioc_, [this] { server_->shutdown([this] { ioc_.stop(); }); });
        }
        if (runner_.joinable()) {
            runner_.join();
        }
    }

    bool wait_for_end(std::chrono::milliseconds limit) {
        const auto until = steady::now() + limit;
        while (!outcome_.ended && steady::now() < until) {
            std::this_thread::sleep_for(20ms);
        }
        return outcome_.ended;
    }

    net::io_context ioc_{1};
    std::optional<http::server> server_;
    std::thread runner_;
    std::uint16_t port_ = 0;
    write_outcome outcome_;
};

TEST_F(StreamWriteDeadlineTest, AClientThatStopsReadingIsGivenUpOnAfterTheWriteLimit) {
    start(400ms);
    test::raw_connection stuck(port_);
    stuck.send("GET /flood HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    // The client never reads: the socket buffers fill, a write blocks, and its deadline ends it.
    ASSERT_TRUE(wait_for_end(20s)) << "the stream write was never given up";
    EXPECT_GT(outcome_.lines.load(), 0U); // the stream had started
    EXPECT_GE(outcome_.failed_after_ms.load(), 400);
    // The server is not stuck behind the dead client.
    const auto reply = test::http_request(port_, test::http::verb::get, "/ping", {}, {}, 5s);
    EXPECT_EQ(reply.status, 200U);
    EXPECT_EQ(reply.body, "pong");
}

TEST_F(StreamWriteDeadlineTest, AClientThatKeepsReadingIsNeverCutOff) {
    start(400ms);
    test::raw_connection reader(port_);
    reader.send("GET /trickle HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    // Reading on for several write limits: every write completes in time, so the stream
    // lasts until the client leaves (read_all hangs up when its time is over).
    const auto got = reader.read_all(1500ms);
    EXPECT_GT(got.size(), std::size_t{1} * 1024 * 1024);
    ASSERT_TRUE(wait_for_end(5s));
    EXPECT_GE(outcome_.failed_after_ms.load(), 1400);
}

} // namespace
} // namespace ollama_arena
