#include "common/json.hpp"
#include "http/message.hpp"

#include <gtest/gtest.h>

namespace ollama_arena::http {
namespace {

TEST(MessageTest, QueryParamsArePercentDecoded) {
    request req;
    req.query = "model=llama3.2%3A3b&details=1&empty&q=a+b";
    EXPECT_EQ(req.query_param("model"), "llama3.2:3b");
    EXPECT_EQ(req.query_param("details"), "1");
    EXPECT_EQ(req.query_param("empty"), "");
    EXPECT_EQ(req.query_param("q"), "a b");
    EXPECT_FALSE(req.query_param("missing").has_value());
}

TEST(MessageTest, PercentDecodeRejectsBrokenEscapes) {
    EXPECT_FALSE(percent_decode("%", false).has_value());
    EXPECT_FALSE(percent_decode("%4", false).has_value());
    EXPECT_FALSE(percent_decode("%zz", false).has_value());
    EXPECT_EQ(percent_decode("%2e%2E/", false), "../");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
}

TEST(MessageTest, ErrorResponseUsesTheContractEnvelope) {
    auto e = make_error(errc::invalid_request, "temperature must be between 0.01 and 2.0");
    e.field = "model_instances[1].temperature";
    auto res = error_response(e);
    EXPECT_EQ(res.status, 400U);
    EXPECT_EQ(res.content_type, "application/json");
    auto body = json::parse(res.body).value().as_object();
    EXPECT_EQ(body.at("error"), "temperature must be between 0.01 and 2.0");
    EXPECT_EQ(body.at("field"), "model_instances[1].temperature");
    EXPECT_FALSE(body.contains("details"));
}

TEST(MessageTest, ErrorCodesMapToTheirStatuses) {
    EXPECT_EQ(error_response(errc::not_found, "Resource not found").status, 404U);
    EXPECT_EQ(error_response(errc::method_not_allowed, "Method not allowed").status, 405U);
    EXPECT_EQ(error_response(errc::payload_too_large, "x").status, 413U);
    EXPECT_EQ(error_response(errc::upstream_unreachable, "x").status, 502U);
    EXPECT_EQ(error_response(errc::upstream_timeout, "x").status, 504U);
    EXPECT_EQ(error_response(errc::internal, "x").status, 500U);
}

} // namespace
} // namespace ollama_arena::http
