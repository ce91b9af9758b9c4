#include "http/router.hpp"

#include <gtest/gtest.h>

namespace ollama_arena::http {
namespace {

handler noop() {
    return [](exchange&) -> awaitable<void> {
        co_return;
    };
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

router with_params() {
    router r;
    r.add(method::get, "/api/sessions", access::token, noop());
    r.add(method::get, "/api/sessions/{id}", access::token, noop());
    r.add(method::patch, "/api/sessions/{id}", access::token, noop());
    r.add(method::get, "/api/sessions/{id}/export", access::token, noop());
    r.add(method::post, "/api/sessions/{id}/turns/{turn}/vote", access::token, noop());
    r.add(method::get, "/api/sessions/latest", access::token, noop());
    return r;
}

TEST(RouterTest, APatternCapturesItsParameters) {
    auto r = with_params();
    auto m = r.find(method::post, "/api/sessions/12/turns/7/vote");
    ASSERT_NE(m.found, nullptr);
    EXPECT_EQ(m.found->path, "/api/sessions/{id}/turns/{turn}/vote");
    ASSERT_EQ(m.params.size(), 2U);
    EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"id", "12"}));
    EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>{"turn", "7"}));
    EXPECT_TRUE(m.found->has_params);
    EXPECT_FALSE(r.find(method::get, "/api/sessions").found->has_params);
}

TEST(RouterTest, APatternMatchesWholeSegmentsOnly) {
    auto r = with_params();
    EXPECT_EQ(r.find(method::get, "/api/sessions/").found, nullptr);    // empty parameter
    EXPECT_EQ(r.find(method::get, "/api/sessions/12/").found, nullptr); // extra segment
    EXPECT_EQ(r.find(method::get, "/api/sessions/12/exports").found, nullptr);
    EXPECT_EQ(r.find(method::get, "/api/sessions/12/export/x").found, nullptr);
    auto m = r.find(method::get, "/api/sessions/12/export");
    ASSERT_NE(m.found, nullptr);
    EXPECT_EQ(m.found->path, "/api/sessions/{id}/export");
}

TEST(RouterTest, AnExactRouteWinsOverAPattern) {
    auto r = with_params();
    auto m = r.find(method::get, "/api/sessions/latest");
    ASSERT_NE(m.found, nullptr);
    EXPECT_EQ(m.found->path, "/api/sessions/latest");
    EXPECT_TRUE(m.params.empty());
}

TEST(RouterTest, PatternsDistinguishMethods) {
    auto r = with_params();
    EXPECT_EQ(r.find(method::patch, "/api/sessions/3").found->verb, method::patch);
    EXPECT_EQ(r.find(method::head, "/api/sessions/3").found->verb, method::get);
    auto m = r.find(method::delete_, "/api/sessions/3");
    EXPECT_EQ(m.found, nullptr);
    EXPECT_EQ(m.failure, errc::method_not_allowed);
    auto unknown = r.find(method::get, "/api/sessions/3/nope");
    EXPECT_EQ(unknown.failure, errc::not_found);
    EXPECT_EQ(unknown.fallback, nullptr);
}

TEST(RequestTest, PathParamsAreLookedUpByName) {
    request req;
    req.path_params = {{"id", "12"}, {"turn", "7"}};
    EXPECT_EQ(req.path_param("turn"), "7");
    EXPECT_EQ(req.path_param("nope"), "");
}

} // namespace
} // namespace ollama_arena::http
