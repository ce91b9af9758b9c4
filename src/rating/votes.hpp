// rating: turn votes (one blind judgement over N answers) -> weighted pairwise battles.
// Pure function; the weighting rule and its argument are in docs/rating.md §2.
#pragma once

#include "rating/battle.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ollama_arena::rating {

enum class vote_kind { best, tie, all_bad };

// One vote on one turn. competitors: the competitor index of each answer shown (order is the
// caller's, e.g. slot order). best: index into competitors of the chosen answer, read only
// when kind == vote_kind::best.
struct turn_vote {
    std::vector<std::size_t> competitors;
    vote_kind kind = vote_kind::best;
    std::size_t best = 0;
};

// Every pair produced from an N-way turn has weight 1/(N-1), so one vote gives any competitor at
// most one battle's worth of evidence:
//   best    -> the chosen answer beats each of the other N-1 (outcome a_wins, a = chosen);
//   tie     -> all N(N-1)/2 pairs, outcome tie;
//   all_bad -> all N(N-1)/2 pairs, outcome both_bad.
// Battles of vote v carry turn = first_turn_id + v (they are one bootstrap unit). Battles come
// out in vote order, and within a vote in the order of its competitors list.
// Votes with fewer than two competitors produce nothing.
// Throws std::invalid_argument if a vote lists a competitor twice, or kind == best and
// best >= competitors.size().
// Thread safety: a pure function; safe to call concurrently.
std::vector<battle> expand_turn_votes(std::span<const turn_vote> votes,
                                      std::uint64_t first_turn_id = 0);

} // namespace ollama_arena::rating
