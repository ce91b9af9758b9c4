// arena: model instances — a model plus its six sampling settings — with their ranges, id
// derivation, duplicate detection and the Ollama options they become. Pure functions.
// Knows the ollama types; knows nothing of HTTP.
#pragma once

#include "common/result.hpp"
#include "ollama/types.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::arena {

namespace limits {
inline constexpr std::size_t max_instances = 16;
} // namespace limits

// Defaults and inclusive ranges from the API decisions.
struct sampling {
    double temperature = 0.7;      // 0.01 - 2.0
    double top_p = 0.9;            // 0 - 1
    std::int64_t top_k = 40;       // 0 - 100
    double repeat_penalty = 1.1;   // 1.0 - 2.0
    std::int64_t num_predict = -1; // -1 (unlimited) - 4096
    std::int64_t seed = 0;         // >= 0; 0 = random (not sent to Ollama)

    friend bool operator==(const sampling&, const sampling&) = default;
};

struct instance {
    std::string id;
    std::string model;
    sampling params;
};

// Shortest round-trip plain decimal form: 0.7 -> "0.7", 1.0 -> "1", 0.0001 -> "0.0001".
std::string format_number(double v);

// "{model with : . / - as _}__{temperature}_{top_p}_{top_k}_{repeat_penalty}_{num_predict}_{seed}"
// e.g. llama3.2:3b with defaults -> "llama3_2_3b__0.7_0.9_40_1.1_-1_0".
std::string derive_id(std::string_view model, const sampling& s);

// The first setting outside its range, as errc::invalid_request with field
// "<prefix>.<name>" and a message naming the range ("temperature must be between 0.01 and 2.0").
result<void> validate(const sampling& s, std::string_view field_prefix);

// Two instances with the same id, or the same model and the same six values:
// "Duplicate model instance detected: <id>"; field "<list_name>[i]" names the second one.
result<void> check_unique(const std::vector<instance>& instances,
                          std::string_view list_name = "model_instances");

// The Ollama "options" object: all six values, except seed 0 (random) which is left out.
boost::json::object to_ollama_options(const sampling& s);

// Keeps every system message plus the newest `limit` other messages (0 = keep all).
std::vector<ollama::chat_message> limit_history(std::vector<ollama::chat_message> history,
                                                std::size_t limit);

} // namespace ollama_arena::arena
