// rating (internal): seeded bootstrap of the Bradley–Terry fit (docs/rating.md §4).
// Deterministic on every platform: raw mt19937_64 output and Lemire's bounded draw, never
// std::uniform_int_distribution (its algorithm is the standard library's choice).
#include "rating/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace ollama_arena::rating::detail {
namespace {

constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ULL;

// One output of splitmix64 from state x (Steele, Lea & Flood 2014).
std::uint64_t splitmix64(std::uint64_t x) {
    x += golden_gamma;
    x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31U);
}

// Uniform integers in [0, bound) from 32-bit halves of mt19937_64 output (Lemire 2019).
class index_sampler {
public:
    index_sampler(std::uint64_t seed, std::uint32_t bound)
        : engine_(seed), bound_(bound), threshold_((0U - bound) % bound) {}

    std::uint32_t next() {
        for (;;) {
            const std::uint64_t product = std::uint64_t{next32()} * bound_;
            if (static_cast<std::uint32_t>(product) >= threshold_) {
                return static_cast<std::uint32_t>(product >> 32U);
            }
        }
    }

private:
    std::uint32_t next32() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        const std::uint64_t word = engine_();
        spare_ = static_cast<std::uint32_t>(word);
        has_spare_ = true;
        return static_cast<std::uint32_t>(word >> 32U);
    }

    std::mt19937_64 engine_;
    std::uint32_t bound_;
    std::uint32_t threshold_;
    std::uint32_t spare_ = 0;
    bool has_spare_ = false;
};

// Resampling units (turns, or single battles) in canonical order, as offsets into items.
struct unit_set {
    std::vector<std::size_t> offsets; // unit u is items[offsets[u], offsets[u + 1])
    std::vector<contribution> items;
    std::size_t size() const { return offsets.size() - 1; }
};

std::vector<std::vector<contribution>> group_by_turn(std::span<const battle> battles,
                                                     const pair_table& table) {
    std::vector<std::vector<contribution>> units;
    std::vector<std::size_t> in_turns;
    for (std::size_t k = 0; k < battles.size(); ++k) {
        if (battles[k].turn) {
            in_turns.push_back(k);
        } else {
            units.push_back({table.per_battle[k]});
        }
    }
    std::sort(in_turns.begin(), in_turns.end(),
              [&](std::size_t x, std::size_t y) { return *battles[x].turn < *battles[y].turn; });
    for (std::size_t k = 0; k < in_turns.size(); ++k) {
        const bool starts_turn =
            k == 0 || *battles[in_turns[k]].turn != *battles[in_turns[k - 1]].turn;
        if (starts_turn) {
            units.emplace_back();
        }
        units.back().push_back(table.per_battle[in_turns[k]]);
    }
    return units;
}

// Units sorted by content, so neither the battles' order nor the turn ids' values matter.
unit_set make_units(std::span<const battle> battles, const pair_table& table) {
    std::vector<std::vector<contribution>> units = group_by_turn(battles, table);
    for (auto& unit : units) {
        std::sort(unit.begin(), unit.end());
    }
    std::sort(units.begin(), units.end());
    unit_set set;
    set.offsets.reserve(units.size() + 1);
    set.items.reserve(battles.size());
    set.offsets.push_back(0);
    for (const auto& unit : units) {
        set.items.insert(set.items.end(), unit.begin(), unit.end());
        set.offsets.push_back(set.items.size());
    }
    return set;
}

// Draws units.size() units with replacement and re-tallies the pairs from them.
void resample(const unit_set& units, index_sampler& sampler, std::vector<std::uint32_t>& counts,
              std::vector<pair_tally>& pairs) {
    std::fill(counts.begin(), counts.end(), 0U);
    for (std::size_t k = 0; k < units.size(); ++k) {
        ++counts[sampler.next()];
    }
    for (pair_tally& p : pairs) {
        p.w_ij = 0.0;
        p.w_ji = 0.0;
    }
    for (std::size_t u = 0; u < units.size(); ++u) {
        if (counts[u] == 0) {
            continue;
        }
        const double times = counts[u];
        for (std::size_t k = units.offsets[u]; k < units.offsets[u + 1]; ++k) {
            const contribution& c = units.items[k];
            pairs[c.pair].w_ij += times * c.to_i;
            pairs[c.pair].w_ji += times * c.to_j;
        }
    }
}

std::vector<interval> to_intervals(std::vector<std::vector<double>>& samples, double confidence) {
    const double tail = (1.0 - confidence) / 2.0;
    std::vector<interval> intervals;
    intervals.reserve(samples.size());
    for (std::vector<double>& s : samples) {
        std::sort(s.begin(), s.end());
        intervals.push_back({quantile(s, tail), quantile(s, 1.0 - tail)});
    }
    return intervals;
}

} // namespace

double quantile(std::span<const double> sorted, double q) {
    const double position = q * static_cast<double>(sorted.size() - 1);
    const double below = std::floor(position);
    const auto index = static_cast<std::size_t>(below);
    if (index + 1 >= sorted.size()) {
        return sorted.back();
    }
    return sorted[index] + (position - below) * (sorted[index + 1] - sorted[index]);
}

bootstrap_output bootstrap_intervals(std::size_t competitors, std::span<const battle> battles,
                                     const pair_table& table, std::span<const double> theta_hat,
                                     const bt_options& options,
                                     const bootstrap_settings& settings) {
    const unit_set units = make_units(battles, table);
    std::vector<std::uint32_t> counts(units.size());
    std::vector<pair_tally> pairs = table.pairs;
    std::vector<std::vector<double>> samples(competitors);
    std::vector<double> theta(competitors);
    bt_solver solver(competitors, make_solver_settings(options));
    bootstrap_output output;
    for (std::size_t r = 0; r < settings.rounds; ++r) {
        if (units.size() != 0) {
            index_sampler sampler(splitmix64(settings.seed + r * golden_gamma),
                                  static_cast<std::uint32_t>(units.size()));
            resample(units, sampler, counts, pairs);
        }
        std::copy(theta_hat.begin(), theta_hat.end(), theta.begin());
        output.converged = solver.solve(pairs, theta).converged && output.converged;
        for (std::size_t c = 0; c < competitors; ++c) {
            samples[c].push_back(to_rating(theta[c], options));
        }
    }
    output.intervals = to_intervals(samples, settings.confidence);
    return output;
}

} // namespace ollama_arena::rating::detail
