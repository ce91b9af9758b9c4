// app: the configuration of `ollama-arena serve` — raw settings as given by flags or the
// environment, and their validation into a typed config. No I/O except make_config's
// environment-independent checks; unit-tested.
#pragma once

#include "common/result.hpp"
#include "http/server.hpp"
#include "ollama/endpoint.hpp"

#include <spdlog/common.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ollama_arena::app {

namespace defaults {
inline constexpr std::string_view bind = "127.0.0.1";
inline constexpr std::string_view port = "7860";
inline constexpr std::string_view history_limit = "40";
inline constexpr std::string_view request_timeout_s = "90";
inline constexpr std::string_view max_concurrent = "6";
inline constexpr std::string_view log_level = "info";
} // namespace defaults

// Settings as strings, exactly as the user wrote them (flag beats environment beats default).
struct raw_settings {
    std::string bind{defaults::bind};
    std::string port{defaults::port};
    std::string ollama_host;
    std::string token;
    std::string history_limit{defaults::history_limit};
    std::string request_timeout{defaults::request_timeout_s};
    std::string max_concurrent{defaults::max_concurrent};
    std::string log_level{defaults::log_level};
    std::string data_dir; // empty = the platform default
    std::string web_dir;  // empty = embedded UI
    std::string cors_origin;
    std::vector<std::string> allowed_hosts;
    std::string threads; // empty = automatic
};

struct config {
    http::server_config http;
    ollama::endpoint ollama;
    std::size_t history_limit = 40; // 0 = keep everything
    std::chrono::milliseconds request_timeout{std::chrono::seconds(90)};
    std::size_t max_concurrent = 6;
    spdlog::level::level_enum log_level = spdlog::level::info;
    std::filesystem::path data_dir;
    std::optional<std::filesystem::path> web_dir;
    unsigned threads = 1;
};

// Network threads when ARENA_THREADS is not set: one on machines with up to two cores, else
// one per core up to four. The network side needs a fraction of a core (it moves lines; the
// work is Ollama's), and on a small machine a second network thread only adds a lock and a
// strand hop to every completion while competing with Ollama for the same cores: measured
// (docs/PERFORMANCE.md), one thread without strands used ~30% less CPU per line than two
// threads with them.
unsigned default_threads(unsigned hardware_cores);

// Validates every setting; the error names the setting (flag and variable) and what is
// allowed, e.g. "WEB_PORT (--port) must be a whole number from 0 to 65535, got '99999'".
result<config> make_config(const raw_settings& raw);

// ~/.local/share/ollama-arena, or $XDG_DATA_HOME/ollama-arena.
std::filesystem::path default_data_dir();

} // namespace ollama_arena::app
