// http layer (internal): the exchange implementation over one Beast connection.
#pragma once

#include "common/io_watchdog.hpp"
#include "http/exchange.hpp"
#include "http/session.hpp"

#include <boost/beast/core/tcp_stream.hpp>

#include <memory>

namespace ollama_arena::http::detail {

class session_exchange final : public exchange {
public:
    session_exchange(boost::beast::tcp_stream& stream, request req, bool keep_alive,
                     unsigned version, const server_config& cfg);
    ~session_exchange() override;
    session_exchange(const session_exchange&) = delete;
    session_exchange& operator=(const session_exchange&) = delete;

    const request& req() const override { return req_; }
    awaitable<void> respond(response res) override;
    awaitable<result<void>> open_stream(std::string_view content_type) override;
    awaitable<result<void>> write_line(std::string_view line) override;
    awaitable<result<void>> write_lines(std::string_view lines) override;
    awaitable<result<void>> close_stream() override;
    bool stream_open() const override { return stream_open_; }

    bool responded() const noexcept { return responded_; }
    // False once the connection must not be reused (write failed, close asked, stream cut).
    bool keep_alive() const noexcept { return keep_alive_; }
    void force_close() noexcept { keep_alive_ = false; }
    unsigned status() const noexcept { return status_; }
    // Routing's path parameters ("{id}" -> "12"), set before the handler runs.
    void set_path_params(param_list params) { req_.path_params = std::move(params); }
    std::size_t lines_written() const noexcept { return lines_; }

private:
    void add_common_headers(header_list& out) const;
    template <class Buffers>
    awaitable<result<void>> write_chunk(const Buffers& parts, std::size_t line_count);
    // Writes stream body bytes straight to the socket, bounded by timeout_client_write.
    template <class Buffers>
    awaitable<boost::system::error_code> write_body(const Buffers& buffers);

    boost::beast::tcp_stream& stream_;
    request req_;
    bool keep_alive_;
    unsigned version_;
    const server_config& cfg_;
    bool responded_ = false;
    bool stream_open_ = false;
    bool write_failed_ = false;
    unsigned status_ = 0;
    std::size_t lines_ = 0;
    // The deadline of stream writes: one timer for the whole stream, not one per write.
    std::shared_ptr<io_watchdog> write_deadline_;
};

} // namespace ollama_arena::http::detail
