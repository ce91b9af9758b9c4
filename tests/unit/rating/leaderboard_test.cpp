// Unit tests of rating::compute_leaderboard and rank_by_interval: intervals cover the truth,
// determinism, order independence, turn resampling, flags, counts and the win-rate matrix.
#include "rating/leaderboard.hpp"
#include "rating/votes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "unit/rating/synthetic_battles.hpp"

namespace ollama_arena::rating {
namespace {

const leaderboard_row& row_of(const leaderboard& board, std::size_t competitor) {
    return *std::find_if(board.rows.begin(), board.rows.end(),
                         [&](const leaderboard_row& r) { return r.competitor == competitor; });
}

void expect_same(const leaderboard& x, const leaderboard& y) {
    ASSERT_EQ(x.rows.size(), y.rows.size());
    for (std::size_t k = 0; k < x.rows.size(); ++k) {
        EXPECT_EQ(x.rows[k].competitor, y.rows[k].competitor);
        EXPECT_EQ(x.rows[k].rating, y.rows[k].rating);
        ASSERT_EQ(x.rows[k].ci.has_value(), y.rows[k].ci.has_value());
        if (x.rows[k].ci) {
            EXPECT_EQ(x.rows[k].ci->lower, y.rows[k].ci->lower);
            EXPECT_EQ(x.rows[k].ci->upper, y.rows[k].ci->upper);
        }
        EXPECT_EQ(x.rows[k].rank, y.rows[k].rank);
    }
}

std::vector<turn_vote> synthetic_turns(const std::vector<double>& truth, std::size_t count,
                                       std::size_t answers, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<turn_vote> votes;
    std::vector<std::size_t> all(truth.size());
    for (std::size_t c = 0; c < all.size(); ++c) {
        all[c] = c;
    }
    for (std::size_t v = 0; v < count; ++v) {
        std::shuffle(all.begin(), all.end(), rng);
        turn_vote vote{{all.begin(), all.begin() + static_cast<std::ptrdiff_t>(answers)}};
        double total = 0.0; // Plackett–Luce choice of the best answer
        for (const std::size_t c : vote.competitors) {
            total += std::pow(10.0, truth[c] / 400.0);
        }
        double u = testing::uniform01(rng) * total;
        for (std::size_t k = 0; k < answers && u >= 0.0; ++k) {
            vote.best = k;
            u -= std::pow(10.0, truth[vote.competitors[k]] / 400.0);
        }
        votes.push_back(vote);
    }
    return votes;
}

TEST(LeaderboardTest, TrueOrderLiesInsideTheIntervals) {
    // Over 10 data sets, 60 intervals: 95 % intervals should cover about 57 true ratings (binomial
    // SD 1.7; measured over 200 data sets: 94.8 %), and no interval may contradict the true order.
    const std::vector<double> truth = {1200, 1120, 1050, 1000, 930, 700}; // mean 1000
    std::size_t covered = 0;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        const auto battles = testing::synthetic_battles(truth, 2000, seed);
        const leaderboard board = compute_leaderboard(truth.size(), battles, seed * 31);
        ASSERT_TRUE(board.converged);
        EXPECT_EQ(board.rows.front().competitor, 0U);
        EXPECT_EQ(board.rows.back().competitor, 5U);
        for (std::size_t c = 0; c < truth.size(); ++c) {
            const leaderboard_row& row = row_of(board, c);
            ASSERT_TRUE(row.ci);
            EXPECT_LE(row.ci->lower, row.rating);
            EXPECT_GE(row.ci->upper, row.rating);
            covered += row.ci->lower <= truth[c] && truth[c] <= row.ci->upper ? 1 : 0;
            for (std::size_t d = 0; d < truth.size(); ++d) {
                if (truth[c] > truth[d]) {
                    EXPECT_GE(row.ci->upper, row_of(board, d).ci->lower) << c << " vs " << d;
                }
            }
        }
    }
    EXPECT_GE(covered, 52U);
}

TEST(LeaderboardTest, SameSeedGivesSameIntervals) {
    const auto battles = testing::synthetic_battles({1100, 1000, 900}, 300, 8, 0.1);
    expect_same(compute_leaderboard(3, battles, 77), compute_leaderboard(3, battles, 77));
    const auto other = compute_leaderboard(3, battles, 78);
    EXPECT_NE(other.rows[0].ci->lower, compute_leaderboard(3, battles, 77).rows[0].ci->lower);
}

TEST(LeaderboardTest, ShuffledBattlesAndRenumberedTurnsGiveIdenticalResults) {
    const auto votes = synthetic_turns({1150, 1050, 1000, 950, 850}, 400, 3, 21);
    auto battles = expand_turn_votes(votes);
    const leaderboard before = compute_leaderboard(5, battles, 9);
    std::mt19937_64 rng(5);
    std::shuffle(battles.begin(), battles.end(), rng);
    for (battle& b : battles) {
        b.turn = *b.turn * 7919 + 13; // same grouping, other ids
    }
    expect_same(before, compute_leaderboard(5, battles, 9));
}

TEST(LeaderboardTest, TurnsAreResampledWhole) {
    // The five wins of a best-of-6 move together, so treating them as independent battles would
    // understate the uncertainty.
    const std::vector<double> truth = {1100, 1050, 1000, 1000, 950, 900};
    const auto grouped = expand_turn_votes(synthetic_turns(truth, 300, 6, 4));
    auto independent = grouped;
    for (battle& b : independent) {
        b.turn.reset();
    }
    const auto width = [](const leaderboard& board) {
        double sum = 0.0;
        for (const leaderboard_row& row : board.rows) {
            sum += row.ci->upper - row.ci->lower;
        }
        return sum;
    };
    const double by_turn = width(compute_leaderboard(6, grouped, 3));
    const double by_battle = width(compute_leaderboard(6, independent, 3));
    EXPECT_GT(by_turn, 1.3 * by_battle);
}

TEST(LeaderboardTest, CompetitorWithoutBattlesIsFlaggedAndListedLast) {
    const std::vector<battle> battles = {{0, 2, outcome::a_wins, 1.0, {}},
                                         {2, 0, outcome::tie, 1.0, {}}};
    const leaderboard board = compute_leaderboard(4, battles, 1);
    ASSERT_EQ(board.rows.size(), 4U);
    for (const std::size_t unplayed : {1U, 3U}) {
        const leaderboard_row& row = row_of(board, unplayed);
        EXPECT_EQ(row.battles, 0U);
        EXPECT_EQ(row.rating, 1000.0);
        EXPECT_FALSE(row.ci);
        EXPECT_FALSE(row.rank);
        EXPECT_EQ(row.elo, 1000.0);
    }
    EXPECT_EQ(board.rows[2].competitor, 1U);
    EXPECT_EQ(board.rows[3].competitor, 3U);
}

TEST(LeaderboardTest, NoBattlesAtAllGivesAnchoredRowsAndNoNaN) {
    const leaderboard board = compute_leaderboard(3, {}, 1);
    for (const leaderboard_row& row : board.rows) {
        EXPECT_EQ(row.rating, 1000.0);
        EXPECT_FALSE(row.ci);
        EXPECT_FALSE(row.rank);
    }
    EXPECT_EQ(board.rows[0].competitor, 0U);
}

TEST(LeaderboardTest, RowsAreSortedByRating) {
    const auto battles = testing::synthetic_battles({900, 1000, 1300, 1100}, 2000, 12);
    const leaderboard board = compute_leaderboard(4, battles, 6);
    for (std::size_t k = 1; k < board.rows.size(); ++k) {
        EXPECT_GE(board.rows[k - 1].rating, board.rows[k].rating);
    }
    EXPECT_EQ(board.rows[0].competitor, 2U);
}

TEST(LeaderboardTest, CountsWinsLossesTiesAndBothBad) {
    const std::vector<battle> battles = {{0, 1, outcome::a_wins, 0.5, {}},
                                         {1, 0, outcome::a_wins, 1.0, {}},
                                         {0, 2, outcome::tie, 1.0, {}},
                                         {2, 1, outcome::both_bad, 1.0, {}},
                                         {0, 2, outcome::b_wins, 1.0, {}}};
    const leaderboard board = compute_leaderboard(3, battles, 1);
    const leaderboard_row& zero = row_of(board, 0);
    EXPECT_EQ(zero.battles, 4U);
    EXPECT_EQ(zero.wins, 1U);
    EXPECT_EQ(zero.losses, 2U);
    EXPECT_EQ(zero.ties, 1U);
    EXPECT_EQ(zero.both_bad, 0U);
    const leaderboard_row& two = row_of(board, 2);
    EXPECT_EQ(two.battles, 3U);
    EXPECT_EQ(two.wins, 1U);
    EXPECT_EQ(two.ties, 1U);
    EXPECT_EQ(two.both_bad, 1U);
    EXPECT_EQ(board.pair_battles[0][1], 2U);
    EXPECT_EQ(board.pair_battles[1][0], 2U);
    EXPECT_EQ(board.pair_battles[1][2], 1U);
}

TEST(LeaderboardTest, WinRateMatrixCountsTiesAsHalfWins) {
    const std::vector<battle> battles = {
        {0, 1, outcome::a_wins, 1.0, {}},   {1, 0, outcome::b_wins, 1.0, {}},
        {1, 0, outcome::a_wins, 1.0, {}},   {0, 1, outcome::tie, 1.0, {}},
        {1, 3, outcome::both_bad, 1.0, {}}, {1, 3, outcome::a_wins, 2.0, {}}};
    const leaderboard board = compute_leaderboard(4, battles, 1);
    EXPECT_DOUBLE_EQ(*board.win_rate[0][1], 0.625); // (2 + 0.5) / 4
    EXPECT_DOUBLE_EQ(*board.win_rate[1][0], 0.375);
    EXPECT_DOUBLE_EQ(*board.win_rate[1][3], 2.5 / 3.0); // weighted
    EXPECT_DOUBLE_EQ(*board.win_rate[3][1], 0.5 / 3.0);
    EXPECT_FALSE(board.win_rate[0][2]);
    EXPECT_FALSE(board.win_rate[0][3]);
    EXPECT_FALSE(board.win_rate[2][2]);
    EXPECT_FALSE(board.win_rate[0][0]);
}

TEST(LeaderboardTest, EloColumnIsOnlineEloInTheGivenOrder) {
    const auto battles = testing::synthetic_battles({1100, 1000, 900}, 200, 31, 0.1);
    const leaderboard board = compute_leaderboard(3, battles, 2, {.elo = {.k = 20.0}});
    const auto elo = online_elo(3, battles, {.k = 20.0});
    for (std::size_t c = 0; c < 3; ++c) {
        EXPECT_EQ(row_of(board, c).elo, elo[c]);
    }
}

TEST(LeaderboardTest, EvenlyMatchedCompetitorsShareARank) {
    std::vector<battle> battles; // every pair: 6 wins each way and 3 ties
    for (std::size_t i = 0; i < 3; ++i) {
        for (std::size_t j = i + 1; j < 3; ++j) {
            for (std::size_t k = 0; k < 6; ++k) {
                battles.push_back({i, j, outcome::a_wins, 1.0, {}});
                battles.push_back({j, i, outcome::a_wins, 1.0, {}});
            }
            for (std::size_t k = 0; k < 3; ++k) {
                battles.push_back({i, j, outcome::tie, 1.0, {}});
            }
        }
    }
    for (const leaderboard_row& row : compute_leaderboard(3, battles, 4).rows) {
        EXPECT_NEAR(row.rating, 1000.0, 1e-9);
        EXPECT_EQ(row.rank, 1U);
    }
}

TEST(LeaderboardTest, ClearlySeparatedCompetitorsGetDistinctRanks) {
    const auto battles = testing::synthetic_battles({1400, 1000, 600}, 3000, 23);
    const leaderboard board = compute_leaderboard(3, battles, 4);
    EXPECT_EQ(row_of(board, 0).rank, 1U);
    EXPECT_EQ(row_of(board, 1).rank, 2U);
    EXPECT_EQ(row_of(board, 2).rank, 3U);
}

TEST(LeaderboardTest, RejectsInvalidOptions) {
    EXPECT_THROW(compute_leaderboard(2, {}, 1, {.bootstrap_rounds = 0}), std::invalid_argument);
    EXPECT_THROW(compute_leaderboard(2, {}, 1, {.confidence = 1.0}), std::invalid_argument);
}

TEST(RankByIntervalTest, OverlappingIntervalsShareARank) {
    const std::vector<std::optional<interval>> intervals = {
        interval{1150, 1250}, interval{1100, 1200}, interval{900, 1000}};
    const auto ranks = rank_by_interval(intervals);
    EXPECT_EQ(ranks[0], 1U);
    EXPECT_EQ(ranks[1], 1U);
    EXPECT_EQ(ranks[2], 3U);
}

TEST(RankByIntervalTest, RankCountsOnlyIntervalsEntirelyAbove) {
    const std::vector<std::optional<interval>> intervals = {
        interval{1300, 1400}, interval{1190, 1310}, interval{1000, 1200}, std::nullopt,
        interval{1000, 1100}};
    const auto ranks = rank_by_interval(intervals);
    EXPECT_EQ(ranks[0], 1U);
    EXPECT_EQ(ranks[1], 1U);
    EXPECT_EQ(ranks[2], 2U);
    EXPECT_FALSE(ranks[3]);
    EXPECT_EQ(ranks[4], 3U);
}

} // namespace
} // namespace ollama_arena::rating
