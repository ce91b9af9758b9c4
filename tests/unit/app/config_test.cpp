#include "app/cli.hpp"
#include "app/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace ollama_arena::app {
namespace {

TEST(ConfigTest, DefaultsMatchTheApiDecisions) {
    auto cfg = make_config(raw_settings{});
    ASSERT_TRUE(cfg) << cfg.error().message;
    EXPECT_EQ(cfg->http.bind_address, "127.0.0.1");
    EXPECT_EQ(cfg->http.port, 7860);
    EXPECT_EQ(cfg->history_limit, 40U);
    EXPECT_EQ(cfg->request_timeout, std::chrono::seconds(90));
    EXPECT_EQ(cfg->max_concurrent, 6U);
    EXPECT_EQ(cfg->ollama.url(), "http://127.0.0.1:11434");
}

TEST(ConfigTest, PortOutOfRangeNamesTheSettingAndRange) {
    raw_settings raw;
    raw.port = "99999";
    auto cfg = make_config(raw);
    ASSERT_FALSE(cfg);
    EXPECT_EQ(cfg.error().message,
              "WEB_PORT (--port) must be a whole number from 0 to 65535, got '99999'");
}

TEST(ConfigTest, NegativeOrNonNumericTimeoutIsRefused) {
    for (const auto* value : {"-5", "0", "abc", ""}) {
        raw_settings raw;
        raw.request_timeout = value;
        auto cfg = make_config(raw);
        ASSERT_FALSE(cfg) << value;
        EXPECT_NE(cfg.error().message.find("REQUEST_TIMEOUT"), std::string::npos);
    }
}

TEST(ConfigTest, FractionalTimeoutIsAccepted) {
    raw_settings raw;
    raw.request_timeout = "0.5";
    auto cfg = make_config(raw);
    ASSERT_TRUE(cfg);
    EXPECT_EQ(cfg->request_timeout, std::chrono::milliseconds(500));
}

TEST(ConfigTest, UnparsableOllamaHostIsRefused) {
    raw_settings raw;
    raw.ollama_host = "http://";
    auto cfg = make_config(raw);
    ASSERT_FALSE(cfg);
    EXPECT_TRUE(cfg.error().message.starts_with("OLLAMA_HOST")) << cfg.error().message;
}

TEST(ConfigTest, BadLogLevelAndConcurrencyAreRefused) {
    raw_settings raw;
    raw.log_level = "loud";
    EXPECT_FALSE(make_config(raw));
    raw = raw_settings{};
    raw.max_concurrent = "0";
    EXPECT_FALSE(make_config(raw));
    raw = raw_settings{};
    raw.history_limit = "-1";
    EXPECT_FALSE(make_config(raw));
}

TEST(CliTest, FlagsBeatTheEnvironment) {
    ::setenv("WEB_PORT", "9001", 1);
    const char* argv[] = {"ollama-arena", "serve", "--port", "9002"};
    auto cmd = parse_cli(4, argv);
    ::unsetenv("WEB_PORT");
    auto* serve = std::get_if<serve_command>(&cmd);
    ASSERT_NE(serve, nullptr);
    EXPECT_EQ(serve->settings.port, "9002");
}

TEST(CliTest, EnvironmentIsReadWhenNoFlagIsGiven) {
    ::setenv("OLLAMA_HOST", "10.0.0.2:1234", 1);
    ::setenv("WEB_CHAT_TOKEN", "tok", 1);
    const char* argv[] = {"ollama-arena", "serve"};
    auto cmd = parse_cli(2, argv);
    ::unsetenv("OLLAMA_HOST");
    ::unsetenv("WEB_CHAT_TOKEN");
    auto* serve = std::get_if<serve_command>(&cmd);
    ASSERT_NE(serve, nullptr);
    EXPECT_EQ(serve->settings.ollama_host, "10.0.0.2:1234");
    EXPECT_EQ(serve->settings.token, "tok");
}

TEST(CliTest, UnknownFlagIsAUsageErrorWithCodeTwo) {
    const char* argv[] = {"ollama-arena", "serve", "--nope"};
    auto cmd = parse_cli(3, argv);
    auto* done = std::get_if<exit_now>(&cmd);
    ASSERT_NE(done, nullptr);
    EXPECT_EQ(done->code, 2);
    EXPECT_FALSE(done->message.empty());
}

} // namespace
} // namespace ollama_arena::app

namespace ollama_arena::app {
namespace {

TEST(ConfigTest, BindMustBeAnAddressAndLocalhostIsAccepted) {
    raw_settings raw;
    raw.bind = "localhost";
    auto ok = make_config(raw);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->http.bind_address, "127.0.0.1");
    raw.bind = "not an address";
    auto bad = make_config(raw);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().message.starts_with("WEB_BIND (--bind)")) << bad.error().message;
}

TEST(ConfigTest, NetworkThreadsDefaultToOneOnSmallMachinesAndAtMostFour) {
    EXPECT_EQ(default_threads(0), 1U); // hardware_concurrency() may not know
    EXPECT_EQ(default_threads(1), 1U);
    EXPECT_EQ(default_threads(2), 1U);
    EXPECT_EQ(default_threads(3), 3U);
    EXPECT_EQ(default_threads(16), 4U);
}

TEST(ConfigTest, ExplicitThreadCountIsKeptAndOutOfRangeIsRefused) {
    raw_settings raw;
    raw.threads = "2";
    auto cfg = make_config(raw);
    ASSERT_TRUE(cfg) << cfg.error().message;
    EXPECT_EQ(cfg->threads, 2U);
    raw.threads = "65";
    auto bad = make_config(raw);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("ARENA_THREADS"), std::string::npos);
}

} // namespace
} // namespace ollama_arena::app
