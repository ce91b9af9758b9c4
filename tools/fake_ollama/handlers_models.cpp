// fake-ollama: /, /api/tags, /api/ps, /api/show, /api/version, /api/delete.
#include "fake_ollama/go_decode.hpp"
#include "fake_ollama/go_json.hpp"
#include "fake_ollama/handlers.hpp"
#include "fake_ollama/model_json.hpp"
#include "fake_ollama/server.hpp"

#include <array>

namespace ollama_arena::fake_ollama {
namespace {

namespace bj = boost::json;

constexpr std::array<go_field, 6> show_fields{{
    {"model", go_kind::string},
    {"name", go_kind::string},
    {"system", go_kind::string},
    {"template", go_kind::string},
    {"verbose", go_kind::boolean},
    {"options", go_kind::map},
}};

constexpr std::array<go_field, 2> delete_fields{{
    {"model", go_kind::string},
    {"name", go_kind::string},
}};

std::string string_field(const bj::object& body, std::string_view key) {
    const auto* v = body.if_contains(key);
    return (v != nullptr && v->is_string()) ? std::string(v->get_string()) : std::string();
}

// `model`, or the deprecated `name` when `model` is empty (cmp.Or in Go).
std::string model_or_name(const bj::object& body) {
    std::string model = string_field(body, "model");
    return model.empty() ? string_field(body, "name") : model;
}

} // namespace

awaitable<void> handle_root(exchange& ex) {
    co_await send_reply(ex, reply{200, content_type::text_utf8, "Ollama is running"});
}

awaitable<void> handle_tags(exchange& ex) {
    bj::array models;
    for (const auto& m : ex.env.state.installed()) {
        models.emplace_back(tags_entry(m));
    }
    bj::object body;
    body["models"] = std::move(models);
    co_await send_reply(ex, json_reply(go_serialize(body)));
}

awaitable<void> handle_ps(exchange& ex) {
    bj::array models;
    for (const auto& m : ex.env.state.loaded()) {
        models.emplace_back(ps_entry(m));
    }
    bj::object body;
    body["models"] = std::move(models);
    co_await send_reply(ex, json_reply(go_serialize(body)));
}

awaitable<void> handle_version(exchange& ex) {
    bj::object body;
    body["version"] = ex.env.cfg.emulate_version;
    co_await send_reply(ex, json_reply(go_serialize(body)));
}

awaitable<void> handle_show(exchange& ex) {
    auto body = decode_body(ex.req.body(), "ShowRequest", show_fields);
    if (!body) {
        co_await send_reply(ex, error_reply(body.error()));
        co_return;
    }
    const std::string name = model_or_name(*body);
    if (name.empty()) {
        co_await send_reply(ex,
                            error_reply(make_error(errc::invalid_request, "model is required")));
        co_return;
    }
    auto installed = ex.env.state.find_installed(name);
    if (!installed && fault_of(name) != fault_kind::none) {
        installed = installed_model{spec_for(display_name(name)), wall_time::now()};
    }
    if (!installed) {
        const std::string msg = "model '" + display_name(name) + "' not found";
        co_await send_reply(ex, error_reply(make_error(errc::not_found, msg)));
        co_return;
    }
    co_await send_reply(
        ex, json_reply(go_serialize(show_body(installed->spec, installed->modified_at))));
}

awaitable<void> handle_delete(exchange& ex) {
    auto body = decode_body(ex.req.body(), "DeleteRequest", delete_fields);
    if (!body) {
        co_await send_reply(ex, error_reply(body.error()));
        co_return;
    }
    const std::string name = model_or_name(*body);
    std::optional<error> failure;
    if (name.empty()) {
        failure = make_error(errc::invalid_request, "model is required");
    } else if (!valid_model_name(name)) {
        failure = make_error(errc::invalid_request,
                             "name " + go_serialize(bj::value(name)) + " is invalid");
    } else if (!ex.env.state.remove(name)) {
        failure = make_error(errc::not_found, "model '" + name + "' not found");
    }
    co_await send_reply(ex, failure ? error_reply(*failure) : reply{200, {}, {}});
}

} // namespace ollama_arena::fake_ollama
