// storage: schema migrations under PRAGMA user_version.
#include "storage/migrations.hpp"

#include "common/log.hpp"

namespace ollama_arena::storage {

namespace {

result<void> check_numbering(std::span<const migration> migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<std::int64_t>(i) + 1) {
            return make_error(errc::internal, "Migrations must be numbered 1, 2, 3 …",
                              std::string(migrations[i].name) + " is number " +
                                  std::to_string(migrations[i].version) + " at position " +
                                  std::to_string(i + 1));
        }
    }
    return {};
}

result<void> apply(database& db, const migration& m) {
    auto tx = transaction::begin(db, transaction::kind::write);
    if (!tx) {
        return tx.error();
    }
    if (auto r = db.exec(m.sql); !r) {
        auto e = r.error();
        e.message = "Migration " + std::string(m.name) + " failed: " + e.message;
        return e;
    }
    // PRAGMA takes no bound parameters; the version is a number from this build, not input.
    if (auto r = db.exec("PRAGMA user_version = " + std::to_string(m.version)); !r) {
        return r.error();
    }
    return tx->commit();
}

} // namespace

result<std::int64_t> migrate(database& db, std::span<const migration> migrations) {
    if (auto r = check_numbering(migrations); !r) {
        return r.error();
    }
    auto current = db.user_version();
    if (!current) {
        return current.error();
    }
    const auto newest = static_cast<std::int64_t>(migrations.size());
    if (*current > newest) {
        return make_error(
            errc::storage_failure,
            "database " + db.path() + " has schema version " + std::to_string(*current) +
                ", but this ollama-arena knows versions up to " + std::to_string(newest) +
                " (it was written by a newer ollama-arena): upgrade ollama-arena or "
                "use another --data-dir");
    }
    for (const auto& m : migrations) {
        if (m.version <= *current) {
            continue;
        }
        if (auto r = apply(db, m); !r) {
            return r.error();
        }
        log::info("database {}: applied migration {}", db.path(), m.name);
        *current = m.version;
    }
    return *current;
}

result<std::int64_t> migrate(database& db) {
    return migrate(db, known_migrations());
}

} // namespace ollama_arena::storage
