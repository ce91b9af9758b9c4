// Unit tests of ollama::ndjson_splitter: line reassembly, terminators, limits, random splits.
#include "ollama/ndjson_splitter.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace ollama_arena::ollama {
namespace {

std::vector<std::string> drain(ndjson_splitter& s) {
    std::vector<std::string> lines;
    while (auto line = s.next_line()) {
        lines.emplace_back(*line);
    }
    return lines;
}

using lines = std::vector<std::string>;

TEST(NdjsonSplitterTest, ReturnsNothingBeforeAnyFeed) {
    ndjson_splitter s;
    EXPECT_FALSE(s.next_line());
    EXPECT_EQ(s.remainder(), "");
}

TEST(NdjsonSplitterTest, ReturnsOneCompleteLine) {
    ndjson_splitter s;
    s.feed("{\"a\":1}\n");
    EXPECT_EQ(drain(s), lines{"{\"a\":1}"});
    EXPECT_EQ(s.remainder(), "");
}

TEST(NdjsonSplitterTest, KeepsPartialLineUntilNewline) {
    ndjson_splitter s;
    s.feed("{\"a\":");
    EXPECT_FALSE(s.next_line());
    EXPECT_EQ(s.remainder(), "{\"a\":");
    s.feed("1}");
    EXPECT_FALSE(s.next_line());
    s.feed("\n");
    EXPECT_EQ(drain(s), lines{"{\"a\":1}"});
}

TEST(NdjsonSplitterTest, SplitsSeveralLinesOfOneFeed) {
    ndjson_splitter s;
    s.feed("a\nb\nc\nd");
    EXPECT_EQ(drain(s), (lines{"a", "b", "c"}));
    EXPECT_EQ(s.remainder(), "d");
}

TEST(NdjsonSplitterTest, StripsCarriageReturnOfCrlf) {
    ndjson_splitter s;
    s.feed("one\r\ntwo\r");
    EXPECT_EQ(drain(s), lines{"one"});
    s.feed("\n");
    EXPECT_EQ(drain(s), lines{"two"});
}

TEST(NdjsonSplitterTest, SkipsEmptyAndBlankLines) {
    ndjson_splitter s;
    s.feed("\n\r\n  \n\t\r\nx\n\n\ny\n");
    EXPECT_EQ(drain(s), (lines{"x", "y"}));
}

TEST(NdjsonSplitterTest, KeepsInnerSpacesOfALine) {
    ndjson_splitter s;
    s.feed("  {\"a\": 1}  \n");
    EXPECT_EQ(drain(s), lines{"  {\"a\": 1}  "});
}

TEST(NdjsonSplitterTest, IgnoresEmptyFeeds) {
    ndjson_splitter s;
    s.feed("");
    s.feed("x");
    s.feed("");
    s.feed("\n");
    EXPECT_EQ(drain(s), lines{"x"});
}

TEST(NdjsonSplitterTest, LineViewStaysValidUntilNextFeed) {
    ndjson_splitter s;
    s.feed("first\nsecond\n");
    const auto first = s.next_line();
    const auto second = s.next_line();
    ASSERT_TRUE(first && second);
    EXPECT_EQ(*first, "first");
    EXPECT_EQ(*second, "second");
}

TEST(NdjsonSplitterTest, FeedingBeforeDrainingKeepsUnreadLines) {
    ndjson_splitter s;
    s.feed("a\nb\n");
    ASSERT_EQ(s.next_line(), "a");
    s.feed("c\n");
    EXPECT_EQ(drain(s), (lines{"b", "c"}));
}

TEST(NdjsonSplitterTest, AcceptsALineOfExactlyTheLimit) {
    ndjson_splitter s(8);
    s.feed("12345678\n");
    EXPECT_EQ(drain(s), lines{"12345678"});
    EXPECT_FALSE(s.line_too_long());
}

TEST(NdjsonSplitterTest, LimitDoesNotCountTheCarriageReturn) {
    ndjson_splitter s(8);
    s.feed("12345678\r\n");
    EXPECT_EQ(drain(s), lines{"12345678"});
    EXPECT_FALSE(s.line_too_long());
}

TEST(NdjsonSplitterTest, RejectsACompleteLineOverTheLimit) {
    ndjson_splitter s(8);
    s.feed("ok\n123456789\nlater\n");
    EXPECT_EQ(drain(s), lines{"ok"});
    EXPECT_TRUE(s.line_too_long());
}

TEST(NdjsonSplitterTest, RejectsAGrowingPartialLineOverTheLimit) {
    ndjson_splitter s(8);
    s.feed("1234");
    EXPECT_FALSE(s.next_line());
    EXPECT_FALSE(s.line_too_long());
    s.feed("56789");
    EXPECT_FALSE(s.next_line());
    EXPECT_TRUE(s.line_too_long());
}

TEST(NdjsonSplitterTest, StaysPoisonedAfterAnOverlongLine) {
    ndjson_splitter s(4);
    s.feed("123456\n");
    EXPECT_FALSE(s.next_line());
    s.feed("ok\n");
    EXPECT_FALSE(s.next_line());
    EXPECT_TRUE(s.line_too_long());
    EXPECT_EQ(s.remainder(), "");
}

TEST(NdjsonSplitterTest, HandlesALongLineFedByteByByte) {
    const std::string line(100'000, 'x');
    ndjson_splitter s;
    for (char c : line) {
        s.feed(std::string_view(&c, 1));
        ASSERT_FALSE(s.next_line());
    }
    s.feed("\n");
    EXPECT_EQ(drain(s), lines{line});
}

TEST(NdjsonSplitterTest, KeepsUtf8BytesIntact) {
    ndjson_splitter s;
    const std::string text = "{\"content\":\"h\xC3\xA9llo \xF0\x9F\x98\x80\"}";
    s.feed(text.substr(0, 14));
    s.feed(text.substr(14) + "\n");
    EXPECT_EQ(drain(s), lines{text});
}

TEST(NdjsonSplitterTest, ReassemblesTheSameLinesForAnyRandomSplit) {
    std::mt19937 rng(20240601);
    std::vector<std::string> expected;
    std::string stream;
    for (int i = 0; i < 500; ++i) {
        std::string line = "{\"i\":" + std::to_string(i) + ",\"pad\":\"" +
                           std::string(static_cast<std::size_t>(rng() % 300), 'p') + "\"}";
        expected.push_back(line);
        stream += line + ((rng() % 3 == 0) ? "\r\n" : "\n");
        if (rng() % 7 == 0) {
            stream += "\n"; // stray empty lines are skipped
        }
    }
    for (int round = 0; round < 50; ++round) {
        ndjson_splitter s;
        std::vector<std::string> got;
        std::size_t pos = 0;
        while (pos < stream.size()) {
            const auto n = std::min<std::size_t>(1 + rng() % 700, stream.size() - pos);
            s.feed(std::string_view(stream).substr(pos, n));
            pos += n;
            for (auto& l : drain(s)) {
                got.push_back(std::move(l));
            }
        }
        ASSERT_EQ(got, expected) << "round " << round;
        EXPECT_EQ(s.remainder(), "");
    }
}

} // namespace
} // namespace ollama_arena::ollama
