// Cancellation and load: a client that leaves stops every upstream generation at once; a
// shutdown ends open streams with error lines; many comparisons at once complete intact.
#include "support/arena_fixture.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace ollama_arena::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

json::object fake_stats(const arena_fixture& f) {
    return f.fake_get("/fake/stats").json().as_object();
}

std::int64_t stat(const json::object& s, const char* key) {
    return s.at(key).to_number<std::int64_t>();
}

const std::string three_slow = R"({"history":[{"role":"user","content":"tell me a story"}],
    "model_instances":[{"model":"fault-slow:1b"},{"model":"fault-hang:1b"},
                       {"model":"llama3.2:3b","num_predict":4000}]})";

TEST(ArenaStreamTest, ClientDisconnectCancelsAllUpstreams) {
    arena_fixture f(with_fake_args({"--tokens-per-sec", "50"}));
    {
        stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat", three_slow);
        ASSERT_EQ(s.status(), 200U);
        ASSERT_TRUE(s.next_line(10s).has_value()); // streams are running
        ASSERT_EQ(stat(fake_stats(f), "active"), 3);
        s.disconnect();
        const auto left = std::chrono::steady_clock::now();
        json::object stats;
        while (std::chrono::steady_clock::now() - left < 2s) {
            stats = fake_stats(f);
            if (stat(stats, "active") == 0)
                break;
            std::this_thread::sleep_for(2ms);
        }
        const auto elapsed = std::chrono::steady_clock::now() - left;
        EXPECT_EQ(stat(stats, "active"), 0);
        EXPECT_EQ(stat(stats, "streams_cancelled"), 3);
        EXPECT_LT(elapsed, 100ms) << "upstreams must stop within 100 ms of the client leaving";
    }
    EXPECT_EQ(f.get("/api/health").status, 200U); // and the arena carries on
}

TEST(ArenaStreamTest, ClientDisconnectDuringNonStreamedChatCancelsToo) {
    arena_fixture f;
    raw_connection client(f.arena_port());
    client.send_post(
        "/api/chat",
        R"({"history":[{"role":"user","content":"x"}],"models":["fault-hang:1b","fault-slow:1b"]})");
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (stat(fake_stats(f), "active") < 2 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    ASSERT_EQ(stat(fake_stats(f), "active"), 2);
    client.close();
    json::object stats;
    do {
        std::this_thread::sleep_for(2ms);
        stats = fake_stats(f);
    } while (stat(stats, "active") != 0 && std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(stat(stats, "active"), 0);
    EXPECT_EQ(stat(stats, "streams_cancelled"), 2);
}

TEST(ArenaStreamTest, ShutdownEndsOpenStreamsWithAnErrorLinePerInstance) {
    arena_fixture f(with_fake_args({"--tokens-per-sec", "20"}));
    stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat", three_slow);
    ASSERT_TRUE(s.next_line(10s).has_value());
    const auto started = std::chrono::steady_clock::now();
    ::kill(f.arena().pid(), SIGTERM);
    std::map<std::string, std::string> final_type;
    for (const auto& l : s.read_all(10s)) {
        const auto& o = l.as_object();
        if (o.at("done").as_bool())
            final_type[std::string(o.at("instance_id").as_string())] = o.at("type").as_string();
    }
    EXPECT_EQ(final_type.size(), 3U);
    for (const auto& [id, type] : final_type)
        EXPECT_EQ(type, "error") << id;
    EXPECT_EQ(f.arena().wait_exit(5s), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(ArenaStreamTest, ShutdownAnswersAWaitingNonStreamedChatWith503) {
    arena_fixture f;
    raw_connection client(f.arena_port());
    client.send_post("/api/chat",
                     R"({"history":[{"role":"user","content":"x"}],"models":["fault-hang:1b"]})");
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (stat(fake_stats(f), "active") < 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    ::kill(f.arena().pid(), SIGTERM);
    const auto answer = client.read_all(5s);
    EXPECT_NE(answer.find("HTTP/1.1 503"), std::string::npos) << answer;
    EXPECT_NE(answer.find("Server shutting down"), std::string::npos) << answer;
    EXPECT_EQ(f.arena().wait_exit(5s), 0);
}

// Server-side sockets on `port` whose peer has closed but which the server still holds
// (TCP state CLOSE_WAIT, "08" in /proc/net/tcp).
int close_wait_sockets(std::uint16_t port) {
    char local_port[8];
    std::snprintf(local_port, sizeof local_port, ":%04X", port);
    std::ifstream tcp("/proc/net/tcp");
    std::string line;
    int count = 0;
    while (std::getline(tcp, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        if (local.ends_with(local_port) && state == "08")
            ++count;
    }
    return count;
}

TEST(ArenaLoadTest, ClientsThatResetMidRequestNeverBringTheServerDown) {
    arena_fixture f;
    ASSERT_EQ(f.post("/api/sessions", R"({"title":"x"})").status, 201U);
    for (int i = 0; i < 300; ++i) {
        raw_connection c(f.arena_port());
        c.send(i % 2 ? "GET /api/sessions HTTP/1.1\r\nHost: localhost\r\n\r\n"
                     : "GET /api/leaderboard HTTP/1.1\r\nHost: localhost\r\n\r\n");
        c.reset();
    }
    EXPECT_EQ(f.get("/api/health").status, 200U);
    EXPECT_EQ(f.arena().wait_exit(100ms), -1) << f.arena().output(); // still running
}

TEST(ArenaLoadTest, ConnectionsClosedByClientsAreReleasedAtOnce) {
    arena_fixture f;
    const std::string body = R"({"history":[{"role":"user","content":"x"}],
        "models":["llama3.2:3b","qwen2.5:7b","mistral:7b","gemma2:2b"]})";
    std::vector<std::thread> clients;
    for (int i = 0; i < 60; ++i) {
        clients.emplace_back([&] {
            stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat", body);
            s.read_all(); // the reader closes its connection right after the last chunk
        });
    }
    for (auto& c : clients)
        c.join();
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(close_wait_sockets(f.arena_port()), 0);
}

// Both thread models: one network thread (plain executor), several (a strand per connection).
void expect_two_hundred_comparisons_intact(const std::string& network_threads) {
    arena_fixture f(with_arena_args({"--threads", network_threads}));
    constexpr int clients = 200;
    std::atomic<int> intact{0};
    std::vector<std::thread> threads;
    threads.reserve(clients);
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            try {
                const std::string body =
                    R"({"history":[{"role":"user","content":"q)" + std::to_string(i) +
                    R"("}],"model_instances":[{"model":"llama3.2:3b","num_predict":30},
                                            {"model":"qwen2.5:7b","num_predict":30},{"model":"mistral:7b","num_predict":30}]})";
                stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat", body, {},
                                60s);
                std::map<std::string, int> tokens;
                int finals = 0;
                for (const auto& l : s.read_all(60s)) {
                    const auto& o = l.as_object();
                    if (!o.at("done").as_bool()) {
                        ++tokens[std::string(o.at("instance_id").as_string())];
                    } else if (o.at("type") == "metrics" &&
                               o.at("metrics").as_object().at("tokens").as_int64() == 30) {
                        ++finals;
                    }
                }
                if (finals == 3 && tokens.size() == 3)
                    intact.fetch_add(1);
            } catch (const std::exception&) {
                // counted as not intact
            }
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(intact.load(), clients);
    EXPECT_EQ(stat(fake_stats(f), "active"), 0);
}

TEST(ArenaLoadTest, TwoHundredConcurrentComparisonsCompleteIntactOnOneThread) {
    expect_two_hundred_comparisons_intact("1");
}

TEST(ArenaLoadTest, TwoHundredConcurrentComparisonsCompleteIntactOnFourThreads) {
    expect_two_hundred_comparisons_intact("4");
}

} // namespace
} // namespace ollama_arena::test
