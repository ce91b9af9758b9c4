// fake-ollama: POST /api/chat and /api/generate — request validation in the order of
// Ollama's ChatHandler / GenerateHandler (server/routes.go), then run_generation().
#include "fake_ollama/config.hpp"
#include "fake_ollama/generation.hpp"
#include "fake_ollama/go_decode.hpp"
#include "fake_ollama/go_json.hpp"
#include "fake_ollama/handlers.hpp"
#include "fake_ollama/request_fields.hpp"
#include "fake_ollama/server.hpp"

#include <algorithm>
#include <array>

namespace ollama_arena::fake_ollama {
namespace {

namespace bj = boost::json;

constexpr std::array<go_field, 13> chat_fields{{
    {"model", go_kind::string},
    {"messages", go_kind::messages},
    {"stream", go_kind::boolean},
    {"format", go_kind::any},
    {"options", go_kind::map},
    {"keep_alive", go_kind::any},
    {"think", go_kind::any},
    {"tools", go_kind::array},
    {"truncate", go_kind::boolean},
    {"shift", go_kind::boolean},
    {"logprobs", go_kind::boolean},
    {"top_logprobs", go_kind::integer},
    {"_debug_render_only", go_kind::boolean},
}};

constexpr std::array<go_field, 18> generate_fields{{
    {"model", go_kind::string},
    {"prompt", go_kind::string},
    {"suffix", go_kind::string},
    {"system", go_kind::string},
    {"template", go_kind::string},
    {"context", go_kind::int_array},
    {"raw", go_kind::boolean},
    {"images", go_kind::base64_array},
    {"stream", go_kind::boolean},
    {"format", go_kind::any},
    {"options", go_kind::map},
    {"keep_alive", go_kind::any},
    {"think", go_kind::any},
    {"truncate", go_kind::boolean},
    {"shift", go_kind::boolean},
    {"logprobs", go_kind::boolean},
    {"top_logprobs", go_kind::integer},
    {"_debug_render_only", go_kind::boolean},
}};

// What both endpoints share after decoding.
struct common_request {
    bj::object body;
    std::string model;
    bool stream = true;
    std::optional<keep_alive> ka;
    std::optional<bool> think;
};

std::string string_field(const bj::object& body, std::string_view key) {
    const auto* v = body.if_contains(key);
    return (v != nullptr && v->is_string()) ? std::string(v->get_string()) : std::string();
}

bool non_empty_array(const bj::object& body, std::string_view key) {
    const auto* v = body.if_contains(key);
    return v != nullptr && v->is_array() && !v->get_array().empty();
}

// Decoding, the request log, keep_alive, think and top_logprobs (checks 1-3).
result<common_request> decode_common(exchange& ex, api_kind kind) {
    const std::string_view go_struct = kind == api_kind::chat ? "ChatRequest" : "GenerateRequest";
    auto body = parse_body(ex.req.body(), go_struct);
    if (!body) {
        return body.error();
    }
    ex.env.state.log_request(*body);
    const auto fields = kind == api_kind::chat ? std::span<const go_field>(chat_fields)
                                               : std::span<const go_field>(generate_fields);
    if (auto e = check_fields(*body, go_struct, fields)) {
        return *e;
    }
    common_request req;
    auto ka = parse_keep_alive(body->if_contains("keep_alive"));
    auto think = parse_think(body->if_contains("think"));
    if (!ka || !think) {
        return !ka ? ka.error() : think.error();
    }
    const auto* top = body->if_contains("top_logprobs");
    if (top != nullptr && top->is_number() &&
        (top->to_number<double>() < 0 || top->to_number<double>() > 20)) {
        return make_error(errc::invalid_request, "top_logprobs must be between 0 and 20");
    }
    const auto* stream = body->if_contains("stream");
    req.stream = stream == nullptr || !stream->is_bool() || stream->get_bool();
    req.model = string_field(*body, "model");
    req.ka = *ka;
    req.think = *think;
    req.body = std::move(*body);
    return req;
}

// Chat: 400 model is required / invalid model name, 404 not found (text per version).
result<model_spec> resolve_model(const exchange& ex, api_kind kind, std::string_view model) {
    const bool blank = model.find_first_not_of(" \t\r\n") == std::string_view::npos;
    const std::string not_found = "model '" + std::string(model) + "' not found";
    if (kind == api_kind::chat && blank) {
        return make_error(errc::invalid_request, "model is required");
    }
    if (blank || !valid_model_name(model)) {
        return kind == api_kind::chat ? make_error(errc::invalid_request, "invalid model name")
                                      : make_error(errc::not_found, not_found);
    }
    if (fault_of(model) != fault_kind::none) {
        return spec_for(display_name(model));
    }
    if (auto installed = ex.env.state.find_installed(model)) {
        return installed->spec;
    }
    if (kind == api_kind::chat && version_before(ex.env.cfg.emulate_version, 0, 12)) {
        return make_error(errc::not_found,
                          "model \"" + std::string(model) + "\" not found, try pulling it first");
    }
    return make_error(errc::not_found, not_found);
}

// Capability and option checks (8-11), after the unload short-cut.
result<gen_options> check_request(const common_request& req, const model_spec& spec,
                                  api_kind kind) {
    if (req.think.value_or(false) && !spec.thinking) {
        return make_error(errc::invalid_request, "\"" + req.model + "\" does not support thinking");
    }
    if (kind == api_kind::chat && non_empty_array(req.body, "tools") && !spec.tools) {
        return make_error(errc::invalid_request,
                          qualified_name(req.model) + " does not support tools");
    }
    if (kind == api_kind::generate && !string_field(req.body, "suffix").empty()) {
        return make_error(errc::invalid_request,
                          qualified_name(req.model) + " does not support insert");
    }
    return parse_options(req.body.if_contains("options"));
}

// `format`: absent, "", "json" or an object; anything else fails at generation time (500).
result<bool> check_format(const bj::object& body) {
    const auto* f = body.if_contains("format");
    if (f == nullptr || f->is_null() || (f->is_string() && f->get_string().empty())) {
        return false;
    }
    if ((f->is_string() && f->get_string() == "json") || f->is_object()) {
        return true;
    }
    return make_error(errc::internal, "invalid format: " + go_serialize(*f) +
                                          "; expected \"json\" or a valid JSON Schema object");
}

gen_input chat_input(const common_request& req) {
    gen_input in;
    in.prompt_tokens = 1;
    if (const auto* tools = req.body.if_contains("tools"); tools != nullptr && !tools->is_null()) {
        in.prompt_tokens += estimate_tokens(go_serialize(*tools));
    }
    const auto* messages = req.body.if_contains("messages");
    if (messages == nullptr || !messages->is_array()) {
        return in;
    }
    for (const auto& m : messages->get_array()) {
        if (!m.is_object()) {
            continue;
        }
        const std::string content = string_field(m.get_object(), "content");
        in.prompt_text += string_field(m.get_object(), "role") + "\n" + content + "\n";
        in.prompt_tokens += estimate_tokens(content) + 5;
    }
    return in;
}

gen_input generate_input(const common_request& req) {
    gen_input in;
    const std::string prompt = string_field(req.body, "prompt");
    const std::string system = string_field(req.body, "system");
    in.prompt_text = system + "\n" + prompt + "\n" + string_field(req.body, "suffix");
    in.prompt_tokens = estimate_tokens(prompt) + estimate_tokens(system) + 10;
    return in;
}

bool is_raw(const bj::object& body) {
    const auto* raw = body.if_contains("raw");
    return raw != nullptr && raw->is_bool() && raw->get_bool();
}

std::shared_ptr<generation_job> make_job(const common_request& req, const model_spec& spec,
                                         const gen_options& opts, bool json, api_kind kind) {
    auto job = std::make_shared<generation_job>();
    job->started = std::chrono::steady_clock::now();
    job->kind = kind;
    job->model = req.model;
    job->spec = spec;
    job->fault = fault_of(req.model);
    job->stream = req.stream;
    gen_input in = kind == api_kind::chat ? chat_input(req) : generate_input(req);
    in.model = canonical_name(spec.name);
    in.seed = opts.seed;
    in.num_predict = opts.num_predict;
    in.thinking = spec.thinking && req.think.value_or(true);
    in.json_format = json;
    in.stop = opts.stop;
    job->input = std::move(in);
    job->with_context = kind == api_kind::generate && !is_raw(req.body);
    job->ka = req.ka.value_or(keep_alive{defaults::keep_alive, false});
    const std::int64_t ctx = opts.num_ctx.value_or(defaults::num_ctx);
    job->context_length =
        std::clamp<std::int64_t>(ctx, 4, spec.context_length > 0 ? spec.context_length : ctx);
    return job;
}

bool is_unload(const std::optional<keep_alive>& ka) {
    return ka && !ka->forever && ka->duration.count() <= 0;
}

// The shared tail of both handlers: checks 7-16 and the generation itself.
awaitable<void> finish_request(exchange& ex, common_request req, model_spec spec, bool empty_input,
                               api_kind kind) {
    if (empty_input && is_unload(req.ka)) {
        ex.env.state.unload(spec.name);
        co_await send_reply(ex, load_reply(kind, req.model, "unload"));
        co_return;
    }
    auto opts = check_request(req, spec, kind);
    auto json = opts ? check_format(req.body) : result<bool>(false);
    if (!opts || (!empty_input && !json)) {
        co_await send_reply(ex, error_reply(!opts ? opts.error() : json.error()));
        co_return;
    }
    if (empty_input) {
        const bool busy = fault_of(req.model) == fault_kind::busy;
        if (!busy) {
            ex.env.state.touch_loaded(spec,
                                      req.ka.value_or(keep_alive{defaults::keep_alive, false}),
                                      opts->num_ctx.value_or(defaults::num_ctx));
        }
        co_await send_reply(ex,
                            busy ? error_reply(busy_error()) : load_reply(kind, req.model, "load"));
        co_return;
    }
    co_await run_generation(ex, make_job(req, spec, *opts, *json, kind));
}

} // namespace

awaitable<void> handle_chat(exchange& ex) {
    auto req = decode_common(ex, api_kind::chat);
    auto spec =
        req ? resolve_model(ex, api_kind::chat, req->model) : result<model_spec>(req.error());
    if (!spec) {
        co_await send_reply(ex, error_reply(spec.error()));
        co_return;
    }
    const bool empty = !non_empty_array(req->body, "messages");
    co_await finish_request(ex, std::move(*req), std::move(*spec), empty, api_kind::chat);
}

awaitable<void> handle_generate(exchange& ex) {
    auto req = decode_common(ex, api_kind::generate);
    if (req && is_raw(req->body) &&
        (!string_field(req->body, "template").empty() ||
         !string_field(req->body, "system").empty() || non_empty_array(req->body, "context"))) {
        req = make_error(errc::invalid_request,
                         "raw mode does not support template, system, or context");
    }
    auto spec =
        req ? resolve_model(ex, api_kind::generate, req->model) : result<model_spec>(req.error());
    if (!spec) {
        co_await send_reply(ex, error_reply(spec.error()));
        co_return;
    }
    const bool empty = string_field(req->body, "prompt").empty();
    co_await finish_request(ex, std::move(*req), std::move(*spec), empty, api_kind::generate);
}

} // namespace ollama_arena::fake_ollama
