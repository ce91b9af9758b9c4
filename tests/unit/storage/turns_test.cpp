#include "storage/turns.hpp"

#include <gtest/gtest.h>

#include "storage_fixture.hpp"

namespace ollama_arena::storage::test {
namespace {

new_turn turn_of(std::vector<instance_spec> slots, std::vector<std::size_t> order = {}) {
    new_turn t;
    t.user_message = "What is 2+2?";
    t.system = "be brief";
    t.messages_json = R"([{"role":"user","content":"What is 2+2?"}])";
    t.slots = std::move(slots);
    t.label_order = std::move(order);
    return t;
}

TEST(TurnStoreTest, AFirstTurnAddsItsInstancesWithLabelsInTheGivenOrder) {
    auto db = memory_db();
    const auto id = make_conversation(db, true);
    auto started = begin_turn(
        db, id, turn_of({spec("a", "m1"), spec("b", "m2"), spec("c", "m3")}, {2, 0, 1}), 2000);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    EXPECT_EQ(started->seq, 1);
    ASSERT_EQ(started->answer_ids.size(), 3U);
    EXPECT_EQ(started->added, (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_EQ(started->instances[2].label, "Model A");
    EXPECT_EQ(started->instances[0].label, "Model B");
    EXPECT_EQ(started->instances[1].label, "Model C");
    auto full = load_conversation(db, id);
    ASSERT_EQ(full->turns.size(), 1U);
    const auto& turn = full->turns[0];
    EXPECT_EQ(turn.user_message, "What is 2+2?");
    EXPECT_EQ(turn.system, "be brief");
    ASSERT_EQ(turn.answers.size(), 3U);
    for (const auto& a : turn.answers) {
        EXPECT_EQ(a.status, answer_status::pending);
    }
    EXPECT_EQ(full->conversation.updated_ms, 2000);
}

TEST(TurnStoreTest, LaterTurnsReuseKnownInstancesAndLabelOnlyNewOnes) {
    auto db = memory_db();
    const auto id = make_conversation(db, false, {spec("a", "m1"), spec("b", "m2")});
    auto second = begin_turn(db, id, turn_of({spec("b", "m2"), spec("z", "m9")}), 20);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->seq, 1);
    EXPECT_EQ(second->instances[0].label, "Model B");
    EXPECT_EQ(second->instances[1].label, "Model C");
    EXPECT_EQ(second->added, (std::vector<std::size_t>{1}));
    auto third = begin_turn(db, id, turn_of({spec("z", "m9")}), 30);
    EXPECT_EQ(third->seq, 2);
    EXPECT_TRUE(third->added.empty());
}

TEST(TurnStoreTest, AKnownInstanceIdWithOtherSettingsIsAConflict) {
    auto db = memory_db();
    const auto id = make_conversation(db, false, {spec("a", "m1", 0.7)});
    auto r = begin_turn(db, id, turn_of({spec("x", "m2"), spec("a", "m1", 1.5)}), 2);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, errc::conflict);
    EXPECT_EQ(r.error().field, "model_instances[1]");
    EXPECT_NE(r.error().message.find("'a'"), std::string::npos);
    auto full = load_conversation(db, id); // and nothing was written
    EXPECT_TRUE(full->turns.empty());
    EXPECT_EQ(full->instances.size(), 1U);
}

TEST(TurnStoreTest, ATurnForAnUnknownConversationIsNotFound) {
    auto db = memory_db();
    EXPECT_EQ(begin_turn(db, 7, turn_of({spec("a", "m")}), 1).error().code, errc::not_found);
}

TEST(TurnStoreTest, AnAnswerIsFinishedOnceWithItsMetrics) {
    auto db = memory_db();
    const auto id = make_conversation(db, true);
    auto started = begin_turn(db, id, turn_of({spec("a", "m1"), spec("b", "m2")}), 1);
    answer_outcome done;
    done.status = answer_status::complete;
    done.text = "4";
    done.metrics = answer_metrics{12, 0.5, 24, 0.1, 0.7, 9, 900, 0.01, "stop"};
    ASSERT_EQ(*finish_answer(db, started->answer_ids[0], done, 5), true);
    answer_outcome stopped;
    stopped.status = answer_status::stopped;
    stopped.text = "part";
    stopped.error = "request cancelled";
    ASSERT_EQ(*finish_answer(db, started->answer_ids[1], stopped, 6), true);
    EXPECT_EQ(*finish_answer(db, started->answer_ids[0], stopped, 7), false); // already final
    auto full = load_conversation(db, id);
    const auto& answers = full->turns[0].answers;
    EXPECT_EQ(answers[0].status, answer_status::complete);
    EXPECT_EQ(answers[0].text, "4");
    ASSERT_TRUE(answers[0].metrics.has_value());
    EXPECT_EQ(answers[0].metrics->tokens, 12);
    EXPECT_EQ(answers[0].metrics->done_reason, "stop");
    EXPECT_EQ(answers[0].finished_ms, 5);
    EXPECT_EQ(answers[1].status, answer_status::stopped);
    EXPECT_EQ(answers[1].text, "part");
    EXPECT_EQ(answers[1].error, "request cancelled");
    EXPECT_FALSE(answers[1].metrics.has_value());
}

TEST(TurnStoreTest, RecoveryStopsOnlyPendingAnswers) {
    auto db = memory_db();
    const auto id = make_conversation(db, true);
    auto started = begin_turn(db, id, turn_of({spec("a", "m1"), spec("b", "m2")}), 1);
    answer_outcome done;
    done.text = "ok";
    done.metrics = answer_metrics{};
    ASSERT_TRUE(finish_answer(db, started->answer_ids[0], done, 2));
    EXPECT_EQ(*recover_pending_answers(db, 3), 1);
    auto full = load_conversation(db, id);
    EXPECT_EQ(full->turns[0].answers[0].status, answer_status::complete);
    EXPECT_EQ(full->turns[0].answers[1].status, answer_status::stopped);
}

TEST(TurnStoreTest, RequestsWithTheSameTurnKeyFormOneTurn) {
    auto db = memory_db();
    const auto id = make_conversation(db, true);
    auto first = turn_of({spec("a", "m1")});
    first.turn_key = "k1";
    auto one = begin_turn(db, id, first, 10);
    ASSERT_TRUE(one.has_value()) << one.error().message;
    auto second = turn_of({spec("b", "m2")});
    second.turn_key = "k1";
    auto two = begin_turn(db, id, second, 11);
    ASSERT_TRUE(two.has_value()) << two.error().message;
    EXPECT_EQ(two->turn_id, one->turn_id);
    EXPECT_EQ(two->seq, 1);
    EXPECT_EQ(two->instances[0].label, "Model B");
    auto full = load_conversation(db, id);
    ASSERT_EQ(full->turns.size(), 1U);
    ASSERT_EQ(full->turns[0].answers.size(), 2U);
    EXPECT_EQ(full->turns[0].answers[1].slot, 1);
    auto other_key = turn_of({spec("a", "m1")});
    other_key.turn_key = "k2";
    EXPECT_EQ(begin_turn(db, id, other_key, 12)->seq, 2);
}

TEST(TurnStoreTest, AKeyedTurnRefusesAnotherMessageAndARepeatedInstance) {
    auto db = memory_db();
    const auto id = make_conversation(db, false);
    auto first = turn_of({spec("a", "m1")});
    first.turn_key = "k";
    ASSERT_TRUE(begin_turn(db, id, first, 10).has_value());
    auto again = begin_turn(db, id, first, 11);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, errc::conflict);
    EXPECT_EQ(again.error().field, "model_instances[0]");
    auto other = turn_of({spec("b", "m2")});
    other.turn_key = "k";
    other.user_message = "something else";
    auto refused = begin_turn(db, id, other, 12);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, errc::conflict);
    EXPECT_EQ(refused.error().field, "turn_key");
    EXPECT_EQ(load_conversation(db, id)->instances.size(), 1U); // "b" was not added
}

} // namespace
} // namespace ollama_arena::storage::test
