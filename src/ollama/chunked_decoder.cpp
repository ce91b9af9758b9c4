// ollama: the chunked transfer coding state machine.
#include "ollama/chunked_decoder.hpp"

#include <algorithm>
#include <cstring>

namespace ollama_arena::ollama {

namespace {

constexpr std::uint64_t max_chunk_size = std::uint64_t{1} << 60;

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

void chunked_decoder::fail(std::string_view why) noexcept {
    state_ = state::failed;
    failure_ = why;
}

void chunked_decoder::end_size_line() noexcept {
    if (!digits_) {
        fail("a chunk size line without a size");
        return;
    }
    digits_ = false;
    if (remaining_ == 0) {
        state_ = state::trailer;
        line_empty_ = true;
        return;
    }
    state_ = state::data;
}

std::size_t chunked_decoder::decode(std::span<char> buffer) {
    char* const out = buffer.data();
    std::size_t kept = 0;
    std::size_t i = 0;
    const std::size_t n = buffer.size();
    while (i < n) {
        switch (state_) {
        case state::size: {
            const char c = buffer[i++];
            if (const int v = hex_value(c); v >= 0) {
                if (remaining_ >= max_chunk_size / 16) {
                    fail("a chunk size too large");
                    break;
                }
                remaining_ = remaining_ * 16 + static_cast<std::uint64_t>(v);
                digits_ = true;
            } else if (c == '\n') {
                end_size_line();
            } else if (c == ';' || c == ' ' || c == '\t') {
                state_ = state::extension;
            } else if (c != '\r') {
                fail("a chunk size that is not hexadecimal");
            }
            break;
        }
        case state::extension:
            if (buffer[i++] == '\n') {
                end_size_line();
            }
            break;
        case state::data: {
            const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, n - i));
            if (kept != i) {
                std::memmove(out + kept, out + i, take);
            }
            kept += take;
            i += take;
            remaining_ -= take;
            if (remaining_ == 0) {
                state_ = state::data_end;
            }
            break;
        }
        case state::data_end: {
            const char c = buffer[i++];
            if (c == '\n') {
                state_ = state::size;
            } else if (c != '\r') {
                fail("chunk data longer than its size");
            }
            break;
        }
        case state::trailer: {
            const char c = buffer[i++];
            if (c == '\n') {
                if (line_empty_) {
                    state_ = state::done;
                }
                line_empty_ = true;
            } else if (c != '\r') {
                line_empty_ = false;
            }
            break;
        }
        case state::done:
            extra_ += n - i;
            i = n;
            break;
        case state::failed:
            i = n;
            break;
        }
    }
    return kept;
}

} // namespace ollama_arena::ollama
