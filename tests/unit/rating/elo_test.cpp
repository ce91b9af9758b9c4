// Unit tests of rating::online_elo: conservation, draw symmetry, K and weight, validation.
#include "rating/elo.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "unit/rating/synthetic_battles.hpp"

namespace ollama_arena::rating {
namespace {

TEST(EloTest, WinnerGainsWhatLoserLoses) {
    const std::vector<battle> battles = {{0, 1, outcome::a_wins, 1.0, {}}};
    const auto ratings = online_elo(2, battles);
    EXPECT_DOUBLE_EQ(ratings[0], 1016.0); // K/2 between equals
    EXPECT_DOUBLE_EQ(ratings[1], 984.0);
}

TEST(EloTest, WeightScalesTheStep) {
    const std::vector<battle> battles = {{0, 1, outcome::b_wins, 0.5, {}}};
    const auto ratings = online_elo(2, battles);
    EXPECT_DOUBLE_EQ(ratings[0], 992.0);
    EXPECT_DOUBLE_EQ(ratings[1], 1008.0);
}

TEST(EloTest, ExpectedWinMovesLessThanAnUpset) {
    const std::vector<battle> setup(10, battle{0, 1, outcome::a_wins, 1.0, {}});
    const auto before = online_elo(3, setup);
    std::vector<battle> expected = setup;
    expected.push_back({0, 1, outcome::a_wins, 1.0, {}});
    std::vector<battle> upset = setup;
    upset.push_back({0, 1, outcome::b_wins, 1.0, {}});
    const double gain = online_elo(3, expected)[0] - before[0];
    const double loss = before[0] - online_elo(3, upset)[0];
    EXPECT_GT(gain, 0.0);
    EXPECT_GT(loss, gain);
}

TEST(EloTest, ConservesTheSumOfRatings) {
    const std::vector<double> truth = {1300, 1100, 1000, 950, 700};
    auto battles = testing::synthetic_battles(truth, 5000, 7, 0.2);
    for (std::size_t k = 0; k < battles.size(); k += 3) {
        battles[k].weight = 0.25 + static_cast<double>(k % 5); // uneven weights too
    }
    const auto ratings = online_elo(6, battles, {.k = 40.0, .initial = 1500.0});
    EXPECT_NEAR(std::accumulate(ratings.begin(), ratings.end(), 0.0), 6 * 1500.0, 1e-8);
    EXPECT_DOUBLE_EQ(ratings[5], 1500.0); // never played
}

TEST(EloTest, DrawIsSymmetricInItsSides) {
    const std::vector<battle> history = {{0, 1, outcome::a_wins, 1.0, {}},
                                         {2, 0, outcome::a_wins, 1.0, {}}};
    std::vector<battle> draw_ab = history;
    draw_ab.push_back({0, 2, outcome::tie, 1.0, {}});
    std::vector<battle> draw_ba = history;
    draw_ba.push_back({2, 0, outcome::both_bad, 1.0, {}});
    EXPECT_EQ(online_elo(3, draw_ab), online_elo(3, draw_ba));
}

TEST(EloTest, DrawBetweenEqualsChangesNothing) {
    const std::vector<battle> battles = {{0, 1, outcome::tie, 1.0, {}},
                                         {1, 0, outcome::both_bad, 1.0, {}}};
    EXPECT_EQ(online_elo(2, battles), (std::vector<double>{1000.0, 1000.0}));
}

TEST(EloTest, DependsOnTheOrderOfBattles) {
    const std::vector<battle> win_then_loss = {{0, 1, outcome::a_wins, 1.0, {}},
                                               {0, 2, outcome::b_wins, 1.0, {}}};
    const std::vector<battle> loss_then_win = {win_then_loss[1], win_then_loss[0]};
    EXPECT_NE(online_elo(3, win_then_loss)[0], online_elo(3, loss_then_win)[0]);
}

TEST(EloTest, RejectsInvalidBattlesAndOptions) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(online_elo(2, std::vector<battle>{{0, 2, outcome::tie, 1.0, {}}}),
                 std::invalid_argument);
    EXPECT_THROW(online_elo(2, std::vector<battle>{{1, 1, outcome::tie, 1.0, {}}}),
                 std::invalid_argument);
    EXPECT_THROW(online_elo(2, std::vector<battle>{{0, 1, outcome::tie, 0.0, {}}}),
                 std::invalid_argument);
    EXPECT_THROW(online_elo(2, std::vector<battle>{{0, 1, outcome::tie, nan, {}}}),
                 std::invalid_argument);
    EXPECT_THROW(online_elo(2, {}, {.k = -1.0}), std::invalid_argument);
    EXPECT_THROW(online_elo(2, {}, {.base = 1.0}), std::invalid_argument);
}

} // namespace
} // namespace ollama_arena::rating
