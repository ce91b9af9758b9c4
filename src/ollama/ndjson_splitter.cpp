// ollama: NDJSON line splitting (see the header for the cost model).
#include "ollama/ndjson_splitter.hpp"

namespace ollama_arena::ollama {
namespace {

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

} // namespace

ndjson_splitter::ndjson_splitter(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

void ndjson_splitter::feed(std::string_view bytes) {
    if (too_long_ || bytes.empty()) {
        return;
    }
    if (begin_ > 0) {
        // Drop what was already returned. Usually only the unterminated tail is left; it moves
        // to the front once, so a long line fed in small pieces is not moved again.
        buffer_.erase(0, begin_);
        scan_ -= begin_;
        begin_ = 0;
    }
    buffer_.append(bytes);
}

std::optional<std::string_view> ndjson_splitter::next_line() {
    while (!too_long_) {
        const auto newline = buffer_.find('\n', scan_);
        if (newline == std::string::npos) {
            scan_ = buffer_.size();
            if (scan_ - begin_ > max_line_bytes_) {
                poison();
            }
            return std::nullopt;
        }
        std::string_view line(buffer_.data() + begin_, newline - begin_);
        begin_ = newline + 1;
        scan_ = begin_;
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.size() > max_line_bytes_) {
            poison();
            return std::nullopt;
        }
        if (!is_blank(line)) {
            return line;
        }
    }
    return std::nullopt;
}

std::string_view ndjson_splitter::remainder() const noexcept {
    return std::string_view(buffer_).substr(begin_);
}

void ndjson_splitter::poison() {
    too_long_ = true;
    buffer_.clear();
    buffer_.shrink_to_fit();
    begin_ = 0;
    scan_ = 0;
}

} // namespace ollama_arena::ollama
