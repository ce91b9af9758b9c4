// api: what every endpoint group needs — the services built by app/ — and the one route
// table. JSON <-> C++ happens in api/ and only here.
#pragma once

#include "http/router.hpp"
#include "http/static_assets.hpp"

#include <memory>
#include <string>

namespace ollama_arena::ollama {
class client;
}
namespace ollama_arena::arena {
class pull_tracker;
}

namespace ollama_arena::api {

class blocking_pool;

// Shared, immutable after start-up; handlers hold it by shared_ptr.
struct context {
    std::shared_ptr<ollama::client> ollama;
    std::string ollama_url; // for messages: "Ollama is not reachable at <url>"
    http::static_assets assets;
    std::size_t history_limit = 40; // HISTORY_LIMIT (0 = keep all)
    std::size_t max_concurrent = 6; // MAX_CONCURRENT_REQUESTS: upstream streams per request
    std::shared_ptr<arena::pull_tracker> pulls; // background model downloads (thread-safe)
    std::shared_ptr<blocking_pool> store; // SQLite and other blocking work, off the network threads
};

using context_ptr = std::shared_ptr<const context>;

// THE route table (routes.cpp): every endpoint of the product in one place.
http::router make_routes(context_ptr ctx);

} // namespace ollama_arena::api
