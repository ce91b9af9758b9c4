// ollama: JSON encoding of requests and decoding of Ollama's replies.
#include "ollama/wire.hpp"

#include "common/json.hpp"
#include "ollama/upstream_errors.hpp"

#include <boost/json/array.hpp>

namespace ollama_arena::ollama::wire {
namespace {

namespace bj = boost::json;

// Ollama's counters are integers; accept a float too rather than dropping the value.
std::int64_t int_field(const bj::object& obj, std::string_view key) {
    if (auto i = json::get_int(obj, key)) {
        return *i;
    }
    if (auto d = json::get_number(obj, key)) {
        return static_cast<std::int64_t>(*d);
    }
    return 0;
}

std::string string_field(const bj::object& obj, std::string_view key) {
    return std::string(json::get_string(obj, key).value_or(""));
}

bj::value message_json(const chat_message& m) {
    bj::object out;
    out["role"] = m.role;
    out["content"] = m.content;
    if (!m.images.empty()) {
        bj::array images;
        images.reserve(m.images.size());
        for (const auto& image : m.images) {
            images.emplace_back(image);
        }
        out["images"] = std::move(images);
    }
    return out;
}

result<bj::object> parse_object(std::string_view body, std::string_view what) {
    auto parsed = json::parse(body);
    if (!parsed || !parsed->is_object()) {
        return upstream_errors::protocol("Ollama sent " + std::string(what) +
                                             " that is not a JSON object",
                                         parsed ? std::string() : parsed.error().details);
    }
    auto& obj = parsed->get_object();
    if (const auto* e = obj.if_contains("error")) {
        return upstream_errors::stream_error(upstream_errors::error_text(*e));
    }
    return std::move(obj);
}

model_entry decode_model_entry(const bj::object& obj) {
    model_entry m;
    m.name = string_field(obj, "name");
    if (m.name.empty()) {
        m.name = string_field(obj, "model");
    }
    m.size = int_field(obj, "size");
    m.digest = string_field(obj, "digest");
    m.modified_at = string_field(obj, "modified_at");
    if (const auto* details = obj.if_contains("details"); details && details->is_object()) {
        const auto& d = details->get_object();
        m.family = string_field(d, "family");
        m.parameter_size = string_field(d, "parameter_size");
        m.quantization_level = string_field(d, "quantization_level");
        m.format = string_field(d, "format");
    }
    m.raw = obj;
    return m;
}

} // namespace

std::string chat_body(const chat_request& req, bool stream) {
    bj::object body;
    body["model"] = req.model;
    bj::array messages;
    messages.reserve(req.messages.size());
    for (const auto& m : req.messages) {
        messages.push_back(message_json(m));
    }
    body["messages"] = std::move(messages);
    body["stream"] = stream;
    if (!req.options.empty()) {
        body["options"] = req.options;
    }
    if (req.keep_alive) {
        body["keep_alive"] = *req.keep_alive;
    }
    return json::to_string(body); // plain decimals (0.7), as Go clients send them
}

std::string model_body(std::string_view model) {
    return json::to_string(bj::object{{"model", model}});
}

std::string pull_body(std::string_view model) {
    return json::to_string(bj::object{{"model", model}, {"stream", true}});
}

line_decoder::line_decoder() = default;

result<const bj::object*> line_decoder::parse(std::string_view line) {
    value_.reset();
    resource_.reset(); // frees what the previous line allocated, in one go
    resource_.emplace(scratch_.data(), scratch_.size());
    parser_.reset(bj::storage_ptr(&*resource_));
    boost::system::error_code ec;
    parser_.write(line.data(), line.size(), ec);
    if (ec) {
        constexpr std::size_t shown = 200;
        return upstream_errors::protocol("Ollama sent a line that is not JSON",
                                         ec.message() + ": " + std::string(line.substr(0, shown)));
    }
    value_.emplace(parser_.release());
    const auto* obj = value_->if_object();
    if (obj == nullptr) {
        return upstream_errors::protocol("Ollama sent a line that is not a JSON object");
    }
    if (const auto* e = obj->if_contains("error")) {
        return upstream_errors::stream_error(upstream_errors::error_text(*e));
    }
    return obj;
}

chat_line decode_chat_line(const bj::object& line) {
    chat_line out;
    if (const auto* message = line.if_contains("message"); message && message->is_object()) {
        const auto& m = message->get_object();
        out.chunk.content = json::get_string(m, "content").value_or("");
        out.chunk.thinking = json::get_string(m, "thinking").value_or("");
    }
    out.done = json::get_bool(line, "done").value_or(false);
    if (out.done) {
        out.stats = decode_final_stats(line);
    }
    return out;
}

final_stats decode_final_stats(const bj::object& line) {
    final_stats s;
    s.done_reason = string_field(line, "done_reason");
    s.total_duration_ns = int_field(line, "total_duration");
    s.load_duration_ns = int_field(line, "load_duration");
    s.prompt_eval_count = int_field(line, "prompt_eval_count");
    s.prompt_eval_duration_ns = int_field(line, "prompt_eval_duration");
    s.eval_count = int_field(line, "eval_count");
    s.eval_duration_ns = int_field(line, "eval_duration");
    return s;
}

pull_progress decode_pull_progress(const bj::object& line) {
    pull_progress p;
    p.status = string_field(line, "status");
    p.digest = string_field(line, "digest");
    p.total = int_field(line, "total");
    p.completed = int_field(line, "completed");
    return p;
}

result<chat_response> decode_chat_response(std::string_view body) {
    auto obj = parse_object(body, "a chat reply");
    if (!obj) {
        return obj.error();
    }
    const auto line = decode_chat_line(*obj);
    if (!line.done) {
        return upstream_errors::protocol("Ollama sent a chat reply without \"done\": true");
    }
    return chat_response{std::string(line.chunk.content), std::string(line.chunk.thinking),
                         line.stats};
}

result<std::vector<model_entry>> decode_tags(std::string_view body) {
    auto obj = parse_object(body, "a model list");
    if (!obj) {
        return obj.error();
    }
    std::vector<model_entry> out;
    const auto* models = obj->if_contains("models");
    if (models == nullptr || models->is_null()) {
        return out; // an empty list may come as null from older servers
    }
    if (!models->is_array()) {
        return upstream_errors::protocol(
            "Ollama sent a model list whose \"models\" is not an array");
    }
    out.reserve(models->get_array().size());
    for (const auto& m : models->get_array()) {
        if (m.is_object()) {
            out.push_back(decode_model_entry(m.get_object()));
        }
    }
    return out;
}

result<std::string> decode_version(std::string_view body) {
    auto obj = parse_object(body, "a version reply");
    if (!obj) {
        return obj.error();
    }
    auto version = json::get_string(*obj, "version");
    if (!version) {
        return upstream_errors::protocol("Ollama sent a version reply without \"version\"");
    }
    return std::string(*version);
}

result<bj::value> decode_object(std::string_view body) {
    auto obj = parse_object(body, "a reply");
    if (!obj) {
        return obj.error();
    }
    return bj::value(std::move(*obj));
}

} // namespace ollama_arena::ollama::wire
