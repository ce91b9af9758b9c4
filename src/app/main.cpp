// app: entry point — parse, configure, build the services, serve until a signal, exit code.
#include "api/blocking.hpp"
#include "api/clock.hpp"
#include "api/context.hpp"
#include "app/cli.hpp"
#include "app/config.hpp"
#include "arena/pulls.hpp"
#include "common/log.hpp"
#include "http/server.hpp"
#include "ollama/client.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <thread>

#include <sys/resource.h>

namespace app = ollama_arena::app;
using namespace ollama_arena; // main only: the program's own namespace

namespace {

constexpr std::chrono::milliseconds pull_idle_timeout{std::chrono::minutes(30)};

std::shared_ptr<const api::context> make_context(net::io_context& ioc, const app::config& cfg,
                                                 std::shared_ptr<api::blocking_pool> store) {
    auto ctx = std::make_shared<api::context>();
    ctx->store = std::move(store);
    ollama::timeouts t;
    t.first_byte = cfg.request_timeout;
    t.idle = cfg.request_timeout;
    ctx->ollama = std::make_shared<ollama::client>(ioc.get_executor(), cfg.ollama, t);
    ctx->ollama_url = cfg.ollama.url();
    ctx->history_limit = cfg.history_limit;
    ctx->max_concurrent = cfg.max_concurrent;
    // Downloads get their own client: REQUEST_TIMEOUT is about generations, while a pull of a
    // large model can be silent for minutes (verifying the digest of many gigabytes).
    ollama::timeouts pull_limits;
    pull_limits.first_byte = std::max(cfg.request_timeout, ollama::defaults::timeout_first_byte);
    pull_limits.idle = std::max(cfg.request_timeout, pull_idle_timeout);
    ctx->pulls = std::make_shared<arena::pull_tracker>(
        ioc.get_executor(), ollama::client(ioc.get_executor(), cfg.ollama, pull_limits));
    ctx->assets = cfg.web_dir ? http::static_assets::from_directory(*cfg.web_dir)
                              : http::static_assets::embedded();
    return ctx;
}

// Each comparison holds one client connection plus one per instance: raise the soft limit on
// open files to the hard limit so a busy arena does not run out at the usual 1024.
void raise_open_file_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &lim) != 0)
            log::warn("could not raise the open-file limit");
    }
}

// Runs until SIGINT/SIGTERM; then stops accepting, cancels in-flight requests and exits once
// they have ended or after timeout_shutdown, whichever comes first.
int serve(const app::config& cfg) {
    raise_open_file_limit();
    // The database first: a data dir that cannot be created, opened or migrated stops here.
    auto db = storage::connection_pool::open(cfg.data_dir / "arena.db",
                                             api::defaults::blocking_threads, api::now_ms());
    if (!db) {
        std::cerr << "ollama-arena: " << db.error().message << "\n";
        return 1;
    }
    auto store =
        std::make_shared<api::blocking_pool>(std::move(*db), api::defaults::blocking_threads);
    net::io_context ioc(static_cast<int>(cfg.threads));
    auto ctx = make_context(ioc, cfg, store);
    auto http_cfg = cfg.http;
    http_cfg.threads = cfg.threads;
    http::server server(ioc, std::move(http_cfg), api::make_routes(ctx));
    auto port = server.listen();
    if (!port) {
        std::cerr << "ollama-arena: " << port.error().message << "\n";
        return 1;
    }
    server.start();
    std::cout << "ollama-arena listening on http://" << cfg.http.bind_address << ":" << *port
              << " (Ollama at " << cfg.ollama.url() << ")" << std::endl;
    // The signal and the shutdown deadline live on one strand: the drained callback may run
    // on any network thread and must not touch the timer concurrently.
    auto control = net::make_strand(ioc);
    net::steady_timer hard_stop(control);
    net::signal_set signals(control, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
        if (ec)
            return;
        log::info("signal {}: shutting down", sig);
        hard_stop.expires_after(cfg.http.timeout_shutdown);
        hard_stop.async_wait([&ioc](const boost::system::error_code& wait_ec) {
            if (!wait_ec)
                ioc.stop(); // requests that ignored cancellation are abandoned
        });
        server.shutdown([&] { net::post(control, [&hard_stop] { hard_stop.cancel(); }); });
        ctx->pulls->cancel_all(); // background downloads would otherwise keep run() going
    });
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < cfg.threads; ++i)
        pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : pool)
        t.join();
    store->join(); // storage calls still queued finish before the database closes (last)
    log::info("stopped");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        auto cmd = app::parse_cli(argc, argv);
        if (auto* done = std::get_if<app::exit_now>(&cmd)) {
            if (!done->message.empty())
                std::cerr << "ollama-arena: " << done->message << "\n";
            return done->code;
        }
        if (std::holds_alternative<app::version_command>(cmd)) {
            std::cout << "ollama-arena " << app::version_string << "\n";
            return 0;
        }
        auto cfg = app::make_config(std::get<app::serve_command>(cmd).settings);
        if (!cfg) {
            std::cerr << "ollama-arena: " << cfg.error().message << "\n";
            return 2;
        }
        log::init(cfg->log_level);
        return serve(*cfg);
    } catch (const std::exception& e) {
        std::cerr << "ollama-arena: fatal: " << e.what() << "\n";
        return 1;
    }
}
