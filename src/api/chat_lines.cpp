// api: chat answer JSON.
#include "api/chat_lines.hpp"

namespace ollama_arena::api {

json::object metrics_json(const arena::metrics& m) {
    json::object o;
    o["tokens"] = m.tokens;
    o["duration_s"] = m.duration_s;
    o["tokens_per_sec"] = m.tokens_per_sec;
    o["ttft_s"] = m.ttft_s;
    o["first_token_time"] = m.ttft_s; // the original v3 web client's name for ttft_s
    o["total_s"] = m.total_s;
    o["prompt_tokens"] = m.prompt_tokens;
    o["prompt_tokens_per_sec"] = m.prompt_tokens_per_sec;
    o["load_s"] = m.load_s;
    o["done_reason"] = m.done_reason;
    return o;
}

std::string error_text(const error& e) {
    return e.details.empty() ? e.message : e.message + " (" + e.details + ")";
}

line_builder::line_builder(const std::vector<arena::instance>& instances) : instances_(instances) {
    for (const auto& inst : instances) {
        std::string prefix = R"({"type":"token","instance_id":)";
        json::append_quoted(prefix, inst.id);
        prefix += R"(,"model":)";
        json::append_quoted(prefix, inst.model);
        prefix += R"(,"token":)";
        token_prefix_.push_back(std::move(prefix));
    }
}

void line_builder::append_token(std::string& out, std::size_t slot, std::string_view text) const {
    out += token_prefix_[slot];
    json::append_quoted(out, text);
    out += R"(,"done":false})";
}

json::object line_builder::base(std::size_t slot, std::string_view type) const {
    json::object o;
    o["type"] = type;
    o["instance_id"] = instances_[slot].id;
    o["model"] = instances_[slot].model;
    o["token"] = "";
    o["done"] = true;
    return o;
}

std::string line_builder::metrics(std::size_t slot, const arena::metrics& m) const {
    auto o = base(slot, "metrics");
    o["metrics"] = metrics_json(m);
    return json::to_string(o);
}

std::string line_builder::failure(std::size_t slot, std::string_view message) const {
    auto o = base(slot, "error");
    o["error"] = message;
    return json::to_string(o);
}

} // namespace ollama_arena::api
