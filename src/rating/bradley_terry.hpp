// rating: Bradley–Terry maximum a posteriori ratings on the Elo scale, ties as half-wins, with a
// Gaussian prior; solved by damped Newton on the aggregated pairs (docs/rating.md §3).
#pragma once

#include "rating/battle.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace ollama_arena::rating {

struct bt_options {
    double scale = 400.0; // rating points per factor `base` in odds
    double base = 10.0;
    double anchor = 1000.0;   // the mean of all ratings (competitors without battles included)
    double prior_sd = 400.0;  // standard deviation of the Gaussian prior, in rating points
    int max_iterations = 100; // Newton steps
    double tolerance = 1e-6;  // stop when every Newton step is below this, in rating points
};

struct bt_fit {
    std::vector<double> ratings; // one per competitor; finite; mean == anchor
    int iterations = 0;
    bool converged = false;
};

// Fits every competitor's rating. Aggregates the battles once into pair tallies (O(battles)),
// then each Newton step costs O(pairs + competitors^3). The result does not depend on the order
// of the battles (beyond rounding, far below tolerance). A competitor without battles gets
// exactly the anchor. Throws std::invalid_argument on invalid battles (check_battles) or options
// (scale <= 0, base <= 1, prior_sd <= 0, max_iterations < 1, tolerance <= 0, non-finite values).
// Thread safety: a pure function; safe to call concurrently.
bt_fit fit_bradley_terry(std::size_t competitors, std::span<const battle> battles,
                         const bt_options& options = {});

} // namespace ollama_arena::rating
