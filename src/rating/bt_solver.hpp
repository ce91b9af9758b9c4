// rating (internal): pair tallies and the damped-Newton Bradley–Terry solver in natural
// log-strength units. Not part of the public API; used by bradley_terry.cpp and bootstrap.cpp.
#pragma once

#include "rating/battle.hpp"
#include "rating/bradley_terry.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>
#include <vector>

namespace ollama_arena::rating::detail {

// Weighted results of one unordered pair i < j; ties are split half and half.
struct pair_tally {
    std::size_t i = 0;
    std::size_t j = 0;
    double w_ij = 0.0; // weight of i beating j
    double w_ji = 0.0; // weight of j beating i
};

// What one battle adds to the tally of pair index `pair`.
struct contribution {
    std::uint32_t pair = 0;
    double to_i = 0.0;
    double to_j = 0.0;

    friend bool operator<(const contribution& x, const contribution& y) {
        return std::tie(x.pair, x.to_i, x.to_j) < std::tie(y.pair, y.to_i, y.to_j);
    }
};

struct pair_table {
    std::vector<pair_tally> pairs;        // sorted by (i, j); weights summed in canonical order
    std::vector<contribution> per_battle; // per_battle[k] belongs to battles[k]
};

// Battles must already be checked. The sums do not depend on the battles' order, bit for bit.
pair_table build_pair_table(std::span<const battle> battles);

// Solver settings in natural units (theta = ln strength).
struct solver_settings {
    double lambda = 0.0; // prior precision
    int max_iterations = 0;
    double tolerance = 0.0; // on max |Newton step|
};

// Validates the options (std::invalid_argument) and converts them to natural units.
solver_settings make_solver_settings(const bt_options& options);

// Natural log-strength -> rating points.
double to_rating(double theta, const bt_options& options);

struct solve_result {
    int iterations = 0;
    bool converged = false;
};

// Maximises the penalised log-likelihood over theta (in/out: the start, then the optimum).
// Holds its workspace so repeated solves (bootstrap) do not allocate.
// Thread safety: one solver per thread.
class bt_solver {
public:
    bt_solver(std::size_t competitors, solver_settings settings);

    solve_result solve(std::span<const pair_tally> pairs, std::span<double> theta);

private:
    double evaluate(std::span<const pair_tally> pairs, std::span<const double> theta);
    double build_system(std::span<const pair_tally> pairs, std::span<const double> theta);
    bool cholesky_solve();
    bool line_search(std::span<const pair_tally> pairs, std::span<double> theta, double f0);
    void recentre(std::span<double> theta);

    std::size_t n_;
    solver_settings settings_;
    std::vector<double> hessian_; // n*n, row-major; lower triangle used
    std::vector<double> gradient_;
    std::vector<double> step_;
    std::vector<double> trial_;
    std::vector<char> active_;
};

} // namespace ollama_arena::rating::detail
