// storage: RAII over one SQLite connection — open with the product's settings, prepared
// statements with bound parameters, and a transaction guard. Synchronous; knows no Asio and
// nothing of the API (docs/storage.md §1).
//
// Ownership: database owns its sqlite3*; a statement borrows its database and must not
// outlive it; a transaction borrows its database and rolls back in its destructor unless
// committed.
// Thread safety: a database (and its statements) is used by one thread at a time; the
// connection_pool hands each connection to one borrower at a time.
// Errors: every SQLite failure is errc::storage_failure with the SQLite message; details
// name the extended result code ("SQLITE_CONSTRAINT_UNIQUE").
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ollama_arena::storage {

namespace defaults {
inline constexpr int busy_timeout_ms = 5000;
} // namespace defaults

// The error for SQLite result code `rc` of `db` (the connection's last message).
error sqlite_error(sqlite3* db, int rc, std::string_view doing);

class statement {
public:
    // One value per '?' in order, starting at 1. A failed bind is reported by the next step().
    statement& bind(int index, std::int64_t v);
    statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
    statement& bind(int index, bool v) { return bind(index, static_cast<std::int64_t>(v)); }
    statement& bind(int index, double v);
    statement& bind(int index, std::string_view v); // copied by SQLite (SQLITE_TRANSIENT)
    statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    statement& bind(int index, std::nullopt_t);
    template <class T>
    statement& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bind(index, std::nullopt);
    }

    // Binds every argument in order, from index 1.
    template <class... Args>
    statement& bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // true: a row is ready (read it with the column accessors); false: done.
    result<bool> step();
    // Steps until done (for statements that return no rows).
    result<void> run();

    // Every row, each turned into a value by read(const statement&).
    template <class F>
    auto all(F read) -> result<std::vector<std::invoke_result_t<F&, const statement&>>> {
        std::vector<std::invoke_result_t<F&, const statement&>> out;
        for (;;) {
            auto row = step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                return out;
            }
            out.push_back(read(std::as_const(*this)));
        }
    }

    // The first row through read(const statement&); nullopt when there is none.
    template <class F>
    auto first(F read) -> result<std::optional<std::invoke_result_t<F&, const statement&>>> {
        auto row = step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return std::nullopt;
        }
        return std::optional(read(std::as_const(*this)));
    }

    // Column accessors for the current row (0-based).
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    std::optional<std::int64_t> opt_int64(int column) const;
    std::optional<double> opt_real(int column) const;
    std::optional<std::string> opt_text(int column) const;

private:
    friend class database;
    struct finalizer {
        void operator()(sqlite3_stmt* s) const noexcept;
    };
    statement(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
    void note_bind(int rc);

    sqlite3* db_ = nullptr;
    std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
    int bind_rc_ = 0; // first failed bind, 0 = none
};

class database {
public:
    // Opens (creating if needed) `file` with the settings of docs/storage.md §1.1: WAL,
    // synchronous=FULL, busy_timeout, foreign keys, extended result codes. ":memory:" opens a
    // private in-memory database (journal mode "memory").
    static result<database> open(const std::filesystem::path& file);

    // Runs SQL text with no parameters (may hold several statements).
    result<void> exec(std::string_view sql);
    result<statement> prepare(std::string_view sql);

    // prepare + bind_all: a statement ready to step (all(), first()).
    template <class... Args>
    result<statement> query(std::string_view sql, const Args&... args) {
        auto st = prepare(sql);
        if (st) {
            st->bind_all(args...);
        }
        return st;
    }

    // The first column of the first row as an integer; 0 when there is no row.
    template <class... Args>
    result<std::int64_t> scalar(std::string_view sql, const Args&... args) {
        auto st = query(sql, args...);
        if (!st) {
            return st.error();
        }
        auto v = st->first([](const statement& row) { return row.int64(0); });
        if (!v) {
            return v.error();
        }
        return v->value_or(0);
    }

    // prepare + bind_all + run.
    template <class... Args>
    result<void> execute(std::string_view sql, const Args&... args) {
        auto st = query(sql, args...);
        if (!st) {
            return st.error();
        }
        return st->run();
    }

    std::int64_t last_insert_id() const;
    // Rows changed by the last INSERT/UPDATE/DELETE.
    std::int64_t changes() const;
    // PRAGMA user_version.
    result<std::int64_t> user_version();
    const std::string& path() const noexcept { return path_; }

private:
    struct closer {
        void operator()(sqlite3* db) const noexcept;
    };
    database(std::unique_ptr<sqlite3, closer> db, std::string path)
        : db_(std::move(db)), path_(std::move(path)) {}

    std::unique_ptr<sqlite3, closer> db_;
    std::string path_;
};

// BEGIN (IMMEDIATE for writes, DEFERRED for reads); rolls back in the destructor unless
// commit() succeeded.
class transaction {
public:
    enum class kind { read, write };
    static result<transaction> begin(database& db, kind k);

    transaction(transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
    transaction& operator=(transaction&&) = delete;
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    ~transaction();

    result<void> commit();

private:
    explicit transaction(database& db) : db_(&db) {}
    database* db_; // nullptr once committed, rolled back or moved from
};

} // namespace ollama_arena::storage
