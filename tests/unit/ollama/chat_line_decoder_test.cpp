// chat_line_decoder: the same outcome as the JSON tree (line_decoder + decode_chat_line) for
// every line, token lines read by events and everything else through the tree.
#include "ollama/chat_line_decoder.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace ollama_arena::ollama {
namespace {

// The tree's outcome for `line`, the reference the decoder must match (views into `tree`).
result<wire::chat_line> by_tree(wire::line_decoder& tree, std::string_view line) {
    auto obj = tree.parse(line);
    if (!obj) {
        return obj.error();
    }
    return wire::decode_chat_line(**obj);
}

void expect_same_as_tree(wire::chat_line_decoder& d, std::string_view line) {
    SCOPED_TRACE(std::string(line));
    wire::line_decoder tree;
    const auto want = by_tree(tree, line);
    const auto got = d.decode(line);
    ASSERT_EQ(got.has_value(), want.has_value());
    if (!want) {
        EXPECT_EQ(got.error().code, want.error().code);
        EXPECT_EQ(got.error().message, want.error().message);
        EXPECT_EQ(got.error().details, want.error().details);
        return;
    }
    EXPECT_EQ(got->chunk.content, want->chunk.content);
    EXPECT_EQ(got->chunk.thinking, want->chunk.thinking);
    EXPECT_EQ(got->done, want->done);
    EXPECT_EQ(got->stats.done_reason, want->stats.done_reason);
    EXPECT_EQ(got->stats.eval_count, want->stats.eval_count);
    EXPECT_EQ(got->stats.eval_duration_ns, want->stats.eval_duration_ns);
    EXPECT_EQ(got->stats.prompt_eval_count, want->stats.prompt_eval_count);
}

TEST(ChatLineDecoderTest, ReadsTheTextOfATokenLine) {
    wire::chat_line_decoder d;
    const auto line = d.decode(
        R"({"model":"m","created_at":"2026-11-26T10:00:00.1Z","message":{"role":"assistant","content":"Hel"},"done":false})");
    ASSERT_TRUE(line);
    EXPECT_EQ(line->chunk.content, "Hel");
    EXPECT_EQ(line->chunk.thinking, "");
    EXPECT_FALSE(line->done);
}

TEST(ChatLineDecoderTest, UnescapesTextAndReadsThinking) {
    wire::chat_line_decoder d;
    const auto line = d.decode(
        R"({"message":{"role":"assistant","content":"\u003cb\u003e \"q\"\n\u00e9\ud83d\ude00","thinking":"hm\tm"},"done":false})");
    ASSERT_TRUE(line);
    EXPECT_EQ(line->chunk.content, "<b> \"q\"\n\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_EQ(line->chunk.thinking, "hm\tm");
}

TEST(ChatLineDecoderTest, TheDoneLineCarriesItsStats) {
    wire::chat_line_decoder d;
    const auto line = d.decode(
        R"({"message":{"role":"assistant","content":"!"},"done":true,"done_reason":"stop","eval_count":11,"eval_duration":61234567,"prompt_eval_count":31})");
    ASSERT_TRUE(line);
    EXPECT_TRUE(line->done);
    EXPECT_EQ(line->chunk.content, "!");
    EXPECT_EQ(line->stats.done_reason, "stop");
    EXPECT_EQ(line->stats.eval_count, 11);
    EXPECT_EQ(line->stats.eval_duration_ns, 61234567);
}

TEST(ChatLineDecoderTest, AnErrorLineIsAnUpstreamError) {
    wire::chat_line_decoder d;
    const auto line = d.decode(R"({"error":"an error was encountered while running the model"})");
    ASSERT_FALSE(line);
    EXPECT_EQ(line.error().code, errc::upstream_error);
    EXPECT_EQ(line.error().message, "an error was encountered while running the model");
}

TEST(ChatLineDecoderTest, MatchesTheTreeOnEveryShape) {
    const std::vector<std::string> lines = {
        // token lines, plain and unusual
        R"({"message":{"role":"assistant","content":"a"},"done":false})",
        R"({"message":{"role":"assistant","content":""},"done":false})",
        R"({"message":{"role":"assistant"},"done":false})",
        R"({"done":false,"message":{"content":"late message"}})",
        R"({"message":{"content":"x","images":["aGk="],"tool_calls":[{"function":{"name":"f","arguments":{"content":"no"}}}]},"done":false})",
        R"({"message":{"content":["not","a","string"]},"done":false})",
        R"({"message":{"content":7},"done":false})",
        R"({"message":"a string","done":false})",
        R"({"message":null,"done":"false"})",
        R"({"content":"top-level content is not the message's"})",
        R"({"message":{"content":"no done key"}})",
        R"({"message":{"content":"a"},"done":false,"extra":{"message":{"content":"nested"}}})",
        R"({"message":{"content":"a"},"done":false}   )",
        // lines the tree decodes: done, errors, repeats, not objects, bad JSON
        R"({"message":{"content":"b"},"done":true,"done_reason":"length","eval_count":2.9})",
        R"({"message":{"content":"a","content":"b"},"done":false})",
        R"({"message":{"content":"a"},"message":{"content":"b"},"done":false})",
        R"({"message":{"content":"a"},"done":false,"done":true,"eval_count":1})",
        R"({"error":{"message":"an object error"}})",
        R"({"message":{"content":"partial"},"error":"late error"})",
        R"(["a","b"])",
        R"("just a string")",
        R"(42)",
        R"({"message":{"content":"a"},"done":false} trailing)",
        R"({"message":{"content":"unterminated)",
        R"(data: {oops)",
        "",
    };
    wire::chat_line_decoder d; // one decoder for all: nothing may leak from line to line
    for (const auto& line : lines) {
        expect_same_as_tree(d, line);
    }
}

// Random lines built from the pieces token, done and error lines are made of (and some they
// are not): whatever the mix, the decoder's outcome is the tree's.
std::string random_line(std::mt19937& rng) {
    const auto pick = [&rng](std::size_t n) {
        return static_cast<std::size_t>(rng() % n);
    };
    static const std::vector<std::string> texts = {R"("")",
                                                   R"("a")",
                                                   R"("Hello, world")",
                                                   R"("\u00e9\n\"q\"")",
                                                   R"("\ud83d\ude00")",
                                                   R"("tab\there")",
                                                   R"(7)",
                                                   R"(null)",
                                                   R"(["x"])",
                                                   R"({"content":"deep"})"};
    static const std::vector<std::string> message_keys = {"role", "content", "thinking", "images",
                                                          "tool_calls"};
    static const std::vector<std::string> top_keys = {"model", "created_at",  "message",
                                                      "done",  "done_reason", "eval_count",
                                                      "error", "context",     "message"};
    std::string line = "{";
    const std::size_t fields = 1 + pick(5);
    for (std::size_t f = 0; f < fields; ++f) {
        if (f > 0) {
            line += ',';
        }
        const std::string& key = top_keys[pick(top_keys.size())];
        line += '"' + key + "\":";
        if (key == "message") {
            line += '{';
            const std::size_t inner = pick(4);
            for (std::size_t i = 0; i < inner; ++i) {
                if (i > 0) {
                    line += ',';
                }
                line += '"' + message_keys[pick(message_keys.size())] + "\":";
                line += texts[pick(texts.size())];
            }
            line += '}';
        } else if (key == "done") {
            line += pick(3) == 0 ? "true" : "false";
        } else if (key == "eval_count") {
            line += std::to_string(pick(1000));
        } else {
            line += texts[pick(texts.size())];
        }
    }
    line += '}';
    if (pick(20) == 0) {
        line.resize(pick(line.size())); // cut short: not JSON
    }
    return line;
}

TEST(ChatLineDecoderTest, MatchesTheTreeOnRandomLines) {
    std::mt19937 rng(20261126);
    wire::chat_line_decoder d;
    for (int i = 0; i < 3000; ++i) {
        expect_same_as_tree(d, random_line(rng));
    }
}

TEST(ChatLineDecoderTest, LongTextIsReadWhole) {
    const std::string text(200000, 'z');
    wire::chat_line_decoder d;
    const auto line = d.decode(R"({"message":{"content":")" + text + R"("},"done":false})");
    ASSERT_TRUE(line);
    EXPECT_EQ(line->chunk.content, text);
}

} // namespace
} // namespace ollama_arena::ollama
