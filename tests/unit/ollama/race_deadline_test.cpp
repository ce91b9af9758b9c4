// Unit tests of ollama::detail::race_deadline: waiting for work that cannot be interrupted
// (a name lookup) no longer than a deadline.
#include "ollama/transport.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>

namespace ollama_arena::ollama::detail {
namespace {

using namespace std::chrono_literals;

// Work that takes `d` and records that it finished.
awaitable<result<int>> slow_work(std::chrono::milliseconds d, std::shared_ptr<bool> finished) {
    net::steady_timer t(co_await net::this_coro::executor, d);
    co_await t.async_wait(net::use_awaitable);
    *finished = true;
    co_return 42;
}

struct raced {
    result<int> value{0};
    bool work_finished_when_answered = false;
};

raced run_race(std::chrono::milliseconds work_time, std::chrono::milliseconds deadline) {
    net::io_context ioc;
    auto finished = std::make_shared<bool>(false);
    raced out;
    const auto late = upstream_errors::protocol("too late");
    net::co_spawn(ioc, race_deadline(slow_work(work_time, finished), clock::now() + deadline, late),
                  [&](std::exception_ptr e, result<int> v) {
                      ASSERT_FALSE(e);
                      out.value = std::move(v);
                      out.work_finished_when_answered = *finished;
                  });
    ioc.run(); // returns once the abandoned work has ended too
    EXPECT_TRUE(*finished);
    return out;
}

TEST(RaceDeadlineTest, WorkThatEndsFirstGivesItsResult) {
    const auto r = run_race(10ms, 5s);
    ASSERT_TRUE(r.value);
    EXPECT_EQ(*r.value, 42);
}

TEST(RaceDeadlineTest, DeadlineThatPassesFirstAnswersWithoutWaitingForTheWork) {
    const auto r = run_race(400ms, 20ms);
    ASSERT_FALSE(r.value);
    EXPECT_EQ(r.value.error().message, "too late");
    EXPECT_FALSE(r.work_finished_when_answered);
}

TEST(RaceDeadlineTest, CancellingTheCallerAnswersCancelledAtOnce) {
    net::io_context ioc;
    auto finished = std::make_shared<bool>(false);
    net::cancellation_signal cancel;
    std::optional<result<int>> out;
    bool finished_when_answered = true;
    net::co_spawn(
        ioc,
        race_deadline(slow_work(400ms, finished), clock::time_point::max(),
                      upstream_errors::protocol("too late")),
        net::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr, result<int> v) {
            out = std::move(v);
            finished_when_answered = *finished;
        }));
    net::post(ioc, [&] { cancel.emit(net::cancellation_type::terminal); });
    ioc.run();
    ASSERT_TRUE(out.has_value());
    ASSERT_FALSE(*out);
    EXPECT_EQ(out->error().code, errc::cancelled);
    EXPECT_FALSE(finished_when_answered);
}

} // namespace
} // namespace ollama_arena::ollama::detail
