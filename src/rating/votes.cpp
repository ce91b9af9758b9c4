// rating: turn votes -> weighted pairwise battles (docs/rating.md §2).
#include "rating/votes.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace ollama_arena::rating {
namespace {

void check_vote(const turn_vote& vote, std::size_t index) {
    std::vector<std::size_t> sorted = vote.competitors;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
        throw std::invalid_argument("rating: vote " + std::to_string(index) +
                                    " lists a competitor twice");
    }
    if (vote.kind == vote_kind::best && vote.best >= vote.competitors.size()) {
        throw std::invalid_argument("rating: vote " + std::to_string(index) +
                                    " chooses an answer it does not list");
    }
}

void expand_one(const turn_vote& vote, std::uint64_t turn, std::vector<battle>& out) {
    const std::vector<std::size_t>& shown = vote.competitors;
    const double weight = 1.0 / static_cast<double>(shown.size() - 1);
    if (vote.kind == vote_kind::best) {
        for (std::size_t k = 0; k < shown.size(); ++k) {
            if (k != vote.best) {
                out.push_back({shown[vote.best], shown[k], outcome::a_wins, weight, turn});
            }
        }
        return;
    }
    const outcome result = vote.kind == vote_kind::tie ? outcome::tie : outcome::both_bad;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        for (std::size_t j = i + 1; j < shown.size(); ++j) {
            out.push_back({shown[i], shown[j], result, weight, turn});
        }
    }
}

} // namespace

std::vector<battle> expand_turn_votes(std::span<const turn_vote> votes,
                                      std::uint64_t first_turn_id) {
    std::vector<battle> out;
    for (std::size_t v = 0; v < votes.size(); ++v) {
        if (votes[v].competitors.size() < 2) {
            continue; // one answer can neither win nor lose
        }
        check_vote(votes[v], v);
        expand_one(votes[v], first_turn_id + v, out);
    }
    return out;
}

} // namespace ollama_arena::rating
