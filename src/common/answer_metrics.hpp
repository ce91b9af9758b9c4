// common: the speed figures of one finished answer, shared by the arena (which measures
// them) and storage (which keeps them). Plain data; no behaviour.
#pragma once

#include <cstdint>
#include <string>

namespace ollama_arena {

// Durations in seconds. tokens, duration_s, prompt_tokens, load_s and done_reason come from
// Ollama's final chunk (tokens = eval_count, never word counts); ttft_s and total_s are
// observed by the arena (request sent -> first token, -> done).
struct answer_metrics {
    std::int64_t tokens = 0;
    double duration_s = 0;
    double tokens_per_sec = 0;
    double ttft_s = 0;
    double total_s = 0;
    std::int64_t prompt_tokens = 0;
    double prompt_tokens_per_sec = 0;
    double load_s = 0;
    std::string done_reason;
};

} // namespace ollama_arena
