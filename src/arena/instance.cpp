// arena: instance ids, ranges, duplicates and options.
#include "arena/instance.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

namespace ollama_arena::arena {

std::string format_number(double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

std::string derive_id(std::string_view model, const sampling& s) {
    std::string id(model);
    std::replace_if(
        id.begin(), id.end(), [](char c) { return c == ':' || c == '.' || c == '/' || c == '-'; },
        '_');
    id += "__";
    id += format_number(s.temperature) + "_" + format_number(s.top_p) + "_" +
          std::to_string(s.top_k) + "_" + format_number(s.repeat_penalty) + "_" +
          std::to_string(s.num_predict) + "_" + std::to_string(s.seed);
    return id;
}

namespace {

error range_error(std::string_view prefix, std::string_view name, std::string_view rule) {
    auto e = make_error(errc::invalid_request, std::string(name) + " must be " + std::string(rule));
    e.field = std::string(prefix) + "." + std::string(name);
    return e;
}

} // namespace

result<void> validate(const sampling& s, std::string_view prefix) {
    if (!(s.temperature >= 0.01 && s.temperature <= 2.0)) {
        return range_error(prefix, "temperature", "between 0.01 and 2.0");
    }
    if (!(s.top_p >= 0.0 && s.top_p <= 1.0)) {
        return range_error(prefix, "top_p", "between 0 and 1");
    }
    if (s.top_k < 0 || s.top_k > 100) {
        return range_error(prefix, "top_k", "an integer between 0 and 100");
    }
    if (!(s.repeat_penalty >= 1.0 && s.repeat_penalty <= 2.0)) {
        return range_error(prefix, "repeat_penalty", "between 1.0 and 2.0");
    }
    if (s.num_predict < -1 || s.num_predict > 4096) {
        return range_error(prefix, "num_predict", "an integer between -1 and 4096");
    }
    if (s.seed < 0) {
        return range_error(prefix, "seed", "an integer of 0 or more");
    }
    return {};
}

result<void> check_unique(const std::vector<instance>& instances, std::string_view list_name) {
    std::set<std::string_view> ids;
    for (std::size_t i = 0; i < instances.size(); ++i) {
        const auto& a = instances[i];
        const bool same_config = std::any_of(
            instances.begin(), instances.begin() + static_cast<std::ptrdiff_t>(i),
            [&](const instance& b) { return b.model == a.model && b.params == a.params; });
        if (!ids.insert(a.id).second || same_config) {
            auto e =
                make_error(errc::invalid_request, "Duplicate model instance detected: " + a.id);
            e.field = std::string(list_name) + "[" + std::to_string(i) + "]";
            return e;
        }
    }
    return {};
}

boost::json::object to_ollama_options(const sampling& s) {
    boost::json::object o;
    o["temperature"] = s.temperature;
    o["top_p"] = s.top_p;
    o["top_k"] = s.top_k;
    o["repeat_penalty"] = s.repeat_penalty;
    o["num_predict"] = s.num_predict;
    if (s.seed != 0)
        o["seed"] = s.seed;
    return o;
}

std::vector<ollama::chat_message> limit_history(std::vector<ollama::chat_message> history,
                                                std::size_t limit) {
    if (limit == 0)
        return history;
    const auto others = static_cast<std::size_t>(std::count_if(
        history.begin(), history.end(), [](const auto& m) { return m.role != "system"; }));
    if (others <= limit)
        return history;
    std::size_t to_drop = others - limit;
    std::vector<ollama::chat_message> kept;
    kept.reserve(history.size() - to_drop);
    for (auto& m : history) {
        if (m.role != "system" && to_drop > 0) {
            --to_drop;
            continue;
        }
        kept.push_back(std::move(m));
    }
    return kept;
}

} // namespace ollama_arena::arena
