#include "storage/connection_pool.hpp"
#include "storage/migrations.hpp"
#include "storage/turns.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage_fixture.hpp"

namespace ollama_arena::storage::test {
namespace {

std::int64_t table_count(database& db) {
    auto st = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                         "name NOT LIKE 'sqlite_%'");
    EXPECT_TRUE(st.has_value() && *st->step());
    return st->int64(0);
}

TEST(MigrationsTest, KnownMigrationsAreNumberedFromOneWithoutGaps) {
    const auto all = known_migrations();
    ASSERT_FALSE(all.empty());
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].version, static_cast<std::int64_t>(i) + 1) << all[i].name;
        EXPECT_FALSE(all[i].sql.empty()) << all[i].name;
    }
    EXPECT_EQ(all[0].name, "001_init.sql");
}

TEST(MigrationsTest, AnEmptyFileIsMigratedToTheNewestVersion) {
    temp_dir dir;
    auto db = database::open(dir.path() / "arena.db");
    ASSERT_TRUE(db.has_value());
    EXPECT_EQ(*db->user_version(), 0);
    auto v = migrate(*db);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_EQ(*v, static_cast<std::int64_t>(known_migrations().size()));
    EXPECT_EQ(*db->user_version(), *v);
    EXPECT_EQ(table_count(*db), 5); // conversations, instances, turns, answers, votes
}

TEST(MigrationsTest, AnAlreadyMigratedFileIsLeftAlone) {
    temp_dir dir;
    const auto file = dir.path() / "arena.db";
    {
        auto db = database::open(file);
        ASSERT_TRUE(migrate(*db).has_value());
        make_conversation(*db, false);
    }
    auto db = database::open(file);
    auto schema_before = db->prepare("PRAGMA schema_version");
    ASSERT_TRUE(*schema_before->step());
    const auto schema_version_before = schema_before->int64(0);
    auto changes_before = db->prepare("SELECT total_changes()");
    ASSERT_TRUE(*changes_before->step());
    const auto total_before = changes_before->int64(0);
    auto v = migrate(*db);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(*v, static_cast<std::int64_t>(known_migrations().size()));
    auto changes_after = db->prepare("SELECT total_changes()");
    ASSERT_TRUE(*changes_after->step());
    EXPECT_EQ(changes_after->int64(0), total_before); // no row was written
    auto schema_after = db->prepare("PRAGMA schema_version");
    ASSERT_TRUE(*schema_after->step());
    EXPECT_EQ(schema_after->int64(0), schema_version_before); // and no table was touched
    auto count = db->prepare("SELECT count(*) FROM conversations");
    ASSERT_TRUE(*count->step());
    EXPECT_EQ(count->int64(0), 1); // and the data is still there
}

TEST(MigrationsTest, AVersionOneFileIsMigratedWithItsData) {
    temp_dir dir;
    const auto file = dir.path() / "arena.db";
    {
        auto db = database::open(file);
        ASSERT_EQ(*migrate(*db, known_migrations().first(1)), 1);
        ASSERT_TRUE(db->exec("INSERT INTO conversations (title, created_ms, updated_ms) "
                             "VALUES ('old', 1, 1);"
                             "INSERT INTO turns (conversation_id, seq, user_message, system, "
                             "messages_json, created_ms) VALUES (1, 1, 'hi', '', '[]', 1);")
                        .has_value());
    }
    auto db = database::open(file);
    auto v = migrate(*db);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_EQ(*v, 2);
    auto full = load_conversation(*db, 1);
    ASSERT_TRUE(full.has_value()) << full.error().message;
    EXPECT_EQ(full->conversation.title, "old");
    ASSERT_EQ(full->turns.size(), 1U);
    EXPECT_EQ(full->turns[0].user_message, "hi");
    auto key = db->prepare("SELECT count(*) FROM turns WHERE turn_key IS NULL");
    ASSERT_TRUE(*key->step());
    EXPECT_EQ(key->int64(0), 1); // the old turn has no key
}

TEST(MigrationsTest, MigrationsAboveTheFileVersionAreAppliedInOrder) {
    auto db = database::open(":memory:");
    const migration steps[] = {
        {1, "001_a.sql", "CREATE TABLE a (n INTEGER);"},
        {2, "002_b.sql", "INSERT INTO a VALUES (2);"},
        {3, "003_c.sql", "INSERT INTO a VALUES (3);"},
    };
    ASSERT_EQ(*migrate(*db, std::span(steps, 2)), 2);
    ASSERT_EQ(*migrate(*db, steps), 3); // only 003 runs now
    auto st = db->prepare("SELECT group_concat(n) FROM a");
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->text(0), "2,3");
}

TEST(MigrationsTest, AFailingMigrationIsRolledBackWhole) {
    auto db = database::open(":memory:");
    const migration steps[] = {
        {1, "001_a.sql", "CREATE TABLE a (n INTEGER);"},
        {2, "002_bad.sql", "CREATE TABLE b (n INTEGER); INSERT INTO nowhere VALUES (1);"},
    };
    auto v = migrate(*db, steps);
    ASSERT_FALSE(v.has_value());
    EXPECT_NE(v.error().message.find("002_bad.sql"), std::string::npos) << v.error().message;
    EXPECT_EQ(*db->user_version(), 1);
    EXPECT_FALSE(db->exec("SELECT * FROM b").has_value()); // 002 left nothing behind
}

TEST(MigrationsTest, ANewerSchemaVersionIsRefusedWithAClearError) {
    temp_dir dir;
    const auto file = dir.path() / "arena.db";
    {
        auto db = database::open(file);
        ASSERT_TRUE(db->exec("PRAGMA user_version = 99").has_value());
    }
    auto db = database::open(file);
    auto v = migrate(*db);
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(v.error().code, errc::storage_failure);
    const auto& msg = v.error().message;
    EXPECT_NE(msg.find("schema version 99"), std::string::npos) << msg;
    EXPECT_NE(msg.find("newer ollama-arena"), std::string::npos) << msg;
    EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
    EXPECT_EQ(*db->user_version(), 99); // untouched
    EXPECT_EQ(table_count(*db), 0);
}

TEST(MigrationsTest, MisnumberedMigrationsAreRefused) {
    auto db = database::open(":memory:");
    const migration steps[] = {{1, "001_a.sql", "SELECT 1;"}, {3, "003_c.sql", "SELECT 1;"}};
    auto v = migrate(*db, steps);
    ASSERT_FALSE(v.has_value());
    EXPECT_NE(v.error().details.find("003_c.sql"), std::string::npos);
}

TEST(ConnectionPoolTest, OpeningCreatesTheDirectoryMigratesAndRecoversPendingAnswers) {
    temp_dir dir;
    const auto file = dir.path() / "nested" / "data" / "arena.db";
    {
        auto pool = connection_pool::open(file, 2, 1);
        ASSERT_TRUE(pool.has_value()) << pool.error().message;
        EXPECT_EQ((*pool)->size(), 2U);
        auto db = (*pool)->acquire();
        const auto id = make_conversation(*db, true);
        new_turn t;
        t.user_message = "hi";
        t.slots = {spec("a", "m1"), spec("b", "m2")};
        ASSERT_TRUE(begin_turn(*db, id, t, 5).has_value());
    } // "killed" with both answers pending
    auto pool = connection_pool::open(file, 1, 9);
    ASSERT_TRUE(pool.has_value());
    auto db = (*pool)->acquire();
    auto full = load_conversation(*db, 1);
    ASSERT_TRUE(full.has_value());
    ASSERT_EQ(full->turns.size(), 1U);
    for (const auto& a : full->turns[0].answers) {
        EXPECT_EQ(a.status, answer_status::stopped);
        EXPECT_EQ(a.error, "the server stopped before the answer finished");
        EXPECT_EQ(a.finished_ms, 9);
    }
}

TEST(ConnectionPoolTest, ADirectoryThatCannotBeCreatedIsAClearError) {
    temp_dir dir;
    const auto blocker = dir.path() / "file";
    {
        std::ofstream(blocker) << "x";
    }
    auto pool = connection_pool::open(blocker / "sub" / "arena.db", 1, 0);
    ASSERT_FALSE(pool.has_value());
    EXPECT_NE(pool.error().message.find("cannot create the data directory"), std::string::npos)
        << pool.error().message;
}

} // namespace
} // namespace ollama_arena::storage::test
