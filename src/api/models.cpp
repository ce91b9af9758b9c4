// api: GET /api/models — installed model names from Ollama, sorted; ?details=1 adds entries.
#include "api/handlers.hpp"
#include "common/json.hpp"
#include "ollama/client.hpp"

#include <algorithm>

namespace ollama_arena::api {

namespace {

json::object describe(const ollama::model_entry& m) {
    json::object o;
    o["name"] = m.name;
    o["size"] = m.size;
    o["digest"] = m.digest;
    o["modified_at"] = m.modified_at;
    o["family"] = m.family;
    o["parameter_size"] = m.parameter_size;
    o["quantization_level"] = m.quantization_level;
    o["format"] = m.format;
    return o;
}

bool wants_details(const http::request& req) {
    const auto d = req.query_param("details");
    return d && (*d == "1" || *d == "true");
}

} // namespace

awaitable<void> list_models(context_ptr ctx, http::exchange& ex) {
    auto models = co_await ctx->ollama->tags();
    if (!models) {
        co_await ex.respond(upstream_error_response(models.error()));
        co_return;
    }
    auto entries = std::move(*models);
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    json::array names;
    json::array details;
    for (const auto& m : entries) {
        names.emplace_back(m.name);
        details.emplace_back(describe(m));
    }
    json::object body;
    body["models"] = std::move(names);
    if (wants_details(ex.req()))
        body["details"] = std::move(details);
    co_await ex.respond(http::json_response(200, body));
}

} // namespace ollama_arena::api
