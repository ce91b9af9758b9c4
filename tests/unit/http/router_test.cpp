#include "http/router.hpp"

#include <gtest/gtest.h>

namespace ollama_arena::http {
namespace {

handler noop() {
    return [](exchange&) -> awaitable<void> { co_return; };
}

router sample() {
    router r;
    r.add(method::get, "/api/models", access::token, noop());
    r.add(method::post, "/api/chat", access::token, noop());
    r.add(method::get, "/api/health", access::open, noop());
    r.set_fallback(noop());
    return r;
}

TEST(RouterTest, FindsAnExactRoute) {
    auto r = sample();
    auto m = r.find(method::post, "/api/chat");
    ASSERT_NE(m.found, nullptr);
    EXPECT_EQ(m.found->path, "/api/chat");
}

TEST(RouterTest, HeadMatchesGet) {
    auto r = sample();
    EXPECT_NE(r.find(method::head, "/api/models").found, nullptr);
}

TEST(RouterTest, WrongMethodOnAKnownPathIsMethodNotAllowed) {
    auto r = sample();
    auto m = r.find(method::get, "/api/chat");
    EXPECT_EQ(m.found, nullptr);
    EXPECT_EQ(m.fallback, nullptr);
    EXPECT_EQ(m.failure, errc::method_not_allowed);
}

TEST(RouterTest, UnknownApiPathIsNotFoundAndNeverFallsBackToAssets) {
    auto r = sample();
    auto m = r.find(method::get, "/api/nope");
    EXPECT_EQ(m.found, nullptr);
    EXPECT_EQ(m.fallback, nullptr);
    EXPECT_EQ(m.failure, errc::not_found);
    EXPECT_EQ(r.find(method::get, "/api").fallback, nullptr);
}

TEST(RouterTest, OtherGetPathsGoToTheAssetFallback) {
    auto r = sample();
    EXPECT_NE(r.find(method::get, "/").fallback, nullptr);
    EXPECT_NE(r.find(method::get, "/assets/app.js").fallback, nullptr);
    EXPECT_EQ(r.find(method::post, "/").fallback, nullptr);
}

} // namespace
} // namespace ollama_arena::http
