// Unit tests of rating::fit_bradley_terry: recovery of known strengths, order independence,
// ties, the prior, the anchor and the Elo scale.
#include "rating/bradley_terry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include "unit/rating/synthetic_battles.hpp"

namespace ollama_arena::rating {
namespace {

double mean(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::vector<battle> repeat(battle b, std::size_t times) {
    std::vector<battle> battles(times, b); // not braced: that would be a two-element list
    return battles;
}

TEST(BradleyTerryTest, RecoversKnownStrengthsFromSyntheticVotes) {
    const std::vector<double> truth = {1250, 1150, 1080, 1000, 960, 900, 850, 810}; // mean 1000
    // No ties: ties drawn independently of strength would compress the true differences.
    const auto battles = testing::synthetic_battles(truth, 20000, 42);
    const bt_fit fit = fit_bradley_terry(truth.size(), battles);
    ASSERT_TRUE(fit.converged);
    EXPECT_LE(fit.iterations, 10);
    EXPECT_GT(testing::correlation(fit.ratings, truth), 0.995);
    for (std::size_t c = 0; c < truth.size(); ++c) {
        EXPECT_NEAR(fit.ratings[c], truth[c], 25.0) << "competitor " << c;
    }
}

TEST(BradleyTerryTest, ResultDoesNotDependOnVoteOrder) {
    const std::vector<double> truth = {1200, 1100, 1000, 900, 800};
    auto battles = testing::synthetic_battles(truth, 3000, 3, 0.2);
    const auto before = fit_bradley_terry(truth.size(), battles).ratings;
    std::mt19937_64 rng(99);
    std::shuffle(battles.begin(), battles.end(), rng);
    for (std::size_t k = 0; k < battles.size(); k += 2) { // and swap sides
        std::swap(battles[k].a, battles[k].b);
        if (battles[k].result == outcome::a_wins) {
            battles[k].result = outcome::b_wins;
        } else if (battles[k].result == outcome::b_wins) {
            battles[k].result = outcome::a_wins;
        }
    }
    const auto after = fit_bradley_terry(truth.size(), battles).ratings;
    for (std::size_t c = 0; c < truth.size(); ++c) {
        EXPECT_NEAR(after[c], before[c], 1e-9);
    }
}

TEST(BradleyTerryTest, AllTiesGiveEqualRatings) {
    std::vector<battle> battles;
    for (std::size_t i = 0; i < 4; ++i) {
        for (std::size_t j = i + 1; j < 4; ++j) {
            battles.push_back({i, j, outcome::tie, 1.0, {}});
            battles.push_back({j, i, outcome::both_bad, 0.5, {}});
        }
    }
    battles.push_back({0, 3, outcome::tie, 2.0, {}}); // uneven schedules too
    for (const double r : fit_bradley_terry(4, battles).ratings) {
        EXPECT_NEAR(r, 1000.0, 1e-9);
    }
}

TEST(BradleyTerryTest, EqualRecordsGiveEqualRatings) {
    std::vector<battle> battles = repeat({0, 1, outcome::a_wins, 1.0, {}}, 5);
    const auto losses = repeat({0, 1, outcome::b_wins, 1.0, {}}, 5);
    battles.insert(battles.end(), losses.begin(), losses.end());
    const auto ratings = fit_bradley_terry(2, battles).ratings;
    EXPECT_NEAR(ratings[0], ratings[1], 1e-9);
}

TEST(BradleyTerryTest, CompetitorWithoutBattlesGetsExactlyTheAnchor) {
    const auto battles = repeat({0, 2, outcome::a_wins, 1.0, {}}, 4);
    const auto ratings = fit_bradley_terry(3, battles, {.anchor = 1500.0}).ratings;
    EXPECT_EQ(ratings[1], 1500.0);
    EXPECT_GT(ratings[0], 1500.0);
    EXPECT_LT(ratings[2], 1500.0);
}

TEST(BradleyTerryTest, CompetitorWithOnlyWinsStaysFinite) {
    std::vector<battle> battles = repeat({0, 1, outcome::a_wins, 1.0, {}}, 100);
    battles.push_back({1, 2, outcome::a_wins, 1.0, {}});
    battles.push_back({1, 2, outcome::b_wins, 1.0, {}});
    const bt_fit fit = fit_bradley_terry(3, battles);
    EXPECT_TRUE(fit.converged);
    for (const double r : fit.ratings) {
        EXPECT_TRUE(std::isfinite(r));
    }
    EXPECT_GT(fit.ratings[0], fit.ratings[1] + 400.0);
    EXPECT_LT(fit.ratings[0], 1000.0 + 1500.0);
}

TEST(BradleyTerryTest, MeanRatingIsTheAnchor) {
    const std::vector<double> truth = {1400, 1000, 990, 700, 650, 600};
    const auto battles = testing::synthetic_battles(truth, 500, 11);
    EXPECT_NEAR(mean(fit_bradley_terry(truth.size(), battles).ratings), 1000.0, 1e-9);
}

TEST(BradleyTerryTest, DisconnectedGroupsAreEachCentredOnTheAnchor) {
    std::vector<battle> battles = repeat({0, 1, outcome::a_wins, 1.0, {}}, 3);
    const auto other = repeat({3, 2, outcome::a_wins, 1.0, {}}, 9);
    battles.insert(battles.end(), other.begin(), other.end());
    const auto r = fit_bradley_terry(4, battles).ratings;
    EXPECT_NEAR((r[0] + r[1]) / 2.0, 1000.0, 1e-9);
    EXPECT_NEAR((r[2] + r[3]) / 2.0, 1000.0, 1e-9);
}

TEST(BradleyTerryTest, OddsMapToTheEloScale) {
    // With a negligible prior the MLE of two competitors is log-odds: 30 wins to 10 losses ->
    // 400 * log10(3) points apart.
    std::vector<battle> battles = repeat({0, 1, outcome::a_wins, 1.0, {}}, 30);
    const auto losses = repeat({0, 1, outcome::b_wins, 1.0, {}}, 10);
    battles.insert(battles.end(), losses.begin(), losses.end());
    const auto r = fit_bradley_terry(2, battles, {.prior_sd = 1e6}).ratings;
    EXPECT_NEAR(r[0] - r[1], 400.0 * std::log10(3.0), 1e-6);
}

TEST(BradleyTerryTest, TieCountsAsHalfAWin) {
    // 1 win + 2 ties against 1 loss: 2 wins to 2 losses -> equal.
    const std::vector<battle> battles = {{0, 1, outcome::a_wins, 1.0, {}},
                                         {0, 1, outcome::tie, 1.0, {}},
                                         {1, 0, outcome::tie, 1.0, {}},
                                         {1, 0, outcome::a_wins, 1.0, {}}};
    const auto r = fit_bradley_terry(2, battles).ratings;
    EXPECT_NEAR(r[0], r[1], 1e-9);
}

TEST(BradleyTerryTest, StrongerPriorShrinksTowardsTheAnchor) {
    const auto battles = repeat({0, 1, outcome::a_wins, 1.0, {}}, 5);
    const double weak = fit_bradley_terry(2, battles, {.prior_sd = 400.0}).ratings[0];
    const double strong = fit_bradley_terry(2, battles, {.prior_sd = 50.0}).ratings[0];
    EXPECT_GT(weak, strong);
    EXPECT_GT(strong, 1000.0);
}

TEST(BradleyTerryTest, WeightsCountAsFractionalBattles) {
    const auto two_halves = repeat({0, 1, outcome::a_wins, 0.5, {}}, 2);
    const auto one_whole = repeat({0, 1, outcome::a_wins, 1.0, {}}, 1);
    const auto x = fit_bradley_terry(2, two_halves).ratings;
    const auto y = fit_bradley_terry(2, one_whole).ratings;
    EXPECT_NEAR(x[0], y[0], 1e-9);
    EXPECT_NEAR(x[1], y[1], 1e-9);
}

TEST(BradleyTerryTest, NoBattlesGivesEveryoneTheAnchor) {
    const bt_fit fit = fit_bradley_terry(3, {});
    EXPECT_TRUE(fit.converged);
    EXPECT_EQ(fit.ratings, (std::vector<double>{1000.0, 1000.0, 1000.0}));
}

TEST(BradleyTerryTest, RejectsInvalidOptions) {
    EXPECT_THROW(fit_bradley_terry(2, {}, {.prior_sd = 0.0}), std::invalid_argument);
    EXPECT_THROW(fit_bradley_terry(2, {}, {.base = 0.5}), std::invalid_argument);
    EXPECT_THROW(fit_bradley_terry(2, {}, {.max_iterations = 0}), std::invalid_argument);
    EXPECT_THROW(fit_bradley_terry(2, std::vector<battle>{{0, 5, outcome::tie, 1.0, {}}}),
                 std::invalid_argument);
}

} // namespace
} // namespace ollama_arena::rating
