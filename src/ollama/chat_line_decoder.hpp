// ollama: the lines of a streamed /api/chat answer -> chat_line, the common line cheaply.
// Pure, no I/O; unit-tested against wire::decode_chat_line on the same lines.
#pragma once

#include "common/result.hpp"
#include "ollama/wire.hpp"

#include <memory>
#include <string_view>

namespace ollama_arena::ollama::wire {

// A token line ({"message":{"content":...},"done":false}, hundreds of them per answer) is
// read by an event parser straight into reused strings: no JSON tree, no allocation once
// the strings have grown. Every other line - the done line with its stats, an error line, a
// line that is not a JSON object, or an unusual shape such as a repeated key - is decoded
// through line_decoder and decode_chat_line, so the outcome and the errors are exactly
// theirs, for any line.
//
// Lifetime: the views of the returned chat_line live until the next decode() or the
// decoder's end. Thread safety: none; one decoder per stream.
class chat_line_decoder {
public:
    chat_line_decoder();
    ~chat_line_decoder();
    chat_line_decoder(const chat_line_decoder&) = delete;
    chat_line_decoder& operator=(const chat_line_decoder&) = delete;

    result<chat_line> decode(std::string_view line);

private:
    struct token_parser; // the event parser and what it collects
    std::unique_ptr<token_parser> fast_;
    line_decoder tree_;
};

} // namespace ollama_arena::ollama::wire
