// tests/support: the usual integration set-up — fake-ollama and ollama-arena started as real
// processes on ephemeral loopback ports, the arena pointed at the fake and at a fresh data
// directory of its own (a mkdtemp folder, removed with the fixture).
#pragma once

#include "support/http_client.hpp"
#include "support/process.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ollama_arena::test {

struct arena_options {
    std::vector<std::string> fake_args;  // extra fake-ollama flags
    std::vector<std::string> arena_args; // extra `serve` flags
    env_list arena_env;
    bool start_fake = true;
};

// Option builders (designated initializers would warn about the fields left out).
arena_options without_fake();
arena_options with_arena_env(env_list env);
arena_options with_arena_args(std::vector<std::string> args);
arena_options with_fake_args(std::vector<std::string> args);

class arena_fixture {
public:
    explicit arena_fixture(const arena_options& opts = {});
    ~arena_fixture();
    arena_fixture(const arena_fixture&) = delete;
    arena_fixture& operator=(const arena_fixture&) = delete;

    // ARENA_DATA_DIR of the arena: a temporary directory owned by this fixture.
    const std::string& data_dir() const { return data_dir_; }
    // Starts ollama-arena again with the same settings, data dir and fake (after it exited or
    // was killed); the new process has a new port.
    void restart_arena();

    std::uint16_t arena_port() const { return arena_->port(); }
    std::uint16_t fake_port() const { return fake_ ? fake_->port() : 0; }
    child_process& arena() { return *arena_; }

    http_reply get(const std::string& target, const header_list& headers = {}) const;
    http_reply post(const std::string& target, const std::string& body,
                    const header_list& headers = {}) const;
    // Any method (PATCH, DELETE …).
    http_reply send(http::verb verb, const std::string& target, const std::string& body = {}) const;
    // GET on the fake itself (e.g. /fake/stats).
    http_reply fake_get(const std::string& target) const;

private:
    void start_arena();

    arena_options opts_;
    std::string data_dir_;
    std::string ollama_host_ = "127.0.0.1:9"; // discard port: nothing listens there
    std::optional<child_process> fake_;
    std::optional<child_process> arena_;
};

} // namespace ollama_arena::test
