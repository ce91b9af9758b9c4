// ollama: incremental bytes -> complete NDJSON lines. No I/O, no JSON, no allocation per line;
// the fuzz target of the streaming path (style.md C7).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ollama_arena::ollama {

// Feed it whatever the socket delivered; take complete lines out. A line may be split across
// any number of feeds and one feed may hold many lines. "\n" and "\r\n" both end a line; lines
// that are empty or whitespace only are skipped.
//
// Cost: every byte is copied once into an internal buffer and scanned once for '\n'; the
// unterminated tail is moved to the front at most once per feed. So O(bytes) overall, and
// no heap allocation once the buffer has grown to the longest line seen.
//
// Lifetime: a view returned by next_line() or remainder() stays valid until the next feed()
// (which may move or reallocate the buffer).
//
// Limits: a line (complete or still growing) longer than max_line_bytes poisons the splitter:
// line_too_long() becomes true, buffered bytes are dropped, later feeds are ignored and
// next_line() returns nothing. The caller turns that into its own error.
//
// Thread safety: none; one splitter per stream.
class ndjson_splitter {
public:
    static constexpr std::size_t default_max_line_bytes = std::size_t{16} * 1024 * 1024;

    explicit ndjson_splitter(std::size_t max_line_bytes = default_max_line_bytes);

    // Appends bytes received from the peer.
    void feed(std::string_view bytes);

    // The next complete non-empty line without its terminator, or nullopt when no complete line
    // is buffered (feed more) or the splitter is poisoned.
    std::optional<std::string_view> next_line();

    // The bytes after the last complete line: at end of stream, a truncated last line.
    std::string_view remainder() const noexcept;

    // True once a line exceeded max_line_bytes.
    bool line_too_long() const noexcept { return too_long_; }
    std::size_t max_line_bytes() const noexcept { return max_line_bytes_; }

private:
    void poison();

    std::string buffer_;
    std::size_t begin_ = 0; // first byte not yet returned as (part of) a line
    std::size_t scan_ = 0;  // bytes before this offset (from begin_) hold no '\n'
    std::size_t max_line_bytes_;
    bool too_long_ = false;
};

} // namespace ollama_arena::ollama
