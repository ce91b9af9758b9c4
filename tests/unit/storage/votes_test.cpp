#include "storage/turns.hpp"
#include "storage/votes.hpp"

#include <gtest/gtest.h>

#include "storage_fixture.hpp"

namespace ollama_arena::storage::test {
namespace {

struct voted_conversation {
    std::int64_t id = 0;
    started_turn turn;
};

voted_conversation blind_turn(database& db, std::size_t answers = 2) {
    voted_conversation v;
    std::vector<instance_spec> slots;
    for (std::size_t i = 0; i < answers; ++i) {
        slots.push_back(spec("i" + std::to_string(i), "m" + std::to_string(i)));
    }
    v.id = make_conversation(db, true, slots);
    new_turn t;
    t.user_message = "q";
    t.system = "sys";
    t.slots = slots;
    auto started = begin_turn(db, v.id, t, 10);
    if (!started) {
        throw std::runtime_error(started.error().message);
    }
    v.turn = *started;
    return v;
}

vote_input best(std::string winner) {
    return {vote_kind::best, std::move(winner)};
}

TEST(VoteStoreTest, AVoteNamesTheWinnerByInstanceIdOrLabel) {
    auto db = memory_db();
    auto v = blind_turn(db, 3);
    auto by_id = cast_vote(db, v.id, v.turn.turn_id, best("i1"), 20);
    ASSERT_TRUE(by_id.has_value()) << by_id.error().message;
    EXPECT_FALSE(by_id->replaced);
    EXPECT_EQ(by_id->vote.winner, v.turn.answer_ids[1]);
    EXPECT_EQ(by_id->winner->label, "Model B");
    auto by_label = cast_vote(db, v.id, v.turn.turn_id, best("Model C"), 21);
    ASSERT_TRUE(by_label.has_value());
    EXPECT_EQ(by_label->vote.winner, v.turn.answer_ids[2]);
}

TEST(VoteStoreTest, VotingTwiceReplacesTheEarlierVote) {
    auto db = memory_db();
    auto v = blind_turn(db);
    ASSERT_TRUE(cast_vote(db, v.id, v.turn.turn_id, best("i0"), 20));
    auto second = cast_vote(db, v.id, v.turn.turn_id, {vote_kind::tie, {}}, 30);
    ASSERT_TRUE(second.has_value());
    EXPECT_TRUE(second->replaced);
    EXPECT_EQ(second->vote.kind, vote_kind::tie);
    EXPECT_FALSE(second->vote.winner.has_value());
    EXPECT_EQ(second->vote.created_ms, 20);
    EXPECT_EQ(second->vote.updated_ms, 30);
    auto votes = load_votes(db);
    ASSERT_TRUE(votes.has_value());
    ASSERT_EQ(votes->size(), 1U); // never counted twice
    EXPECT_EQ((*votes)[0].vote.kind, vote_kind::tie);
}

TEST(VoteStoreTest, VotesNeedABlindUnrevealedConversation) {
    auto db = memory_db();
    const auto open = make_conversation(db, false, {spec("a", "m1"), spec("b", "m2")});
    new_turn t;
    t.slots = {spec("a", "m1"), spec("b", "m2")};
    auto turn = begin_turn(db, open, t, 1);
    auto r = cast_vote(db, open, turn->turn_id, best("a"), 2);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, errc::conflict);
    EXPECT_NE(r.error().message.find("not blind"), std::string::npos);

    auto v = blind_turn(db);
    ASSERT_TRUE(reveal_conversation(db, v.id, 3));
    auto late = cast_vote(db, v.id, v.turn.turn_id, best("i0"), 4);
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, errc::conflict);
    EXPECT_NE(late.error().message.find("revealed"), std::string::npos);
}

TEST(VoteStoreTest, UnknownOrForeignTurnsAreNotFound) {
    auto db = memory_db();
    auto a = blind_turn(db);
    auto b = blind_turn(db);
    EXPECT_EQ(cast_vote(db, a.id, b.turn.turn_id, best("i0"), 1).error().code, errc::not_found);
    EXPECT_EQ(cast_vote(db, a.id, 999, best("i0"), 1).error().code, errc::not_found);
    EXPECT_EQ(cast_vote(db, 999, a.turn.turn_id, best("i0"), 1).error().code, errc::not_found);
}

TEST(VoteStoreTest, AWinnerOutsideTheTurnIsRefusedNamingTheField) {
    auto db = memory_db();
    auto v = blind_turn(db);
    auto r = cast_vote(db, v.id, v.turn.turn_id, best("nobody"), 1);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, errc::invalid_request);
    EXPECT_EQ(r.error().field, "winner");
}

TEST(VoteStoreTest, ASingleAnswerTurnCannotBeVotedOn) {
    auto db = memory_db();
    auto v = blind_turn(db, 1);
    EXPECT_EQ(cast_vote(db, v.id, v.turn.turn_id, {vote_kind::tie, {}}, 1).error().code,
              errc::conflict);
}

TEST(VoteStoreTest, TheSchemaRefusesAWinnerFromAnotherTurn) {
    auto db = memory_db();
    auto a = blind_turn(db);
    auto b = blind_turn(db);
    auto r = db.execute("INSERT INTO votes (turn_id, kind, winner, created_ms, updated_ms) "
                        "VALUES (?, 'best', ?, 0, 0)",
                        a.turn.turn_id, b.turn.answer_ids[0]);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("not an answer of this turn"), std::string::npos);
}

TEST(VoteStoreTest, LoadVotesListsEachVoteOldestFirstWithItsAnswers) {
    auto db = memory_db();
    auto a = blind_turn(db, 3);
    auto b = blind_turn(db, 2);
    ASSERT_TRUE(cast_vote(db, b.id, b.turn.turn_id, {vote_kind::all_bad, {}}, 50));
    ASSERT_TRUE(cast_vote(db, a.id, a.turn.turn_id, best("i2"), 60));
    auto votes = load_votes(db);
    ASSERT_TRUE(votes.has_value());
    ASSERT_EQ(votes->size(), 2U);
    const auto& first = (*votes)[0];
    EXPECT_EQ(first.turn_id, b.turn.turn_id);
    EXPECT_EQ(first.vote.kind, vote_kind::all_bad);
    EXPECT_TRUE(first.blind);
    EXPECT_EQ(first.system, "sys");
    ASSERT_EQ(first.answers.size(), 2U);
    const auto& second = (*votes)[1];
    ASSERT_EQ(second.answers.size(), 3U);
    EXPECT_EQ(second.answers[2].instance_id, "i2");
    EXPECT_EQ(second.answers[2].model, "m2");
    EXPECT_EQ(second.answers[2].slot, 2);
    EXPECT_EQ(second.vote.winner, second.answers[2].answer_id);
}

TEST(RatingStoreTest, RatingsAreSetAndLockedAfterReveal) {
    auto db = memory_db();
    auto v = blind_turn(db);
    ASSERT_TRUE(rate_answer(db, v.id, v.turn.answer_ids[0], 1, 5));
    ASSERT_TRUE(rate_answer(db, v.id, v.turn.answer_ids[1], -1, 5));
    auto full = load_conversation(db, v.id);
    EXPECT_EQ(full->turns[0].answers[0].rating, 1);
    EXPECT_EQ(full->turns[0].answers[1].rating, -1);
    EXPECT_EQ(rate_answer(db, v.id, 999, 1, 5).error().code, errc::not_found);
    ASSERT_TRUE(reveal_conversation(db, v.id, 6));
    EXPECT_EQ(rate_answer(db, v.id, v.turn.answer_ids[0], 0, 7).error().code, errc::conflict);
}

TEST(RatingStoreTest, OpenConversationsTakeRatingsToo) {
    auto db = memory_db();
    const auto id = make_conversation(db, false, {spec("a", "m1")});
    new_turn t;
    t.slots = {spec("a", "m1")};
    auto turn = begin_turn(db, id, t, 1);
    EXPECT_TRUE(rate_answer(db, id, turn->answer_ids[0], 1, 2).has_value());
}

} // namespace
} // namespace ollama_arena::storage::test
