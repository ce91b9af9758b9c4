// rating: online Elo, the secondary leaderboard column. Pure; depends on battle order by design
// (docs/rating.md §7).
#pragma once

#include "rating/battle.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace ollama_arena::rating {

struct elo_options {
    double k = 32.0;         // step size per battle of weight 1
    double initial = 1000.0; // every competitor's starting rating
    double scale = 400.0;    // rating points per factor `base` in odds
    double base = 10.0;
};

// Processes the battles in the given order: E_a = 1/(1 + base^((R_b - R_a)/scale)),
// delta = k * weight * (S_a - E_a), R_a += delta, R_b -= delta, with S_a = 1, 0 or 1/2 (tie and
// both_bad). The sum of ratings stays competitors * initial (up to rounding).
// Returns one rating per competitor. Throws std::invalid_argument on invalid battles
// (check_battles) or options (k < 0, scale <= 0, base <= 1, non-finite values).
// Thread safety: a pure function; safe to call concurrently.
std::vector<double> online_elo(std::size_t competitors, std::span<const battle> battles,
                               const elo_options& options = {});

} // namespace ollama_arena::rating
