// api: parsing of chat requests.
#include "api/chat_request.hpp"

#include "api/request_fields.hpp"

#include <cmath>

namespace ollama_arena::api {

namespace {

result<ollama::chat_message> parse_message(const json::value& v, const std::string& field) {
    const auto* obj = v.if_object();
    if (obj == nullptr)
        return field_error(field, "each message must be an object with role and content");
    ollama::chat_message m;
    const auto role = json::get_string(*obj, "role");
    if (!role || (*role != "system" && *role != "user" && *role != "assistant")) {
        return field_error(field + ".role", "role must be one of system, user, assistant");
    }
    m.role = std::string(*role);
    const auto content = json::get_string(*obj, "content");
    if (!content)
        return field_error(field + ".content", "content must be a string");
    m.content = std::string(*content);
    if (const auto* images = json::find(*obj, "images"); images != nullptr && !images->is_null()) {
        const auto* arr = images->if_array();
        if (arr == nullptr)
            return field_error(field + ".images", "images must be an array of base64 strings");
        for (const auto& img : *arr) {
            if (!img.is_string())
                return field_error(field + ".images", "images must be an array of base64 strings");
            m.images.emplace_back(img.get_string());
        }
    }
    return m;
}

result<std::vector<ollama::chat_message>> parse_history(const json::object& body) {
    std::vector<ollama::chat_message> history;
    if (const auto* h = json::find(body, "history"); h != nullptr && !h->is_null()) {
        const auto* arr = h->if_array();
        if (arr == nullptr)
            return field_error("history", "history must be an array of messages");
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto m = parse_message((*arr)[i], "history[" + std::to_string(i) + "]");
            if (!m)
                return m.error();
            history.push_back(std::move(*m));
        }
    }
    if (const auto* msg = json::find(body, "message"); msg != nullptr && !msg->is_null()) {
        if (!msg->is_string())
            return field_error("message", "message must be a string");
        const std::string text(msg->get_string());
        const bool already_last =
            !history.empty() && history.back().role == "user" && history.back().content == text;
        if (!text.empty() && !already_last)
            history.push_back({"user", text, {}});
    }
    if (const auto* sys = json::find(body, "system"); sys != nullptr && !sys->is_null()) {
        if (!sys->is_string())
            return field_error("system", "system must be a string");
        const bool has_system = std::any_of(history.begin(), history.end(),
                                            [](const auto& m) { return m.role == "system"; });
        if (!has_system && !sys->get_string().empty()) {
            history.insert(history.begin(), {"system", std::string(sys->get_string()), {}});
        }
    }
    return history;
}

// A number field: absent/null keeps the default; otherwise it must be a number (an integer
// when `integral`). Range checks happen in arena::validate.
template <class T>
result<void> read_number(const json::object& obj, std::string_view name, bool integral,
                         const std::string& prefix, std::string_view rule, T& out) {
    const auto* v = json::find(obj, name);
    if (v == nullptr || v->is_null())
        return {};
    const auto number = json::get_number(obj, name);
    const bool whole = number && std::floor(*number) == *number && std::abs(*number) < 9.0e15;
    if (!number || (integral && !whole)) {
        return field_error(prefix + "." + std::string(name),
                           std::string(name) + " must be " + std::string(rule));
    }
    out = static_cast<T>(*number);
    return {};
}

result<arena::instance> parse_instance(const json::value& v, std::size_t index) {
    const std::string prefix = "model_instances[" + std::to_string(index) + "]";
    const auto* obj = v.if_object();
    if (obj == nullptr)
        return field_error(prefix, "each model instance must be an object");
    arena::instance inst;
    const auto model = json::get_string(*obj, "model");
    if (!model || model->empty())
        return field_error(prefix + ".model", "model is required");
    inst.model = std::string(*model);
    auto& s = inst.params;
    for (auto r :
         {read_number(*obj, "temperature", false, prefix, "between 0.01 and 2.0", s.temperature),
          read_number(*obj, "top_p", false, prefix, "between 0 and 1", s.top_p),
          read_number(*obj, "top_k", true, prefix, "an integer between 0 and 100", s.top_k),
          read_number(*obj, "repeat_penalty", false, prefix, "between 1.0 and 2.0",
                      s.repeat_penalty),
          read_number(*obj, "num_predict", true, prefix, "an integer between -1 and 4096",
                      s.num_predict),
          read_number(*obj, "seed", true, prefix, "an integer of 0 or more", s.seed)}) {
        if (!r)
            return r.error();
    }
    if (auto r = arena::validate(s, prefix); !r)
        return r.error();
    const auto* id = json::find(*obj, "id");
    if (id != nullptr && !id->is_null()) {
        if (!id->is_string() || id->get_string().empty()) {
            return field_error(prefix + ".id", "id must be a non-empty string");
        }
        inst.id = std::string(id->get_string());
    } else {
        inst.id = arena::derive_id(inst.model, s);
    }
    return inst;
}

// The array under `key`: nullptr when absent, null or empty; an error when not an array.
result<const json::array*> optional_array(const json::object& body, std::string_view key,
                                          std::string_view what) {
    const auto* v = json::find(body, key);
    if (v == nullptr || v->is_null())
        return nullptr;
    const auto* arr = v->if_array();
    if (arr == nullptr)
        return field_error(std::string(key), std::string(key) + " must be " + std::string(what));
    return arr->empty() ? nullptr : arr;
}

} // namespace

result<std::vector<arena::instance>> parse_instances(const json::object& body, bool& legacy) {
    auto recommended = optional_array(body, "model_instances", "an array of model instances");
    if (!recommended)
        return recommended.error();
    auto names = optional_array(body, "models", "an array of model names");
    if (!names)
        return names.error();
    if (*recommended != nullptr && *names != nullptr) {
        return field_error("models", "Send either model_instances or models, not both");
    }
    std::vector<arena::instance> out;
    if (const auto* arr = *recommended) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto inst = parse_instance((*arr)[i], i);
            if (!inst)
                return inst.error();
            out.push_back(std::move(*inst));
        }
        return out;
    }
    legacy = true;
    if (const auto* arr = *names) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const auto& name = (*arr)[i];
            if (!name.is_string() || name.get_string().empty()) {
                return field_error("models[" + std::to_string(i) + "]",
                                   "each model must be a non-empty string");
            }
            out.push_back({std::string(name.get_string()), std::string(name.get_string()), {}});
        }
    } else if (const auto model = json::get_string(body, "model"); model && !model->empty()) {
        // The original v3 server also took a single "model" name.
        out.push_back({std::string(*model), std::string(*model), {}});
    }
    return out;
}

result<chat_request> parse_chat_request(const json::object& body, std::size_t history_limit) {
    chat_request req;
    auto history = parse_history(body);
    if (!history)
        return history.error();
    if (history->empty())
        return make_error(errc::invalid_request, "No messages provided");
    req.history = arena::limit_history(std::move(*history), history_limit);
    auto instances = parse_instances(body, req.legacy);
    if (!instances)
        return instances.error();
    if (instances->empty())
        return make_error(errc::invalid_request, "No models selected");
    if (instances->size() > arena::limits::max_instances) {
        return make_error(errc::invalid_request, "Too many model instances: at most " +
                                                     std::to_string(arena::limits::max_instances) +
                                                     " per request, got " +
                                                     std::to_string(instances->size()));
    }
    if (auto r = arena::check_unique(*instances, req.legacy ? "models" : "model_instances"); !r) {
        return r.error();
    }
    req.instances = std::move(*instances);
    if (const auto stream = json::get_bool(body, "stream"))
        req.stream = *stream;
    return req;
}

} // namespace ollama_arena::api
