// api: the JSON of chat answers — metrics objects and the NDJSON stream lines of
// /api/stream_chat (schema in docs/API.md). Token lines are built by hand on the hot path.
#pragma once

#include "arena/fanout.hpp"
#include "common/json.hpp"

#include <string>
#include <vector>

namespace ollama_arena::api {

json::object metrics_json(const arena::metrics& m);

// "message (details)" or just the message: the text a failed instance reports.
std::string error_text(const error& e);

// Builds stream lines for the instances of one request.
class line_builder {
public:
    explicit line_builder(const std::vector<arena::instance>& instances);
    // Appends {"type":"token","instance_id":…,"model":…,"token":…,"done":false} (no newline).
    void append_token(std::string& out, std::size_t slot, std::string_view text) const;
    // {"type":"metrics",…,"token":"","done":true,"metrics":{…}}
    std::string metrics(std::size_t slot, const arena::metrics& m) const;
    // {"type":"error",…,"token":"","done":true,"error":…}
    std::string failure(std::size_t slot, std::string_view message) const;

private:
    json::object base(std::size_t slot, std::string_view type) const;
    const std::vector<arena::instance>& instances_;
    std::vector<std::string> token_prefix_;
};

} // namespace ollama_arena::api
