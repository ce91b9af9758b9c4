// rating: the pairwise battle, the unit every rating in this folder is computed from.
// Pure data: no I/O, no clock, no JSON, no storage types (docs/rating.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace ollama_arena::rating {

// Result of one battle, seen from side a. both_bad is a tie in every fit; it is kept apart only
// so the leaderboard can count it separately (docs/rating.md §2).
enum class outcome { a_wins, b_wins, tie, both_bad };

// One pairwise comparison between competitors a and b (opaque indices 0 … n-1 chosen by the
// caller; a competitor is a configuration, docs/rating.md §1).
//
// weight: how many battles' worth of evidence this is (expand_turn_votes gives 1/(N-1) to each
// pair of an N-way turn). Must be finite and > 0.
// turn: battles with the same turn id are resampled together by the bootstrap (they come from
// one judgement). nullopt: the battle is its own resampling unit. Ids are only compared for
// equality; their values never change a result.
struct battle {
    std::size_t a = 0;
    std::size_t b = 0;
    outcome result = outcome::tie;
    double weight = 1.0;
    std::optional<std::uint64_t> turn;
};

// Throws std::invalid_argument unless every battle has a < competitors, b < competitors,
// a != b and a finite weight > 0. Every function taking battles calls it first.
void check_battles(std::size_t competitors, std::span<const battle> battles);

} // namespace ollama_arena::rating
