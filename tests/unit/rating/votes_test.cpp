// Unit tests of rating::expand_turn_votes: the N-way weighting of docs/rating.md §2.
#include "rating/bradley_terry.hpp"
#include "rating/leaderboard.hpp"
#include "rating/votes.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace ollama_arena::rating {
namespace {

std::vector<battle> expand(const std::vector<turn_vote>& votes, std::uint64_t first = 0) {
    return expand_turn_votes(votes, first);
}

TEST(VoteExpansionTest, BestOfThreeGivesTwoWinsOfWeightHalf) {
    const auto battles = expand({{{7, 3, 5}, vote_kind::best, 1}});
    ASSERT_EQ(battles.size(), 2U);
    EXPECT_EQ(battles[0].a, 3U);
    EXPECT_EQ(battles[0].b, 7U);
    EXPECT_EQ(battles[1].a, 3U);
    EXPECT_EQ(battles[1].b, 5U);
    for (const battle& b : battles) {
        EXPECT_EQ(b.result, outcome::a_wins);
        EXPECT_DOUBLE_EQ(b.weight, 0.5);
    }
}

TEST(VoteExpansionTest, TwoAnswerVoteIsOneBattleOfWeightOne) {
    const auto battles = expand({{{1, 2}, vote_kind::best, 1}});
    ASSERT_EQ(battles.size(), 1U);
    EXPECT_EQ(battles[0].a, 2U);
    EXPECT_EQ(battles[0].b, 1U);
    EXPECT_EQ(battles[0].result, outcome::a_wins);
    EXPECT_DOUBLE_EQ(battles[0].weight, 1.0);
}

TEST(VoteExpansionTest, TieOfThreeGivesThreeTieBattlesOfWeightHalf) {
    const auto battles = expand({{{0, 1, 2}, vote_kind::tie, 0}});
    ASSERT_EQ(battles.size(), 3U);
    for (const battle& b : battles) {
        EXPECT_EQ(b.result, outcome::tie);
        EXPECT_DOUBLE_EQ(b.weight, 0.5);
    }
}

TEST(VoteExpansionTest, AllBadOfFourGivesSixBothBadBattlesOfWeightThird) {
    const auto battles = expand({{{0, 1, 2, 3}, vote_kind::all_bad, 0}});
    ASSERT_EQ(battles.size(), 6U);
    for (const battle& b : battles) {
        EXPECT_EQ(b.result, outcome::both_bad);
        EXPECT_DOUBLE_EQ(b.weight, 1.0 / 3.0);
    }
}

TEST(VoteExpansionTest, OneVoteGivesAnyCompetitorAtMostOneBattleOfEvidence) {
    for (std::size_t n = 2; n <= 6; ++n) {
        std::vector<std::size_t> shown;
        for (std::size_t c = 0; c < n; ++c) {
            shown.push_back(c);
        }
        for (const vote_kind kind : {vote_kind::best, vote_kind::tie, vote_kind::all_bad}) {
            std::vector<double> evidence(n, 0.0);
            for (const battle& b : expand({{shown, kind, 0}})) {
                evidence[b.a] += b.weight;
                evidence[b.b] += b.weight;
            }
            EXPECT_NEAR(evidence[0], 1.0, 1e-12) << "n=" << n; // winner, or any tie member
            for (std::size_t c = 1; c < n; ++c) {
                const double expected =
                    kind == vote_kind::best ? 1.0 / static_cast<double>(n - 1) : 1.0;
                EXPECT_NEAR(evidence[c], expected, 1e-12) << "n=" << n;
            }
        }
    }
}

TEST(VoteExpansionTest, BattlesOfOneVoteShareItsTurnId) {
    const auto battles = expand({{{0, 1, 2}, vote_kind::best, 0}, {{1, 2}, vote_kind::tie, 0}}, 40);
    ASSERT_EQ(battles.size(), 3U);
    EXPECT_EQ(battles[0].turn, 40U);
    EXPECT_EQ(battles[1].turn, 40U);
    EXPECT_EQ(battles[2].turn, 41U);
}

TEST(VoteExpansionTest, VoteWithFewerThanTwoAnswersProducesNothing) {
    EXPECT_TRUE(expand({{{4}, vote_kind::best, 0}, {{}, vote_kind::tie, 0}}).empty());
}

TEST(VoteExpansionTest, RejectsACompetitorListedTwice) {
    EXPECT_THROW(expand({{{1, 2, 1}, vote_kind::tie, 0}}), std::invalid_argument);
}

TEST(VoteExpansionTest, RejectsABestAnswerThatIsNotShown) {
    EXPECT_THROW(expand({{{1, 2, 3}, vote_kind::best, 3}}), std::invalid_argument);
}

TEST(VoteExpansionTest, AllBadIsCountedApartButFitsAsATie) {
    const std::vector<turn_vote> votes = {{{0, 1}, vote_kind::best, 0},
                                          {{0, 1, 2}, vote_kind::all_bad, 0},
                                          {{1, 2}, vote_kind::best, 0}};
    const auto battles = expand(votes);
    std::vector<battle> as_ties = battles;
    for (battle& b : as_ties) {
        if (b.result == outcome::both_bad) {
            b.result = outcome::tie;
        }
    }
    const auto board = compute_leaderboard(3, battles, 1);
    for (const leaderboard_row& row : board.rows) {
        EXPECT_EQ(row.both_bad, 2U);
        EXPECT_EQ(row.ties, 0U);
    }
    const auto with_both_bad = fit_bradley_terry(3, battles).ratings;
    const auto with_ties = fit_bradley_terry(3, as_ties).ratings;
    for (std::size_t c = 0; c < 3; ++c) {
        EXPECT_EQ(with_both_bad[c], with_ties[c]);
    }
}

} // namespace
} // namespace ollama_arena::rating
