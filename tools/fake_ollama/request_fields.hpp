// fake-ollama: the custom-typed request fields of Ollama: `options` (api.Options.FromMap),
// `keep_alive` (api.Duration) and `think` (api.ThinkValue). No I/O; thread-safe.
//
// Errors: options -> errc::internal (Ollama answers 500); keep_alive/think -> invalid_request.
#pragma once

#include "common/result.hpp"
#include "fake_ollama/state.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ollama_arena::fake_ollama {

// The options the fake acts on; every other known key is only type-checked.
struct gen_options {
    std::int64_t seed = 0;
    std::int64_t num_predict = -1;
    std::optional<std::int64_t> num_ctx;
    std::vector<std::string> stop;
};

// Validates `options` (nullptr or null = none) with Ollama's type rules: integers accept any
// number (truncated), floats any number, use_mmap a bool, stop an array of strings; unknown
// keys and null values are ignored. Error texts: option "<key>" must be of type integer|
// float32|boolean|array, option "stop" must be of an array of strings.
result<gen_options> parse_options(const boost::json::value* options);

// keep_alive: number = seconds, string = Go duration ("5m", "1h30m", "0"), negative = forever.
// Absent/null -> nullopt (server default). Errors as Go: time: invalid duration "x",
// time: missing unit in duration "300", Unsupported type: 'bool'.
result<std::optional<keep_alive>> parse_keep_alive(const boost::json::value* v);

// Go's time.ParseDuration.
result<std::chrono::nanoseconds> parse_go_duration(std::string_view text);

// think: bool or "low"/"medium"/"high"/"max". Returns whether thinking was requested
// (nullopt when absent). Error: invalid think value: "x" (must be ...).
result<std::optional<bool>> parse_think(const boost::json::value* v);

} // namespace ollama_arena::fake_ollama
