// ollama: native C++ shapes of Ollama's requests and replies (ollama-api.md §2, §4). Plain
// structs; the JSON mapping lives in wire.hpp. No Asio, no Beast.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::ollama {

struct chat_message {
    std::string role; // "system", "user", "assistant", "tool"
    std::string content;
    std::vector<std::string> images; // raw standard base64 (no data: URL prefix)
};

struct chat_request {
    std::string model;
    std::vector<chat_message> messages;
    boost::json::object options;                  // sent as-is ("temperature", "num_ctx", ...)
    std::optional<boost::json::value> keep_alive; // seconds (number) or Go duration string
};

// One streamed piece of the answer: the text of every line that arrived in the same read
// (one line's when the stream is paced, many when the reader fell behind). The views are
// valid only during the on_chunk callback: copy what must outlive it.
struct chat_chunk {
    std::string_view content;
    std::string_view thinking;
};

// The metrics of the final ("done": true) line; Ollama omits zero fields, so absent means 0.
// Durations are nanoseconds.
struct final_stats {
    std::string done_reason; // "stop", "length", "load", "unload", or "" when absent
    std::int64_t total_duration_ns = 0;
    std::int64_t load_duration_ns = 0;
    std::int64_t prompt_eval_count = 0;
    std::int64_t prompt_eval_duration_ns = 0;
    std::int64_t eval_count = 0;
    std::int64_t eval_duration_ns = 0;
};

// A whole (non-streamed) answer.
struct chat_response {
    std::string content;
    std::string thinking;
    final_stats stats;
};

// One /api/pull progress line; total/completed are bytes, 0 when absent.
struct pull_progress {
    std::string status; // "pulling manifest", "pulling <digest>", ..., "success"
    std::string digest;
    std::int64_t total = 0;
    std::int64_t completed = 0;
};

// One installed model from /api/tags. Fields missing on the wire are empty/0; `raw` keeps the
// whole entry (capabilities, families, ...).
struct model_entry {
    std::string name;
    std::int64_t size = 0; // bytes on disk
    std::string digest;
    std::string modified_at; // RFC 3339 with the server's offset, as sent
    std::string family;
    std::string parameter_size;     // e.g. "3.2B"
    std::string quantization_level; // e.g. "Q4_K_M"
    std::string format;             // "gguf", "safetensors"
    boost::json::object raw;
};

} // namespace ollama_arena::ollama
