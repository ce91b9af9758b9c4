// fake-ollama: command-line flags. Mirrors the README's flag table.
#include "fake_ollama/cli.hpp"

#include "fake_ollama/catalog.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <string>

namespace ollama_arena::fake_ollama {

bool version_before(std::string_view version, unsigned major, unsigned minor) {
    if (!version.empty() && version.front() == 'v') {
        version.remove_prefix(1);
    }
    unsigned parts[2] = {0, 0};
    const char* p = version.data();
    const char* end = version.data() + version.size();
    for (unsigned& part : parts) {
        auto [next, ec] = std::from_chars(p, end, part);
        if (ec != std::errc{}) {
            return false; // unparsable: treat as current behaviour
        }
        p = (next != end && *next == '.') ? next + 1 : next;
    }
    return parts[0] < major || (parts[0] == major && parts[1] < minor);
}

namespace {

void add_flags(CLI::App& app, config& cfg) {
    app.add_option("--host", cfg.host, "Address to bind")->capture_default_str();
    app.add_option("--port", cfg.port, "Port to bind (0 = ephemeral)")->capture_default_str();
    app.add_option("--models", cfg.models, "Installed models, comma separated")->delimiter(',');
    app.add_option("--ttft-ms", cfg.ttft_ms, "Delay before the first line of a generation")
        ->capture_default_str();
    app.add_option("--tokens-per-sec", cfg.tokens_per_sec, "Token pace (0 = unthrottled)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--pull-step-ms", cfg.pull_step_ms, "Delay between pull progress lines")
        ->capture_default_str();
    app.add_option("--slow-ms", cfg.slow_ms, "Token interval of fault-slow models")
        ->capture_default_str();
    app.add_option("--max-queue", cfg.max_queue,
                   "Generations in flight before 503 server busy (0 = unlimited)")
        ->capture_default_str();
    app.add_option("--emulate-version", cfg.emulate_version,
                   "Ollama version to report and emulate (< 0.12 uses the old 404 text)")
        ->capture_default_str();
    app.add_option("--threads", cfg.threads, "I/O threads")
        ->capture_default_str()
        ->check(CLI::Range(1U, 64U));
    app.add_option("--log-level", cfg.log_level, "trace, debug, info, warn, error, off")
        ->capture_default_str();
}

} // namespace

cli_outcome parse_cli(int argc, char** argv) {
    CLI::App app{"fake-ollama: a deterministic stand-in for the Ollama HTTP API"};
    config cfg;
    add_flags(app, cfg);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli_outcome{std::nullopt, app.exit(e)};
    }
    if (cfg.models.empty() && app.count("--models") == 0) {
        cfg.models = default_models();
    }
    return cli_outcome{std::move(cfg), 0};
}

} // namespace ollama_arena::fake_ollama
