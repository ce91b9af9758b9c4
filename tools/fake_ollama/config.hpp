// fake-ollama: run-time configuration (from the command line) and named defaults.
// Plain data: no I/O, no Asio, no JSON here.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::fake_ollama {

namespace defaults {
inline constexpr std::string_view host = "127.0.0.1";
inline constexpr std::uint16_t port = 11434;
inline constexpr unsigned pull_step_ms = 20;
inline constexpr unsigned slow_ms = 1000;
inline constexpr std::string_view version = "0.33.0";
// Idle keep-alive connections and slow request headers are dropped after this (Go keeps
// them forever; a fake used by test suites must not leak connections).
inline constexpr auto timeout_request_read = std::chrono::minutes(5);
inline constexpr std::size_t body_limit = 32U * 1024U * 1024U;
inline constexpr std::size_t header_limit = 1024U * 1024U; // Go's DefaultMaxHeaderBytes
inline constexpr std::size_t request_log_capacity = 200;
inline constexpr auto keep_alive = std::chrono::minutes(5); // OLLAMA_KEEP_ALIVE default
inline constexpr std::int64_t num_ctx = 4096;               // VRAM tier < 23 GiB
} // namespace defaults

struct config {
    std::string host{defaults::host};
    std::uint16_t port = defaults::port;
    std::vector<std::string> models; // installed at start-up, most recently modified first
    unsigned ttft_ms = 0;            // delay before the first line of a generation
    double tokens_per_sec = 0;       // 0 = as fast as possible
    unsigned pull_step_ms = defaults::pull_step_ms;
    unsigned slow_ms = defaults::slow_ms; // token interval of fault-slow models
    unsigned max_queue = 0;               // max generations in flight; 0 = unlimited
    std::string emulate_version{defaults::version};
    unsigned threads = 1;
    std::string log_level = "warn";
};

// True when the emulated Ollama version is older than `major.minor` (e.g. "0.11.4" < 0.12).
bool version_before(std::string_view version, unsigned major, unsigned minor);

} // namespace ollama_arena::fake_ollama
