// fake-ollama: POST /api/pull — the progress sequence of server/images.go PullModel, paced by
// --pull-step-ms; the model is installed when "success" is reached. Names missing from the
// registry catalog fail like a registry 404.
#include "fake_ollama/chunk_lines.hpp"
#include "fake_ollama/go_decode.hpp"
#include "fake_ollama/go_json.hpp"
#include "fake_ollama/handlers.hpp"
#include "fake_ollama/model_json.hpp"
#include "fake_ollama/server.hpp"

#include <array>
#include <memory>
#include <vector>

namespace ollama_arena::fake_ollama {
namespace {

namespace bj = boost::json;

constexpr std::string_view manifest_missing = "pull model manifest: file does not exist";
constexpr int download_steps = 10;

constexpr std::array<go_field, 6> pull_fields{{
    {"model", go_kind::string},
    {"name", go_kind::string},
    {"insecure", go_kind::boolean},
    {"stream", go_kind::boolean},
    {"username", go_kind::string},
    {"password", go_kind::string},
}};

struct pull_plan {
    std::vector<std::string> lines; // NDJSON objects without the newline
    std::optional<model_spec> install;
};

std::string status_line(std::string_view status) {
    std::string out = "{\"status\":";
    append_quoted(out, status);
    return out + "}";
}

std::string layer_line(const std::string& hex, std::int64_t total, std::int64_t completed) {
    std::string out = "{\"status\":\"pulling " + hex.substr(0, 12) +
                      "\",\"digest\":\"sha256:" + hex + "\",\"total\":" + std::to_string(total);
    if (completed > 0) {
        out += ",\"completed\":" + std::to_string(completed);
    }
    return out + "}";
}

// A layer already on disk yields one complete line; a new one grows to its total.
void add_layer(pull_plan& plan, const std::string& hex, std::int64_t total, bool present,
               int steps) {
    if (present) {
        plan.lines.push_back(layer_line(hex, total, total));
        return;
    }
    plan.lines.push_back(layer_line(hex, total, 0));
    for (int i = 1; i <= steps; ++i) {
        plan.lines.push_back(layer_line(hex, total, total * i / steps));
    }
}

pull_plan make_pull_plan(const exchange& ex, std::string_view name) {
    pull_plan plan;
    plan.lines.push_back(status_line("pulling manifest"));
    auto spec = registry_lookup(canonical_name(name));
    if (!spec) {
        plan.lines.push_back(error_object(manifest_missing));
        return plan;
    }
    const bool present = ex.env.state.find_installed(spec->name).has_value();
    const std::array<std::int64_t, 3> small{1481, 7711, 96}; // template, license, params
    add_layer(plan, hex_digest("blob:" + spec->name), spec->size - 9288, present, download_steps);
    for (std::size_t i = 0; i < small.size(); ++i) {
        add_layer(plan, hex_digest("blob:" + spec->name + std::to_string(i)), small[i], present, 1);
    }
    plan.lines.push_back(status_line("verifying sha256 digest"));
    plan.lines.push_back(status_line("writing manifest"));
    plan.lines.push_back(status_line("success"));
    plan.install = std::move(spec);
    return plan;
}

awaitable<void> stream_pull(exchange& ex, std::shared_ptr<const pull_plan> plan) {
    ndjson_stream out(ex);
    const auto step = std::chrono::milliseconds(ex.env.cfg.pull_step_ms);
    for (std::size_t i = 0; i < plan->lines.size(); ++i) {
        if (i > 0 && !co_await pause(step)) {
            co_return;
        }
        const bool last = i + 1 == plan->lines.size();
        if (last && plan->install) {
            ex.env.state.install(*plan->install);
        }
        const std::string line = plan->lines[i] + "\n";
        if (!(last ? co_await out.finish(line) : co_await out.write(line))) {
            co_return;
        }
    }
}

// "stream": false: the same work, silently, then one object (waitForStream).
awaitable<void> quiet_pull(exchange& ex, std::shared_ptr<const pull_plan> plan) {
    const auto step = std::chrono::milliseconds(ex.env.cfg.pull_step_ms);
    if (!co_await pause(step * static_cast<int>(plan->lines.size() - 1))) {
        co_return;
    }
    if (!plan->install) {
        co_await send_reply(ex, reply{500, content_type::json, error_object(manifest_missing)});
        co_return;
    }
    ex.env.state.install(*plan->install);
    co_await send_reply(ex, reply{200, content_type::json, status_line("success")});
}

} // namespace

awaitable<void> handle_pull(exchange& ex) {
    auto body = decode_body(ex.req.body(), "PullRequest", pull_fields);
    if (!body) {
        co_await send_reply(ex, error_reply(body.error()));
        co_return;
    }
    const auto* model = body->if_contains("model");
    std::string name =
        (model != nullptr && model->is_string()) ? std::string(model->get_string()) : "";
    if (const auto* alias = body->if_contains("name");
        name.empty() && alias != nullptr && alias->is_string()) {
        name = std::string(alias->get_string());
    }
    if (name.empty() || !valid_model_name(name)) {
        co_await send_reply(ex,
                            error_reply(make_error(errc::invalid_request, "invalid model name")));
        co_return;
    }
    const auto* stream = body->if_contains("stream");
    const bool streamed = stream == nullptr || !stream->is_bool() || stream->get_bool();
    auto plan = std::make_shared<const pull_plan>(make_pull_plan(ex, name));
    co_await run_watched(ex, streamed ? stream_pull(ex, plan) : quiet_pull(ex, plan));
}

} // namespace ollama_arena::fake_ollama
