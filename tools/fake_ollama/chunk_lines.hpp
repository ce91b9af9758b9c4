// fake-ollama: the bytes of /api/chat and /api/generate answers, written by hand in Go's key
// order (no json::object per token: a 2000-token stream must stay cheap). No I/O.
//
// Thread safety: a line_builder is used by one stream at a time.
#pragma once

#include "fake_ollama/textgen.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::fake_ollama {

enum class api_kind { chat, generate };

// Metrics of the final chunk, in nanoseconds and tokens; zero values are omitted.
struct final_metrics {
    std::int64_t total_duration = 0;
    std::int64_t load_duration = 0;
    std::int64_t prompt_eval_count = 0;
    std::int64_t prompt_eval_duration = 0;
    std::int64_t eval_count = 0;
    std::int64_t eval_duration = 0;
};

struct final_fields {
    std::string_view done_reason;
    std::string_view content;  // concatenated answer (non-streamed), "" on the stream's last line
    std::string_view thinking; // concatenated thinking (non-streamed)
    const final_metrics* metrics = nullptr;             // nullptr for load/unload replies
    const std::vector<std::int64_t>* context = nullptr; // /api/generate only
};

class line_builder {
public:
    line_builder(api_kind kind, std::string_view model);

    // One intermediate chunk with "done":false and a trailing "\n". The reference stays
    // valid until the next call.
    const std::string& token_line(const gen_token& token);

    // The "done":true object (no trailing newline).
    std::string final_object(const final_fields& f) const;

private:
    void append_head(std::string& out) const; // {"model":"..","created_at":".."
    void append_text(std::string& out, std::string_view content, std::string_view thinking) const;

    api_kind kind_;
    std::string model_json_; // "{\"model\":\"<escaped>\",\"created_at\":\""
    std::string line_;
};

// {"error":"<message>"} (no trailing newline).
std::string error_object(std::string_view message);

} // namespace ollama_arena::fake_ollama
