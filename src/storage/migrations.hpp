// storage: the numbered schema migrations (src/storage/sql/NNN_name.sql, embedded at build
// time) and their application under PRAGMA user_version (docs/storage.md §2).
// Thread safety: migrate() runs once at start-up, before any other connection is opened.
#pragma once

#include "common/result.hpp"
#include "storage/database.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace ollama_arena::storage {

struct migration {
    std::int64_t version = 0; // NNN of the file name: 1, 2, 3 … without gaps
    std::string_view name;    // the file name, e.g. "001_init.sql"
    std::string_view sql;
};

// Every migration of this build, in order (generated from src/storage/sql/).
std::span<const migration> known_migrations();

// Applies every migration above the file's user_version, each in its own write transaction
// that also sets user_version; returns the resulting version. A file already at the newest
// version is not written. A user_version above the newest known one is refused
// (errc::storage_failure: "database <path> has schema version N, but this ollama-arena knows
// versions up to M …"), and so is a list that is not numbered 1, 2, 3 ….
result<std::int64_t> migrate(database& db, std::span<const migration> migrations);
result<std::int64_t> migrate(database& db);

} // namespace ollama_arena::storage
