// ollama: Ollama's JSON <-> the native structs of types.hpp (ollama-api.md §2, §4). Pure
// functions, no I/O; unit-testable. Errors come from upstream_errors.
#pragma once

#include "common/result.hpp"
#include "ollama/types.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::ollama::wire {

// Request bodies. Images are sent as the base64 strings they are; options and keep_alive
// are passed through unchanged (options only when non-empty).
std::string chat_body(const chat_request& req, bool stream);
// {"model": "<model>"}: the body of /api/show and DELETE /api/delete.
std::string model_body(std::string_view model);
// {"model": "<model>", "stream": true}
std::string pull_body(std::string_view model);

// Parses NDJSON lines one at a time, reusing its memory (a fixed scratch buffer first, the
// heap only for large lines), so a streamed token costs no allocation.
//
// Errors: a line that is not a JSON object -> upstream_protocol; a line with an "error" key
// -> upstream_error carrying Ollama's text.
// Lifetime: the object returned by parse() lives until the next parse() or the decoder's end.
class line_decoder {
public:
    line_decoder();
    line_decoder(const line_decoder&) = delete;
    line_decoder& operator=(const line_decoder&) = delete;

    result<const boost::json::object*> parse(std::string_view line);

private:
    std::array<unsigned char, 4096> scratch_{};
    // Re-created for every line: Boost 1.81's monotonic_resource::release() does not reset its
    // growth size, so reusing one would double its next block on every large line.
    std::optional<boost::json::monotonic_resource> resource_;
    boost::json::parser parser_;
    std::optional<boost::json::value> value_;
};

// One /api/chat line: its content/thinking (views into `line`), and the stats when done.
struct chat_line {
    chat_chunk chunk;
    bool done = false;
    final_stats stats; // only meaningful when done
};
chat_line decode_chat_line(const boost::json::object& line);

// The metrics of a done line; absent fields are 0.
final_stats decode_final_stats(const boost::json::object& line);

pull_progress decode_pull_progress(const boost::json::object& line);

// Whole bodies. Errors: upstream_protocol when the body is not the expected JSON shape;
// upstream_error when a 200 body carries {"error": ...}.
result<chat_response> decode_chat_response(std::string_view body);
result<std::vector<model_entry>> decode_tags(std::string_view body);
result<std::string> decode_version(std::string_view body);
result<boost::json::value> decode_object(std::string_view body); // /api/ps, /api/show

} // namespace ollama_arena::ollama::wire
