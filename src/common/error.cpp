// common: errc category and the errc -> HTTP status table.
#include "common/error.hpp"

#include <array>
#include <utility>

namespace ollama_arena {
namespace {

struct errc_row {
    errc code;
    unsigned status;
    std::string_view name;
};

// THE mapping table: one row per errc, in enum order.
constexpr std::array<errc_row, 16> errc_table{{
    {errc::invalid_request, 400, "invalid_request"},
    {errc::unauthorized, 401, "unauthorized"},
    {errc::forbidden, 403, "forbidden"},
    {errc::not_found, 404, "not_found"},
    {errc::method_not_allowed, 405, "method_not_allowed"},
    {errc::conflict, 409, "conflict"},
    {errc::payload_too_large, 413, "payload_too_large"},
    {errc::upstream_unreachable, 502, "upstream_unreachable"},
    {errc::upstream_http_status, 502, "upstream_http_status"},
    {errc::upstream_protocol, 502, "upstream_protocol"},
    {errc::upstream_timeout, 504, "upstream_timeout"},
    {errc::upstream_error, 502, "upstream_error"},
    {errc::cancelled, 499, "cancelled"},
    {errc::unavailable, 503, "unavailable"},
    {errc::storage_failure, 500, "storage_failure"},
    {errc::internal, 500, "internal"},
}};

const errc_row* find_row(errc e) noexcept {
    const auto index = static_cast<std::size_t>(e) - 1;
    return index < errc_table.size() ? &errc_table[index] : nullptr;
}

class category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "ollama_arena"; }
    std::string message(int ev) const override {
        const auto* row = find_row(static_cast<errc>(ev));
        return row ? std::string(row->name) : "unknown";
    }
};

} // namespace

const boost::system::error_category& arena_category() noexcept {
    static const category_impl instance;
    return instance;
}

boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), arena_category()};
}

unsigned http_status(errc e) noexcept {
    const auto* row = find_row(e);
    return row ? row->status : 500;
}

std::string_view code_name(errc e) noexcept {
    const auto* row = find_row(e);
    return row ? row->name : "internal";
}

error make_error(errc code, std::string message, std::string details) {
    return error{code, std::move(message), std::move(details), {}, 0};
}

arena_exception::arena_exception(error e) : std::runtime_error(e.message), err_(std::move(e)) {}

void throw_exception_from_error(const error& e, const boost::source_location&) {
    throw arena_exception(e);
}

} // namespace ollama_arena
