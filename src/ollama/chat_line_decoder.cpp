// ollama: streamed chat lines, token lines by events and everything else by the JSON tree.
#include "ollama/chat_line_decoder.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <limits>
#include <string>

namespace ollama_arena::ollama::wire {

namespace bj = boost::json;
using boost::system::error_code;

namespace {

enum class field { other, message, done, content, thinking };

// Collects the text of a token line; gives up (`tree` set) at anything a token line does not
// have, and the tree decodes that line instead.
struct token_events {
    static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();

    // What the line holds so far.
    std::string content;
    std::string thinking;
    bool tree = false; // this line needs the tree (done line, error, unusual shape)
    bool root_object = false;

    bool on_document_begin(error_code&) {
        content.clear();
        thinking.clear();
        key_.clear();
        tree = false;
        root_object = false;
        depth_ = 0;
        in_message_ = false;
        top_key_ = field::other;
        message_key_ = field::other;
        seen_message_ = seen_done_ = seen_content_ = seen_thinking_ = false;
        return true;
    }
    bool on_document_end(error_code&) { return true; }

    bool on_object_begin(error_code&) {
        if (depth_ == 0) {
            root_object = true;
        } else if (depth_ == 1 && top_key_ == field::message) {
            in_message_ = true;
            message_key_ = field::other;
        }
        ++depth_;
        return true;
    }
    bool on_object_end(std::size_t, error_code&) {
        --depth_;
        if (depth_ == 1) {
            in_message_ = false;
        }
        return true;
    }
    bool on_array_begin(error_code& ec) {
        if (depth_ == 0) {
            return give_up(ec); // not an object: the tree names the error
        }
        ++depth_;
        return true;
    }
    bool on_array_end(std::size_t, error_code&) {
        --depth_;
        return true;
    }

    bool on_key_part(bj::string_view s, std::size_t, error_code&) {
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(bj::string_view s, std::size_t, error_code& ec) {
        key_.append(s.data(), s.size());
        const bool ok = depth_ == 1                  ? top_level_key()
                        : depth_ == 2 && in_message_ ? message_key()
                                                     : true;
        key_.clear();
        return ok || give_up(ec);
    }

    bool on_string_part(bj::string_view s, std::size_t, error_code&) {
        take_text(s);
        return true;
    }
    bool on_string(bj::string_view s, std::size_t, error_code&) {
        take_text(s);
        return true;
    }

    bool on_bool(bool b, error_code& ec) {
        if (depth_ == 1 && top_key_ == field::done && b) {
            return give_up(ec); // the done line: its stats come from the tree
        }
        return true;
    }

    bool on_number_part(bj::string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, bj::string_view, error_code&) { return true; }
    bool on_uint64(std::uint64_t, bj::string_view, error_code&) { return true; }
    bool on_double(double, bj::string_view, error_code&) { return true; }
    bool on_null(error_code&) { return true; }
    bool on_comment_part(bj::string_view, error_code&) { return true; }
    bool on_comment(bj::string_view, error_code&) { return true; }

private:
    bool give_up(error_code& ec) {
        tree = true;
        ec = bj::error::exception; // stops the parser; `tree` tells it apart from bad JSON
        return false;
    }

    // False for a key the tree must see: "error", or a repeated key this decoder reads.
    bool top_level_key() {
        top_key_ = field::other;
        if (key_ == "error") {
            return false;
        }
        if (key_ == "message") {
            top_key_ = field::message;
            return !std::exchange(seen_message_, true);
        }
        if (key_ == "done") {
            top_key_ = field::done;
            return !std::exchange(seen_done_, true);
        }
        return true;
    }
    bool message_key() {
        message_key_ = field::other;
        if (key_ == "content") {
            message_key_ = field::content;
            return !std::exchange(seen_content_, true);
        }
        if (key_ == "thinking") {
            message_key_ = field::thinking;
            return !std::exchange(seen_thinking_, true);
        }
        return true;
    }

    void take_text(bj::string_view s) {
        if (depth_ != 2 || !in_message_) {
            return;
        }
        if (message_key_ == field::content) {
            content.append(s.data(), s.size());
        } else if (message_key_ == field::thinking) {
            thinking.append(s.data(), s.size());
        }
    }

    std::string key_;
    int depth_ = 0;
    bool in_message_ = false;
    field top_key_ = field::other;
    field message_key_ = field::other;
    bool seen_message_ = false;
    bool seen_done_ = false;
    bool seen_content_ = false;
    bool seen_thinking_ = false;
};

} // namespace

struct chat_line_decoder::token_parser {
    bj::basic_parser<token_events> parser{bj::parse_options{}};
};

chat_line_decoder::chat_line_decoder() : fast_(std::make_unique<token_parser>()) {}
chat_line_decoder::~chat_line_decoder() = default;

result<chat_line> chat_line_decoder::decode(std::string_view line) {
    auto& p = fast_->parser;
    p.reset();
    error_code ec;
    const std::size_t used = p.write_some(false, line.data(), line.size(), ec);
    const auto& events = p.handler();
    if (!ec && used == line.size() && events.root_object && !events.tree) {
        chat_line out;
        out.chunk.content = events.content;
        out.chunk.thinking = events.thinking;
        return out;
    }
    // Anything else, including bad JSON: the tree decides, with its own errors.
    auto obj = tree_.parse(line);
    if (!obj) {
        return obj.error();
    }
    return decode_chat_line(**obj);
}

} // namespace ollama_arena::ollama::wire
