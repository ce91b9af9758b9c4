// tests/support: child process control with fork/exec and a drained output pipe.
#include "support/process.hpp"

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ollama_arena::test {

std::string binary_path(std::string_view name) {
    const std::string root = ARENA_BINARY_DIR;
    if (name == "fake-ollama")
        return root + "/tools/fake_ollama/fake-ollama";
    if (name == "ollama-arena")
        return root + "/src/app/ollama-arena";
    return root + "/" + std::string(name);
}

struct child_process::impl {
    pid_t pid = -1;
    int exit_code = -1;
    bool exited = false;
    std::uint16_t port = 0;
    mutable std::mutex mutex;
    std::condition_variable changed;
    std::string output;
    std::thread drain;

    void drain_loop(int fd) {
        char buf[4096];
        for (;;) {
            const auto n = ::read(fd, buf, sizeof buf);
            if (n <= 0) {
                if (n < 0 && errno == EINTR)
                    continue;
                break;
            }
            std::lock_guard lock(mutex);
            output.append(buf, static_cast<std::size_t>(n));
            changed.notify_all();
        }
        ::close(fd);
        std::lock_guard lock(mutex);
        changed.notify_all();
    }

    bool reap(int options) {
        if (exited)
            return true;
        int status = 0;
        const auto r = ::waitpid(pid, &status, options);
        if (r != pid)
            return false;
        exited = true;
        exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return true;
    }
};

namespace {

[[noreturn]] void exec_child(const std::string& path, const std::vector<std::string>& args,
                             const env_list& env, int out_fd) {
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(out_fd, STDERR_FILENO);
    ::close(out_fd);
    for (const auto& [key, value] : env) {
        ::setenv(key.c_str(), value.c_str(), 1);
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(path.c_str()));
    for (const auto& a : args) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    ::execv(path.c_str(), argv.data());
    ::_exit(127);
}

} // namespace

child_process::child_process(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
child_process::child_process(child_process&&) noexcept = default;
child_process& child_process::operator=(child_process&&) noexcept = default;

child_process::~child_process() {
    if (!impl_)
        return;
    if (!impl_->reap(WNOHANG)) {
        ::kill(impl_->pid, SIGKILL);
        impl_->reap(0);
    }
    if (impl_->drain.joinable())
        impl_->drain.join();
}

child_process child_process::spawn(const std::string& path, const std::vector<std::string>& args,
                                   const env_list& env) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::close(fds[0]);
        exec_child(path, args, env, fds[1]);
    }
    ::close(fds[1]);
    auto p = std::make_unique<impl>();
    p->pid = pid;
    p->drain = std::thread([raw = p.get(), fd = fds[0]] { raw->drain_loop(fd); });
    return child_process(std::move(p));
}

child_process child_process::start(const std::string& path, const std::vector<std::string>& args,
                                   const env_list& env, std::chrono::milliseconds startup) {
    auto child = spawn(path, args, env);
    static const std::regex listening(R"(listening on http://[^\s]*:(\d+))");
    auto& p = *child.impl_;
    std::unique_lock lock(p.mutex);
    const bool ok = p.changed.wait_for(lock, startup, [&] {
        std::smatch m;
        if (std::regex_search(p.output, m, listening)) {
            p.port = static_cast<std::uint16_t>(std::stoi(m[1].str()));
            return true;
        }
        return p.reap(WNOHANG);
    });
    if (!ok || p.port == 0) {
        throw std::runtime_error("process " + path + " did not start listening:\n" + p.output);
    }
    return child;
}

std::uint16_t child_process::port() const {
    return impl_->port;
}
int child_process::pid() const {
    return impl_->pid;
}

std::string child_process::output() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->output;
}

int child_process::wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!impl_->reap(WNOHANG)) {
        if (std::chrono::steady_clock::now() >= deadline)
            return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // The child is gone, so its end of the pipe is closed: wait for the drain to read the
    // last bytes, so output() is complete once wait_exit returns.
    if (impl_->drain.joinable())
        impl_->drain.join();
    return impl_->exit_code;
}

int child_process::stop(int sig, std::chrono::milliseconds timeout) {
    if (!impl_->exited)
        ::kill(impl_->pid, sig);
    return wait_exit(timeout);
}

} // namespace ollama_arena::test
