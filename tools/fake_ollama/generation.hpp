// fake-ollama: running one validated /api/chat or /api/generate request: the scripted faults,
// --max-queue admission, --ttft-ms / --tokens-per-sec pacing, streamed or single replies,
// the final metrics, /fake/stats and /api/ps bookkeeping.
//
// Cancellation: the generation stops the moment the client disconnects (see run_watched);
// such a stream is counted as cancelled in /fake/stats.
#pragma once

#include "common/asio.hpp"
#include "fake_ollama/catalog.hpp"
#include "fake_ollama/chunk_lines.hpp"
#include "fake_ollama/http_io.hpp"
#include "fake_ollama/state.hpp"
#include "fake_ollama/textgen.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ollama_arena::fake_ollama {

struct generation_job {
    api_kind kind = api_kind::chat;
    std::string model; // echoed verbatim in every chunk
    model_spec spec;
    fault_kind fault = fault_kind::none;
    bool stream = true;
    gen_input input;           // what the token_source generates from
    bool with_context = false; // /api/generate (not raw): the final chunk carries "context"
    keep_alive ka;
    std::int64_t context_length = 0; // for /api/ps
    std::chrono::steady_clock::time_point started;
};

awaitable<void> run_generation(exchange& ex, std::shared_ptr<const generation_job> job);

// The 503 of a full queue ("server busy, please try again.  maximum pending requests
// exceeded", two spaces as in Ollama).
error busy_error();

// The single object answering empty messages/prompt: done_reason "load" or "unload".
reply load_reply(api_kind kind, std::string_view model, std::string_view done_reason);

} // namespace ollama_arena::fake_ollama
