// ollama: the client's calls, each one exchange on a pooled connection (transport.hpp).
#include "ollama/client.hpp"

#include "ollama/chat_line_decoder.hpp"
#include "ollama/transport.hpp"
#include "ollama/wire.hpp"

#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

namespace ollama_arena::ollama {
namespace {

using detail::call_budget;
using detail::exchange;
using detail::line_reader;
using detail::make_request;
using detail::transport;
using detail::http::verb;
using transport_ptr = std::shared_ptr<transport>;

constexpr std::size_t max_error_body = std::size_t{1} << 20;   // 1 MiB of {"error": ...}
constexpr std::size_t max_reply_body = std::size_t{256} << 20; // tags, show, a whole chat

// Our coroutines answer cancellation with errc::cancelled. When the caller's coroutine keeps
// Asio's default throw_if_cancelled(true), the first co_await after the cancellation throws
// operation_aborted instead; this turns that into the same value.
template <class T>
awaitable<result<T>> guard(awaitable<result<T>> call) {
    try {
        co_return co_await std::move(call);
    } catch (const boost::system::system_error& e) {
        if (e.code() != net::error::operation_aborted) {
            throw;
        }
    }
    co_return upstream_errors::cancelled();
}

bool is_success(unsigned status) {
    return status >= 200 && status < 300;
}

// A non-2xx answer: Ollama's {"error": ...} text from the (bounded) body.
awaitable<error> status_error(exchange& x) {
    auto body = co_await x.read_rest(max_error_body);
    if (body) {
        x.finish(); // the response was read completely: the connection stays usable
    }
    co_return upstream_errors::http_status(x.status(), body ? *body : std::string());
}

// A non-generation call: the whole JSON reply of one request, or the mapped error.
awaitable<result<std::string>> fetch(transport_ptr t, verb method, std::string path,
                                     std::string body) {
    exchange x(t, call_budget::metadata(t->limits));
    if (auto started = co_await x.start(make_request(t->ep, method, path, std::move(body)));
        !started) {
        co_return started.error();
    }
    if (!is_success(x.status())) {
        co_return co_await status_error(x);
    }
    auto reply = co_await x.read_rest(max_reply_body);
    if (!reply) {
        co_return reply.error();
    }
    x.finish();
    co_return std::move(*reply);
}

awaitable<result<std::vector<model_entry>>> run_tags(transport_ptr t) {
    auto body = co_await fetch(t, verb::get, "/api/tags", {});
    if (!body) {
        co_return body.error();
    }
    co_return wire::decode_tags(*body);
}

awaitable<result<boost::json::value>> run_object(transport_ptr t, verb method, std::string path,
                                                 std::string request_body) {
    auto body = co_await fetch(t, method, std::move(path), std::move(request_body));
    if (!body) {
        co_return body.error();
    }
    co_return wire::decode_object(*body);
}

awaitable<result<boost::json::value>> run_show(transport_ptr t, std::string model) {
    co_return co_await run_object(std::move(t), verb::post, "/api/show", wire::model_body(model));
}

awaitable<result<std::string>> run_version(transport_ptr t) {
    auto body = co_await fetch(t, verb::get, "/api/version", {});
    if (!body) {
        co_return body.error();
    }
    co_return wire::decode_version(*body);
}

awaitable<result<void>> run_remove(transport_ptr t, std::string model) {
    auto body = co_await fetch(t, verb::delete_, "/api/delete", wire::model_body(model));
    if (!body) {
        co_return body.error();
    }
    co_return result<void>{};
}

// Starts a generation call (chat or pull); a non-2xx status becomes its error.
awaitable<result<void>> start_generation(exchange& x, const transport& t, std::string path,
                                         std::string body) {
    if (auto started = co_await x.start(make_request(t.ep, verb::post, path, std::move(body)));
        !started) {
        co_return started.error();
    }
    if (!is_success(x.status())) {
        co_return co_await status_error(x);
    }
    co_return result<void>{};
}

// After the last line: read the body's end so the connection can be reused. A failure here
// does not fail the call (the answer is complete); the connection is just closed.
awaitable<void> finish_body(exchange& x, line_reader& lines) {
    if (co_await lines.drain()) {
        x.finish();
    }
}

// The text of the chat lines that arrived together, handed on as one chunk.
struct gathered_text {
    std::string content;
    std::string thinking;
    bool empty() const noexcept { return content.empty() && thinking.empty(); }
};

// Decodes every line already read: their text into `text`, the stats once the done line came,
// an error for an error or malformed line. Nothing (nullopt) while the answer goes on.
std::optional<result<final_stats>> take_lines(line_reader& lines, wire::chat_line_decoder& decoder,
                                              gathered_text& text) {
    while (auto line = lines.take()) {
        auto decoded = decoder.decode(*line);
        if (!decoded) {
            return decoded.error();
        }
        text.content += decoded->chunk.content;
        text.thinking += decoded->chunk.thinking;
        if (decoded->done) {
            return std::move(decoded->stats);
        }
    }
    if (lines.at_end()) {
        return upstream_errors::truncated();
    }
    return std::nullopt;
}

// Reads a read at a time and hands on the text of all lines that arrived together in one
// chunk: a token costs no suspension of its own, and a consumer that fell behind catches up
// with fewer, larger chunks. Text that came before an error is still handed on.
awaitable<result<final_stats>> run_chat_stream(transport_ptr t, chat_request req,
                                               chunk_handler on_chunk) {
    exchange x(t, call_budget::generation(t->limits));
    if (auto started = co_await start_generation(x, *t, "/api/chat", wire::chat_body(req, true));
        !started) {
        co_return started.error();
    }
    line_reader lines(x);
    wire::chat_line_decoder decoder;
    gathered_text text;
    while (true) {
        text.content.clear();
        text.thinking.clear();
        auto outcome = take_lines(lines, decoder, text);
        if (on_chunk && !text.empty()) {
            co_await on_chunk(chat_chunk{text.content, text.thinking});
        }
        if (outcome) {
            if (*outcome) {
                co_await finish_body(x, lines);
            }
            co_return std::move(*outcome);
        }
        if (auto more = co_await lines.read(); !more) {
            co_return more.error();
        }
    }
}

awaitable<result<chat_response>> run_chat(transport_ptr t, chat_request req) {
    exchange x(t, call_budget::generation(t->limits));
    if (auto started = co_await start_generation(x, *t, "/api/chat", wire::chat_body(req, false));
        !started) {
        co_return started.error();
    }
    auto body = co_await x.read_rest(max_reply_body);
    if (!body) {
        co_return body.error();
    }
    x.finish();
    co_return wire::decode_chat_response(*body);
}

awaitable<result<void>> run_pull(transport_ptr t, std::string model, progress_handler on_progress) {
    exchange x(t, call_budget::generation(t->limits));
    if (auto started = co_await start_generation(x, *t, "/api/pull", wire::pull_body(model));
        !started) {
        co_return started.error();
    }
    line_reader lines(x);
    wire::line_decoder decoder;
    while (true) {
        auto line = co_await lines.next();
        if (!line) {
            co_return line.error();
        }
        if (!*line) {
            co_return upstream_errors::truncated();
        }
        auto obj = decoder.parse(**line);
        if (!obj) {
            co_return obj.error();
        }
        const auto progress = wire::decode_pull_progress(**obj);
        if (on_progress) {
            co_await on_progress(progress);
        }
        if (progress.status == "success") {
            co_await finish_body(x, lines);
            co_return result<void>{};
        }
    }
}

} // namespace

client::client(net::any_io_executor ex, endpoint ep, timeouts limits)
    : transport_(std::make_shared<transport>(std::move(ex), std::move(ep), limits,
                                             limits::max_idle_connections)) {}

const endpoint& client::upstream() const {
    return transport_->ep;
}

const timeouts& client::limits() const {
    return transport_->limits;
}

// The methods are plain functions returning the coroutine: the coroutine frames hold the
// shared transport, never `this`.
awaitable<result<std::vector<model_entry>>> client::tags() const {
    return guard(run_tags(transport_));
}

awaitable<result<boost::json::value>> client::ps() const {
    return guard(run_object(transport_, verb::get, "/api/ps", {}));
}

awaitable<result<boost::json::value>> client::show(std::string model) const {
    return guard(run_show(transport_, std::move(model)));
}

awaitable<result<std::string>> client::version() const {
    return guard(run_version(transport_));
}

awaitable<result<final_stats>> client::chat_stream(chat_request req, chunk_handler on_chunk) const {
    return guard(run_chat_stream(transport_, std::move(req), std::move(on_chunk)));
}

awaitable<result<chat_response>> client::chat(chat_request req) const {
    return guard(run_chat(transport_, std::move(req)));
}

awaitable<result<void>> client::pull(std::string model, progress_handler on_progress) const {
    return guard(run_pull(transport_, std::move(model), std::move(on_progress)));
}

awaitable<result<void>> client::remove(std::string model) const {
    return guard(run_remove(transport_, std::move(model)));
}

std::size_t client::connections_opened() const {
    return transport_->connections_opened.load();
}

std::size_t client::idle_connections() const {
    return transport_->pool.idle();
}

} // namespace ollama_arena::ollama
