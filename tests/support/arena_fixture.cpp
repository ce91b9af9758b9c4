// tests/support: arena + fake-ollama processes.
#include "support/arena_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

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

namespace {

std::string make_temp_dir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ollama-arena-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    return pattern;
}

} // namespace

arena_fixture::arena_fixture(const arena_options& opts) : opts_(opts), data_dir_(make_temp_dir()) {
    try {
        if (opts.start_fake) {
            std::vector<std::string> fake_args{"--port", "0"};
            fake_args.insert(fake_args.end(), opts.fake_args.begin(), opts.fake_args.end());
            fake_.emplace(child_process::start(binary_path("fake-ollama"), fake_args));
            ollama_host_ = "127.0.0.1:" + std::to_string(fake_->port());
        }
        start_arena();
    } catch (...) {
        std::error_code ignored; // best effort: the start-up failure is what gets reported
        std::filesystem::remove_all(data_dir_, ignored);
        throw;
    }
}

arena_fixture::~arena_fixture() {
    arena_.reset(); // kills the processes before their data dir goes
    fake_.reset();
    std::error_code ignored; // best effort: a leftover temp dir fails no test
    std::filesystem::remove_all(data_dir_, ignored);
}

void arena_fixture::start_arena() {
    std::vector<std::string> args{"serve", "--port", "0", "--log-level", "warn"};
    args.insert(args.end(), opts_.arena_args.begin(), opts_.arena_args.end());
    env_list env{{"OLLAMA_HOST", ollama_host_}, {"ARENA_DATA_DIR", data_dir_}};
    env.insert(env.end(), opts_.arena_env.begin(), opts_.arena_env.end());
    arena_.emplace(child_process::start(binary_path("ollama-arena"), args, env));
}

void arena_fixture::restart_arena() {
    arena_.reset();
    start_arena();
}

http_reply arena_fixture::get(const std::string& target, const header_list& headers) const {
    return http_request(arena_->port(), http::verb::get, target, {}, headers);
}

http_reply arena_fixture::post(const std::string& target, const std::string& body,
                               const header_list& headers) const {
    return http_request(arena_->port(), http::verb::post, target, body, headers);
}

http_reply arena_fixture::send(http::verb verb, const std::string& target,
                               const std::string& body) const {
    return http_request(arena_->port(), verb, target, body);
}

http_reply arena_fixture::fake_get(const std::string& target) const {
    return http_request(fake_->port(), http::verb::get, target);
}

} // namespace ollama_arena::test
