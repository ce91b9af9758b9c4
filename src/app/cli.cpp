// app: CLI11 set-up for `ollama-arena serve|version`.
#include "app/cli.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace ollama_arena::app {

namespace {

void add_serve_options(CLI::App& serve, raw_settings& s) {
    serve.add_option("--bind", s.bind, "Address to listen on")
        ->envname("WEB_BIND")
        ->default_str(std::string(defaults::bind));
    serve.add_option("--port", s.port, "Port to listen on (0 = any free port)")
        ->envname("WEB_PORT")
        ->default_str(std::string(defaults::port));
    serve
        .add_option("--ollama-host", s.ollama_host,
                    "Ollama server: host, host:port or http://host:port")
        ->envname("OLLAMA_HOST")
        ->default_str("http://127.0.0.1:11434");
    serve
        .add_option("--history-limit", s.history_limit,
                    "Newest messages kept per request (system message always kept; 0 = all)")
        ->envname("HISTORY_LIMIT")
        ->default_str(std::string(defaults::history_limit));
    serve
        .add_option("--request-timeout", s.request_timeout,
                    "Seconds to wait for Ollama's first token and between tokens")
        ->envname("REQUEST_TIMEOUT")
        ->default_str(std::string(defaults::request_timeout_s));
    serve
        .add_option("--max-concurrent", s.max_concurrent,
                    "Upstream generations run at once per request")
        ->envname("MAX_CONCURRENT_REQUESTS")
        ->default_str(std::string(defaults::max_concurrent));
    serve.add_option("--log-level", s.log_level, "trace, debug, info, warn, error or off")
        ->envname("LOG_LEVEL")
        ->default_str(std::string(defaults::log_level));
    serve.add_option("--data-dir", s.data_dir, "Where the database lives")
        ->envname("ARENA_DATA_DIR")
        ->default_str("~/.local/share/ollama-arena");
    serve
        .add_option("--web-dir", s.web_dir,
                    "Serve the UI from this folder instead of the "
                    "embedded copy (UI development)")
        ->envname("ARENA_WEB_DIR");
    serve.add_option("--cors-origin", s.cors_origin, "Allow this one origin (CORS is off)")
        ->envname("ARENA_CORS_ORIGIN");
    serve.add_option("--allow-host", s.allowed_hosts,
                     "Extra Host header names to accept (DNS-rebinding guard); repeatable");
    serve.add_option("--threads", s.threads, "Network threads (default: cores, at most 4)")
        ->envname("ARENA_THREADS");
    serve.footer("The bearer token is read from WEB_CHAT_TOKEN only (never a flag, so it "
                 "does not show in process lists).");
}

} // namespace

command parse_cli(int argc, const char* const* argv) {
    CLI::App app{"Ollama Arena: compare Ollama models side by side, vote blind, rank them.",
                 "ollama-arena"};
    app.require_subcommand(1);
    serve_command serve_cmd;
    auto* serve = app.add_subcommand("serve", "Serve the web UI and the API");
    add_serve_options(*serve, serve_cmd.settings);
    app.add_subcommand("version", "Print the version");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return exit_now{app.exit(e), {}};
    } catch (const CLI::CallForAllHelp& e) {
        return exit_now{app.exit(e), {}};
    } catch (const CLI::ParseError& e) {
        return exit_now{2, e.what()};
    }
    if (serve->parsed()) {
        if (const char* token = std::getenv("WEB_CHAT_TOKEN")) {
            serve_cmd.settings.token = token;
        }
        return serve_cmd;
    }
    return version_command{};
}

} // namespace ollama_arena::app
