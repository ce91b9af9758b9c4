// Test support for the rating tests: battles drawn from known Bradley–Terry strengths with a
// seeded RNG (raw mt19937_64 output only, so the data are the same on every standard library).
#pragma once

#include "rating/battle.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace ollama_arena::rating::testing {

// Uniform double in [0, 1) from the top 53 bits.
inline double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11U) * 0x1.0p-53;
}

// `count` battles between uniformly chosen distinct pairs; i beats j with the Elo-scale BT
// probability of the true ratings; a tie with probability tie_share (drawn first).
inline std::vector<battle> synthetic_battles(const std::vector<double>& true_ratings,
                                             std::size_t count, std::uint64_t seed,
                                             double tie_share = 0.0) {
    std::mt19937_64 rng(seed);
    const std::uint64_t n = true_ratings.size();
    std::vector<battle> battles;
    battles.reserve(count);
    while (battles.size() < count) {
        const std::size_t a = rng() % n;
        const std::size_t b = rng() % n;
        if (a == b) {
            continue;
        }
        outcome result = outcome::tie;
        if (uniform01(rng) >= tie_share) {
            const double p_a =
                1.0 / (1.0 + std::pow(10.0, (true_ratings[b] - true_ratings[a]) / 400.0));
            result = uniform01(rng) < p_a ? outcome::a_wins : outcome::b_wins;
        }
        battles.push_back({a, b, result, 1.0, {}});
    }
    return battles;
}

inline double correlation(const std::vector<double>& x, const std::vector<double>& y) {
    const auto n = static_cast<double>(x.size());
    double mx = 0.0;
    double my = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i] / n;
        my += y[i] / n;
    }
    double sxy = 0.0;
    double sxx = 0.0;
    double syy = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

} // namespace ollama_arena::rating::testing
