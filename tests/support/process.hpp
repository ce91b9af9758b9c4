// tests/support: start one of our executables as a real child process on an ephemeral
// loopback port and stop it again. Knows nothing about what the process serves.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ollama_arena::test {

using env_list = std::vector<std::pair<std::string, std::string>>;

// Path of a built executable: "fake-ollama" or "ollama-arena".
std::string binary_path(std::string_view name);

// A running child process. Its stdout and stderr are captured (drained by a thread so the
// child never blocks on a full pipe). Destruction kills the child (SIGKILL) if still running.
// Thread safety: use from one thread; output() may be called any time.
class child_process {
public:
    // Starts `path args...` with `env` added to the inherited environment and waits up to
    // `startup` for a stdout line containing "listening on http://HOST:PORT". Throws
    // std::runtime_error (with the captured output) if the process exits or times out.
    static child_process start(const std::string& path, const std::vector<std::string>& args,
                               const env_list& env = {},
                               std::chrono::milliseconds startup = std::chrono::seconds(20));

    // Starts without waiting for a listening line (for processes expected to fail).
    static child_process spawn(const std::string& path, const std::vector<std::string>& args,
                               const env_list& env = {});

    child_process(child_process&&) noexcept;
    child_process& operator=(child_process&&) noexcept;
    ~child_process();

    std::uint16_t port() const;
    int pid() const;
    // Everything written to stdout and stderr so far.
    std::string output() const;
    // Sends `sig`; returns the exit code (128 + signal when killed), or -1 on timeout.
    int stop(int sig, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Waits for exit without signalling; -1 on timeout.
    int wait_exit(std::chrono::milliseconds timeout);

private:
    struct impl;
    explicit child_process(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

} // namespace ollama_arena::test
