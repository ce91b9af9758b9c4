// fake-ollama: seeded word salad, one word per token. A few words carry characters that must
// be escaped on the wire (< > & " and non-ASCII), so clients exercise their JSON decoding.
#include "fake_ollama/textgen.hpp"

#include "fake_ollama/catalog.hpp"

#include <array>
#include <cctype>

namespace ollama_arena::fake_ollama {
namespace {

constexpr std::array<std::string_view, 48> words{{
    "the",      "model",   "answer",   "is",    "a",       "local",  "arena",    "stream",
    "token",    "quickly", "because",  "every", "prompt",  "gets",   "several",  "replies",
    "side",     "by",      "which",    "makes", "it",      "easy",   "to",       "compare",
    "quality",  "and",     "speed",    "of",    "each",    "small",  "language", "server",
    "response", "context", "with",     "clear", "simple",  "words",  "often",    "that",
    "reason",   "about",   "question", "data",  "careful", "useful", "output",   "example",
}};

// Rare words that need escaping or are multi-byte UTF-8.
constexpr std::array<std::string_view, 6> special_words{{
    "caf\xC3\xA9",
    "na\xC3\xAFve",
    "<b>bold</b>",
    "R&D",
    "\"quoted\"",
    "\xE2\x80\x94",
}};

constexpr std::array<std::string_view, 8> thinking_words{{
    "the",
    "user",
    "asks",
    "about",
    "this",
    "so",
    "I",
    "should",
}};

std::uint64_t below(std::uint64_t& state, std::uint64_t bound) {
    return splitmix64(state) % bound;
}

std::string_view pick(std::uint64_t& state, bool thinking) {
    if (thinking) {
        return thinking_words[below(state, thinking_words.size())];
    }
    if (below(state, 16) == 0) {
        return special_words[below(state, special_words.size())];
    }
    return words[below(state, words.size())];
}

// " word", or a capitalized word opening a sentence (after a space or a paragraph break),
// with "." closing the sentence. `first`: the answer's first token has no leading space.
std::string make_word(std::uint64_t& state, std::uint64_t& sentence_left, bool thinking,
                      bool first) {
    std::string word(pick(state, thinking));
    if (sentence_left == 0) {
        sentence_left = 6 + below(state, 9);
        word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
        const bool paragraph = !first && below(state, 4) == 0;
        word.insert(0, first ? "" : (paragraph ? "\n\n" : " "));
    } else {
        word.insert(0, " ");
    }
    if (--sentence_left == 0) {
        word += '.';
    }
    return word;
}

std::size_t longest(const std::vector<std::string>& items) {
    std::size_t n = 0;
    for (const auto& s : items) {
        n = s.size() > n ? s.size() : n;
    }
    return n;
}

} // namespace

token_source::token_source(const gen_input& in)
    : content_state_(fnv1a(in.prompt_text, fnv1a(in.model)) ^
                     (static_cast<std::uint64_t>(in.seed) * 0x9e3779b97f4a7c15ULL)),
      thinking_state_(0), json_(in.json_format), stop_(in.stop) {
    std::erase(stop_, std::string());
    thinking_state_ = splitmix64(content_state_);
    thinking_len_ = in.thinking ? 8 + below(content_state_, 9) : 0;
    const std::uint64_t natural_len = 20 + below(content_state_, 41);
    natural_end_ = in.num_predict <= 0;
    total_len_ =
        natural_end_ ? thinking_len_ + natural_len : static_cast<std::uint64_t>(in.num_predict);
    thinking_len_ = thinking_len_ < total_len_ ? thinking_len_ : total_len_;
    done_reason_ = natural_end_ ? "stop" : "length";
}

std::optional<gen_token> token_source::next() {
    if (stopped_ || produced_ == total_len_) {
        return std::nullopt;
    }
    if (produced_ < thinking_len_) {
        const bool first = produced_ == 0;
        ++produced_;
        return gen_token{make_word(thinking_state_, sentence_left_[1], true, first), true};
    }
    gen_token token = content_token();
    if (!stop_.empty() && cut_at_stop(token.text)) {
        stopped_ = true;
        done_reason_ = "stop";
        if (token.text.empty()) {
            return std::nullopt;
        }
    }
    ++produced_;
    return token;
}

gen_token token_source::content_token() {
    const std::uint64_t index = produced_ - thinking_len_;
    const bool last = produced_ + 1 == total_len_;
    std::string text = make_word(content_state_, sentence_left_[0], false, index == 0);
    if (last && natural_end_ && !text.ends_with('.')) {
        text += '.';
    }
    if (json_ && index == 0) {
        text.insert(0, "{\"answer\":\"");
    }
    if (json_ && last) {
        text += "\"}";
    }
    return gen_token{std::move(text), false};
}

// Cuts `text` before the first stop sequence found in the content so far. A match that
// began in an earlier (already sent) token cuts this token to nothing.
bool token_source::cut_at_stop(std::string& text) {
    const std::size_t before = tail_.size();
    tail_ += text;
    for (const auto& s : stop_) {
        const auto at = tail_.find(s);
        if (at != std::string::npos) {
            text.resize(at > before ? at - before : 0);
            return true;
        }
    }
    const std::size_t keep = longest(stop_);
    if (tail_.size() > keep) {
        tail_.erase(0, tail_.size() - keep);
    }
    return false;
}

std::int64_t estimate_tokens(std::string_view text) {
    return static_cast<std::int64_t>((text.size() + 3) / 4);
}

std::vector<std::int64_t> context_ids(const gen_input& in, std::uint64_t count) {
    std::uint64_t state = fnv1a(in.prompt_text, fnv1a(in.model));
    std::vector<std::int64_t> ids;
    ids.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        ids.push_back(static_cast<std::int64_t>(splitmix64(state) % 128000));
    }
    return ids;
}

} // namespace ollama_arena::fake_ollama
