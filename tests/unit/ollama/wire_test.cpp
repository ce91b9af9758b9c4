// Unit tests of ollama::wire: request bodies and decoding of Ollama's replies (no I/O).
#include "ollama/wire.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace ollama_arena::ollama {
namespace {

namespace bj = boost::json;

TEST(OllamaWireTest, ChatBodyCarriesMessagesImagesOptionsAndKeepAlive) {
    chat_request req;
    req.model = "llama3.2:3b";
    req.messages = {{"system", "be brief", {}}, {"user", "what is <this>?", {"aGVsbG8="}}};
    req.options["temperature"] = 0.2;
    req.options["num_predict"] = 64;
    req.keep_alive = bj::value("10m");
    const auto body = bj::parse(wire::chat_body(req, true)).as_object();
    EXPECT_EQ(body.at("model"), "llama3.2:3b");
    EXPECT_EQ(body.at("stream"), true);
    const auto& messages = body.at("messages").as_array();
    ASSERT_EQ(messages.size(), 2U);
    EXPECT_EQ(messages[0].as_object().at("role"), "system");
    EXPECT_FALSE(messages[0].as_object().contains("images"));
    EXPECT_EQ(messages[1].as_object().at("content"), "what is <this>?");
    EXPECT_EQ(messages[1].as_object().at("images"), bj::array{"aGVsbG8="});
    EXPECT_EQ(body.at("options").as_object().at("num_predict"), 64);
    EXPECT_EQ(body.at("keep_alive"), "10m");
}

TEST(OllamaWireTest, ChatBodyOmitsEmptyOptionsAndUnsetKeepAlive) {
    chat_request req;
    req.model = "m";
    req.messages = {{"user", "hi", {}}};
    const auto body = bj::parse(wire::chat_body(req, false)).as_object();
    EXPECT_EQ(body.at("stream"), false);
    EXPECT_FALSE(body.contains("options"));
    EXPECT_FALSE(body.contains("keep_alive"));
}

TEST(OllamaWireTest, ModelAndPullBodies) {
    EXPECT_EQ(bj::parse(wire::model_body("a:b")), bj::parse(R"({"model":"a:b"})"));
    EXPECT_EQ(bj::parse(wire::pull_body("a:b")), bj::parse(R"({"model":"a:b","stream":true})"));
}

TEST(OllamaWireTest, DecodesAContentLine) {
    wire::line_decoder d;
    auto obj = d.parse(
        R"({"model":"m","created_at":"t","message":{"role":"assistant","content":"A 503"},"done":false})");
    ASSERT_TRUE(obj);
    const auto line = wire::decode_chat_line(**obj);
    EXPECT_EQ(line.chunk.content, "A 503");
    EXPECT_EQ(line.chunk.thinking, "");
    EXPECT_FALSE(line.done);
}

TEST(OllamaWireTest, DecodesThinkingAndEscapedHtml) {
    wire::line_decoder d;
    auto obj = d.parse(
        R"({"message":{"role":"assistant","content":"\u003cb\u003e","thinking":"hmm"},"done":false})");
    ASSERT_TRUE(obj);
    const auto line = wire::decode_chat_line(**obj);
    EXPECT_EQ(line.chunk.content, "<b>");
    EXPECT_EQ(line.chunk.thinking, "hmm");
}

TEST(OllamaWireTest, DecodesTheDoneLineStats) {
    wire::line_decoder d;
    auto obj = d.parse(
        R"({"message":{"role":"assistant","content":"!"},"done":true,"done_reason":"stop","total_duration":812345678,"load_duration":23456789,"prompt_eval_count":31,"prompt_eval_duration":45678901,"eval_count":11,"eval_duration":61234567})");
    ASSERT_TRUE(obj);
    const auto line = wire::decode_chat_line(**obj);
    EXPECT_TRUE(line.done);
    EXPECT_EQ(line.chunk.content, "!");
    EXPECT_EQ(line.stats.done_reason, "stop");
    EXPECT_EQ(line.stats.total_duration_ns, 812345678);
    EXPECT_EQ(line.stats.load_duration_ns, 23456789);
    EXPECT_EQ(line.stats.prompt_eval_count, 31);
    EXPECT_EQ(line.stats.prompt_eval_duration_ns, 45678901);
    EXPECT_EQ(line.stats.eval_count, 11);
    EXPECT_EQ(line.stats.eval_duration_ns, 61234567);
}

TEST(OllamaWireTest, MissingStatsDefaultToZero) {
    wire::line_decoder d;
    auto obj = d.parse(R"({"message":{"content":""},"done":true,"eval_count":3})");
    ASSERT_TRUE(obj);
    const auto stats = wire::decode_chat_line(**obj).stats;
    EXPECT_EQ(stats.done_reason, "");
    EXPECT_EQ(stats.eval_count, 3);
    EXPECT_EQ(stats.prompt_eval_count, 0);
    EXPECT_EQ(stats.total_duration_ns, 0);
}

TEST(OllamaWireTest, ErrorLineIsAnUpstreamError) {
    wire::line_decoder d;
    auto obj =
        d.parse(R"({"error":"an error was encountered while running the model: unexpected EOF"})");
    ASSERT_FALSE(obj);
    EXPECT_EQ(obj.error().code, errc::upstream_error);
    EXPECT_EQ(obj.error().message,
              "an error was encountered while running the model: unexpected EOF");
}

TEST(OllamaWireTest, NonJsonLineIsAProtocolError) {
    wire::line_decoder d;
    auto obj = d.parse("data: {oops");
    ASSERT_FALSE(obj);
    EXPECT_EQ(obj.error().code, errc::upstream_protocol);
    EXPECT_EQ(obj.error().message, "Ollama sent a line that is not JSON");
    EXPECT_NE(obj.error().details.find("data: {oops"), std::string::npos);
}

TEST(OllamaWireTest, NonObjectLineIsAProtocolError) {
    wire::line_decoder d;
    auto obj = d.parse("[1,2]");
    ASSERT_FALSE(obj);
    EXPECT_EQ(obj.error().code, errc::upstream_protocol);
}

TEST(OllamaWireTest, DecoderIsReusableAcrossManyAndLargeLines) {
    wire::line_decoder d;
    for (int i = 0; i < 1000; ++i) {
        const std::string big(static_cast<std::size_t>(i % 3 == 0 ? 10'000 : 5), 'x');
        auto obj = d.parse(R"({"message":{"content":")" + big + R"("},"done":false})");
        ASSERT_TRUE(obj);
        ASSERT_EQ(wire::decode_chat_line(**obj).chunk.content, big);
    }
}

TEST(OllamaWireTest, DecodesPullProgress) {
    wire::line_decoder d;
    auto obj = d.parse(
        R"({"status":"pulling 4c1f","digest":"sha256:4c1f","total":2019377376,"completed":524288000})");
    ASSERT_TRUE(obj);
    const auto p = wire::decode_pull_progress(**obj);
    EXPECT_EQ(p.status, "pulling 4c1f");
    EXPECT_EQ(p.digest, "sha256:4c1f");
    EXPECT_EQ(p.total, 2019377376);
    EXPECT_EQ(p.completed, 524288000);
    auto first = d.parse(R"({"status":"pulling manifest"})");
    ASSERT_TRUE(first);
    EXPECT_EQ(wire::decode_pull_progress(**first).total, 0);
}

TEST(OllamaWireTest, DecodesAWholeChatReply) {
    auto r = wire::decode_chat_response(
        R"({"message":{"role":"assistant","content":"Hello there","thinking":"t"},"done":true,"done_reason":"length","eval_count":2})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->content, "Hello there");
    EXPECT_EQ(r->thinking, "t");
    EXPECT_EQ(r->stats.done_reason, "length");
    EXPECT_EQ(r->stats.eval_count, 2);
}

TEST(OllamaWireTest, WholeChatReplyWithoutDoneIsAProtocolError) {
    auto r = wire::decode_chat_response(R"({"message":{"content":"x"},"done":false})");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::upstream_protocol);
}

TEST(OllamaWireTest, DecodesTags) {
    auto models = wire::decode_tags(
        R"({"models":[{"name":"llama3.2:3b","model":"llama3.2:3b","modified_at":"2026-01-10T09:15:02+01:00","size":2019393189,"digest":"3f9c","details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],"parameter_size":"3.2B","quantization_level":"Q4_K_M"},"capabilities":["completion"]},{"model":"only-model-key"}]})");
    ASSERT_TRUE(models);
    ASSERT_EQ(models->size(), 2U);
    const auto& m = (*models)[0];
    EXPECT_EQ(m.name, "llama3.2:3b");
    EXPECT_EQ(m.size, 2019393189);
    EXPECT_EQ(m.digest, "3f9c");
    EXPECT_EQ(m.modified_at, "2026-01-10T09:15:02+01:00");
    EXPECT_EQ(m.family, "llama");
    EXPECT_EQ(m.parameter_size, "3.2B");
    EXPECT_EQ(m.quantization_level, "Q4_K_M");
    EXPECT_EQ(m.format, "gguf");
    EXPECT_TRUE(m.raw.contains("capabilities"));
    EXPECT_EQ((*models)[1].name, "only-model-key");
}

TEST(OllamaWireTest, EmptyOrNullTagsAreAnEmptyList) {
    EXPECT_TRUE(wire::decode_tags(R"({"models":[]})")->empty());
    EXPECT_TRUE(wire::decode_tags(R"({"models":null})")->empty());
}

TEST(OllamaWireTest, MalformedTagsAreAProtocolError) {
    EXPECT_EQ(wire::decode_tags("not json").error().code, errc::upstream_protocol);
    EXPECT_EQ(wire::decode_tags(R"({"models":3})").error().code, errc::upstream_protocol);
}

TEST(OllamaWireTest, DecodesVersion) {
    EXPECT_EQ(*wire::decode_version(R"({"version":"0.33.0"})"), "0.33.0");
    EXPECT_EQ(wire::decode_version("{}").error().code, errc::upstream_protocol);
}

TEST(OllamaWireTest, DecodeObjectKeepsTheReply) {
    auto v = wire::decode_object(R"({"models":[]})");
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->as_object().at("models").as_array().empty());
    EXPECT_EQ(wire::decode_object("[]").error().code, errc::upstream_protocol);
}

} // namespace
} // namespace ollama_arena::ollama
