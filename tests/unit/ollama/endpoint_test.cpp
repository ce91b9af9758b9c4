// Unit tests of ollama::parse_ollama_host: every form of ollama-api.md §6.4 plus the errors.
#include "ollama/endpoint.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ollama_arena::ollama {
namespace {

std::string url_of(std::string_view value) {
    auto ep = parse_ollama_host(value);
    if (!ep) {
        return "error: " + ep.error().message;
    }
    return ep->url();
}

std::string error_of(std::string_view value) {
    auto ep = parse_ollama_host(value);
    if (ep) {
        return "ok: " + ep->url();
    }
    EXPECT_EQ(ep.error().code, errc::invalid_request);
    EXPECT_EQ(ep.error().field, "OLLAMA_HOST");
    return ep.error().message;
}

TEST(OllamaHostTest, EmptyMeansLocalDefault) {
    EXPECT_EQ(url_of(""), "http://127.0.0.1:11434");
    EXPECT_EQ(url_of("   "), "http://127.0.0.1:11434");
    EXPECT_EQ(url_of("\"\""), "http://127.0.0.1:11434");
}

TEST(OllamaHostTest, BareAddressGetsOllamaPort) {
    EXPECT_EQ(url_of("1.2.3.4"), "http://1.2.3.4:11434");
}

TEST(OllamaHostTest, PortOnlyMeansLoopback) {
    EXPECT_EQ(url_of(":1234"), "http://127.0.0.1:1234");
}

TEST(OllamaHostTest, AddressAndPortAreKept) {
    EXPECT_EQ(url_of("1.2.3.4:1234"), "http://1.2.3.4:1234");
}

TEST(OllamaHostTest, HostNameGetsOllamaPort) {
    EXPECT_EQ(url_of("example.com"), "http://example.com:11434");
    EXPECT_EQ(url_of("localhost:8080"), "http://localhost:8080");
}

TEST(OllamaHostTest, Ipv6WithAndWithoutBrackets) {
    EXPECT_EQ(url_of("[::1]"), "http://[::1]:11434");
    EXPECT_EQ(url_of("::1"), "http://[::1]:11434");
    EXPECT_EQ(url_of("[::1]:8080"), "http://[::1]:8080");
}

TEST(OllamaHostTest, ExplicitHttpSchemeDefaultsToPort80) {
    EXPECT_EQ(url_of("http://1.2.3.4"), "http://1.2.3.4:80");
    EXPECT_EQ(url_of("http://1.2.3.4:1234"), "http://1.2.3.4:1234");
    EXPECT_EQ(url_of("HTTP://example.com"), "http://example.com:80");
}

TEST(OllamaHostTest, PathPrefixIsKept) {
    auto ep = parse_ollama_host("http://example.com/ollama/");
    ASSERT_TRUE(ep);
    EXPECT_EQ(ep->host, "example.com");
    EXPECT_EQ(ep->port, 80);
    EXPECT_EQ(ep->base_path, "/ollama");
    EXPECT_EQ(ep->url(), "http://example.com:80/ollama");
    EXPECT_EQ(url_of("example.com:9000/a/b"), "http://example.com:9000/a/b");
    EXPECT_EQ(url_of("http://example.com/"), "http://example.com:80");
}

TEST(OllamaHostTest, ListenEverywhereAddressesBecomeLoopback) {
    EXPECT_EQ(url_of("0.0.0.0"), "http://127.0.0.1:11434");
    EXPECT_EQ(url_of("0.0.0.0:9999"), "http://127.0.0.1:9999");
    EXPECT_EQ(url_of("::"), "http://[::1]:11434");
    EXPECT_EQ(url_of("[::]:9999"), "http://[::1]:9999");
}

TEST(OllamaHostTest, SpacesAndQuotesAreTrimmed) {
    EXPECT_EQ(url_of("  1.2.3.4:1234  "), "http://1.2.3.4:1234");
    EXPECT_EQ(url_of("\"1.2.3.4\""), "http://1.2.3.4:11434");
    EXPECT_EQ(url_of("'http://1.2.3.4'"), "http://1.2.3.4:80");
    EXPECT_EQ(url_of(" \" localhost \" "), "http://localhost:11434");
}

TEST(OllamaHostTest, FieldsAreSplitOut) {
    auto ep = parse_ollama_host("10.0.0.5:4321");
    ASSERT_TRUE(ep);
    EXPECT_EQ(ep->scheme, "http");
    EXPECT_EQ(ep->host, "10.0.0.5");
    EXPECT_EQ(ep->port, 4321);
    EXPECT_EQ(ep->base_path, "");
}

TEST(OllamaHostTest, HostHeaderBracketsIpv6) {
    EXPECT_EQ(parse_ollama_host("1.2.3.4:99")->host_header(), "1.2.3.4:99");
    EXPECT_EQ(parse_ollama_host("[::1]:99")->host_header(), "[::1]:99");
}

TEST(OllamaHostTest, HttpsIsRefused) {
    EXPECT_EQ(error_of("https://1.2.3.4"), "OLLAMA_HOST: https is not supported; use http://");
    EXPECT_EQ(error_of("https://example.com/ollama"),
              "OLLAMA_HOST: https is not supported; use http://");
}

TEST(OllamaHostTest, OtherSchemesAreRefused) {
    EXPECT_EQ(error_of("ftp://1.2.3.4"), "OLLAMA_HOST: unsupported scheme 'ftp'; use http://");
}

TEST(OllamaHostTest, SchemeWithoutHostIsRefused) {
    EXPECT_EQ(error_of("http://"), "OLLAMA_HOST: missing host in 'http://'");
    EXPECT_EQ(error_of("http:///ollama"), "OLLAMA_HOST: missing host in 'http:///ollama'");
}

// Ollama falls back to its default port here; we refuse (see endpoint.hpp).
TEST(OllamaHostTest, BadPortsAreRefused) {
    EXPECT_EQ(error_of("host:abc"),
              "OLLAMA_HOST: invalid port 'abc' in 'host:abc' (expected 1-65535)");
    EXPECT_EQ(error_of("host:99999"),
              "OLLAMA_HOST: invalid port '99999' in 'host:99999' (expected 1-65535)");
    EXPECT_EQ(error_of(":66000"),
              "OLLAMA_HOST: invalid port '66000' in ':66000' (expected 1-65535)");
    EXPECT_EQ(error_of(":-1"), "OLLAMA_HOST: invalid port '-1' in ':-1' (expected 1-65535)");
    EXPECT_EQ(error_of("host:0"), "OLLAMA_HOST: invalid port '0' in 'host:0' (expected 1-65535)");
    EXPECT_EQ(error_of("host:"), "OLLAMA_HOST: invalid port '' in 'host:' (expected 1-65535)");
    EXPECT_EQ(error_of("[::1]:x"), "OLLAMA_HOST: invalid port 'x' in '[::1]:x' (expected 1-65535)");
}

TEST(OllamaHostTest, MalformedHostsAreRefused) {
    EXPECT_EQ(error_of("[::1"), "OLLAMA_HOST: missing ']' in '[::1'");
    EXPECT_EQ(error_of("[::1]x"), "OLLAMA_HOST: unexpected text after ']' in '[::1]x'");
    EXPECT_EQ(error_of("user@host"), "OLLAMA_HOST: invalid host 'user@host' in 'user@host'");
    EXPECT_EQ(error_of("a b:80"), "OLLAMA_HOST: invalid host 'a b' in 'a b:80'");
    EXPECT_EQ(error_of("1:2:zz"), "OLLAMA_HOST: invalid host '1:2:zz' in '1:2:zz'");
}

} // namespace
} // namespace ollama_arena::ollama
