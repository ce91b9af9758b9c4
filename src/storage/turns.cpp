// storage: turns and answers.
#include "storage/turns.hpp"

#include "storage/conversations.hpp"
#include "storage/rows.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

namespace ollama_arena::storage {

namespace {

error instance_conflict(std::int64_t conversation_id, const instance_row& known, std::size_t slot) {
    auto e = make_error(errc::conflict,
                        "Instance '" + known.instance_id + "' already belongs to session " +
                            std::to_string(conversation_id) + " with model '" + known.model +
                            "' and other settings; give this configuration another id");
    e.field = "model_instances[" + std::to_string(slot) + "]";
    return e;
}

// The order in which new slots are labelled: label_order first (valid, new, unseen entries),
// then any new slot it left out, in slot order.
std::vector<std::size_t> labelling(const new_turn& t, const std::vector<bool>& is_new) {
    std::vector<std::size_t> order;
    std::vector<bool> taken(is_new.size(), false);
    auto take = [&](std::size_t s) {
        if (s < is_new.size() && is_new[s] && !taken[s]) {
            taken[s] = true;
            order.push_back(s);
        }
    };
    for (auto s : t.label_order) {
        take(s);
    }
    for (std::size_t s = 0; s < is_new.size(); ++s) {
        take(s);
    }
    return order;
}

// Resolves every slot to a stored instance, adding the new ones.
result<void> resolve_instances(database& db, std::int64_t conversation_id, const new_turn& t,
                               std::int64_t now_ms, started_turn& out) {
    auto conversation = detail::read_conversation_row(db, conversation_id);
    if (!conversation) {
        return conversation.error();
    }
    auto stored = detail::read_instances(db, conversation_id);
    if (!stored) {
        return stored.error();
    }
    std::map<std::string, const instance_row*, std::less<>> known;
    std::int64_t next_position = 0;
    for (const auto& i : *stored) {
        known.emplace(i.instance_id, &i);
        next_position = std::max(next_position, i.position + 1);
    }
    out.instances.resize(t.slots.size());
    std::vector<bool> is_new(t.slots.size(), false);
    for (std::size_t s = 0; s < t.slots.size(); ++s) {
        const auto& spec = t.slots[s];
        auto it = known.find(spec.instance_id);
        if (it == known.end()) {
            is_new[s] = true;
            continue;
        }
        if (it->second->model != spec.model || it->second->params != spec.params) {
            return instance_conflict(conversation_id, *it->second, s);
        }
        out.instances[s] = *it->second;
    }
    for (auto s : labelling(t, is_new)) {
        auto ref = detail::insert_instance(db, conversation_id, t.slots[s], next_position, now_ms);
        if (!ref) {
            return ref.error();
        }
        instance_row row;
        static_cast<instance_spec&>(row) = t.slots[s];
        row.ref = *ref;
        row.position = next_position;
        row.label = label_for(next_position);
        row.created_ms = now_ms;
        out.instances[s] = std::move(row);
        out.added.push_back(s);
        ++next_position;
    }
    std::sort(out.added.begin(), out.added.end());
    return {};
}

struct keyed_turn {
    std::int64_t id = 0;
    std::int64_t seq = 0;
    std::string user_message;
};

// The turn of the conversation that carries t.turn_key, if any.
result<std::optional<keyed_turn>> find_keyed_turn(database& db, std::int64_t conversation_id,
                                                  const new_turn& t) {
    if (!t.turn_key) {
        return std::nullopt;
    }
    auto st = db.query("SELECT id, seq, user_message FROM turns "
                       "WHERE conversation_id = ? AND turn_key = ?",
                       conversation_id, *t.turn_key);
    if (!st) {
        return st.error();
    }
    return st->first(
        [](const statement& row) { return keyed_turn{row.int64(0), row.int64(1), row.text(2)}; });
}

// A request joining a keyed turn: same message, and instances not answering in it yet.
result<void> check_joining(database& db, const keyed_turn& k, const new_turn& t,
                           const started_turn& out) {
    if (k.user_message != t.user_message) {
        auto e = make_error(errc::conflict, "turn_key '" + *t.turn_key +
                                                "' belongs to another message of this session");
        e.field = "turn_key";
        return e;
    }
    for (std::size_t s = 0; s < out.instances.size(); ++s) {
        auto taken = db.scalar("SELECT count(*) FROM answers WHERE turn_id = ? AND "
                               "instance_ref = ?",
                               k.id, out.instances[s].ref);
        if (!taken) {
            return taken.error();
        }
        if (*taken > 0) {
            auto e = make_error(errc::conflict, "Instance '" + out.instances[s].instance_id +
                                                    "' already answers in this turn (turn_key '" +
                                                    *t.turn_key + "')");
            e.field = "model_instances[" + std::to_string(s) + "]";
            return e;
        }
    }
    return {};
}

// Inserts the turn (seq = last + 1); out.turn_id and out.seq are set.
result<void> insert_turn(database& db, std::int64_t conversation_id, const new_turn& t,
                         std::int64_t now_ms, started_turn& out) {
    auto last = db.scalar("SELECT coalesce(max(seq), 0) FROM turns WHERE conversation_id = ?",
                          conversation_id);
    if (!last) {
        return last.error();
    }
    out.seq = *last + 1;
    auto r = db.execute("INSERT INTO turns (conversation_id, seq, user_message, system, "
                        "messages_json, created_ms, turn_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        conversation_id, out.seq, t.user_message, t.system, t.messages_json, now_ms,
                        t.turn_key);
    if (!r) {
        return r.error();
    }
    out.turn_id = db.last_insert_id();
    return {};
}

// Uses the keyed turn when there is one (checked), else inserts a new turn.
result<void> place_turn(database& db, std::int64_t conversation_id, const new_turn& t,
                        std::int64_t now_ms, started_turn& out) {
    auto keyed = find_keyed_turn(db, conversation_id, t);
    if (!keyed) {
        return keyed.error();
    }
    if (!*keyed) {
        return insert_turn(db, conversation_id, t, now_ms, out);
    }
    if (auto ok = check_joining(db, **keyed, t, out); !ok) {
        return ok.error();
    }
    out.turn_id = (*keyed)->id;
    out.seq = (*keyed)->seq;
    return {};
}

// One pending answer per slot, numbered after the turn's existing answers.
result<void> insert_answers(database& db, const new_turn& t, std::int64_t now_ms,
                            started_turn& out) {
    auto first_slot =
        db.scalar("SELECT coalesce(max(slot) + 1, 0) FROM answers WHERE turn_id = ?", out.turn_id);
    if (!first_slot) {
        return first_slot.error();
    }
    for (std::size_t s = 0; s < t.slots.size(); ++s) {
        auto a = db.execute("INSERT INTO answers (turn_id, instance_ref, slot, status, "
                            "created_ms) VALUES (?, ?, ?, 'pending', ?)",
                            out.turn_id, out.instances[s].ref,
                            *first_slot + static_cast<std::int64_t>(s), now_ms);
        if (!a) {
            return a.error();
        }
        out.answer_ids.push_back(db.last_insert_id());
    }
    return {};
}

} // namespace

result<started_turn> begin_turn(database& db, std::int64_t conversation_id, const new_turn& t,
                                std::int64_t now_ms) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    started_turn out;
    if (auto r = resolve_instances(db, conversation_id, t, now_ms, out); !r) {
        return r.error();
    }
    if (auto r = place_turn(db, conversation_id, t, now_ms, out); !r) {
        return r.error();
    }
    if (auto r = insert_answers(db, t, now_ms, out); !r) {
        return r.error();
    }
    if (auto touched = detail::touch_conversation(db, conversation_id, now_ms); !touched) {
        return touched.error();
    }
    if (auto done = tx->commit(); !done) {
        return done.error();
    }
    return out;
}

result<bool> finish_answer(database& db, std::int64_t answer_id, const answer_outcome& o,
                           std::int64_t now_ms) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    const auto* m = o.metrics ? &*o.metrics : nullptr;
    auto opt_i = [m](std::int64_t answer_metrics::* f) {
        return m != nullptr ? std::optional<std::int64_t>(m->*f) : std::nullopt;
    };
    auto opt_d = [m](double answer_metrics::* f) {
        return m != nullptr ? std::optional<double>(m->*f) : std::nullopt;
    };
    auto r = db.execute(
        "UPDATE answers SET status = ?, text = ?, error = ?, done_reason = ?, tokens = ?, "
        "duration_s = ?, tokens_per_sec = ?, ttft_s = ?, total_s = ?, prompt_tokens = ?, "
        "prompt_tokens_per_sec = ?, load_s = ?, finished_ms = ? "
        "WHERE id = ? AND status = 'pending'",
        to_string(o.status), o.text, o.error,
        m != nullptr ? std::optional<std::string>(m->done_reason) : std::nullopt,
        opt_i(&answer_metrics::tokens), opt_d(&answer_metrics::duration_s),
        opt_d(&answer_metrics::tokens_per_sec), opt_d(&answer_metrics::ttft_s),
        opt_d(&answer_metrics::total_s), opt_i(&answer_metrics::prompt_tokens),
        opt_d(&answer_metrics::prompt_tokens_per_sec), opt_d(&answer_metrics::load_s), now_ms,
        answer_id);
    if (!r) {
        return r.error();
    }
    const bool changed = db.changes() > 0;
    if (auto done = tx->commit(); !done) {
        return done.error();
    }
    return changed;
}

result<std::int64_t> recover_pending_answers(database& db, std::int64_t now_ms) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    auto r = db.execute("UPDATE answers SET status = 'stopped', "
                        "error = 'the server stopped before the answer finished', "
                        "finished_ms = ? WHERE status = 'pending'",
                        now_ms);
    if (!r) {
        return r.error();
    }
    const auto n = db.changes();
    if (auto done = tx->commit(); !done) {
        return done.error();
    }
    return n;
}

} // namespace ollama_arena::storage
