// storage: row readers and the small shared writes.
#include "storage/rows.hpp"

#include "storage/conversations.hpp"

#include <algorithm>

namespace ollama_arena::storage {

std::string label_for(std::int64_t position) {
    // Bijective base 26: 0 -> A, 25 -> Z, 26 -> AA, 27 -> AB …
    std::string letters;
    for (std::int64_t n = position + 1; n > 0; n = (n - 1) / 26) {
        letters.push_back(static_cast<char>('A' + (n - 1) % 26));
    }
    std::reverse(letters.begin(), letters.end());
    return "Model " + letters;
}

std::string_view to_string(answer_status s) noexcept {
    switch (s) {
    case answer_status::pending:
        return "pending";
    case answer_status::complete:
        return "complete";
    case answer_status::failed:
        return "failed";
    case answer_status::stopped:
        return "stopped";
    }
    return "pending";
}

std::string_view to_string(vote_kind k) noexcept {
    switch (k) {
    case vote_kind::best:
        return "best";
    case vote_kind::tie:
        return "tie";
    case vote_kind::all_bad:
        return "all_bad";
    }
    return "best";
}

error session_not_found(std::int64_t id) {
    return make_error(errc::not_found, "Session " + std::to_string(id) + " not found");
}

} // namespace ollama_arena::storage

namespace ollama_arena::storage::detail {

answer_status parse_status(std::string_view s) noexcept {
    if (s == "complete") {
        return answer_status::complete;
    }
    if (s == "failed") {
        return answer_status::failed;
    }
    if (s == "stopped") {
        return answer_status::stopped;
    }
    return answer_status::pending; // the CHECK constraint allows nothing else
}

vote_kind parse_kind(std::string_view s) noexcept {
    if (s == "tie") {
        return vote_kind::tie;
    }
    if (s == "all_bad") {
        return vote_kind::all_bad;
    }
    return vote_kind::best; // the CHECK constraint allows nothing else
}

conversation_row read_conversation(const statement& st, int first) {
    conversation_row c;
    c.id = st.int64(first);
    c.title = st.text(first + 1);
    c.system = st.text(first + 2);
    c.blind = st.int64(first + 3) != 0;
    c.revealed = st.int64(first + 4) != 0;
    c.created_ms = st.int64(first + 5);
    c.updated_ms = st.int64(first + 6);
    c.turn_count = st.int64(first + 7);
    c.vote_count = st.int64(first + 8);
    return c;
}

instance_row read_instance(const statement& st, int first) {
    instance_row i;
    i.ref = st.int64(first);
    i.position = st.int64(first + 1);
    i.label = st.text(first + 2);
    i.instance_id = st.text(first + 3);
    i.model = st.text(first + 4);
    i.params.temperature = st.real(first + 5);
    i.params.top_p = st.real(first + 6);
    i.params.top_k = st.int64(first + 7);
    i.params.repeat_penalty = st.real(first + 8);
    i.params.num_predict = st.int64(first + 9);
    i.params.seed = st.int64(first + 10);
    i.options_json = st.text(first + 11);
    i.model_digest = st.opt_text(first + 12);
    i.ollama_version = st.opt_text(first + 13);
    i.created_ms = st.int64(first + 14);
    return i;
}

answer_row read_answer(const statement& st, int first) {
    answer_row a;
    a.id = st.int64(first);
    a.turn_id = st.int64(first + 1);
    a.instance_ref = st.int64(first + 2);
    a.slot = st.int64(first + 3);
    a.status = parse_status(st.text(first + 4));
    a.text = st.text(first + 5);
    a.error = st.opt_text(first + 6);
    if (!st.is_null(first + 8)) { // metrics are stored together for a complete answer
        answer_metrics m;
        m.done_reason = st.text(first + 7);
        m.tokens = st.int64(first + 8);
        m.duration_s = st.real(first + 9);
        m.tokens_per_sec = st.real(first + 10);
        m.ttft_s = st.real(first + 11);
        m.total_s = st.real(first + 12);
        m.prompt_tokens = st.int64(first + 13);
        m.prompt_tokens_per_sec = st.real(first + 14);
        m.load_s = st.real(first + 15);
        a.metrics = std::move(m);
    }
    a.rating = st.int64(first + 16);
    a.created_ms = st.int64(first + 17);
    a.finished_ms = st.opt_int64(first + 18);
    return a;
}

vote_row read_vote(const statement& st, int first) {
    vote_row v;
    v.turn_id = st.int64(first);
    v.kind = parse_kind(st.text(first + 1));
    v.winner = st.opt_int64(first + 2);
    v.created_ms = st.int64(first + 3);
    v.updated_ms = st.int64(first + 4);
    return v;
}

result<std::int64_t> insert_instance(database& db, std::int64_t conversation_id,
                                     const instance_spec& spec, std::int64_t position,
                                     std::int64_t now_ms) {
    const auto& p = spec.params;
    auto r =
        db.execute("INSERT INTO instances (conversation_id, instance_id, position, label, model, "
                   "temperature, top_p, top_k, repeat_penalty, num_predict, seed, options_json, "
                   "model_digest, ollama_version, created_ms) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   conversation_id, spec.instance_id, position, label_for(position), spec.model,
                   p.temperature, p.top_p, p.top_k, p.repeat_penalty, p.num_predict, p.seed,
                   spec.options_json, spec.model_digest, spec.ollama_version, now_ms);
    if (!r) {
        return r.error();
    }
    return db.last_insert_id();
}

result<void> touch_conversation(database& db, std::int64_t id, std::int64_t now_ms) {
    auto r = db.execute("UPDATE conversations SET updated_ms = max(updated_ms, ?) WHERE id = ?",
                        now_ms, id);
    if (!r) {
        return r.error();
    }
    if (db.changes() == 0) {
        return session_not_found(id);
    }
    return {};
}

} // namespace ollama_arena::storage::detail
