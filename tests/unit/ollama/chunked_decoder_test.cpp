// chunked_decoder: body bytes out of chunked transfer coding, split anywhere.
#include "ollama/chunked_decoder.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace ollama_arena::ollama {
namespace {

// Decodes `wire` fed in pieces of the given sizes (the rest in one piece at the end).
std::string decode_in_pieces(chunked_decoder& d, std::string wire, std::vector<std::size_t> cuts) {
    std::string body;
    std::size_t at = 0;
    cuts.push_back(wire.size());
    for (std::size_t cut : cuts) {
        cut = std::min(cut, wire.size());
        if (cut < at) {
            continue;
        }
        std::string piece = wire.substr(at, cut - at);
        const std::size_t n = d.decode(piece);
        body.append(piece.data(), n);
        at = cut;
    }
    return body;
}

std::string decode_all(chunked_decoder& d, const std::string& wire) {
    return decode_in_pieces(d, wire, {});
}

// What Go's net/http writes for a streamed answer: one chunk per flushed line.
const std::string go_stream = "2a\r\n{\"message\":{\"content\":\"Hi\"},\"done\":false}\n\r\n"
                              "17\r\n{\"done\":true,\"x\":\"\\n\"}\n\r\n"
                              "0\r\n\r\n";
const std::string go_body = "{\"message\":{\"content\":\"Hi\"},\"done\":false}\n"
                            "{\"done\":true,\"x\":\"\\n\"}\n";

TEST(ChunkedDecoderTest, DecodesWhatGoWrites) {
    chunked_decoder d;
    EXPECT_EQ(decode_all(d, go_stream), go_body);
    EXPECT_TRUE(d.done());
    EXPECT_FALSE(d.failed());
    EXPECT_EQ(d.extra(), 0U);
}

TEST(ChunkedDecoderTest, TheSameBodyForEverySplitPoint) {
    for (std::size_t cut = 0; cut <= go_stream.size(); ++cut) {
        chunked_decoder d;
        EXPECT_EQ(decode_in_pieces(d, go_stream, {cut}), go_body) << "cut at " << cut;
        EXPECT_TRUE(d.done());
    }
}

TEST(ChunkedDecoderTest, TheSameBodyForRandomPieces) {
    std::mt19937 rng(42);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<std::size_t> cuts;
        for (std::size_t at = 0; at < go_stream.size();) {
            at += 1 + rng() % 9;
            cuts.push_back(at);
        }
        chunked_decoder d;
        EXPECT_EQ(decode_in_pieces(d, go_stream, cuts), go_body);
        EXPECT_TRUE(d.done());
    }
}

TEST(ChunkedDecoderTest, IsNotDoneBeforeTheLastChunkAndTrailerEnd) {
    chunked_decoder d;
    EXPECT_EQ(decode_all(d, "3\r\nabc\r\n0\r\n"), "abc");
    EXPECT_FALSE(d.done());
    EXPECT_EQ(decode_all(d, "\r\n"), "");
    EXPECT_TRUE(d.done());
}

TEST(ChunkedDecoderTest, SkipsExtensionsAndTrailers) {
    chunked_decoder d;
    EXPECT_EQ(decode_all(d, "A;name=value\r\n0123456789\r\n0;last\r\nX-Trailer: 1\r\n\r\n"),
              "0123456789");
    EXPECT_TRUE(d.done());
}

TEST(ChunkedDecoderTest, AcceptsUppercaseHexAndBareLineFeeds) {
    chunked_decoder d;
    EXPECT_EQ(decode_all(d, "1F\n" + std::string(31, 'x') + "\n0\n\n"), std::string(31, 'x'));
    EXPECT_TRUE(d.done());
}

TEST(ChunkedDecoderTest, CountsBytesAfterTheEnd) {
    chunked_decoder d;
    EXPECT_EQ(decode_all(d, "1\r\na\r\n0\r\n\r\nHTTP/1.1"), "a");
    EXPECT_TRUE(d.done());
    EXPECT_EQ(d.extra(), 8U);
}

TEST(ChunkedDecoderTest, RejectsASizeThatIsNotHex) {
    chunked_decoder d;
    EXPECT_EQ(decode_all(d, "zz\r\nab\r\n"), "");
    EXPECT_TRUE(d.failed());
    EXPECT_EQ(d.failure(), "a chunk size that is not hexadecimal");
    EXPECT_FALSE(d.done());
}

TEST(ChunkedDecoderTest, RejectsAnEmptySizeLine) {
    chunked_decoder d;
    decode_all(d, "\r\nab\r\n");
    EXPECT_TRUE(d.failed());
    EXPECT_EQ(d.failure(), "a chunk size line without a size");
}

TEST(ChunkedDecoderTest, RejectsDataLongerThanItsSize) {
    chunked_decoder d;
    EXPECT_EQ(decode_all(d, "2\r\nabc\r\n"), "ab");
    EXPECT_TRUE(d.failed());
    EXPECT_EQ(d.failure(), "chunk data longer than its size");
}

TEST(ChunkedDecoderTest, RejectsAnOverlongSize) {
    chunked_decoder d;
    decode_all(d, "10000000000000000\r\n");
    EXPECT_TRUE(d.failed());
    EXPECT_EQ(d.failure(), "a chunk size too large");
}

TEST(ChunkedDecoderTest, IgnoresInputOnceFailed) {
    chunked_decoder d;
    decode_all(d, "g\r\n");
    ASSERT_TRUE(d.failed());
    EXPECT_EQ(decode_all(d, "3\r\nabc\r\n0\r\n\r\n"), "");
    EXPECT_FALSE(d.done());
}

} // namespace
} // namespace ollama_arena::ollama
