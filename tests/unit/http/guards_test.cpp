#include "http/guards.hpp"

#include <gtest/gtest.h>

namespace ollama_arena::http {
namespace {

TEST(BearerTest, AcceptsTheConfiguredToken) {
    EXPECT_FALSE(check_bearer("Bearer s3cret", "s3cret").has_value());
    EXPECT_FALSE(check_bearer("bearer s3cret", "s3cret").has_value());
}

TEST(BearerTest, MissingOrMalformedHeaderIsRejectedWithTheDocumentedMessage) {
    for (const auto* header : {"", "s3cret", "Basic s3cret", "Bearer", "Bearer    "}) {
        auto e = check_bearer(header, "s3cret");
        ASSERT_TRUE(e.has_value()) << header;
        EXPECT_EQ(e->code, errc::unauthorized);
        EXPECT_EQ(e->message, "Missing or invalid Authorization header") << header;
    }
}

TEST(BearerTest, WrongTokenIsRejectedWithTheDocumentedMessage) {
    for (const auto* header : {"Bearer wrong", "Bearer s3cre", "Bearer s3cretX"}) {
        auto e = check_bearer(header, "s3cret");
        ASSERT_TRUE(e.has_value()) << header;
        EXPECT_EQ(e->message, "Invalid authorization token");
    }
}

TEST(BearerTest, ConstantTimeEqualComparesContentAndLength) {
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
    EXPECT_FALSE(constant_time_equal("", "a"));
    EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(HostGuardTest, LoopbackNamesAreAllowed) {
    for (const auto* host : {"localhost", "localhost:7860", "LOCALHOST", "127.0.0.1:7860",
                             "127.1.2.3", "[::1]:7860", "app.localhost", ""}) {
        EXPECT_TRUE(host_allowed(host, "127.0.0.1", {})) << host;
    }
}

TEST(HostGuardTest, ForeignNamesAreRefusedUnlessListed) {
    EXPECT_FALSE(host_allowed("evil.example.com", "127.0.0.1", {}));
    EXPECT_FALSE(host_allowed("127.0.0.1.evil.com", "127.0.0.1", {}));
    EXPECT_FALSE(host_allowed("192.168.1.5:7860", "127.0.0.1", {}));
    EXPECT_TRUE(host_allowed("arena.lan:7860", "127.0.0.1", {"Arena.LAN"}));
    EXPECT_TRUE(host_allowed("anything", "127.0.0.1", {"*"}));
}

TEST(HostGuardTest, TheBindAddressIsAllowed) {
    EXPECT_TRUE(host_allowed("192.168.1.5:7860", "192.168.1.5", {}));
}

TEST(HostGuardTest, HostOfStripsPortsAndBrackets) {
    EXPECT_EQ(host_of("[::1]:80"), "::1");
    EXPECT_EQ(host_of("Example.com:80"), "example.com");
    EXPECT_EQ(host_of("::1"), "::1");
}

} // namespace
} // namespace ollama_arena::http
