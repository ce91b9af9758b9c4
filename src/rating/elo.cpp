// rating: online Elo (docs/rating.md §7).
#include "rating/elo.hpp"

#include <cmath>
#include <stdexcept>

namespace ollama_arena::rating {
namespace {

void check_options(const elo_options& options) {
    const bool finite = std::isfinite(options.k) && std::isfinite(options.initial) &&
                        std::isfinite(options.scale) && std::isfinite(options.base);
    if (!finite || options.k < 0.0 || options.scale <= 0.0 || options.base <= 1.0) {
        throw std::invalid_argument(
            "rating: elo_options need finite values, k >= 0, scale > 0 and base > 1");
    }
}

// S_a - E_a. Written with tanh, an odd function, so that a draw between a and b moves the
// ratings by exactly the same amounts whichever side is called a.
double surprise(outcome result, double difference) {
    const double half_tanh = 0.5 * std::tanh(0.5 * difference); // E_a - 1/2
    switch (result) {
    case outcome::a_wins:
        return 0.5 - half_tanh;
    case outcome::b_wins:
        return -0.5 - half_tanh;
    case outcome::tie:
    case outcome::both_bad:
        break;
    }
    return -half_tanh;
}

} // namespace

std::vector<double> online_elo(std::size_t competitors, std::span<const battle> battles,
                               const elo_options& options) {
    check_battles(competitors, battles);
    check_options(options);
    const double per_point = std::log(options.base) / options.scale;
    std::vector<double> ratings(competitors, options.initial);
    for (const battle& b : battles) {
        const double difference = (ratings[b.a] - ratings[b.b]) * per_point;
        const double delta = options.k * b.weight * surprise(b.result, difference);
        ratings[b.a] += delta;
        ratings[b.b] -= delta;
    }
    return ratings;
}

} // namespace ollama_arena::rating
