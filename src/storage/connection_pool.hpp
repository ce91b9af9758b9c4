// storage: the connections of the server — opened, migrated and recovered at start-up, then
// lent to one borrower at a time (docs/storage.md §1.2). Knows no Asio: the API's blocking
// pool borrows one connection per call on its own threads.
//
// Ownership: the pool owns its connections; a lease returns its connection on destruction
// and must not outlive the pool.
// Thread safety: acquire() may be called from any thread; it blocks while every connection
// is lent (never the case when there are as many connections as borrowing threads).
#pragma once

#include "common/result.hpp"
#include "storage/database.hpp"

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace ollama_arena::storage {

class connection_pool {
public:
    class lease {
    public:
        lease(connection_pool& pool, std::unique_ptr<database> db)
            : pool_(&pool), db_(std::move(db)) {}
        lease(lease&&) noexcept = default;
        lease& operator=(lease&&) = delete;
        lease(const lease&) = delete;
        lease& operator=(const lease&) = delete;
        ~lease();
        database& operator*() const noexcept { return *db_; }
        database* operator->() const noexcept { return db_.get(); }

    private:
        connection_pool* pool_;
        std::unique_ptr<database> db_;
    };

    // Creates the parent directory of `file` if needed, opens `file`, applies the
    // migrations, marks answers left pending by an earlier process as stopped
    // (docs/storage.md §4 item 4), then opens the remaining connections (count >= 1).
    // Errors name the file and the reason (errc::storage_failure).
    static result<std::unique_ptr<connection_pool>> open(const std::filesystem::path& file,
                                                         std::size_t count, std::int64_t now_ms);

    lease acquire();
    std::size_t size() const noexcept { return size_; }

private:
    connection_pool() = default;
    void give_back(std::unique_ptr<database> db);

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<database>> idle_;
    std::size_t size_ = 0;
};

} // namespace ollama_arena::storage
