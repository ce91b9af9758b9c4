// storage: votes and ratings.
#include "storage/votes.hpp"

#include "storage/rows.hpp"

#include <unordered_map>

namespace ollama_arena::storage {

namespace {

// Whether the query returns a row.
template <class... Args>
result<bool> exists(database& db, std::string_view sql, const Args&... args) {
    auto st = db.query(sql, args...);
    if (!st) {
        return st.error();
    }
    return st->step();
}

// The session, once `what` `id` is known to belong to it (`sql` finds a row for (id,
// conversation id)); errc::not_found for an unknown session or a foreign or unknown child.
result<conversation_row> owning_session(database& db, std::int64_t conversation_id,
                                        std::string_view what, std::string_view sql,
                                        std::int64_t id) {
    auto conversation = detail::read_conversation_row(db, conversation_id);
    if (!conversation) {
        return conversation.error();
    }
    auto known = exists(db, sql, id, conversation_id);
    if (!known) {
        return known.error();
    }
    if (!*known) {
        return make_error(errc::not_found, std::string(what) + " " + std::to_string(id) +
                                               " not found in session " +
                                               std::to_string(conversation_id));
    }
    return conversation;
}

// The turn's answers with their instances, slot order.
result<std::vector<std::pair<answer_row, instance_row>>> turn_answers(database& db,
                                                                      std::int64_t turn_id) {
    auto st = db.query("SELECT " + std::string(detail::answer_columns) + ", " +
                           std::string(detail::instance_columns) +
                           " FROM answers a JOIN instances i ON i.id = a.instance_ref"
                           " WHERE a.turn_id = ? ORDER BY a.slot",
                       turn_id);
    if (!st) {
        return st.error();
    }
    return st->all([](const statement& row) {
        return std::pair(detail::read_answer(row, 0), detail::read_instance(row, 19));
    });
}

result<void> check_votable(const conversation_row& c) {
    const auto id = std::to_string(c.id);
    if (!c.blind) {
        return make_error(errc::conflict, "Votes are only taken in blind sessions: session " + id +
                                              " is not blind");
    }
    if (c.revealed) {
        return make_error(errc::conflict, "Votes are locked: session " + id + " was revealed");
    }
    return {};
}

result<vote_row> read_stored_vote(database& db, std::int64_t turn_id) {
    auto st = db.query("SELECT " + std::string(detail::vote_columns) +
                           " FROM votes v WHERE v.turn_id = ?",
                       turn_id);
    if (!st) {
        return st.error();
    }
    auto row = st->first([](const statement& r) { return detail::read_vote(r, 0); });
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return make_error(errc::internal, "the vote just written is missing");
    }
    return **row;
}

result<void> upsert_vote(database& db, std::int64_t turn_id, const vote_row& v,
                         std::int64_t now_ms) {
    return db.execute("INSERT INTO votes (turn_id, kind, winner, created_ms, updated_ms) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (turn_id) DO UPDATE SET "
                      "kind = excluded.kind, winner = excluded.winner, "
                      "updated_ms = excluded.updated_ms",
                      turn_id, to_string(v.kind), v.winner, now_ms, now_ms);
}

} // namespace

result<cast_result> cast_vote(database& db, std::int64_t conversation_id, std::int64_t turn_id,
                              const vote_input& v, std::int64_t now_ms) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    auto conversation =
        owning_session(db, conversation_id, "Turn",
                       "SELECT 1 FROM turns WHERE id = ? AND conversation_id = ?", turn_id);
    if (!conversation) {
        return conversation.error();
    }
    if (auto ok = check_votable(*conversation); !ok) {
        return ok.error();
    }
    auto answers = turn_answers(db, turn_id);
    if (!answers) {
        return answers.error();
    }
    if (answers->size() < 2) {
        return make_error(errc::conflict, "A vote needs a turn with at least two answers; turn " +
                                              std::to_string(turn_id) + " has " +
                                              std::to_string(answers->size()));
    }
    cast_result out;
    out.vote.turn_id = turn_id;
    out.vote.kind = v.kind;
    if (v.kind == vote_kind::best) {
        for (const auto& [answer, inst] : *answers) {
            if (inst.instance_id == v.winner || inst.label == v.winner) {
                out.vote.winner = answer.id;
                out.winner = inst;
                break;
            }
        }
        if (!out.winner) {
            auto e = make_error(errc::invalid_request,
                                "winner must be an instance id or label of this turn, \"tie\" "
                                "or \"all_bad\"; got '" +
                                    v.winner + "'");
            e.field = "winner";
            return e;
        }
    }
    auto earlier = exists(db, "SELECT 1 FROM votes WHERE turn_id = ?", turn_id);
    if (!earlier) {
        return earlier.error();
    }
    out.replaced = *earlier;
    if (auto r = upsert_vote(db, turn_id, out.vote, now_ms); !r) {
        return r.error();
    }
    if (auto r = detail::touch_conversation(db, conversation_id, now_ms); !r) {
        return r.error();
    }
    auto stored = read_stored_vote(db, turn_id);
    if (!stored) {
        return stored.error();
    }
    out.vote = *stored;
    if (auto done = tx->commit(); !done) {
        return done.error();
    }
    return out;
}

result<void> rate_answer(database& db, std::int64_t conversation_id, std::int64_t answer_id,
                         std::int64_t value, std::int64_t now_ms) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    auto conversation = owning_session(db, conversation_id, "Answer",
                                       "SELECT 1 FROM answers a JOIN turns t ON t.id = a.turn_id"
                                       " WHERE a.id = ? AND t.conversation_id = ?",
                                       answer_id);
    if (!conversation) {
        return conversation.error();
    }
    if (conversation->revealed) {
        return make_error(errc::conflict, "Ratings are locked: session " +
                                              std::to_string(conversation_id) + " was revealed");
    }
    if (auto r = db.execute("UPDATE answers SET rating = ? WHERE id = ?", value, answer_id); !r) {
        return r.error();
    }
    if (auto r = detail::touch_conversation(db, conversation_id, now_ms); !r) {
        return r.error();
    }
    return tx->commit();
}

namespace {

result<std::vector<vote_record>> read_votes(database& db) {
    auto st = db.query("SELECT " + std::string(detail::vote_columns) +
                       ", t.conversation_id, t.seq, t.system, c.blind"
                       " FROM votes v JOIN turns t ON t.id = v.turn_id"
                       " JOIN conversations c ON c.id = t.conversation_id"
                       " ORDER BY v.updated_ms, v.turn_id");
    if (!st) {
        return st.error();
    }
    return st->all([](const statement& row) {
        vote_record r;
        r.vote = detail::read_vote(row, 0);
        r.turn_id = r.vote.turn_id;
        r.conversation_id = row.int64(5);
        r.turn_seq = row.int64(6);
        r.system = row.text(7);
        r.blind = row.int64(8) != 0;
        return r;
    });
}

result<void> attach_vote_answers(database& db, std::vector<vote_record>& votes) {
    std::unordered_map<std::int64_t, vote_record*> by_turn;
    by_turn.reserve(votes.size());
    for (auto& v : votes) {
        by_turn[v.turn_id] = &v;
    }
    auto st = db.query("SELECT a.turn_id, a.id, a.slot, a.status, i.instance_id, i.model, "
                       "i.temperature, i.top_p, i.top_k, i.repeat_penalty, i.num_predict, "
                       "i.seed, i.id"
                       " FROM votes v JOIN answers a ON a.turn_id = v.turn_id"
                       " JOIN instances i ON i.id = a.instance_ref ORDER BY a.turn_id, a.slot");
    if (!st) {
        return st.error();
    }
    auto rows = st->all([](const statement& row) {
        vote_answer a;
        a.answer_id = row.int64(1);
        a.slot = row.int64(2);
        a.status = detail::parse_status(row.text(3));
        a.instance_id = row.text(4);
        a.model = row.text(5);
        a.params = {row.real(6), row.real(7),   row.int64(8),
                    row.real(9), row.int64(10), row.int64(11)};
        a.instance_ref = row.int64(12);
        return std::pair(row.int64(0), std::move(a));
    });
    if (!rows) {
        return rows.error();
    }
    for (auto& [turn, answer] : *rows) {
        by_turn.at(turn)->answers.push_back(std::move(answer)); // one snapshot: the vote exists
    }
    return {};
}

} // namespace

result<std::vector<vote_record>> load_votes(database& db) {
    auto tx = transaction::begin(db, transaction::kind::read);
    if (!tx) {
        return tx.error();
    }
    auto votes = read_votes(db);
    if (!votes) {
        return votes.error();
    }
    if (auto r = attach_vote_answers(db, *votes); !r) {
        return r.error();
    }
    return votes;
}

} // namespace ollama_arena::storage
