// The arena as a real process against fake-ollama: health, models, errors, guards, limits.
#include "support/arena_fixture.hpp"

#include <gtest/gtest.h>

#include <csignal>

namespace ollama_arena::test {
namespace {

using namespace std::chrono_literals;

TEST(HealthApiTest, HealthyWithTheFakesModelCount) {
    arena_fixture f;
    auto res = f.get("/api/health");
    EXPECT_EQ(res.status, 200U);
    EXPECT_EQ(res.content_type, "application/json");
    auto body = res.json().as_object();
    EXPECT_EQ(body.at("status"), "healthy");
    EXPECT_EQ(body.at("service"), "ollama-arena");
    EXPECT_EQ(body.at("models_available").to_number<int>(), 5);
}

TEST(HealthApiTest, UnhealthyWith503WhenOllamaIsDown) {
    arena_fixture f(without_fake());
    auto res = f.get("/api/health");
    EXPECT_EQ(res.status, 503U);
    auto body = res.json().as_object();
    EXPECT_EQ(body.at("status"), "unhealthy");
    EXPECT_EQ(body.at("service"), "ollama-arena");
    EXPECT_EQ(body.at("models_available").to_number<int>(), 0);
    EXPECT_NE(std::string(body.at("details").as_string()).find("not reachable"), std::string::npos);
}

TEST(ModelsApiTest, ListsTheFakesModelsSorted) {
    arena_fixture f;
    auto res = f.get("/api/models");
    ASSERT_EQ(res.status, 200U);
    auto models = res.json().as_object().at("models").as_array();
    ASSERT_EQ(models.size(), 5U);
    std::vector<std::string> names;
    for (const auto& m : models)
        names.emplace_back(m.as_string());
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
    EXPECT_NE(std::find(names.begin(), names.end(), "llama3.2:3b"), names.end());
    EXPECT_FALSE(res.json().as_object().contains("details"));
}

TEST(ModelsApiTest, DetailsAddSizeFamilyAndQuantization) {
    arena_fixture f;
    auto res = f.get("/api/models?details=1");
    ASSERT_EQ(res.status, 200U);
    const auto json = res.json();
    const auto& details = json.as_object().at("details").as_array();
    ASSERT_EQ(details.size(), 5U);
    const auto& first = details[0].as_object();
    EXPECT_GT(first.at("size").to_number<double>(), 0);
    EXPECT_FALSE(first.at("family").as_string().empty());
    EXPECT_FALSE(first.at("quantization_level").as_string().empty());
    EXPECT_FALSE(first.at("parameter_size").as_string().empty());
}

TEST(ModelsApiTest, OllamaDownIs502NamingWhereItLooked) {
    arena_fixture f(without_fake());
    auto res = f.get("/api/models");
    EXPECT_EQ(res.status, 502U);
    auto body = res.json().as_object();
    EXPECT_EQ(body.at("error"), "Ollama is not reachable at http://127.0.0.1:9");
    EXPECT_FALSE(body.at("details").as_string().empty());
}

TEST(RoutingTest, UnknownRouteAndWrongMethodAreJsonErrors) {
    arena_fixture f;
    auto missing = f.get("/api/nope");
    EXPECT_EQ(missing.status, 404U);
    EXPECT_EQ(missing.json().as_object().at("error"), "Resource not found");
    auto wrong = f.post("/api/models", "{}");
    EXPECT_EQ(wrong.status, 405U);
    EXPECT_EQ(wrong.json().as_object().at("error"), "Method not allowed");
}

TEST(AuthTest, TokenIsRequiredEverywhereButHealth) {
    arena_fixture f(with_arena_env({{"WEB_CHAT_TOKEN", "s3cret"}}));
    EXPECT_EQ(f.get("/api/health").status, 200U);
    auto none = f.get("/api/models");
    EXPECT_EQ(none.status, 401U);
    EXPECT_EQ(none.json().as_object().at("error"), "Missing or invalid Authorization header");
    auto wrong = f.get("/api/models", {{"Authorization", "Bearer nope"}});
    EXPECT_EQ(wrong.status, 401U);
    EXPECT_EQ(wrong.json().as_object().at("error"), "Invalid authorization token");
    EXPECT_EQ(f.get("/api/models", {{"Authorization", "Bearer s3cret"}}).status, 200U);
    // The token never reaches the log.
    EXPECT_EQ(f.arena().output().find("s3cret"), std::string::npos);
}

TEST(HostGuardTest, ForeignHostHeaderIsRefusedUnlessAllowed) {
    arena_fixture f(with_arena_args({"--allow-host", "arena.lan"}));
    auto evil = f.get("/api/health", {{"Host", "evil.example:7860"}});
    EXPECT_EQ(evil.status, 403U);
    EXPECT_EQ(evil.json().as_object().at("error"), "Host not allowed");
    EXPECT_EQ(f.get("/api/health", {{"Host", "arena.lan:7860"}}).status, 200U);
    EXPECT_EQ(f.get("/api/health", {{"Host", "localhost:7860"}}).status, 200U);
}

TEST(LimitsTest, BodyOverEightMebibytesIs413) {
    arena_fixture f;
    const std::string big(8U * 1024U * 1024U + 1U, 'x');
    auto res = f.post("/api/models", big);
    EXPECT_EQ(res.status, 413U);
    EXPECT_EQ(res.json().as_object().at("error"), "Request body too large");
}

TEST(LimitsTest, MalformedHttpGetsA400AndTheServerKeepsServing) {
    arena_fixture f;
    auto raw = raw_exchange(f.arena_port(), "GARBAGE\r\n\r\n");
    EXPECT_NE(raw.find("400"), std::string::npos) << raw;
    auto raw2 =
        raw_exchange(f.arena_port(), "GET /api/health HTTP/1.1\r\nContent-Length: x\r\n\r\n");
    EXPECT_NE(raw2.find("400"), std::string::npos) << raw2;
    EXPECT_EQ(f.get("/api/health").status, 200U);
}

TEST(KeepAliveTest, TwoRequestsShareOneConnection) {
    arena_fixture f;
    auto raw =
        raw_exchange(f.arena_port(),
                     "GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                     "GET /api/models HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                     10s);
    EXPECT_NE(raw.find("\"status\":\"healthy\""), std::string::npos);
    EXPECT_NE(raw.find("\"models\":["), std::string::npos);
}

TEST(StaticUiTest, RootServesHtmlWithEtagAndRevalidates) {
    arena_fixture f;
    auto res = f.get("/");
    ASSERT_EQ(res.status, 200U);
    EXPECT_EQ(res.content_type, "text/html; charset=utf-8");
    const auto etag = res.header("etag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(f.get("/", {{"If-None-Match", etag}}).status, 304U);
    auto escape = f.get("/../../etc/passwd");
    EXPECT_EQ(escape.body.find("root:"), std::string::npos);
    EXPECT_EQ(f.get("/%2e%2e/%2e%2e/etc/passwd").body.find("root:"), std::string::npos);
}

TEST(LifecycleTest, SigtermExitsCleanlyAndQuickly) {
    arena_fixture f;
    EXPECT_EQ(f.get("/api/health").status, 200U);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(f.arena().stop(SIGTERM, 5s), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(LifecycleTest, PortInUseSaysSo) {
    arena_fixture f;
    // The same data dir as the first arena: a test never touches the user's real one.
    auto second = child_process::spawn(binary_path("ollama-arena"),
                                       {"serve", "--port", std::to_string(f.arena_port())},
                                       {{"ARENA_DATA_DIR", f.data_dir()}});
    EXPECT_EQ(second.wait_exit(10s), 1);
    EXPECT_NE(second.output().find("already in use"), std::string::npos) << second.output();
}

TEST(LifecycleTest, BadConfigurationExitsWithCodeTwoAndOneLine) {
    struct bad_case {
        env_list env;
        std::vector<std::string> args;
        std::string expected;
    };
    const std::vector<bad_case> cases{
        {{}, {"serve", "--port", "99999"}, "WEB_PORT"},
        {{{"OLLAMA_HOST", "http://"}}, {"serve"}, "OLLAMA_HOST"},
        {{{"REQUEST_TIMEOUT", "-3"}}, {"serve"}, "REQUEST_TIMEOUT"},
        {{{"LOG_LEVEL", "loud"}}, {"serve"}, "LOG_LEVEL"},
    };
    for (const auto& c : cases) {
        auto p = child_process::spawn(binary_path("ollama-arena"), c.args, c.env);
        EXPECT_EQ(p.wait_exit(10s), 2) << c.expected;
        const auto out = p.output();
        EXPECT_NE(out.find(c.expected), std::string::npos) << out;
        EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    }
}

} // namespace
} // namespace ollama_arena::test
