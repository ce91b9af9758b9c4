// fake-ollama: deterministic "model output". The same (model, prompt, seed) always yields the
// same tokens; a different seed yields different text. Tokens are made lazily, so a
// "num_predict": 1000000 stream costs no memory up front. No I/O.
//
// Thread safety: a token_source is used by one stream; the free functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::fake_ollama {

struct gen_token {
    std::string text;
    bool thinking = false; // goes to message.thinking / "thinking" instead of content
};

struct gen_input {
    std::string model;       // canonical model name
    std::string prompt_text; // everything the model "reads" (roles, contents, system, ...)
    std::int64_t prompt_tokens = 1;
    std::int64_t seed = 0;
    std::int64_t num_predict = -1; // > 0: exactly this many tokens, done_reason "length"
    bool thinking = false;         // emit thinking tokens first
    bool json_format = false;      // content is a JSON object ("format": "json" or a schema)
    std::vector<std::string> stop; // stop sequences: cut before them, done_reason "stop"
};

// The answer, one token (= one word, = one chunk) at a time: thinking tokens first, then
// content. Natural answers are 20-60 content tokens and end with a period.
class token_source {
public:
    explicit token_source(const gen_input& in);

    // The next token, or nullopt when the answer is complete.
    std::optional<gen_token> next();
    // "stop" or "length"; final once next() returned nullopt.
    std::string_view done_reason() const { return done_reason_; }
    // Tokens returned so far.
    std::uint64_t produced() const { return produced_; }

private:
    gen_token content_token();
    bool cut_at_stop(std::string& text);

    std::uint64_t content_state_;
    std::uint64_t thinking_state_;
    std::uint64_t sentence_left_[2] = {0, 0}; // [content, thinking]
    std::uint64_t thinking_len_;
    std::uint64_t total_len_;
    std::uint64_t produced_ = 0;
    bool natural_end_;
    bool json_;
    bool stopped_ = false;
    std::vector<std::string> stop_;
    std::string tail_; // the end of the content so far, for stop sequences across tokens
    std::string_view done_reason_;
};

// A plausible prompt token count for text (about 4 bytes per token).
std::int64_t estimate_tokens(std::string_view text);

// The /api/generate "context": `count` fake token ids derived from the prompt.
std::vector<std::int64_t> context_ids(const gen_input& in, std::uint64_t count);

} // namespace ollama_arena::fake_ollama
