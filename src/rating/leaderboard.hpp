// rating: the leaderboard: Bradley–Terry ratings with seeded bootstrap intervals, rank by interval,
// online Elo, counts and the pairwise win-rate matrix (docs/rating.md §4–§6). Pure.
#pragma once

#include "rating/battle.hpp"
#include "rating/bradley_terry.hpp"
#include "rating/elo.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ollama_arena::rating {

struct interval {
    double lower = 0.0;
    double upper = 0.0;
};

struct leaderboard_options {
    bt_options bt{};
    elo_options elo{};
    std::size_t bootstrap_rounds = 200; // >= 1
    double confidence = 0.95;           // in (0, 1): 0.95 -> the 2.5 % and 97.5 % quantiles
};

struct leaderboard_row {
    std::size_t competitor = 0;
    double rating = 0.0;             // Bradley–Terry; the anchor when battles == 0
    std::optional<interval> ci;      // empty when battles == 0 (no width claim)
    std::optional<std::size_t> rank; // 1-based, by interval; empty when battles == 0
    double elo = 0.0;                // online Elo over the battles in the given order
    std::size_t battles = 0;         // battle records; = wins + losses + ties + both_bad
    std::size_t wins = 0;
    std::size_t losses = 0;
    std::size_t ties = 0;
    std::size_t both_bad = 0;
};

struct leaderboard {
    // Competitors with battles by rating descending (equal ratings by index), then competitors
    // without battles by index. One row per competitor.
    std::vector<leaderboard_row> rows;
    // Indexed by competitor: [a][b] = (weighted wins of a over b + ties/2) / weighted battles of
    // the pair; empty on the diagonal and for pairs that never met.
    std::vector<std::vector<std::optional<double>>> win_rate;
    // Indexed by competitor: battle records between a and b (symmetric, 0 on the diagonal).
    std::vector<std::vector<std::size_t>> pair_battles;
    bool converged = true; // every Bradley–Terry fit (full data and bootstrap) converged
};

// Deterministic in (competitors, the multiset of battles, seed, options): the battles' order
// and turn id values only change the elo column. Cost: O(m log m) once, then per bootstrap round
// O(m) plus a warm-started fit (docs/rating.md §8).
// Throws std::invalid_argument on invalid battles (check_battles) or options.
// Thread safety: pure functions (the RNG is local and seeded); safe to call concurrently.
leaderboard compute_leaderboard(std::size_t competitors, std::span<const battle> battles,
                                std::uint64_t seed, const leaderboard_options& options = {});

// rank_i = 1 + #{ j : lower_j > upper_i } over the intervals present; empty for empty ones.
std::vector<std::optional<std::size_t>>
rank_by_interval(std::span<const std::optional<interval>> intervals);

} // namespace ollama_arena::rating
