// storage: conversations — create, list, load whole, rename, delete, reveal (docs/storage.md
// §3). Synchronous functions over one borrowed connection; each is one transaction.
// Errors: errc::not_found ("Session 12 not found"), errc::conflict (reveal of a conversation
// that is not blind), errc::storage_failure (SQLite).
#pragma once

#include "common/result.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ollama_arena::storage {

struct new_conversation {
    std::string title;
    std::string system;
    bool blind = false;
    std::vector<instance_spec> instances; // in labelling order (the API shuffles blind ones)
};

// Instance ids must be unique within `c.instances` (the API checks; a duplicate fails the
// UNIQUE constraint as storage_failure). Returns the new id.
result<std::int64_t> create_conversation(database& db, const new_conversation& c,
                                         std::int64_t now_ms);

struct conversation_page {
    std::vector<conversation_row> rows; // most recently active first
    std::int64_t total = 0;
};
result<conversation_page> list_conversations(database& db, std::int64_t limit, std::int64_t offset);

// The conversation row with its instances (no turns): what a new turn is planned against.
struct conversation_head {
    conversation_row conversation;
    std::vector<instance_row> instances;
};
result<conversation_head> load_head(database& db, std::int64_t id);

// Everything: instances, turns, answers, votes; one read snapshot.
result<conversation_full> load_conversation(database& db, std::int64_t id);

// Changes what is given; returns the updated row.
result<conversation_row> update_conversation(database& db, std::int64_t id,
                                             const std::optional<std::string>& title,
                                             const std::optional<std::string>& system,
                                             std::int64_t now_ms);

result<void> delete_conversation(database& db, std::int64_t id);

// Sets revealed (idempotent). errc::conflict when the conversation is not blind.
result<void> reveal_conversation(database& db, std::int64_t id, std::int64_t now_ms);

// errc::not_found "Session <id> not found".
error session_not_found(std::int64_t id);

} // namespace ollama_arena::storage
