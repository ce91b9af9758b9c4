// Benchmarks of the rating library (docs/rating.md §8): the batch refit with bootstrap
// intervals at the product's target size (100 000 battles, 50 competitors, 200 rounds), its
// parts, and how it scales with the number of competitors. Synthetic data, fixed seeds.
#include "rating/bradley_terry.hpp"
#include "rating/elo.hpp"
#include "rating/leaderboard.hpp"
#include "rating/votes.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using namespace ollama_arena::rating;

double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11U) * 0x1.0p-53;
}

// True ratings evenly spread over 700 … 1300; 10 % of battles are ties.
std::vector<battle> make_battles(std::size_t competitors, std::size_t count) {
    std::mt19937_64 rng(20240601);
    std::vector<battle> battles;
    battles.reserve(count);
    const auto spread = [&](std::size_t c) {
        return 700.0 + 600.0 * static_cast<double>(c) / static_cast<double>(competitors - 1);
    };
    while (battles.size() < count) {
        const std::size_t a = rng() % competitors;
        const std::size_t b = rng() % competitors;
        if (a == b) {
            continue;
        }
        const double p_a = 1.0 / (1.0 + std::pow(10.0, (spread(b) - spread(a)) / 400.0));
        const double u = uniform01(rng);
        const outcome result = u < 0.1                ? outcome::tie
                               : uniform01(rng) < p_a ? outcome::a_wins
                                                      : outcome::b_wins;
        battles.push_back({a, b, result, 1.0, {}});
    }
    return battles;
}

// Best-of-N turns (each answer set drawn at random), expanded with turn ids.
std::vector<battle> make_turn_battles(std::size_t competitors, std::size_t turns,
                                      std::size_t answers) {
    std::mt19937_64 rng(7);
    std::vector<turn_vote> votes;
    votes.reserve(turns);
    std::vector<std::size_t> all(competitors);
    for (std::size_t c = 0; c < competitors; ++c) {
        all[c] = c;
    }
    for (std::size_t t = 0; t < turns; ++t) {
        for (std::size_t k = 0; k < answers; ++k) { // partial Fisher–Yates
            std::swap(all[k], all[k + rng() % (competitors - k)]);
        }
        votes.push_back({{all.begin(), all.begin() + static_cast<std::ptrdiff_t>(answers)},
                         vote_kind::best,
                         rng() % answers});
    }
    return expand_turn_votes(votes);
}

void bm_leaderboard(benchmark::State& state) {
    const auto competitors = static_cast<std::size_t>(state.range(0));
    const auto count = static_cast<std::size_t>(state.range(1));
    const auto rounds = static_cast<std::size_t>(state.range(2));
    const std::vector<battle> battles = make_battles(competitors, count);
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            compute_leaderboard(competitors, battles, 1, {.bootstrap_rounds = rounds}));
    }
    state.counters["battles"] = static_cast<double>(count);
}
BENCHMARK(bm_leaderboard)
    ->ArgNames({"competitors", "battles", "rounds"})
    ->Args({50, 100000, 200}) // the target: < 2 s
    ->Args({10, 100000, 200})
    ->Args({100, 100000, 200})
    ->Args({200, 100000, 200})
    ->Args({50, 1000, 200})
    ->Unit(benchmark::kMillisecond);

void bm_leaderboard_turns(benchmark::State& state) {
    // 40 000 best-of-4 turns = 120 000 battles in 40 000 resampling units.
    const std::vector<battle> battles = make_turn_battles(50, 40000, 4);
    for (auto _ : state) {
        benchmark::DoNotOptimize(compute_leaderboard(50, battles, 1));
    }
    state.counters["battles"] = static_cast<double>(battles.size());
}
BENCHMARK(bm_leaderboard_turns)->Unit(benchmark::kMillisecond);

void bm_fit_bradley_terry(benchmark::State& state) {
    const std::vector<battle> battles = make_battles(50, 100000);
    for (auto _ : state) {
        benchmark::DoNotOptimize(fit_bradley_terry(50, battles));
    }
}
BENCHMARK(bm_fit_bradley_terry)->Unit(benchmark::kMillisecond);

void bm_online_elo(benchmark::State& state) {
    const std::vector<battle> battles = make_battles(50, 100000);
    for (auto _ : state) {
        benchmark::DoNotOptimize(online_elo(50, battles));
    }
}
BENCHMARK(bm_online_elo)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
