// fake-ollama: command-line parsing (CLI11) into a config. No networking here.
#pragma once

#include "fake_ollama/config.hpp"

#include <optional>

namespace ollama_arena::fake_ollama {

struct cli_outcome {
    std::optional<config> cfg; // set when the server should run
    int exit_code = 0;         // used when cfg is empty (--help, bad flags)
};

// Parses argv. On --help or a parse error, prints the CLI11 message and returns no config.
cli_outcome parse_cli(int argc, char** argv);

} // namespace ollama_arena::fake_ollama
