// api: JSON views of stored conversations.
#include "api/session_views.hpp"

#include "api/chat_lines.hpp"
#include "api/clock.hpp"

#include <map>

namespace ollama_arena::api {

storage::settings to_settings(const arena::sampling& s) {
    return {s.temperature, s.top_p, s.top_k, s.repeat_penalty, s.num_predict, s.seed};
}

arena::sampling to_sampling(const storage::settings& s) {
    return {s.temperature, s.top_p, s.top_k, s.repeat_penalty, s.num_predict, s.seed};
}

storage::instance_spec to_spec(const arena::instance& inst) {
    storage::instance_spec spec;
    spec.instance_id = inst.id;
    spec.model = inst.model;
    spec.params = to_settings(inst.params);
    spec.options_json = json::to_string(arena::to_ollama_options(inst.params));
    return spec;
}

json::object settings_json(const storage::settings& s) {
    json::object o;
    o["temperature"] = s.temperature;
    o["top_p"] = s.top_p;
    o["top_k"] = s.top_k;
    o["repeat_penalty"] = s.repeat_penalty;
    o["num_predict"] = s.num_predict;
    o["seed"] = s.seed;
    return o;
}

json::object summary_json(const storage::conversation_row& c) {
    json::object o;
    o["id"] = c.id;
    o["title"] = c.title;
    o["system"] = c.system;
    o["blind"] = c.blind;
    o["revealed"] = c.revealed;
    o["created_at"] = utc_time_ms(c.created_ms);
    o["updated_at"] = utc_time_ms(c.updated_ms);
    o["turn_count"] = c.turn_count;
    o["vote_count"] = c.vote_count;
    return o;
}

namespace {

template <class T>
json::value or_null(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::object instance_json(const storage::instance_row& i, bool masked) {
    json::object o;
    o["label"] = i.label;
    o["position"] = i.position;
    if (masked) {
        return o;
    }
    o["instance_id"] = i.instance_id;
    o["model"] = i.model;
    o["settings"] = settings_json(i.params);
    auto options = json::parse(i.options_json);
    o["options"] = options ? std::move(*options) : json::value(json::object());
    o["model_digest"] = or_null(i.model_digest);
    o["ollama_version"] = or_null(i.ollama_version);
    return o;
}

json::object answer_json(const storage::answer_row& a, const storage::instance_row* inst,
                         bool masked) {
    json::object o;
    o["id"] = a.id;
    o["slot"] = a.slot;
    o["label"] = inst != nullptr ? inst->label : std::string();
    if (!masked && inst != nullptr) {
        o["instance_id"] = inst->instance_id;
        o["model"] = inst->model;
    }
    o["status"] = storage::to_string(a.status);
    o["stopped"] = a.status == storage::answer_status::stopped;
    o["text"] = a.text;
    o["error"] = or_null(a.error);
    o["done_reason"] = a.metrics ? json::value(a.metrics->done_reason) : json::value(nullptr);
    o["metrics"] = a.metrics ? json::value(metrics_json(*a.metrics)) : json::value(nullptr);
    o["rating"] = a.rating;
    o["created_at"] = utc_time_ms(a.created_ms);
    o["finished_at"] =
        a.finished_ms ? json::value(utc_time_ms(*a.finished_ms)) : json::value(nullptr);
    return o;
}

} // namespace

json::object vote_json(const storage::vote_row& v, const storage::instance_row* winner,
                       bool masked) {
    json::object o;
    o["kind"] = storage::to_string(v.kind);
    if (v.kind != storage::vote_kind::best) {
        o["winner"] = storage::to_string(v.kind);
    } else if (winner != nullptr) {
        o["winner"] = masked ? winner->label : winner->instance_id;
    }
    o["winner_label"] = winner != nullptr ? json::value(winner->label) : json::value(nullptr);
    o["winner_answer"] = or_null(v.winner);
    o["voted_at"] = utc_time_ms(v.updated_ms);
    o["first_voted_at"] = utc_time_ms(v.created_ms);
    return o;
}

json::object conversation_json(const storage::conversation_full& c, view_options opts) {
    const bool masked = c.conversation.masked();
    auto o = summary_json(c.conversation);
    o["masked"] = masked;
    std::map<std::int64_t, const storage::instance_row*> by_ref;
    json::array instances;
    for (const auto& i : c.instances) {
        by_ref[i.ref] = &i;
        instances.push_back(instance_json(i, masked));
    }
    o["instances"] = std::move(instances);
    json::array turns;
    for (const auto& t : c.turns) {
        json::object turn;
        turn["id"] = t.id;
        turn["index"] = t.seq;
        turn["user_message"] = t.user_message;
        turn["system"] = t.system;
        turn["created_at"] = utc_time_ms(t.created_ms);
        if (opts.messages) {
            auto messages = json::parse(t.messages_json);
            turn["messages"] = messages ? std::move(*messages) : json::value(json::array());
        }
        json::array answers;
        std::map<std::int64_t, const storage::instance_row*> by_answer;
        for (const auto& a : t.answers) {
            const auto it = by_ref.find(a.instance_ref);
            const auto* inst = it != by_ref.end() ? it->second : nullptr;
            by_answer[a.id] = inst;
            answers.push_back(answer_json(a, inst, masked));
        }
        turn["answers"] = std::move(answers);
        if (t.vote) {
            const storage::instance_row* winner = nullptr;
            if (t.vote->winner) {
                winner = by_answer[*t.vote->winner];
            }
            turn["vote"] = vote_json(*t.vote, winner, masked);
        } else {
            turn["vote"] = nullptr;
        }
        turns.push_back(std::move(turn));
    }
    o["turns"] = std::move(turns);
    return o;
}

} // namespace ollama_arena::api
