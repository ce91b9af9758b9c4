// app: command-line parsing (CLI11). Knows the commands and flags; validation of values is
// config.cpp's job.
#pragma once

#include "app/config.hpp"

#include <string>
#include <variant>

namespace ollama_arena::app {

struct serve_command {
    raw_settings settings;
};
struct version_command {};
// Parsing ended the program: help printed (code 0) or a usage error (code 2, message set).
struct exit_now {
    int code = 0;
    std::string message;
};

using command = std::variant<serve_command, version_command, exit_now>;

// Reads flags and, for unset flags, the environment (WEB_BIND, WEB_PORT, OLLAMA_HOST, ...).
command parse_cli(int argc, const char* const* argv);

inline constexpr std::string_view version_string = "0.1.0";

} // namespace ollama_arena::app
