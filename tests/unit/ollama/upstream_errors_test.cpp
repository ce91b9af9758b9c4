// Unit tests of ollama::upstream_errors: the one mapping of upstream failures to errc.
#include "ollama/upstream_errors.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <gtest/gtest.h>

namespace ollama_arena::ollama {
namespace {

namespace ue = upstream_errors;
using std::chrono::milliseconds;

const endpoint local{"http", "127.0.0.1", 11434, ""};

TEST(UpstreamErrorsTest, FormatsDurations) {
    EXPECT_EQ(ue::format_duration(milliseconds{300'000}), "300 s");
    EXPECT_EQ(ue::format_duration(milliseconds{1'500}), "1.5 s");
    EXPECT_EQ(ue::format_duration(milliseconds{250}), "250 ms");
}

TEST(UpstreamErrorsTest, HttpStatusKeepsOllamasErrorText) {
    const auto e = ue::http_status(404, R"({"error":"model 'x' not found"})");
    EXPECT_EQ(e.code, errc::upstream_http_status);
    EXPECT_EQ(e.upstream_status, 404U);
    EXPECT_EQ(e.message, "model 'x' not found");
}

TEST(UpstreamErrorsTest, HttpStatusReadsOpenAiShapedErrors) {
    const auto e =
        ue::http_status(400, R"({"error":{"message":"bad","type":"invalid_request_error"}})");
    EXPECT_EQ(e.message, "bad");
}

TEST(UpstreamErrorsTest, HttpStatusFallsBackToRawBodyThenStatus) {
    EXPECT_EQ(ue::http_status(404, "404 page not found\n").message, "404 page not found");
    EXPECT_EQ(ue::http_status(403, "").message, "HTTP 403");
    EXPECT_EQ(ue::http_status(503, "  ").upstream_status, 503U);
}

TEST(UpstreamErrorsTest, UnreachableNamesTheUrl) {
    const auto e = ue::unreachable(local, "Connection refused");
    EXPECT_EQ(e.code, errc::upstream_unreachable);
    EXPECT_EQ(e.message, "Ollama is not reachable at http://127.0.0.1:11434");
    EXPECT_EQ(e.details, "Connection refused");
}

TEST(UpstreamErrorsTest, TimeoutsNameTheirDeadline) {
    EXPECT_EQ(ue::timeout(deadline_kind::first_byte, milliseconds{300'000}).message,
              "no first token within 300 s");
    EXPECT_EQ(ue::timeout(deadline_kind::idle, milliseconds{90'000}).message, "no data for 90 s");
    EXPECT_EQ(ue::timeout(deadline_kind::metadata, milliseconds{10'000}).code,
              errc::upstream_timeout);
}

TEST(UpstreamErrorsTest, IoErrorsMapByStep) {
    const milliseconds limit{90'000};
    const auto refused = ue::from_io(boost::asio::error::connection_refused, io_step::connect,
                                     deadline_kind::connect, limit, local);
    EXPECT_EQ(refused.code, errc::upstream_unreachable);
    EXPECT_FALSE(refused.details.empty());

    const auto connect_timeout = ue::from_io(boost::beast::error::timeout, io_step::connect,
                                             deadline_kind::connect, milliseconds{5'000}, local);
    EXPECT_EQ(connect_timeout.code, errc::upstream_unreachable);
    EXPECT_EQ(connect_timeout.details, "connection timed out after 5 s");

    const auto idle = ue::from_io(boost::beast::error::timeout, io_step::read_stream,
                                  deadline_kind::idle, limit, local);
    EXPECT_EQ(idle.code, errc::upstream_timeout);
    EXPECT_EQ(idle.message, "no data for 90 s");

    const auto cut = ue::from_io(boost::beast::http::error::partial_message, io_step::read_stream,
                                 deadline_kind::idle, limit, local);
    EXPECT_EQ(cut.code, errc::upstream_protocol);
    EXPECT_EQ(cut.message, "stream ended before done (truncated)");

    const auto aborted = ue::from_io(boost::asio::error::operation_aborted, io_step::read_stream,
                                     deadline_kind::idle, limit, local);
    EXPECT_EQ(aborted.code, errc::cancelled);

    const auto bad_http = ue::from_io(boost::beast::http::error::bad_version, io_step::read_header,
                                      deadline_kind::first_byte, limit, local);
    EXPECT_EQ(bad_http.code, errc::upstream_protocol);
    EXPECT_EQ(bad_http.message, "invalid HTTP response from Ollama");
}

} // namespace
} // namespace ollama_arena::ollama
