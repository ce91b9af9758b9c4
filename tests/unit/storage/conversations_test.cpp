#include "storage/conversations.hpp"
#include "storage/turns.hpp"

#include <gtest/gtest.h>

#include "storage_fixture.hpp"

namespace ollama_arena::storage::test {
namespace {

TEST(LabelTest, PositionsBecomeSpreadsheetLetters) {
    EXPECT_EQ(label_for(0), "Model A");
    EXPECT_EQ(label_for(25), "Model Z");
    EXPECT_EQ(label_for(26), "Model AA");
    EXPECT_EQ(label_for(27), "Model AB");
    EXPECT_EQ(label_for(26 + 26 * 26), "Model AAA");
}

TEST(ConversationStoreTest, CreatedConversationLoadsWithItsInstancesInLabelOrder) {
    auto db = memory_db();
    auto a = spec("a", "llama3.2:3b");
    a.model_digest = "sha256:abc";
    a.ollama_version = "0.33.0";
    const auto id = make_conversation(db, true, {a, spec("b", "qwen2.5:7b", 0.2)});
    auto full = load_conversation(db, id);
    ASSERT_TRUE(full.has_value()) << full.error().message;
    EXPECT_TRUE(full->conversation.blind);
    EXPECT_FALSE(full->conversation.revealed);
    EXPECT_TRUE(full->conversation.masked());
    ASSERT_EQ(full->instances.size(), 2U);
    EXPECT_EQ(full->instances[0].label, "Model A");
    EXPECT_EQ(full->instances[0].model_digest, "sha256:abc");
    EXPECT_EQ(full->instances[0].ollama_version, "0.33.0");
    EXPECT_EQ(full->instances[1].label, "Model B");
    EXPECT_EQ(full->instances[1].params.temperature, 0.2);
    EXPECT_FALSE(full->instances[1].model_digest.has_value());
    EXPECT_TRUE(full->turns.empty());
}

TEST(ConversationStoreTest, UnknownIdsAreNotFound) {
    auto db = memory_db();
    EXPECT_EQ(load_conversation(db, 42).error().code, errc::not_found);
    EXPECT_EQ(load_conversation(db, 42).error().message, "Session 42 not found");
    EXPECT_EQ(delete_conversation(db, 42).error().code, errc::not_found);
    EXPECT_EQ(reveal_conversation(db, 42, 1).error().code, errc::not_found);
    EXPECT_EQ(update_conversation(db, 42, std::string("x"), std::nullopt, 1).error().code,
              errc::not_found);
}

TEST(ConversationStoreTest, ListIsMostRecentlyActiveFirstWithPaging) {
    auto db = memory_db();
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(make_conversation(db, false));
    }
    // The oldest becomes the most recently active.
    ASSERT_TRUE(update_conversation(db, ids[0], std::string("renamed"), std::nullopt, 5000));
    auto page = list_conversations(db, 2, 0);
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->total, 5);
    ASSERT_EQ(page->rows.size(), 2U);
    EXPECT_EQ(page->rows[0].id, ids[0]);
    EXPECT_EQ(page->rows[0].title, "renamed");
    EXPECT_EQ(page->rows[1].id, ids[4]); // equal times: higher id first
    auto rest = list_conversations(db, 10, 2);
    ASSERT_EQ(rest->rows.size(), 3U);
    EXPECT_EQ(rest->rows[2].id, ids[1]);
}

TEST(ConversationStoreTest, UpdateChangesOnlyTheGivenFields) {
    auto db = memory_db();
    const auto id = make_conversation(db, false);
    auto row = update_conversation(db, id, std::nullopt, std::string("be brief"), 2000);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->title, "t");
    EXPECT_EQ(row->system, "be brief");
    EXPECT_EQ(row->updated_ms, 2000);
}

TEST(ConversationStoreTest, DeleteRemovesEverythingBelowIt) {
    auto db = memory_db();
    const auto id = make_conversation(db, true, {spec("a", "m1"), spec("b", "m2")});
    new_turn t;
    t.slots = {spec("a", "m1"), spec("b", "m2")};
    ASSERT_TRUE(begin_turn(db, id, t, 2).has_value());
    ASSERT_TRUE(delete_conversation(db, id).has_value());
    auto st = db.prepare("SELECT (SELECT count(*) FROM instances) + (SELECT count(*) FROM turns)"
                         " + (SELECT count(*) FROM answers)");
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->int64(0), 0);
    EXPECT_EQ(load_conversation(db, id).error().code, errc::not_found);
}

TEST(ConversationStoreTest, IdsAreNeverReusedAfterADelete) {
    auto db = memory_db();
    const auto first = make_conversation(db, false);
    ASSERT_TRUE(delete_conversation(db, first).has_value());
    EXPECT_GT(make_conversation(db, false), first);
}

TEST(ConversationStoreTest, RevealNeedsABlindConversationAndIsIdempotent) {
    auto db = memory_db();
    const auto open = make_conversation(db, false);
    auto r = reveal_conversation(db, open, 1);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, errc::conflict);
    const auto blind = make_conversation(db, true);
    ASSERT_TRUE(reveal_conversation(db, blind, 2).has_value());
    ASSERT_TRUE(reveal_conversation(db, blind, 3).has_value());
    auto full = load_conversation(db, blind);
    EXPECT_TRUE(full->conversation.revealed);
    EXPECT_FALSE(full->conversation.masked());
}

} // namespace
} // namespace ollama_arena::storage::test
