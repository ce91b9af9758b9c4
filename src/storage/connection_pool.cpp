// storage: opening the database at start-up and lending its connections.
#include "storage/connection_pool.hpp"

#include "storage/migrations.hpp"
#include "storage/turns.hpp"

#include <system_error>

namespace ollama_arena::storage {

connection_pool::lease::~lease() {
    if (db_) {
        pool_->give_back(std::move(db_));
    }
}

result<std::unique_ptr<connection_pool>>
connection_pool::open(const std::filesystem::path& file, std::size_t count, std::int64_t now_ms) {
    if (file.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) {
            return make_error(errc::storage_failure, "cannot create the data directory " +
                                                         file.parent_path().string() + ": " +
                                                         ec.message());
        }
    }
    std::unique_ptr<connection_pool> pool(new connection_pool());
    for (std::size_t i = 0; i < std::max<std::size_t>(count, 1); ++i) {
        auto db = database::open(file);
        if (!db) {
            return db.error();
        }
        if (i == 0) {
            if (auto v = migrate(*db); !v) {
                return v.error();
            }
            if (auto r = recover_pending_answers(*db, now_ms); !r) {
                return r.error();
            }
        }
        pool->idle_.push_back(std::make_unique<database>(std::move(*db)));
    }
    pool->size_ = pool->idle_.size();
    return pool;
}

connection_pool::lease connection_pool::acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return {*this, std::move(db)};
}

void connection_pool::give_back(std::unique_ptr<database> db) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(db));
    }
    available_.notify_one();
}

} // namespace ollama_arena::storage
