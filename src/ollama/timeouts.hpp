// ollama: the named deadlines of every upstream call (style.md C1). No I/O here.
#pragma once

#include <chrono>

namespace ollama_arena::ollama {

namespace defaults {
inline constexpr std::chrono::milliseconds timeout_connect{5'000};
inline constexpr std::chrono::milliseconds timeout_first_byte{300'000};
inline constexpr std::chrono::milliseconds timeout_idle{90'000};
inline constexpr std::chrono::milliseconds timeout_total{0};
inline constexpr std::chrono::milliseconds timeout_metadata{10'000};
} // namespace defaults

// Deadlines of the client. A zero (or negative) duration means "no limit"; only `total` is
// zero by default.
struct timeouts {
    // Name lookup (of a host that is not an address) and TCP connect, together within this.
    std::chrono::milliseconds connect = defaults::timeout_connect;
    // Generation calls (chat, chat_stream, pull): from sending the request until the response
    // headers AND the first NDJSON line have arrived. Ollama sends nothing while it queues,
    // loads the model and evaluates the prompt, which can take minutes on a cold model.
    std::chrono::milliseconds first_byte = defaults::timeout_first_byte;
    // Generation calls: the longest silence between two reads after the first line.
    std::chrono::milliseconds idle = defaults::timeout_idle;
    // Generation calls: the whole call, connect included; 0 = no limit.
    std::chrono::milliseconds total = defaults::timeout_total;
    // Non-generation calls (tags, ps, show, version, remove): the whole call, connect included.
    std::chrono::milliseconds metadata = defaults::timeout_metadata;
};

} // namespace ollama_arena::ollama
