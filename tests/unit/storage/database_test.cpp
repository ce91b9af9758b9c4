#include "storage/database.hpp"

#include <gtest/gtest.h>

#include "storage_fixture.hpp"

namespace ollama_arena::storage::test {
namespace {

std::string pragma_text(database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    EXPECT_TRUE(st.has_value());
    auto row = st->step();
    EXPECT_TRUE(row.has_value() && *row);
    return st->text(0);
}

TEST(DatabaseTest, AFileOpensInWalModeWithFullSyncAndForeignKeys) {
    temp_dir dir;
    auto db = database::open(dir.path() / "a.db");
    ASSERT_TRUE(db.has_value()) << db.error().message;
    EXPECT_EQ(pragma_text(*db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragma_text(*db, "PRAGMA synchronous"), "2"); // FULL
    EXPECT_EQ(pragma_text(*db, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(pragma_text(*db, "PRAGMA busy_timeout"), std::to_string(defaults::busy_timeout_ms));
}

TEST(DatabaseTest, OpeningAFileInAMissingDirectoryFailsWithTheSqliteMessage) {
    auto db = database::open("/nonexistent-dir-for-arena-tests/a.db");
    ASSERT_FALSE(db.has_value());
    EXPECT_EQ(db.error().code, errc::storage_failure);
    EXPECT_NE(db.error().message.find("unable to open database file"), std::string::npos)
        << db.error().message;
    EXPECT_NE(db.error().message.find("/nonexistent-dir-for-arena-tests/a.db"), std::string::npos);
}

TEST(DatabaseTest, ParametersAreBoundNotSpliced) {
    auto db = memory_db();
    ASSERT_TRUE(db.exec("CREATE TABLE t (s TEXT, n INTEGER, r REAL)").has_value());
    const std::string nasty = "x'); DROP TABLE t; --";
    ASSERT_TRUE(db.execute("INSERT INTO t VALUES (?, ?, ?)", nasty, std::int64_t{7}, 0.5));
    auto st = db.prepare("SELECT s, n, r FROM t");
    ASSERT_TRUE(st.has_value());
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->text(0), nasty);
    EXPECT_EQ(st->int64(1), 7);
    EXPECT_EQ(st->real(2), 0.5);
}

TEST(DatabaseTest, OptionalsBindAsNull) {
    auto db = memory_db();
    ASSERT_TRUE(db.exec("CREATE TABLE t (a TEXT, b INTEGER)").has_value());
    ASSERT_TRUE(db.execute("INSERT INTO t VALUES (?, ?)", std::optional<std::string>{},
                           std::optional<std::int64_t>{3}));
    auto st = db.prepare("SELECT a, b FROM t");
    ASSERT_TRUE(*st->step());
    EXPECT_FALSE(st->opt_text(0).has_value());
    EXPECT_EQ(st->opt_int64(1), 3);
}

TEST(DatabaseTest, ATransactionRollsBackUnlessCommitted) {
    temp_dir dir;
    auto db = database::open(dir.path() / "a.db");
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE(db->exec("CREATE TABLE t (n INTEGER)").has_value());
    {
        auto tx = transaction::begin(*db, transaction::kind::write);
        ASSERT_TRUE(tx.has_value());
        ASSERT_TRUE(db->execute("INSERT INTO t VALUES (?)", 1));
    } // dropped: rolled back
    {
        auto tx = transaction::begin(*db, transaction::kind::write);
        ASSERT_TRUE(db->execute("INSERT INTO t VALUES (?)", 2));
        ASSERT_TRUE(tx->commit().has_value());
    }
    auto st = db->prepare("SELECT group_concat(n) FROM t");
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->text(0), "2");
}

TEST(DatabaseTest, AConstraintViolationIsAStorageFailureNamingTheCode) {
    auto db = memory_db();
    auto r = db.execute("INSERT INTO answers (turn_id, instance_ref, slot, status, created_ms) "
                        "VALUES (?, ?, ?, ?, ?)",
                        1, 1, 0, "bogus", 0);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, errc::storage_failure);
    EXPECT_NE(r.error().details.find("SQLITE_CONSTRAINT"), std::string::npos) << r.error().details;
}

TEST(DatabaseTest, AFailedStatementInsideATransactionLeavesNothingBehind) {
    auto db = memory_db();
    new_conversation c;
    c.instances = {spec("a", "m1"), spec("a", "m2")}; // the second violates UNIQUE
    auto id = create_conversation(db, c, 1);
    ASSERT_FALSE(id.has_value());
    auto st = db.prepare("SELECT (SELECT count(*) FROM conversations) + "
                         "(SELECT count(*) FROM instances)");
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->int64(0), 0);
}

} // namespace
} // namespace ollama_arena::storage::test
