// storage: conversations.
#include "storage/conversations.hpp"

#include "storage/rows.hpp"

#include <map>

namespace ollama_arena::storage {

using detail::conversation_columns;

result<std::int64_t> create_conversation(database& db, const new_conversation& c,
                                         std::int64_t now_ms) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    auto r = db.execute("INSERT INTO conversations (title, system, blind, revealed, created_ms, "
                        "updated_ms) VALUES (?, ?, ?, 0, ?, ?)",
                        c.title, c.system, c.blind, now_ms, now_ms);
    if (!r) {
        return r.error();
    }
    const auto id = db.last_insert_id();
    std::int64_t position = 0;
    for (const auto& spec : c.instances) {
        auto ref = detail::insert_instance(db, id, spec, position++, now_ms);
        if (!ref) {
            return ref.error();
        }
    }
    if (auto done = tx->commit(); !done) {
        return done.error();
    }
    return id;
}

result<conversation_page> list_conversations(database& db, std::int64_t limit,
                                             std::int64_t offset) {
    auto tx = transaction::begin(db, transaction::kind::read);
    if (!tx) {
        return tx.error();
    }
    auto total = db.scalar("SELECT count(*) FROM conversations");
    if (!total) {
        return total.error();
    }
    auto st = db.query("SELECT " + std::string(conversation_columns) +
                           " FROM conversations c ORDER BY c.updated_ms DESC, c.id DESC"
                           " LIMIT ? OFFSET ?",
                       limit, offset);
    if (!st) {
        return st.error();
    }
    auto rows = st->all([](const statement& row) { return detail::read_conversation(row, 0); });
    if (!rows) {
        return rows.error();
    }
    return conversation_page{std::move(*rows), *total};
}

namespace detail {

result<conversation_row> read_conversation_row(database& db, std::int64_t id) {
    auto st = db.query(
        "SELECT " + std::string(conversation_columns) + " FROM conversations c WHERE c.id = ?", id);
    if (!st) {
        return st.error();
    }
    auto row = st->first([](const statement& r) { return read_conversation(r, 0); });
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return session_not_found(id);
    }
    return std::move(**row);
}

result<std::vector<instance_row>> read_instances(database& db, std::int64_t id) {
    auto st = db.query("SELECT " + std::string(instance_columns) +
                           " FROM instances i WHERE i.conversation_id = ? ORDER BY i.position",
                       id);
    if (!st) {
        return st.error();
    }
    return st->all([](const statement& row) { return read_instance(row, 0); });
}

} // namespace detail

namespace {

result<std::vector<turn_row>> read_turns(database& db, std::int64_t id) {
    auto st = db.query("SELECT t.id, t.conversation_id, t.seq, t.user_message, t.system, "
                       "t.messages_json, t.created_ms FROM turns t WHERE t.conversation_id = ? "
                       "ORDER BY t.seq",
                       id);
    if (!st) {
        return st.error();
    }
    return st->all([](const statement& row) {
        return turn_row{row.int64(0), row.int64(1), row.int64(2), row.text(3), row.text(4),
                        row.text(5),  row.int64(6), {},           {}};
    });
}

// Fills every turn's answers and vote (two queries for the whole conversation).
result<void> attach_answers_and_votes(database& db, std::int64_t id, std::vector<turn_row>& turns) {
    std::map<std::int64_t, turn_row*> by_id;
    for (auto& t : turns) {
        by_id[t.id] = &t;
    }
    auto answers = db.query("SELECT " + std::string(detail::answer_columns) +
                                " FROM answers a JOIN turns t ON t.id = a.turn_id"
                                " WHERE t.conversation_id = ? ORDER BY a.turn_id, a.slot",
                            id);
    if (!answers) {
        return answers.error();
    }
    auto answer_rows =
        answers->all([](const statement& row) { return detail::read_answer(row, 0); });
    if (!answer_rows) {
        return answer_rows.error();
    }
    for (auto& a : *answer_rows) {
        by_id.at(a.turn_id)->answers.push_back(std::move(a)); // one snapshot: the turn exists
    }
    auto votes = db.query("SELECT " + std::string(detail::vote_columns) +
                              " FROM votes v JOIN turns t ON t.id = v.turn_id"
                              " WHERE t.conversation_id = ?",
                          id);
    if (!votes) {
        return votes.error();
    }
    auto vote_rows = votes->all([](const statement& row) { return detail::read_vote(row, 0); });
    if (!vote_rows) {
        return vote_rows.error();
    }
    for (const auto& v : *vote_rows) {
        by_id.at(v.turn_id)->vote = v;
    }
    return {};
}

} // namespace

result<conversation_head> load_head(database& db, std::int64_t id) {
    auto tx = transaction::begin(db, transaction::kind::read);
    if (!tx) {
        return tx.error();
    }
    auto row = detail::read_conversation_row(db, id);
    if (!row) {
        return row.error();
    }
    auto instances = detail::read_instances(db, id);
    if (!instances) {
        return instances.error();
    }
    return conversation_head{std::move(*row), std::move(*instances)};
}

result<conversation_full> load_conversation(database& db, std::int64_t id) {
    auto tx = transaction::begin(db, transaction::kind::read);
    if (!tx) {
        return tx.error();
    }
    conversation_full full;
    auto row = detail::read_conversation_row(db, id);
    if (!row) {
        return row.error();
    }
    full.conversation = std::move(*row);
    auto instances = detail::read_instances(db, id);
    if (!instances) {
        return instances.error();
    }
    full.instances = std::move(*instances);
    auto turns = read_turns(db, id);
    if (!turns) {
        return turns.error();
    }
    full.turns = std::move(*turns);
    if (auto r = attach_answers_and_votes(db, id, full.turns); !r) {
        return r.error();
    }
    return full;
}

result<conversation_row> update_conversation(database& db, std::int64_t id,
                                             const std::optional<std::string>& title,
                                             const std::optional<std::string>& system,
                                             std::int64_t now_ms) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    // coalesce(NULL, x) keeps the column: an absent field is bound as NULL.
    auto r = db.execute("UPDATE conversations SET title = coalesce(?, title), "
                        "system = coalesce(?, system), updated_ms = max(updated_ms, ?) "
                        "WHERE id = ?",
                        title, system, now_ms, id);
    if (!r) {
        return r.error();
    }
    if (db.changes() == 0) {
        return session_not_found(id);
    }
    auto row = detail::read_conversation_row(db, id);
    if (!row) {
        return row.error();
    }
    if (auto done = tx->commit(); !done) {
        return done.error();
    }
    return row;
}

result<void> delete_conversation(database& db, std::int64_t id) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    if (auto r = db.execute("DELETE FROM conversations WHERE id = ?", id); !r) {
        return r.error();
    }
    if (db.changes() == 0) {
        return session_not_found(id);
    }
    return tx->commit();
}

result<void> reveal_conversation(database& db, std::int64_t id, std::int64_t now_ms) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    auto row = detail::read_conversation_row(db, id);
    if (!row) {
        return row.error();
    }
    if (!row->blind) {
        return make_error(errc::conflict, "Session " + std::to_string(id) +
                                              " is not blind: there is nothing to reveal");
    }
    if (row->revealed) {
        return {}; // already revealed: nothing to write
    }
    auto r = db.execute("UPDATE conversations SET revealed = 1, updated_ms = max(updated_ms, ?) "
                        "WHERE id = ?",
                        now_ms, id);
    if (!r) {
        return r.error();
    }
    return tx->commit();
}

} // namespace ollama_arena::storage
