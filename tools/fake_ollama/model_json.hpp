// fake-ollama: JSON shapes of model metadata shared by /api/tags, /api/ps and /api/show
// (api.ModelDetails, ListModelResponse, ProcessModelResponse, ShowResponse). No I/O.
#pragma once

#include "fake_ollama/state.hpp"

#include <boost/json/object.hpp>

namespace ollama_arena::fake_ollama {

boost::json::object details_json(const model_spec& spec);
boost::json::array capabilities_json(const model_spec& spec);
// The 64-hex digest /api/tags reports for a model (no "sha256:" prefix).
std::string model_digest(const model_spec& spec);

boost::json::object tags_entry(const installed_model& m);
boost::json::object ps_entry(const loaded_model& m);
boost::json::object show_body(const model_spec& spec, wall_time modified_at);

// Bytes a loaded model occupies (weights + KV cache for its context), as /api/ps reports.
std::int64_t resident_size(const model_spec& spec, std::int64_t context_length);

} // namespace ollama_arena::fake_ollama
