// fake-ollama: chunk serialization in Ollama's struct order (api/types.go ChatResponse,
// GenerateResponse, Metrics).
#include "fake_ollama/chunk_lines.hpp"

#include "fake_ollama/go_json.hpp"

namespace ollama_arena::fake_ollama {
namespace {

void append_metric(std::string& out, std::string_view key, std::int64_t value) {
    if (value == 0) {
        return; // omitempty
    }
    out += ",\"";
    out += key;
    out += "\":";
    out += std::to_string(value);
}

void append_metrics(std::string& out, const final_metrics& m) {
    append_metric(out, "total_duration", m.total_duration);
    append_metric(out, "load_duration", m.load_duration);
    append_metric(out, "prompt_eval_count", m.prompt_eval_count);
    append_metric(out, "prompt_eval_duration", m.prompt_eval_duration);
    append_metric(out, "eval_count", m.eval_count);
    append_metric(out, "eval_duration", m.eval_duration);
}

void append_context(std::string& out, const std::vector<std::int64_t>& ids) {
    out += ",\"context\":[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += std::to_string(ids[i]);
    }
    out += ']';
}

} // namespace

line_builder::line_builder(api_kind kind, std::string_view model) : kind_(kind) {
    model_json_ = "{\"model\":";
    append_quoted(model_json_, model);
    model_json_ += ",\"created_at\":\"";
    line_.reserve(256);
}

void line_builder::append_head(std::string& out) const {
    out += model_json_;
    append_rfc3339_utc(out, wall_time::now());
    out += '"';
}

void line_builder::append_text(std::string& out, std::string_view content,
                               std::string_view thinking) const {
    if (kind_ == api_kind::chat) {
        out += ",\"message\":{\"role\":\"assistant\",\"content\":";
        append_quoted(out, content);
        if (!thinking.empty()) {
            out += ",\"thinking\":";
            append_quoted(out, thinking);
        }
        out += '}';
        return;
    }
    out += ",\"response\":";
    append_quoted(out, content);
    if (!thinking.empty()) {
        out += ",\"thinking\":";
        append_quoted(out, thinking);
    }
}

const std::string& line_builder::token_line(const gen_token& token) {
    line_.clear();
    append_head(line_);
    append_text(line_, token.thinking ? std::string_view() : std::string_view(token.text),
                token.thinking ? std::string_view(token.text) : std::string_view());
    line_ += ",\"done\":false}\n";
    return line_;
}

std::string line_builder::final_object(const final_fields& f) const {
    std::string out;
    out.reserve(256 + f.content.size() + f.thinking.size() +
                (f.context != nullptr ? f.context->size() * 7 : 0));
    append_head(out);
    append_text(out, f.content, f.thinking);
    out += ",\"done\":true,\"done_reason\":";
    append_quoted(out, f.done_reason);
    if (f.context != nullptr) {
        append_context(out, *f.context);
    }
    if (f.metrics != nullptr) {
        append_metrics(out, *f.metrics);
    }
    out += '}';
    return out;
}

std::string error_object(std::string_view message) {
    std::string out = "{\"error\":";
    append_quoted(out, message);
    out += '}';
    return out;
}

} // namespace ollama_arena::fake_ollama
