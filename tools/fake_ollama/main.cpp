// fake-ollama: entry point. Parses flags, binds, prints the listening line, runs the
// io_context on --threads threads until SIGINT/SIGTERM, exits 0.
#include "common/log.hpp"
#include "fake_ollama/cli.hpp"
#include "fake_ollama/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <exception>
#include <thread>
#include <vector>

namespace {

using namespace ollama_arena;

int run(fake_ollama::config cfg) {
    auto level = log::parse_level(cfg.log_level);
    if (!level) {
        std::fprintf(stderr, "fake-ollama: %s\n", level.error().message.c_str());
        return 2;
    }
    log::init(*level);
    auto env = std::make_shared<fake_ollama::server_env>(std::move(cfg));
    net::io_context ioc(static_cast<int>(env->cfg.threads));
    auto bound = fake_ollama::start_server(ioc, env);
    if (!bound) {
        std::fprintf(stderr, "fake-ollama: %s: %s\n", bound.error().message.c_str(),
                     bound.error().details.c_str());
        return 1;
    }
    const auto address = bound->address();
    const std::string host =
        address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    std::printf("fake-ollama listening on http://%s:%u\n", host.c_str(), unsigned{bound->port()});
    std::fflush(stdout);

    // Stopping the io_context ends every session at once; in-flight streams simply end,
    // which is what a killed Ollama does too.
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&ioc](const boost::system::error_code& ec, int sig) {
        if (!ec) {
            log::info("signal {}: shutting down", sig);
        }
        ioc.stop();
    });
    std::vector<std::thread> workers;
    for (unsigned i = 1; i < env->cfg.threads; ++i) {
        workers.emplace_back([&ioc] { ioc.run(); });
    }
    ioc.run();
    for (auto& t : workers) {
        t.join();
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        auto outcome = ollama_arena::fake_ollama::parse_cli(argc, argv);
        if (!outcome.cfg) {
            return outcome.exit_code;
        }
        return run(std::move(*outcome.cfg));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fake-ollama: fatal: %s\n", e.what());
        return 1;
    }
}
