// http layer: request helpers and JSON response builders.
#include "http/message.hpp"

#include "common/json.hpp"

namespace ollama_arena::http {

std::string_view method_name(method m) noexcept {
    switch (m) {
    case method::get:
        return "GET";
    case method::head:
        return "HEAD";
    case method::post:
        return "POST";
    case method::put:
        return "PUT";
    case method::delete_:
        return "DELETE";
    case method::patch:
        return "PATCH";
    case method::options:
        return "OPTIONS";
    case method::other:
        break;
    }
    return "OTHER";
}

std::string_view request::header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name)
            return value;
    }
    return {};
}

std::string_view request::path_param(std::string_view name) const {
    for (const auto& [key, value] : path_params) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size())
                return std::nullopt;
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::optional<std::string> request::query_param(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        const auto eq = pair.find('=');
        const auto key = percent_decode(pair.substr(0, eq), true);
        if (!key || *key != name)
            continue;
        if (eq == std::string_view::npos)
            return std::string();
        return percent_decode(pair.substr(eq + 1), true);
    }
    return std::nullopt;
}

response json_response(unsigned status, const boost::json::value& body) {
    response res;
    res.status = status;
    res.body = json::to_string(body);
    return res;
}

response error_response(const error& e) {
    json::object body;
    body["error"] = e.message;
    if (!e.details.empty())
        body["details"] = e.details;
    if (!e.field.empty())
        body["field"] = e.field;
    return json_response(http_status(e.code), body);
}

response error_response(errc code, std::string message, std::string details) {
    return error_response(make_error(code, std::move(message), std::move(details)));
}

} // namespace ollama_arena::http
