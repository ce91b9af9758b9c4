// storage: the SQLite connection, statements and transactions.
#include "storage/database.hpp"

#include "common/log.hpp"

#include <sqlite3.h>

namespace ollama_arena::storage {

namespace {

// The C name of a result code: extended names for the codes a user is likely to meet, else
// the primary code's name.
std::string code_name(int code) {
    struct named {
        int code;
        const char* name;
    };
    static constexpr named extended[] = {
        {SQLITE_CONSTRAINT_CHECK, "SQLITE_CONSTRAINT_CHECK"},
        {SQLITE_CONSTRAINT_FOREIGNKEY, "SQLITE_CONSTRAINT_FOREIGNKEY"},
        {SQLITE_CONSTRAINT_NOTNULL, "SQLITE_CONSTRAINT_NOTNULL"},
        {SQLITE_CONSTRAINT_PRIMARYKEY, "SQLITE_CONSTRAINT_PRIMARYKEY"},
        {SQLITE_CONSTRAINT_TRIGGER, "SQLITE_CONSTRAINT_TRIGGER"},
        {SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE"},
        {SQLITE_BUSY_SNAPSHOT, "SQLITE_BUSY_SNAPSHOT"},
        {SQLITE_CANTOPEN_ISDIR, "SQLITE_CANTOPEN_ISDIR"},
        {SQLITE_READONLY_DBMOVED, "SQLITE_READONLY_DBMOVED"},
    };
    static constexpr named primary[] = {
        {SQLITE_ERROR, "SQLITE_ERROR"},
        {SQLITE_INTERNAL, "SQLITE_INTERNAL"},
        {SQLITE_PERM, "SQLITE_PERM"},
        {SQLITE_ABORT, "SQLITE_ABORT"},
        {SQLITE_BUSY, "SQLITE_BUSY"},
        {SQLITE_LOCKED, "SQLITE_LOCKED"},
        {SQLITE_NOMEM, "SQLITE_NOMEM"},
        {SQLITE_READONLY, "SQLITE_READONLY"},
        {SQLITE_INTERRUPT, "SQLITE_INTERRUPT"},
        {SQLITE_IOERR, "SQLITE_IOERR"},
        {SQLITE_CORRUPT, "SQLITE_CORRUPT"},
        {SQLITE_FULL, "SQLITE_FULL"},
        {SQLITE_CANTOPEN, "SQLITE_CANTOPEN"},
        {SQLITE_PROTOCOL, "SQLITE_PROTOCOL"},
        {SQLITE_SCHEMA, "SQLITE_SCHEMA"},
        {SQLITE_TOOBIG, "SQLITE_TOOBIG"},
        {SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT"},
        {SQLITE_MISMATCH, "SQLITE_MISMATCH"},
        {SQLITE_MISUSE, "SQLITE_MISUSE"},
        {SQLITE_RANGE, "SQLITE_RANGE"},
        {SQLITE_NOTADB, "SQLITE_NOTADB"},
    };
    for (const auto& n : extended) {
        if (n.code == code) {
            return n.name;
        }
    }
    for (const auto& n : primary) {
        if (n.code == (code & 0xff)) {
            return n.name;
        }
    }
    return "SQLITE_" + std::to_string(code);
}

} // namespace

error sqlite_error(sqlite3* db, int rc, std::string_view doing) {
    std::string message = "Database error";
    if (!doing.empty()) {
        message += " while " + std::string(doing);
    }
    const char* text = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    message += ": ";
    message += text != nullptr ? text : sqlite3_errstr(rc);
    const int code = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    return make_error(errc::storage_failure, std::move(message),
                      code_name(code) + " (" + std::to_string(code) + ")");
}

// ---- statement ----

void statement::finalizer::operator()(sqlite3_stmt* s) const noexcept {
    sqlite3_finalize(s);
}

void statement::note_bind(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == 0) {
        bind_rc_ = rc;
    }
}

statement& statement::bind(int index, std::int64_t v) {
    note_bind(sqlite3_bind_int64(stmt_.get(), index, v));
    return *this;
}

statement& statement::bind(int index, double v) {
    note_bind(sqlite3_bind_double(stmt_.get(), index, v));
    return *this;
}

statement& statement::bind(int index, std::string_view v) {
    note_bind(
        sqlite3_bind_text64(stmt_.get(), index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

statement& statement::bind(int index, std::nullopt_t) {
    note_bind(sqlite3_bind_null(stmt_.get(), index));
    return *this;
}

result<bool> statement::step() {
    if (bind_rc_ != 0) {
        return sqlite_error(db_, bind_rc_, "binding a parameter");
    }
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return sqlite_error(db_, rc, {});
}

result<void> statement::run() {
    for (;;) {
        auto row = step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return {};
        }
    }
}

std::int64_t statement::int64(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

double statement::real(int column) const {
    return sqlite3_column_double(stmt_.get(), column);
}

std::string statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_.get(), column);
    const int n = sqlite3_column_bytes(stmt_.get(), column);
    if (p == nullptr || n <= 0) {
        return {};
    }
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)};
}

bool statement::is_null(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::optional<std::int64_t> statement::opt_int64(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return int64(column);
}

std::optional<double> statement::opt_real(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return real(column);
}

std::optional<std::string> statement::opt_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

// ---- database ----

void database::closer::operator()(sqlite3* db) const noexcept {
    // sqlite3_close_v2 defers the close until every statement is finalized; statements are
    // RAII too, so the connection is gone once the last one is.
    sqlite3_close_v2(db);
}

result<database> database::open(const std::filesystem::path& file) {
    const std::string path = file.string();
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, closer> owned(raw);
    if (rc != SQLITE_OK) {
        auto e = sqlite_error(raw, rc, "opening " + path);
        return e;
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, defaults::busy_timeout_ms);
    database db(std::move(owned), path);
    // journal_mode answers with the mode in effect: "wal" for a file ("memory" for :memory:).
    auto mode = db.prepare("PRAGMA journal_mode = WAL");
    if (!mode) {
        return mode.error();
    }
    auto row = mode->step();
    if (!row) {
        return row.error();
    }
    const std::string effective = *row ? mode->text(0) : std::string();
    if (effective != "wal" && effective != "memory") {
        return make_error(errc::storage_failure,
                          "Database error: " + path + " cannot use WAL journaling",
                          "journal_mode is '" + effective + "'");
    }
    if (auto r = db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"); !r) {
        return r.error();
    }
    return db;
}

result<void> database::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message); // the same text is available from sqlite3_errmsg
    if (rc != SQLITE_OK) {
        return sqlite_error(db_.get(), rc, {});
    }
    return {};
}

result<statement> database::prepare(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    statement st(db_.get(), raw);
    if (rc != SQLITE_OK) {
        return sqlite_error(db_.get(), rc, "preparing a statement");
    }
    return st;
}

std::int64_t database::last_insert_id() const {
    return sqlite3_last_insert_rowid(db_.get());
}

std::int64_t database::changes() const {
    return sqlite3_changes64(db_.get());
}

result<std::int64_t> database::user_version() {
    return scalar("PRAGMA user_version");
}

// ---- transaction ----

result<transaction> transaction::begin(database& db, kind k) {
    auto r = db.exec(k == kind::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    if (!r) {
        return r.error();
    }
    return transaction(db);
}

transaction::~transaction() {
    if (db_ == nullptr) {
        return;
    }
    // A failed rollback leaves nothing to undo (SQLite rolls back on its own when a statement
    // fails fatally); log it so it is not silent.
    if (auto r = db_->exec("ROLLBACK"); !r) {
        log::warn("rollback failed: {}", r.error().message);
    }
}

result<void> transaction::commit() {
    auto* db = std::exchange(db_, nullptr);
    auto r = db->exec("COMMIT");
    if (!r) {
        // COMMIT can fail with SQLITE_BUSY while the transaction stays open: roll it back
        // so the connection is clean for its next user.
        (void)db->exec("ROLLBACK"); // already reporting the COMMIT failure
        return r.error();
    }
    return {};
}

} // namespace ollama_arena::storage
