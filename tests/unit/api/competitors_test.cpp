#include "api/competitors.hpp"

#include <gtest/gtest.h>

namespace ollama_arena::api {
namespace {

storage::vote_answer answer(std::int64_t id, std::string model, double temperature = 0.7,
                            storage::answer_status status = storage::answer_status::complete) {
    storage::vote_answer a;
    a.answer_id = id;
    a.instance_ref = id;
    a.slot = id - 1;
    a.status = status;
    a.model = std::move(model);
    a.params.temperature = temperature;
    return a;
}

storage::vote_record vote(std::vector<storage::vote_answer> answers, storage::vote_kind kind,
                          std::optional<std::int64_t> winner = std::nullopt,
                          std::string system = "") {
    storage::vote_record r;
    r.blind = true;
    r.system = std::move(system);
    r.answers = std::move(answers);
    r.vote.kind = kind;
    r.vote.winner = winner;
    return r;
}

TEST(ConfigLabelTest, ShowsTPKAlwaysAndTheRestWhenNotDefault) {
    storage::settings s;
    EXPECT_EQ(config_label("llama3.2:3b", s, ""), "llama3.2:3b T=0.7 P=0.9 K=40");
    s.repeat_penalty = 1.2;
    s.num_predict = 500;
    s.seed = 42;
    EXPECT_EQ(config_label("m", s, ""), "m T=0.7 P=0.9 K=40 R=1.2 M=500 S=42");
    const auto with_system = config_label("m", {}, "Be brief.");
    EXPECT_TRUE(with_system.starts_with("m T=0.7 P=0.9 K=40 sys#"));
    EXPECT_EQ(with_system.size(), std::string("m T=0.7 P=0.9 K=40 sys#").size() + 6);
    EXPECT_NE(with_system, config_label("m", {}, "Be long."));
    // The example of docs/API.md "Competitors".
    EXPECT_EQ(config_label("mistral:7b", {0.7, 0.9, 40, 1.1, 7, 42}, "Be brief."),
              "mistral:7b T=0.7 P=0.9 K=40 M=7 S=42 sys#82218c");
}

TEST(BuildBattlesTest, ABestOfThreeGivesTheWinnerTwoHalfBattles) {
    const std::vector votes{
        vote({answer(1, "a"), answer(2, "b"), answer(3, "c")}, storage::vote_kind::best, 2)};
    const auto set = build_battles(votes, grouping::config);
    EXPECT_EQ(set.votes, 1U);
    ASSERT_EQ(set.battles.size(), 2U);
    ASSERT_EQ(set.competitors.size(), 3U);
    for (std::size_t k = 0; k < 2; ++k) {
        const auto& b = set.battles[k];
        EXPECT_EQ(set.competitors[b.a].model, "b");
        EXPECT_EQ(b.result, rating::outcome::a_wins);
        EXPECT_EQ(b.weight, 0.5);
        EXPECT_EQ(b.turn, 0U);
        EXPECT_EQ(set.origins[k].slot_a, 1);
    }
}

TEST(BuildBattlesTest, FailedAnswersTakePartOnlyWhenChosen) {
    const auto failed = storage::answer_status::failed;
    const std::vector votes{
        vote({answer(1, "a", 0.7, failed), answer(2, "b"), answer(3, "c")},
             storage::vote_kind::tie),
        vote({answer(4, "a", 0.7, failed), answer(5, "b")}, storage::vote_kind::best, 4),
        vote({answer(6, "a", 0.7, failed), answer(7, "b")}, storage::vote_kind::all_bad)};
    const auto set = build_battles(votes, grouping::config);
    EXPECT_EQ(set.votes, 2U); // the third leaves one answer: no battle
    ASSERT_EQ(set.battles.size(), 2U);
    EXPECT_EQ(set.battles[0].result, rating::outcome::tie);
    EXPECT_EQ(set.battles[0].weight, 1.0); // two answers took part
    EXPECT_EQ(set.competitors[set.battles[1].a].model, "a");
    EXPECT_EQ(set.battles[1].result, rating::outcome::a_wins);
}

TEST(BuildBattlesTest, GroupingByModelDropsBattlesWithinOneModel) {
    const std::vector votes{
        vote({answer(1, "a", 0.2), answer(2, "a", 1.0), answer(3, "b")}, storage::vote_kind::tie)};
    const auto configs = build_battles(votes, grouping::config);
    EXPECT_EQ(configs.competitors.size(), 3U);
    EXPECT_EQ(configs.battles.size(), 3U);
    const auto models = build_battles(votes, grouping::model);
    ASSERT_EQ(models.competitors.size(), 2U);
    EXPECT_EQ(models.battles.size(), 2U); // a-b twice; a-a dropped
    EXPECT_EQ(models.competitors[0].label, "a");
    EXPECT_FALSE(models.competitors[0].params.has_value());
}

TEST(BuildBattlesTest, TheSystemPromptIsPartOfTheConfiguration) {
    const std::vector votes{
        vote({answer(1, "a"), answer(2, "b")}, storage::vote_kind::best, 1),
        vote({answer(3, "a"), answer(4, "b")}, storage::vote_kind::best, 3, "Be brief.")};
    const auto set = build_battles(votes, grouping::config);
    EXPECT_EQ(set.competitors.size(), 4U);
    EXPECT_EQ(build_battles(votes, grouping::model).competitors.size(), 2U);
    EXPECT_EQ(set.battles[1].turn, 1U); // one bootstrap unit per vote
}

} // namespace
} // namespace ollama_arena::api
