// fake-ollama: options / keep_alive / think, with Ollama's error texts.
#include "fake_ollama/request_fields.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace ollama_arena::fake_ollama {
namespace {

namespace bj = boost::json;

enum class opt_type { integer, float32, boolean, string_array };

struct option_row {
    std::string_view key;
    opt_type type;
};

// api.Options and api.Runner fields at v0.33 (api/types.go:566-597).
constexpr std::array<option_row, 20> option_table{{
    {"num_keep", opt_type::integer},
    {"seed", opt_type::integer},
    {"num_predict", opt_type::integer},
    {"top_k", opt_type::integer},
    {"top_p", opt_type::float32},
    {"min_p", opt_type::float32},
    {"typical_p", opt_type::float32},
    {"repeat_last_n", opt_type::integer},
    {"temperature", opt_type::float32},
    {"repeat_penalty", opt_type::float32},
    {"presence_penalty", opt_type::float32},
    {"frequency_penalty", opt_type::float32},
    {"stop", opt_type::string_array},
    {"num_ctx", opt_type::integer},
    {"num_batch", opt_type::integer},
    {"num_gpu", opt_type::integer},
    {"main_gpu", opt_type::integer},
    {"use_mmap", opt_type::boolean},
    {"num_thread", opt_type::integer},
    {"draft_num_predict", opt_type::integer},
}};

error option_error(std::string_view key, std::string_view what) {
    return make_error(errc::internal,
                      "option \"" + std::string(key) + "\" must be " + std::string(what));
}

std::int64_t truncated(const bj::value& v) {
    if (v.is_int64())
        return v.get_int64();
    if (v.is_uint64())
        return static_cast<std::int64_t>(v.get_uint64());
    const double d = v.get_double();
    return std::isfinite(d) && std::fabs(d) < 9.2e18 ? static_cast<std::int64_t>(d) : 0;
}

std::optional<error> check_option(const option_row& row, const bj::value& v) {
    switch (row.type) {
    case opt_type::integer:
        return v.is_number() ? std::nullopt
                             : std::optional(option_error(row.key, "of type integer"));
    case opt_type::float32:
        return v.is_number() ? std::nullopt
                             : std::optional(option_error(row.key, "of type float32"));
    case opt_type::boolean:
        return v.is_bool() ? std::nullopt : std::optional(option_error(row.key, "of type boolean"));
    case opt_type::string_array:
        if (!v.is_array()) {
            return option_error(row.key, "of type array");
        }
        for (const auto& item : v.get_array()) {
            if (!item.is_string()) {
                return option_error(row.key, "of an array of strings");
            }
        }
        return std::nullopt;
    }
    return std::nullopt;
}

void apply_option(gen_options& out, std::string_view key, const bj::value& v) {
    if (key == "seed") {
        out.seed = truncated(v);
    } else if (key == "num_predict") {
        out.num_predict = truncated(v);
    } else if (key == "num_ctx") {
        out.num_ctx = truncated(v);
    } else if (key == "stop") {
        for (const auto& item : v.get_array()) {
            out.stop.emplace_back(item.get_string());
        }
    }
}

struct unit_row {
    std::string_view name;
    double ns;
};

constexpr std::array<unit_row, 8> units{{
    {"ns", 1.0},
    {"us", 1e3},
    {"\xC2\xB5s", 1e3},
    {"\xCE\xBCs", 1e3},
    {"ms", 1e6},
    {"s", 1e9},
    {"m", 60e9},
    {"h", 3600e9},
}};

error duration_error(std::string_view what, std::string_view text) {
    return make_error(errc::invalid_request,
                      "time: " + std::string(what) + " " + bj::serialize(bj::value(text)));
}

// One "<number><unit>" element; advances `s`. Returns nanoseconds or an error.
result<double> duration_element(std::string_view& s, std::string_view whole) {
    const auto num_end = s.find_first_not_of("0123456789.");
    const std::string_view num = s.substr(0, num_end);
    if (num.empty() || num == "." || std::count(num.begin(), num.end(), '.') > 1) {
        return duration_error("invalid duration", whole);
    }
    s.remove_prefix(num.size());
    const auto unit_end = s.find_first_of("0123456789.");
    const std::string_view unit = s.substr(0, unit_end);
    s.remove_prefix(unit.size());
    if (unit.empty()) {
        return duration_error("missing unit in duration", whole);
    }
    const auto row =
        std::find_if(units.begin(), units.end(), [&](const unit_row& u) { return u.name == unit; });
    if (row == units.end()) {
        return make_error(errc::invalid_request,
                          "time: unknown unit " + bj::serialize(bj::value(unit)) + " in duration " +
                              bj::serialize(bj::value(whole)));
    }
    return std::strtod(std::string(num).c_str(), nullptr) * row->ns;
}

keep_alive from_nanoseconds(double ns) {
    if (ns < 0) {
        return keep_alive{std::chrono::nanoseconds(0), true};
    }
    return keep_alive{std::chrono::nanoseconds(static_cast<std::int64_t>(std::min(ns, 9.2e18))),
                      false};
}

} // namespace

result<gen_options> parse_options(const bj::value* options) {
    gen_options out;
    if (options == nullptr || !options->is_object()) {
        return out; // absent or null; a non-object was rejected by decode_body
    }
    for (const auto& kv : options->get_object()) {
        const auto row = std::find_if(option_table.begin(), option_table.end(),
                                      [&](const option_row& r) { return r.key == kv.key(); });
        if (row == option_table.end() || kv.value().is_null()) {
            continue; // unknown keys are only logged by Ollama
        }
        if (auto e = check_option(*row, kv.value())) {
            return *e;
        }
        apply_option(out, row->key, kv.value());
    }
    return out;
}

result<std::chrono::nanoseconds> parse_go_duration(std::string_view text) {
    std::string_view s = text;
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s == "0") {
        return std::chrono::nanoseconds(0);
    }
    if (s.empty()) {
        return duration_error("invalid duration", text);
    }
    double total = 0;
    while (!s.empty()) {
        auto element = duration_element(s, text);
        if (!element) {
            return element.error();
        }
        total += *element;
    }
    if (total > 9.2e18) {
        return duration_error("invalid duration", text);
    }
    const auto ns = static_cast<std::int64_t>(total);
    return std::chrono::nanoseconds(negative ? -ns : ns);
}

result<std::optional<keep_alive>> parse_keep_alive(const bj::value* v) {
    if (v == nullptr || v->is_null()) {
        return std::optional<keep_alive>{};
    }
    if (v->is_number()) {
        return std::optional(from_nanoseconds(v->to_number<double>() * 1e9));
    }
    if (v->is_string()) {
        auto d = parse_go_duration(v->get_string());
        if (!d) {
            return d.error();
        }
        return std::optional(from_nanoseconds(static_cast<double>(d->count())));
    }
    const std::string_view go_type = v->is_bool()    ? "bool"
                                     : v->is_array() ? "[]interface {}"
                                                     : "map[string]interface {}";
    return make_error(errc::invalid_request, "Unsupported type: '" + std::string(go_type) + "'");
}

result<std::optional<bool>> parse_think(const bj::value* v) {
    if (v == nullptr || v->is_null()) {
        return std::optional<bool>{};
    }
    if (v->is_bool()) {
        return std::optional(v->get_bool());
    }
    if (v->is_string()) {
        const std::string_view s = v->get_string();
        if (s == "high" || s == "medium" || s == "low" || s == "max") {
            return std::optional(true);
        }
    }
    return make_error(errc::invalid_request,
                      "invalid think value: " + bj::serialize(*v) +
                          " (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
}

} // namespace ollama_arena::fake_ollama
