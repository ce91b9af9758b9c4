// api: recording chat turns into sessions.
#include "api/recording.hpp"

#include "api/blocking.hpp"
#include "api/chat_lines.hpp"
#include "api/clock.hpp"
#include "api/request_fields.hpp"
#include "api/session_views.hpp"
#include "arena/pulls.hpp"
#include "common/log.hpp"
#include "ollama/client.hpp"
#include "ollama/wire.hpp"
#include "storage/conversations.hpp"
#include "storage/turns.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

namespace ollama_arena::api {

namespace {

result<std::optional<std::int64_t>> parse_session_id(const json::object& body) {
    const auto* v = json::find(body, "session_id");
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    std::optional<std::int64_t> id;
    if (v->is_int64() && v->get_int64() > 0) {
        id = v->get_int64();
    } else if (v->is_string()) {
        id = parse_id(v->get_string());
    }
    if (!id) {
        return field_error("session_id", "session_id must be a positive integer");
    }
    return id;
}

// "turn_key": absent/null, or a non-empty string of at most 100 characters.
result<std::optional<std::string>> parse_turn_key(const json::object& body) {
    const auto* v = json::find(body, "turn_key");
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    constexpr std::ptrdiff_t max_length = 100;
    auto characters = [](std::string_view text) { // UTF-8: every byte but continuation bytes
        return std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
        });
    };
    if (!v->is_string() || v->get_string().empty() || characters(v->get_string()) > max_length) {
        return field_error("turn_key", "turn_key must be a non-empty string of at most 100 "
                                       "characters");
    }
    return std::optional<std::string>(std::string(v->get_string()));
}

// The system prompt, user message and exact messages of the turn, one spec per slot.
storage::new_turn describe_turn(const chat_request& req) {
    storage::new_turn t;
    for (const auto& m : req.history) {
        if (m.role == "system" && t.system.empty()) {
            t.system = m.content;
        }
        if (m.role == "user") {
            t.user_message = m.content;
        }
    }
    ollama::chat_request sent;
    sent.messages = req.history;
    // The messages exactly as every instance receives them (ollama::wire builds the body).
    auto body = json::parse(ollama::wire::chat_body(sent, false));
    if (body && body->is_object()) {
        t.messages_json = json::to_string(body->as_object()["messages"]);
    }
    for (const auto& inst : req.instances) {
        t.slots.push_back(to_spec(inst));
    }
    return t;
}

void apply_session_system(const storage::conversation_row& c, chat_request& req) {
    if (c.system.empty()) {
        return;
    }
    const bool has_system = std::any_of(req.history.begin(), req.history.end(),
                                        [](const auto& m) { return m.role == "system"; });
    if (!has_system) {
        req.history.insert(req.history.begin(), {"system", c.system, {}});
    }
}

// Slots whose instance id the session does not know yet get digests and labels.
awaitable<void> prepare_new_instances(const context& ctx, const storage::conversation_head& head,
                                      storage::new_turn& t) {
    std::set<std::string, std::less<>> known;
    for (const auto& i : head.instances) {
        known.insert(i.instance_id);
    }
    std::vector<std::size_t> fresh;
    for (std::size_t s = 0; s < t.slots.size(); ++s) {
        if (!known.contains(t.slots[s].instance_id)) {
            fresh.push_back(s);
        }
    }
    if (fresh.empty()) {
        co_return;
    }
    std::vector<storage::instance_spec> specs;
    for (auto s : fresh) {
        specs.push_back(t.slots[s]);
    }
    co_await fill_provenance(*ctx.ollama, specs);
    for (std::size_t k = 0; k < fresh.size(); ++k) {
        t.slots[fresh[k]] = std::move(specs[k]);
    }
    for (auto k : label_order(fresh.size(), head.conversation.blind)) {
        t.label_order.push_back(fresh[k]);
    }
}

} // namespace

awaitable<void> fill_provenance(ollama::client client, std::vector<storage::instance_spec>& specs) {
    const auto tags = co_await client.tags();
    const auto version = co_await client.version();
    for (auto& spec : specs) {
        if (version) {
            spec.ollama_version = *version;
        }
        if (!tags) {
            continue;
        }
        const auto key = arena::pull_key(spec.model);
        for (const auto& entry : *tags) {
            if (!entry.digest.empty() && arena::pull_key(entry.name) == key) {
                spec.model_digest = entry.digest;
                break;
            }
        }
    }
}

std::vector<std::size_t> label_order(std::size_t count, bool blind) {
    std::vector<std::size_t> order(count);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (blind) {
        std::mt19937_64 rng(std::random_device{}());
        std::shuffle(order.begin(), order.end(), rng);
    }
    return order;
}

turn_recorder::turn_recorder(std::shared_ptr<blocking_pool> store,
                             std::vector<std::int64_t> answer_ids)
    : store_(std::move(store)) {
    for (auto id : answer_ids) {
        slots_.push_back(slot{id, {}, {}, false});
    }
}

awaitable<result<std::shared_ptr<turn_recorder>>>
turn_recorder::begin(const context& ctx, const json::object& body, chat_request& req) {
    auto session = parse_session_id(body);
    if (!session) {
        co_return session.error();
    }
    if (!*session) {
        co_return nullptr;
    }
    const auto id = **session;
    auto key = parse_turn_key(body);
    if (!key) {
        co_return key.error();
    }
    auto head = co_await ctx.store->call(
        [id](storage::database& db) { return storage::load_head(db, id); });
    if (!head) {
        co_return head.error();
    }
    apply_session_system(head->conversation, req);
    auto turn = describe_turn(req);
    turn.turn_key = std::move(*key);
    co_await prepare_new_instances(ctx, *head, turn);
    auto started = co_await ctx.store->call(
        [id, turn = std::move(turn), now = now_ms()](storage::database& db) {
            return storage::begin_turn(db, id, turn, now);
        });
    if (!started) {
        auto e = started.error();
        if (req.legacy && e.field.starts_with("model_instances")) {
            e.field.replace(0, std::string_view("model_instances").size(), "models");
        }
        co_return e;
    }
    co_return std::make_shared<turn_recorder>(ctx.store, std::move(started->answer_ids));
}

bool turn_recorder::note(const arena::event& ev) {
    auto& s = slots_[ev.slot];
    if (const auto* tok = std::get_if<arena::token_event>(&ev.what)) {
        s.text += tok->text;
        return false;
    }
    storage::answer_outcome o;
    if (const auto* done = std::get_if<arena::done_event>(&ev.what)) {
        o.status = storage::answer_status::complete;
        o.metrics = done->m;
    } else {
        const auto& err = std::get<arena::error_event>(ev.what).err;
        o.status = err.code == errc::cancelled ? storage::answer_status::stopped
                                               : storage::answer_status::failed;
        o.error = error_text(err);
    }
    o.text = std::move(s.text);
    s.final = std::move(o);
    return true;
}

awaitable<void> turn_recorder::finish(std::string reason) {
    for (auto& s : slots_) {
        if (s.final) {
            continue;
        }
        storage::answer_outcome o;
        o.status = storage::answer_status::stopped;
        o.text = std::move(s.text);
        o.error = reason;
        s.final = std::move(o);
    }
    co_await flush();
}

awaitable<void> turn_recorder::flush() {
    std::vector<std::size_t> which;
    std::vector<std::pair<std::int64_t, storage::answer_outcome>> work;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (slots_[i].stored || !slots_[i].final) {
            continue;
        }
        which.push_back(i);
        work.emplace_back(slots_[i].answer_id, *slots_[i].final);
    }
    if (work.empty()) {
        co_return;
    }
    auto results =
        co_await store_->call([work = std::move(work), now = now_ms()](storage::database& db) {
            std::vector<result<bool>> out;
            for (const auto& [id, outcome] : work) {
                out.push_back(storage::finish_answer(db, id, outcome, now));
            }
            return out;
        });
    for (std::size_t k = 0; k < which.size(); ++k) {
        auto& s = slots_[which[k]];
        // A failed write is not retried (the next one would most likely fail the same way);
        // start-up recovery marks the answer stopped.
        s.stored = true;
        if (!results[k]) {
            log::warn("answer {} not stored: {}", s.answer_id, results[k].error().message);
        }
    }
}

} // namespace ollama_arena::api
