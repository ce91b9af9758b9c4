// tests/unit/storage: a fresh temporary directory per test, and small builders of stored rows.
#pragma once

#include "storage/conversations.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace ollama_arena::storage::test {

class temp_dir {
public:
    temp_dir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "arena-storage-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ignored; // best effort: a leftover temp dir fails no test
        std::filesystem::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// An open, migrated in-memory database.
inline database memory_db() {
    auto db = database::open(":memory:");
    if (!db) {
        throw std::runtime_error(db.error().message);
    }
    if (auto v = migrate(*db); !v) {
        throw std::runtime_error(v.error().message);
    }
    return std::move(*db);
}

inline instance_spec spec(std::string id, std::string model, double temperature = 0.7) {
    instance_spec s;
    s.instance_id = std::move(id);
    s.model = std::move(model);
    s.params.temperature = temperature;
    s.options_json = R"({"temperature":)" + std::to_string(temperature) + "}";
    return s;
}

inline std::int64_t make_conversation(database& db, bool blind,
                                      std::vector<instance_spec> instances = {}) {
    new_conversation c;
    c.title = "t";
    c.blind = blind;
    c.instances = std::move(instances);
    auto id = create_conversation(db, c, 1000);
    if (!id) {
        throw std::runtime_error(id.error().message);
    }
    return *id;
}

} // namespace ollama_arena::storage::test
