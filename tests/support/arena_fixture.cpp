// tests/support: arena + fake-ollama processes.
#include "support/arena_fixture.hpp"

namespace ollama_arena::test {

arena_options without_fake() {
    arena_options o;
    o.start_fake = false;
    return o;
}

arena_options with_arena_env(env_list env) {
    arena_options o;
    o.arena_env = std::move(env);
    return o;
}

arena_options with_arena_args(std::vector<std::string> args) {
    arena_options o;
    o.arena_args = std::move(args);
    return o;
}

arena_options with_fake_args(std::vector<std::string> args) {
    arena_options o;
    o.fake_args = std::move(args);
    return o;
}

arena_fixture::arena_fixture(const arena_options& opts) {
    std::string ollama_host = "127.0.0.1:9"; // discard port: nothing listens there
    if (opts.start_fake) {
        std::vector<std::string> fake_args{"--port", "0"};
        fake_args.insert(fake_args.end(), opts.fake_args.begin(), opts.fake_args.end());
        fake_.emplace(child_process::start(binary_path("fake-ollama"), fake_args));
        ollama_host = "127.0.0.1:" + std::to_string(fake_->port());
    }
    std::vector<std::string> args{"serve", "--port", "0", "--log-level", "warn"};
    args.insert(args.end(), opts.arena_args.begin(), opts.arena_args.end());
    env_list env{{"OLLAMA_HOST", ollama_host}, {"ARENA_DATA_DIR", "/tmp/ollama-arena-tests"}};
    env.insert(env.end(), opts.arena_env.begin(), opts.arena_env.end());
    arena_.emplace(child_process::start(binary_path("ollama-arena"), args, env));
}

http_reply arena_fixture::get(const std::string& target, const header_list& headers) const {
    return http_request(arena_->port(), http::verb::get, target, {}, headers);
}

http_reply arena_fixture::post(const std::string& target, const std::string& body,
                               const header_list& headers) const {
    return http_request(arena_->port(), http::verb::post, target, body, headers);
}

http_reply arena_fixture::fake_get(const std::string& target) const {
    return http_request(fake_->port(), http::verb::get, target);
}

} // namespace ollama_arena::test
