// ollama: HTTP/1.1 chunked transfer coding -> body bytes, incrementally and in place (RFC 9112
// §7.1). No I/O, no allocation; the body path of streamed answers reads the socket straight
// into one buffer and decodes it there (transport.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ollama_arena::ollama {

// Feed it whatever the socket delivered; it keeps the body bytes, moved to the front of the
// same buffer. Chunk extensions and trailer fields are skipped; a bare "\n" is accepted
// where "\r\n" belongs (as Go's reader does).
//
// Errors: a size line without hex digits or over 2^60, or data not followed by a line end,
// poisons the decoder: failed() becomes true and later input is ignored.
// Thread safety: none; one decoder per response.
class chunked_decoder {
public:
    // Decodes `buffer` in place; returns how many body bytes now start at buffer.data().
    // Input after the end of the body (the last chunk and trailer) is counted in extra().
    std::size_t decode(std::span<char> buffer);

    // The last chunk and the trailer have been read: the body is complete.
    bool done() const noexcept { return state_ == state::done; }
    bool failed() const noexcept { return state_ == state::failed; }
    // What was wrong, once failed().
    std::string_view failure() const noexcept { return failure_; }
    // Bytes received after the end of the body (a connection with any is not reusable).
    std::size_t extra() const noexcept { return extra_; }

private:
    enum class state { size, extension, data, data_end, trailer, done, failed };
    void fail(std::string_view why) noexcept;
    void end_size_line() noexcept;

    state state_ = state::size;
    std::uint64_t remaining_ = 0; // of the current chunk's data; during `size`, the size read
    bool digits_ = false;         // the size line has a hex digit
    bool line_empty_ = true;      // the trailer line read so far is empty
    std::string_view failure_;
    std::size_t extra_ = 0;
};

} // namespace ollama_arena::ollama
