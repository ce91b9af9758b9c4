// api: the request body of /api/chat and /api/stream_chat, parsed and validated into native
// types (history, instances). Pure; every error names the field and what is allowed.
#pragma once

#include "arena/instance.hpp"
#include "common/json.hpp"
#include "common/result.hpp"
#include "ollama/types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ollama_arena::api {

struct chat_request {
    std::vector<ollama::chat_message> history; // after message/system and HISTORY_LIMIT
    std::vector<arena::instance> instances;
    bool legacy = false;        // sent as "models": instance ids are the model names
    std::optional<bool> stream; // "stream" when given
};

// The instances of a body: "model_instances" (each validated, ids derived when absent) or the
// legacy "models" / "model" names (legacy = true: ids are the names). Empty when none is
// given; no limit or duplicate check (parse_chat_request adds those).
result<std::vector<arena::instance>> parse_instances(const json::object& body, bool& legacy);

// Order of checks: history shape, "No messages provided", instances shape and ranges,
// "No models selected", the 16-instance limit, duplicates.
result<chat_request> parse_chat_request(const json::object& body, std::size_t history_limit);

} // namespace ollama_arena::api
