// Integration tests of ollama::client against a real fake-ollama process over loopback:
// calls, error mapping of every fault model, deadlines, cancellation, connection reuse.
#include "ollama/client.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include <functional>
#include <thread>

namespace ollama_arena::ollama {
namespace {

using namespace std::chrono_literals;
using boost::beast::http::verb;

// Runs `op` to completion on `ioc`, rethrowing what it throws.
template <class T>
T run(net::io_context& ioc, awaitable<T> op) {
    std::optional<T> out;
    std::exception_ptr failure;
    net::co_spawn(ioc, std::move(op), [&](std::exception_ptr e, T value) {
        failure = e;
        if (!e) {
            out.emplace(std::move(value));
        }
    });
    ioc.restart();
    ioc.run();
    if (failure) {
        std::rethrow_exception(failure);
    }
    return std::move(*out);
}

struct stream_outcome {
    result<final_stats> stats;
    std::string text;
    std::size_t chunks = 0;
};

awaitable<stream_outcome> collect(client c, chat_request req) {
    auto out = std::make_shared<stream_outcome>(stream_outcome{final_stats{}, {}, 0});
    out->stats =
        co_await c.chat_stream(std::move(req), [out](const chat_chunk& chunk) -> awaitable<void> {
            out->text += chunk.content;
            ++out->chunks;
            co_return;
        });
    co_return std::move(*out);
}

// Like collect(), but the chunk handler itself cancels the call at the first chunk, the way an
// arena slot is cancelled while it hands a token on.
awaitable<stream_outcome> collect_then_cancel(client c, chat_request req,
                                              net::cancellation_signal* cancel,
                                              bool throw_if_cancelled) {
    co_await net::this_coro::throw_if_cancelled(throw_if_cancelled);
    auto out = std::make_shared<stream_outcome>(stream_outcome{final_stats{}, {}, 0});
    out->stats =
        co_await c.chat_stream(std::move(req), [out, cancel](const chat_chunk&) -> awaitable<void> {
            ++out->chunks;
            cancel->emit(net::cancellation_type::terminal);
            co_return;
        });
    co_return std::move(*out);
}

chat_request hello(std::string model) {
    chat_request req;
    req.model = std::move(model);
    req.messages = {{"user", "Say hello", {}}};
    return req;
}

class OllamaClientTest : public ::testing::Test {
protected:
    void SetUp() override { start_fake({}); }

    void start_fake(std::vector<std::string> extra) {
        std::vector<std::string> args{"--port", std::to_string(port_)};
        args.insert(args.end(), extra.begin(), extra.end());
        fake_.reset();
        fake_.emplace(test::child_process::start(test::binary_path("fake-ollama"), args));
        port_ = fake_->port();
    }

    client make_client(timeouts limits = {}) {
        return client(ioc_.get_executor(), endpoint{"http", "127.0.0.1", port_, ""}, limits);
    }

    boost::json::object fake_stats() {
        return test::http_request(port_, verb::get, "/fake/stats").json().as_object();
    }

    // Polls /fake/stats until `key` reaches `want` or 5 s pass; returns the last value.
    std::int64_t wait_stat(const std::string& key, std::int64_t want) {
        std::int64_t value = -1;
        for (int i = 0; i < 100; ++i) {
            value = fake_stats().at(key).to_number<std::int64_t>();
            if (value == want) {
                break;
            }
            std::this_thread::sleep_for(50ms);
        }
        return value;
    }

    error stream_error(const std::string& model, timeouts limits = {}) {
        auto outcome = run(ioc_, collect(make_client(limits), hello(model)));
        EXPECT_FALSE(outcome.stats) << model << " unexpectedly succeeded";
        return outcome.stats ? error{} : outcome.stats.error();
    }

    net::io_context ioc_;
    std::uint16_t port_ = 0;
    std::optional<test::child_process> fake_;
};

TEST_F(OllamaClientTest, TagsListsInstalledModels) {
    auto models = run(ioc_, make_client().tags());
    ASSERT_TRUE(models) << models.error().message;
    ASSERT_FALSE(models->empty());
    EXPECT_EQ(models->front().name, "llama3.2:3b");
    EXPECT_EQ(models->front().format, "gguf");
    EXPECT_FALSE(models->front().parameter_size.empty());
}

TEST_F(OllamaClientTest, VersionPsAndShowAnswer) {
    auto c = make_client();
    auto version = run(ioc_, c.version());
    ASSERT_TRUE(version) << version.error().message;
    EXPECT_EQ(*version, "0.33.0");
    auto ps = run(ioc_, c.ps());
    ASSERT_TRUE(ps) << ps.error().message;
    EXPECT_TRUE(ps->as_object().contains("models"));
    auto show = run(ioc_, c.show("llama3.2:3b"));
    ASSERT_TRUE(show) << show.error().message;
    EXPECT_TRUE(show->as_object().contains("details"));
    auto missing = run(ioc_, c.show("nosuch:7b"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().upstream_status, 404U);
}

TEST_F(OllamaClientTest, ChatStreamDeliversContentAndFinalStats) {
    auto req = hello("llama3.2:3b");
    req.options["temperature"] = 0.5;
    req.messages.front().images = {"aGVsbG8="};
    auto outcome = run(ioc_, collect(make_client(), req));
    ASSERT_TRUE(outcome.stats) << outcome.stats.error().message;
    EXPECT_FALSE(outcome.text.empty());
    EXPECT_GT(outcome.chunks, 1U);
    EXPECT_EQ(outcome.stats->done_reason, "stop");
    EXPECT_GT(outcome.stats->eval_count, 0);
    EXPECT_GT(outcome.stats->eval_duration_ns, 0);

    const auto log = test::http_request(port_, verb::get, "/fake/requests").json();
    const auto& body = log.as_array().back().as_object();
    EXPECT_EQ(body.at("stream"), true);
    EXPECT_EQ(body.at("options").as_object().at("temperature"), 0.5);
    EXPECT_EQ(body.at("messages").as_array()[0].as_object().at("images").as_array()[0], "aGVsbG8=");
}

TEST_F(OllamaClientTest, ChatReturnsTheWholeAnswer) {
    auto reply = run(ioc_, make_client().chat(hello("llama3.2:3b")));
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_FALSE(reply->content.empty());
    EXPECT_EQ(reply->stats.done_reason, "stop");
    EXPECT_GT(reply->stats.eval_count, 0);
}

TEST_F(OllamaClientTest, UnknownModelKeepsOllamasNotFoundMessage) {
    const auto e = stream_error("nosuch:7b");
    EXPECT_EQ(e.code, errc::upstream_http_status);
    EXPECT_EQ(e.upstream_status, 404U);
    EXPECT_EQ(e.message, "model 'nosuch:7b' not found");
}

TEST_F(OllamaClientTest, BusyIsA503Status) {
    const auto e = stream_error("fault-busy");
    EXPECT_EQ(e.code, errc::upstream_http_status);
    EXPECT_EQ(e.upstream_status, 503U);
    EXPECT_NE(e.message.find("server busy"), std::string::npos) << e.message;
}

TEST_F(OllamaClientTest, ServerErrorIsA500Status) {
    const auto e = stream_error("fault-500");
    EXPECT_EQ(e.code, errc::upstream_http_status);
    EXPECT_EQ(e.upstream_status, 500U);
    EXPECT_NE(e.message.find("model runner has unexpectedly stopped"), std::string::npos);
}

TEST_F(OllamaClientTest, MidstreamErrorLineIsAnUpstreamError) {
    auto outcome = run(ioc_, collect(make_client(), hello("fault-midstream")));
    ASSERT_FALSE(outcome.stats);
    EXPECT_EQ(outcome.stats.error().code, errc::upstream_error);
    EXPECT_NE(outcome.stats.error().message.find("error"), std::string::npos);
    EXPECT_GT(outcome.chunks, 0U);
}

TEST_F(OllamaClientTest, MalformedLineIsAProtocolError) {
    const auto e = stream_error("fault-malformed");
    EXPECT_EQ(e.code, errc::upstream_protocol);
    EXPECT_EQ(e.message, "Ollama sent a line that is not JSON");
}

TEST_F(OllamaClientTest, ResetMidStreamIsATruncatedStream) {
    const auto e = stream_error("fault-reset");
    EXPECT_EQ(e.code, errc::upstream_protocol);
    EXPECT_EQ(e.message, "stream ended before done (truncated)");
}

TEST_F(OllamaClientTest, CleanEndWithoutDoneIsATruncatedStream) {
    const auto e = stream_error("fault-truncate");
    EXPECT_EQ(e.code, errc::upstream_protocol);
    EXPECT_EQ(e.message, "stream ended before done (truncated)");
}

TEST_F(OllamaClientTest, SilentModelHitsTheFirstByteDeadline) {
    timeouts limits;
    limits.first_byte = 300ms;
    const auto e = stream_error("fault-hang", limits);
    EXPECT_EQ(e.code, errc::upstream_timeout);
    EXPECT_EQ(e.message, "no first token within 300 ms");
    EXPECT_EQ(wait_stat("streams_cancelled", 1), 1);
}

TEST_F(OllamaClientTest, StallBetweenTokensHitsTheIdleDeadline) {
    start_fake({"--slow-ms", "1500"});
    timeouts limits;
    limits.idle = 300ms;
    const auto e = stream_error("fault-slow", limits);
    EXPECT_EQ(e.code, errc::upstream_timeout);
    EXPECT_EQ(e.message, "no data for 300 ms");
}

TEST_F(OllamaClientTest, TokensArrivingWithinTheIdleLimitKeepTheStreamAlive) {
    // 12 tokens 100 ms apart last ~1.2 s, four times the idle limit: each token moves the
    // deadline on, so the stream must complete (the watchdog sleeps on instead of firing).
    start_fake({"--tokens-per-sec", "10"});
    timeouts limits;
    limits.idle = 300ms;
    auto req = hello("llama3.2:3b");
    req.options["num_predict"] = 12;
    auto outcome = run(ioc_, collect(make_client(limits), req));
    ASSERT_TRUE(outcome.stats) << outcome.stats.error().message;
    EXPECT_EQ(outcome.stats->eval_count, 12);
}

TEST_F(OllamaClientTest, TotalDeadlineCapsAStream) {
    start_fake({"--slow-ms", "200"});
    timeouts limits;
    limits.total = 500ms;
    const auto e = stream_error("fault-slow", limits);
    EXPECT_EQ(e.code, errc::upstream_timeout);
    EXPECT_EQ(e.message, "request exceeded the total limit of 500 ms");
}

TEST_F(OllamaClientTest, HostNameIsLookedUpWithinTheConnectDeadline) {
    timeouts limits;
    limits.connect = 5s;
    client c(ioc_.get_executor(), endpoint{"http", "localhost", port_, ""}, limits);
    auto models = run(ioc_, c.tags());
    ASSERT_TRUE(models) << models.error().message;
    EXPECT_FALSE(models->empty());
}

TEST_F(OllamaClientTest, ClosedPortIsUpstreamUnreachable) {
    std::uint16_t closed = 0;
    {
        net::ip::tcp::acceptor probe(ioc_, {net::ip::make_address("127.0.0.1"), 0});
        closed = probe.local_endpoint().port();
    }
    client c(ioc_.get_executor(), endpoint{"http", "127.0.0.1", closed, ""});
    auto models = run(ioc_, c.tags());
    ASSERT_FALSE(models);
    EXPECT_EQ(models.error().code, errc::upstream_unreachable);
    EXPECT_EQ(models.error().message,
              "Ollama is not reachable at http://127.0.0.1:" + std::to_string(closed));
    EXPECT_EQ(models.error().details, "Connection refused");
}

TEST_F(OllamaClientTest, CancellingAHangingStreamClosesTheUpstreamConnection) {
    auto c = make_client();
    net::cancellation_signal cancel;
    std::optional<stream_outcome> outcome;
    net::co_spawn(
        ioc_, collect(c, hello("fault-hang")),
        net::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, stream_outcome o) {
            ASSERT_FALSE(e);
            outcome.emplace(std::move(o));
        }));
    net::steady_timer timer(ioc_, 200ms);
    timer.async_wait(
        [&](boost::system::error_code) { cancel.emit(net::cancellation_type::terminal); });
    const auto started = std::chrono::steady_clock::now();
    ioc_.run();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    ASSERT_TRUE(outcome);
    ASSERT_FALSE(outcome->stats);
    EXPECT_EQ(outcome->stats.error().code, errc::cancelled);
    EXPECT_EQ(c.idle_connections(), 0U);
    EXPECT_EQ(wait_stat("streams_cancelled", 1), 1);
}

TEST_F(OllamaClientTest, CancellingFromTheChunkHandlerStopsBeforeTheNextRead) {
    start_fake({"--slow-ms", "300"});
    for (const bool throw_if_cancelled : {true, false}) {
        auto c = make_client();
        net::cancellation_signal cancel;
        std::optional<stream_outcome> outcome;
        net::co_spawn(
            ioc_, collect_then_cancel(c, hello("fault-slow"), &cancel, throw_if_cancelled),
            net::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, stream_outcome o) {
                ASSERT_FALSE(e);
                outcome.emplace(std::move(o));
            }));
        ioc_.restart();
        ioc_.run();
        ASSERT_TRUE(outcome);
        ASSERT_FALSE(outcome->stats) << "throw_if_cancelled " << throw_if_cancelled;
        EXPECT_EQ(outcome->stats.error().code, errc::cancelled);
        EXPECT_EQ(outcome->chunks, 1U);
        EXPECT_EQ(c.idle_connections(), 0U);
    }
    EXPECT_EQ(wait_stat("streams_cancelled", 2), 2);
}

TEST_F(OllamaClientTest, LosingARaceMidStreamCancelsTheGeneration) {
    start_fake({"--slow-ms", "100"});
    using namespace net::experimental::awaitable_operators;
    auto c = make_client();
    auto race = [](client cl) -> awaitable<std::variant<stream_outcome, std::monostate>> {
        net::steady_timer timer(co_await net::this_coro::executor, 350ms);
        co_return co_await (collect(cl, hello("fault-slow")) ||
                            timer.async_wait(net::use_awaitable));
    };
    const auto winner = run(ioc_, race(c));
    EXPECT_EQ(winner.index(), 1U); // the timer won, the stream was cancelled
    EXPECT_EQ(wait_stat("streams_cancelled", 1), 1);
    EXPECT_EQ(c.idle_connections(), 0U);
}

TEST_F(OllamaClientTest, SequentialCallsReuseOneConnection) {
    auto c = make_client();
    ASSERT_TRUE(run(ioc_, c.tags()));
    ASSERT_TRUE(run(ioc_, collect(c, hello("llama3.2:3b"))).stats);
    ASSERT_TRUE(run(ioc_, c.version()));
    ASSERT_FALSE(run(ioc_, c.show("nosuch:7b"))); // a 404 with a body keeps the connection too
    ASSERT_TRUE(run(ioc_, collect(c, hello("llama3.2:3b"))).stats);
    EXPECT_EQ(c.connections_opened(), 1U);
    EXPECT_EQ(c.idle_connections(), 1U);
}

TEST_F(OllamaClientTest, StalePooledConnectionIsReplacedTransparently) {
    auto c = make_client();
    ASSERT_TRUE(run(ioc_, c.tags()));
    ASSERT_EQ(c.idle_connections(), 1U);
    start_fake({}); // same port: the pooled connection now points at a dead process
    auto models = run(ioc_, c.tags());
    ASSERT_TRUE(models) << models.error().message << ": " << models.error().details;
    EXPECT_EQ(c.connections_opened(), 2U);
}

TEST_F(OllamaClientTest, ConcurrentStreamsUseTheirOwnConnections) {
    using namespace net::experimental::awaitable_operators;
    auto c = make_client();
    auto both = [](client cl) -> awaitable<std::tuple<stream_outcome, stream_outcome>> {
        co_return co_await (collect(cl, hello("llama3.2:3b")) && collect(cl, hello("qwen2.5:7b")));
    };
    auto [a, b] = run(ioc_, both(c));
    EXPECT_TRUE(a.stats);
    EXPECT_TRUE(b.stats);
    EXPECT_EQ(c.connections_opened(), 2U);
    EXPECT_EQ(c.idle_connections(), 2U);
}

TEST_F(OllamaClientTest, SharedClientServesManyThreads) {
    net::thread_pool pool(4);
    client c(pool.get_executor(), endpoint{"http", "127.0.0.1", port_, ""});
    std::atomic<int> ok{0};
    for (int i = 0; i < 16; ++i) {
        net::co_spawn(net::make_strand(pool), collect(c, hello("llama3.2:3b")),
                      [&](std::exception_ptr e, stream_outcome o) {
                          if (!e && o.stats) {
                              ++ok;
                          }
                      });
    }
    pool.join();
    EXPECT_EQ(ok.load(), 16);
    EXPECT_LE(c.idle_connections(), limits::max_idle_connections);
}

TEST_F(OllamaClientTest, PullStreamsProgressUntilSuccess) {
    auto c = make_client();
    auto statuses = std::make_shared<std::vector<std::string>>();
    auto pulled =
        run(ioc_, c.pull("llama3.2:1b", [statuses](const pull_progress& p) -> awaitable<void> {
            statuses->push_back(p.status);
            co_return;
        }));
    ASSERT_TRUE(pulled) << pulled.error().message;
    ASSERT_GE(statuses->size(), 3U);
    EXPECT_EQ(statuses->front(), "pulling manifest");
    EXPECT_EQ(statuses->back(), "success");
}

TEST_F(OllamaClientTest, PullOfAnUnknownModelIsAnUpstreamError) {
    auto pulled = run(ioc_, make_client().pull("nosuch-model:1b", {}));
    ASSERT_FALSE(pulled);
    EXPECT_EQ(pulled.error().code, errc::upstream_error);
    EXPECT_EQ(pulled.error().message, "pull model manifest: file does not exist");
}

TEST_F(OllamaClientTest, RemoveSendsItsBodyAndThenReports404) {
    auto c = make_client();
    auto removed = run(ioc_, c.remove("gemma2:2b"));
    ASSERT_TRUE(removed) << removed.error().message;
    auto again = run(ioc_, c.remove("gemma2:2b"));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, errc::upstream_http_status);
    EXPECT_EQ(again.error().upstream_status, 404U);
    EXPECT_EQ(again.error().message, "model 'gemma2:2b' not found");
    auto models = run(ioc_, c.tags());
    ASSERT_TRUE(models);
    for (const auto& m : *models) {
        EXPECT_NE(m.name, "gemma2:2b");
    }
}

} // namespace
} // namespace ollama_arena::ollama
