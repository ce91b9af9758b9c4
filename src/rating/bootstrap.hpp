// rating (internal): seeded bootstrap of the Bradley–Terry fit, resampling whole turns
// (docs/rating.md §4). Not part of the public API; used by leaderboard.cpp.
#pragma once

#include "rating/battle.hpp"
#include "rating/bradley_terry.hpp"
#include "rating/bt_solver.hpp"
#include "rating/leaderboard.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ollama_arena::rating::detail {

struct bootstrap_settings {
    std::size_t rounds = 0;
    double confidence = 0.0;
    std::uint64_t seed = 0;
};

struct bootstrap_output {
    std::vector<interval> intervals; // one per competitor, in rating points
    bool converged = true;           // every refit converged
};

// battles and table must describe the same, checked battles (table = build_pair_table(battles));
// theta_hat is the full-data fit (natural units), used as every refit's warm start.
bootstrap_output bootstrap_intervals(std::size_t competitors, std::span<const battle> battles,
                                     const pair_table& table, std::span<const double> theta_hat,
                                     const bt_options& options, const bootstrap_settings& settings);

// Linear interpolation between order statistics (numpy's default); sorted must be non-empty
// and ascending; q in [0, 1].
double quantile(std::span<const double> sorted, double q);

} // namespace ollama_arena::rating::detail
