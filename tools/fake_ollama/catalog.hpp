// fake-ollama: the model "registry" (what a pull can find), model names and fault markers.
// Pure functions and constant data: no I/O, no state, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::fake_ollama {

// Fault models are selected by a marker anywhere in the model name (see README.md).
enum class fault_kind {
    none,
    midstream,    // "fault-midstream": a few tokens, then {"error":"..."} and end, no done line
    busy,         // "fault-busy": 503 server busy before streaming
    hang,         // "fault-hang": accepts, never answers until the client leaves
    slow,         // "fault-slow": one token per --slow-ms
    malformed,    // "fault-malformed": a couple of lines, then a line that is not JSON
    reset,        // "fault-reset": a few tokens, then a TCP reset
    truncate,     // "fault-truncate": a few tokens, then a clean end without a done line
    server_error, // "fault-500": 500 model runner has unexpectedly stopped
};

fault_kind fault_of(std::string_view model);

// Static facts about a model, as /api/tags, /api/show and /api/ps report them.
struct model_spec {
    std::string name; // display name, e.g. "llama3.2:3b"
    std::string family;
    std::string parameter_size; // e.g. "3.2B"
    std::string quantization;   // e.g. "Q4_K_M"
    std::int64_t size = 0;      // bytes on disk
    std::int64_t context_length = 0;
    bool tools = false;
    bool thinking = false;
};

// The models installed when --models is not given.
std::vector<std::string> default_models();

// The registry catalog: the spec of a pullable model, looked up by canonical name.
std::optional<model_spec> registry_lookup(std::string_view canonical);

// The spec for any name: the catalog entry, else plausible details derived from the name.
model_spec spec_for(std::string_view display);

// Ollama name normalization: strips "registry.ollama.ai/" and "library/", adds ":latest".
// display_name keeps the case ("Foo" -> "Foo:latest"); canonical_name lower-cases it, which is
// how installed models are matched.
std::string display_name(std::string_view requested);
std::string canonical_name(std::string_view requested);
// Fully qualified, as in capability errors: "registry.ollama.ai/library/gemma2:2b".
std::string qualified_name(std::string_view requested);

// False for names Ollama's parser rejects (empty parts, spaces, odd characters).
bool valid_model_name(std::string_view requested);

// 64 lowercase hex characters derived deterministically from `seed`.
std::string hex_digest(std::string_view seed);

// 64-bit FNV-1a, the project's cheap stable hash.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL);

// One step of splitmix64; advances `state`.
std::uint64_t splitmix64(std::uint64_t& state);

} // namespace ollama_arena::fake_ollama
