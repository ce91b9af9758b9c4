// api: the JSON of stored conversations (list entries, the full view, the export bundle) and
// the conversions between arena and storage types. Pure; masking of blind conversations
// happens here and only here (docs/API.md "Sessions").
#pragma once

#include "arena/fanout.hpp"
#include "arena/instance.hpp"
#include "common/json.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ollama_arena::api {

// An instance as storage keeps it; options_json is the exact Ollama options object.
storage::instance_spec to_spec(const arena::instance& inst);
storage::settings to_settings(const arena::sampling& s);
arena::sampling to_sampling(const storage::settings& s);

// {"temperature", "top_p", "top_k", "repeat_penalty", "num_predict", "seed"}
json::object settings_json(const storage::settings& s);

// The list entry: id, title, blind, revealed, created_at, updated_at, turn_count, vote_count.
json::object summary_json(const storage::conversation_row& c);

struct view_options {
    bool messages = false; // include each turn's exact messages (the export bundle)
};

// The whole conversation. While blind and not revealed, instances and
// answers carry only their labels: no instance ids, models, settings, options or digests, and
// a vote's winner is given by label.
json::object conversation_json(const storage::conversation_full& c, view_options opts = {});

// One vote, as in the conversation view. `winner` is the chosen instance (kind best).
json::object vote_json(const storage::vote_row& v, const storage::instance_row* winner,
                       bool masked);

} // namespace ollama_arena::api
