// rating: validation shared by every function that takes battles.
#include "rating/battle.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace ollama_arena::rating {

void check_battles(std::size_t competitors, std::span<const battle> battles) {
    // Pair and unit indices are stored as 32 bits in the bootstrap's hot loop.
    if (battles.size() > std::numeric_limits<std::uint32_t>::max()) {
        throw std::invalid_argument("rating: more than 2^32 - 1 battles");
    }
    for (std::size_t k = 0; k < battles.size(); ++k) {
        const battle& b = battles[k];
        if (b.a >= competitors || b.b >= competitors) {
            throw std::invalid_argument("rating: battle " + std::to_string(k) +
                                        " names a competitor >= " + std::to_string(competitors));
        }
        if (b.a == b.b) {
            throw std::invalid_argument("rating: battle " + std::to_string(k) +
                                        " pits a competitor against itself");
        }
        if (!std::isfinite(b.weight) || b.weight <= 0.0) {
            throw std::invalid_argument("rating: battle " + std::to_string(k) +
                                        " has a weight that is not finite and > 0");
        }
    }
}

} // namespace ollama_arena::rating
