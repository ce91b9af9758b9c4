// arena/pulls: the pure parts (percent, pull key) and the watcher queue.
#include "arena/pulls.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace ollama_arena::arena {
namespace {

ollama::pull_progress line(std::string status, std::string digest = {}, std::int64_t total = 0,
                           std::int64_t completed = 0) {
    ollama::pull_progress p;
    p.status = std::move(status);
    p.digest = std::move(digest);
    p.total = total;
    p.completed = completed;
    return p;
}

TEST(PullMeterTest, SumsLayersByDigest) {
    pull_meter m;
    m.apply(line("pulling manifest"));
    EXPECT_EQ(m.percent(), 0.0);
    m.apply(line("pulling aaa", "sha256:aaa", 1000, 250));
    m.apply(line("pulling bbb", "sha256:bbb", 1000, 0));
    EXPECT_EQ(m.total(), 2000);
    EXPECT_EQ(m.completed(), 250);
    m.apply(line("pulling aaa", "sha256:aaa", 1000, 900)); // replaces, not adds
    EXPECT_EQ(m.completed(), 900);
    EXPECT_DOUBLE_EQ(m.percent(), 45.0);
    m.apply(line("pulling bbb", "sha256:bbb", 1000, 1));
    EXPECT_DOUBLE_EQ(m.percent(), 45.0); // 901 of 2000 rounds down to 45.0
}

TEST(PullMeterTest, RoundsDownToOneDecimal) {
    pull_meter m;
    m.apply(line("pulling aaa", "sha256:aaa", 3, 2));
    EXPECT_DOUBLE_EQ(m.percent(), 66.6);
}

TEST(PullMeterTest, StaysBelowHundredUntilSuccess) {
    pull_meter m;
    m.apply(line("pulling aaa", "sha256:aaa", 1000, 1000));
    EXPECT_DOUBLE_EQ(m.percent(), 99.9);
    m.apply(line("verifying sha256 digest"));
    EXPECT_DOUBLE_EQ(m.percent(), 99.9);
    m.apply(line("success"));
    EXPECT_DOUBLE_EQ(m.percent(), 100.0);
    EXPECT_EQ(m.completed(), m.total());
}

TEST(PullMeterTest, PercentNeverGoesBackWhenALayerAppears) {
    pull_meter m;
    m.apply(line("pulling aaa", "sha256:aaa", 1000, 800));
    EXPECT_DOUBLE_EQ(m.percent(), 80.0);
    m.apply(line("pulling bbb", "sha256:bbb", 1000, 0)); // 40 % of the new total
    EXPECT_DOUBLE_EQ(m.percent(), 80.0);
    EXPECT_EQ(m.total(), 2000);
    m.apply(line("pulling bbb", "sha256:bbb", 1000, 900));
    EXPECT_DOUBLE_EQ(m.percent(), 85.0);
}

TEST(PullMeterTest, LayerCompletedNeverGoesBack) {
    pull_meter m;
    m.apply(line("pulling aaa", "sha256:aaa", 1000, 600));
    m.apply(line("pulling aaa", "sha256:aaa", 1000, 0)); // Ollama omits completed while 0
    EXPECT_EQ(m.completed(), 600);
}

TEST(PullKeyTest, MissingTagMeansLatest) {
    EXPECT_EQ(pull_key("tinyllama"), "tinyllama:latest");
    EXPECT_EQ(pull_key("tinyllama:1.1b"), "tinyllama:1.1b");
    EXPECT_EQ(pull_key("registry.local:5000/team/model"), "registry.local:5000/team/model:latest");
    EXPECT_EQ(pull_key("registry.local:5000/team/model:q4"), "registry.local:5000/team/model:q4");
}

TEST(PullKeyTest, SpellingsOfOneModelShareOneKey) {
    EXPECT_EQ(pull_key("TinyLlama"), "tinyllama:latest");
    EXPECT_EQ(pull_key("library/tinyllama"), "tinyllama:latest");
    EXPECT_EQ(pull_key("registry.ollama.ai/library/tinyllama:latest"), "tinyllama:latest");
}

pull_update update(std::string status, std::string digest, std::int64_t completed) {
    pull_update u;
    u.line = line(std::move(status), std::move(digest), 100, completed);
    return u;
}

// Reads n updates on ioc; `meanwhile` is posted after the reader started (and waits).
std::vector<pull_update> read_n(net::io_context& ioc, std::shared_ptr<pull_watch> w, std::size_t n,
                                std::function<void()> meanwhile = {}) {
    std::vector<pull_update> got;
    net::co_spawn(
        ioc,
        [&]() -> awaitable<void> {
            while (got.size() < n) {
                auto u = co_await w->next();
                if (!u)
                    co_return;
                got.push_back(*u);
            }
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        });
    if (meanwhile)
        net::post(ioc, [&] { net::post(ioc, meanwhile); });
    ioc.run();
    ioc.restart();
    return got;
}

TEST(PullWatchTest, SlowReaderGetsTheLatestLineOfEachStep) {
    net::io_context ioc;
    auto w = std::make_shared<pull_watch>(ioc.get_executor());
    w->push(update("pulling manifest", "", 0));
    w->push(update("pulling aaa", "sha256:aaa", 10));
    w->push(update("pulling aaa", "sha256:aaa", 20));
    w->push(update("pulling bbb", "sha256:bbb", 5));
    auto got = read_n(ioc, w, 3);
    ASSERT_EQ(got.size(), 3U);
    EXPECT_EQ(got[0].line.status, "pulling manifest");
    EXPECT_EQ(got[1].line.completed, 20);
    EXPECT_EQ(got[2].line.status, "pulling bbb");
}

TEST(PullWatchTest, WaitingReaderWakesOnPush) {
    net::io_context ioc;
    auto w = std::make_shared<pull_watch>(ioc.get_executor());
    bool pushed = false;
    auto got = read_n(ioc, w, 1, [&] {
        pushed = true;
        w->push(update("success", "", 0));
    });
    EXPECT_TRUE(pushed);
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].line.status, "success");
}

} // namespace
} // namespace ollama_arena::arena
