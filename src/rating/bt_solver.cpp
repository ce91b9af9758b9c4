// rating (internal): pair tallies and the damped-Newton Bradley–Terry solver
// (docs/rating.md §3.1, §3.5). Natural units: theta = ln strength.
#include "rating/bt_solver.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

namespace ollama_arena::rating::detail {
namespace {

constexpr double armijo_fraction = 1e-4;     // required share of the predicted increase
constexpr double roundoff_allowance = 1e-12; // relative noise tolerated in f
constexpr int max_halvings = 60;

// A battle's contribution keyed by its pair (i < j), before pairs are numbered.
struct keyed_contribution {
    std::size_t i = 0;
    std::size_t j = 0;
    double to_i = 0.0;
    double to_j = 0.0;

    friend bool operator<(const keyed_contribution& x, const keyed_contribution& y) {
        return std::tie(x.i, x.j, x.to_i, x.to_j) < std::tie(y.i, y.j, y.to_i, y.to_j);
    }
};

keyed_contribution key_of(const battle& b) {
    double to_a = 0.0;
    double to_b = 0.0;
    switch (b.result) {
    case outcome::a_wins:
        to_a = b.weight;
        break;
    case outcome::b_wins:
        to_b = b.weight;
        break;
    case outcome::tie:
    case outcome::both_bad:
        to_a = 0.5 * b.weight;
        to_b = 0.5 * b.weight;
        break;
    }
    if (b.a < b.b) {
        return {b.a, b.b, to_a, to_b};
    }
    return {b.b, b.a, to_b, to_a};
}

bool finite_positive(double value) {
    return std::isfinite(value) && value > 0.0;
}

} // namespace

pair_table build_pair_table(std::span<const battle> battles) {
    std::vector<keyed_contribution> keyed;
    keyed.reserve(battles.size());
    for (const battle& b : battles) {
        keyed.push_back(key_of(b));
    }
    // Summing in sorted order makes the tallies independent of the battles' order, bit for bit.
    std::vector<keyed_contribution> sorted = keyed;
    std::sort(sorted.begin(), sorted.end());
    pair_table table;
    for (const keyed_contribution& k : sorted) {
        if (table.pairs.empty() || table.pairs.back().i != k.i || table.pairs.back().j != k.j) {
            table.pairs.push_back({k.i, k.j, 0.0, 0.0});
        }
        table.pairs.back().w_ij += k.to_i;
        table.pairs.back().w_ji += k.to_j;
    }
    table.per_battle.reserve(keyed.size());
    const auto before = [](const pair_tally& p, const keyed_contribution& k) {
        return std::tie(p.i, p.j) < std::tie(k.i, k.j);
    };
    for (const keyed_contribution& k : keyed) {
        const auto it = std::lower_bound(table.pairs.begin(), table.pairs.end(), k, before);
        const auto index = static_cast<std::uint32_t>(it - table.pairs.begin());
        table.per_battle.push_back({index, k.to_i, k.to_j});
    }
    return table;
}

solver_settings make_solver_settings(const bt_options& options) {
    if (!finite_positive(options.scale) || !std::isfinite(options.base) || options.base <= 1.0 ||
        !std::isfinite(options.anchor) || !finite_positive(options.prior_sd) ||
        options.max_iterations < 1 || !finite_positive(options.tolerance)) {
        throw std::invalid_argument("rating: bt_options need finite values, scale > 0, base > 1, "
                                    "prior_sd > 0, max_iterations >= 1 and tolerance > 0");
    }
    const double per_point = std::log(options.base) / options.scale;
    const double sd = options.prior_sd * per_point;
    return {1.0 / (sd * sd), options.max_iterations, options.tolerance * per_point};
}

double to_rating(double theta, const bt_options& options) {
    return options.anchor + theta * options.scale / std::log(options.base);
}

bt_solver::bt_solver(std::size_t competitors, solver_settings settings)
    : n_(competitors), settings_(settings), hessian_(competitors * competitors),
      gradient_(competitors), step_(competitors), trial_(competitors), active_(competitors) {}

solve_result bt_solver::solve(std::span<const pair_tally> pairs, std::span<double> theta) {
    for (int iteration = 1; iteration <= settings_.max_iterations; ++iteration) {
        const double f0 = build_system(pairs, theta);
        if (!cholesky_solve()) {
            recentre(theta); // unreachable for an SPD system; kept finite regardless
            return {iteration, false};
        }
        double largest = 0.0;
        for (const double s : step_) {
            largest = std::max(largest, std::abs(s));
        }
        if (largest <= settings_.tolerance) {
            for (std::size_t i = 0; i < n_; ++i) {
                theta[i] += step_[i];
            }
            recentre(theta);
            return {iteration, true};
        }
        if (!line_search(pairs, theta, f0)) {
            recentre(theta);
            return {iteration, false};
        }
    }
    recentre(theta);
    return {settings_.max_iterations, false};
}

// f(theta) = sum over pairs of w_ij log s(d) + w_ji log s(-d) - lambda/2 |theta|^2, d = ti - tj,
// with log s(d) = -(max(-d, 0) + log1p(exp(-|d|))): one exp and one log1p per pair.
double bt_solver::evaluate(std::span<const pair_tally> pairs, std::span<const double> theta) {
    double f = 0.0;
    for (const pair_tally& p : pairs) {
        const double d = theta[p.i] - theta[p.j];
        const double soft = std::log1p(std::exp(-std::abs(d)));
        f -= p.w_ij * (std::max(-d, 0.0) + soft) + p.w_ji * (std::max(d, 0.0) + soft);
    }
    double squares = 0.0;
    for (const double t : theta) {
        squares += t * t;
    }
    return f - 0.5 * settings_.lambda * squares;
}

// Gradient g and A = -Hessian (lower triangle) at theta; returns f(theta).
double bt_solver::build_system(std::span<const pair_tally> pairs, std::span<const double> theta) {
    std::fill(hessian_.begin(), hessian_.end(), 0.0);
    std::fill(active_.begin(), active_.end(), char{0});
    double f = 0.0;
    double squares = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
        gradient_[i] = -settings_.lambda * theta[i];
        hessian_[i * n_ + i] = settings_.lambda;
        squares += theta[i] * theta[i];
    }
    for (const pair_tally& p : pairs) {
        const double d = theta[p.i] - theta[p.j];
        const double e = std::exp(-std::abs(d));
        const double big = 1.0 / (1.0 + e); // probability of the stronger side
        const double p_i = d >= 0.0 ? big : e * big;
        const double p_j = d >= 0.0 ? e * big : big;
        const double total = p.w_ij + p.w_ji;
        const double v = total * p_i * p_j;
        hessian_[p.i * n_ + p.i] += v;
        hessian_[p.j * n_ + p.j] += v;
        hessian_[p.j * n_ + p.i] -= v; // j > i: lower triangle
        gradient_[p.i] += p.w_ij - total * p_i;
        gradient_[p.j] += p.w_ji - total * p_j;
        const double soft = std::log1p(e);
        f -= p.w_ij * (std::max(-d, 0.0) + soft) + p.w_ji * (std::max(d, 0.0) + soft);
        if (total > 0.0) {
            active_[p.i] = 1;
            active_[p.j] = 1;
        }
    }
    return f - 0.5 * settings_.lambda * squares;
}

// Solves A step = g by Cholesky in place (A = L L^T in the lower triangle).
bool bt_solver::cholesky_solve() {
    double* a = hessian_.data();
    for (std::size_t j = 0; j < n_; ++j) {
        double* row_j = a + j * n_;
        double diagonal = row_j[j];
        for (std::size_t k = 0; k < j; ++k) {
            diagonal -= row_j[k] * row_j[k];
        }
        if (!(diagonal > 0.0)) {
            return false;
        }
        row_j[j] = std::sqrt(diagonal);
        for (std::size_t i = j + 1; i < n_; ++i) {
            double* row_i = a + i * n_;
            double sum = row_i[j];
            for (std::size_t k = 0; k < j; ++k) {
                sum -= row_i[k] * row_j[k];
            }
            row_i[j] = sum / row_j[j];
        }
    }
    for (std::size_t i = 0; i < n_; ++i) { // L y = g
        double sum = gradient_[i];
        for (std::size_t k = 0; k < i; ++k) {
            sum -= a[i * n_ + k] * step_[k];
        }
        step_[i] = sum / a[i * n_ + i];
    }
    for (std::size_t i = n_; i-- > 0;) { // L^T x = y
        double sum = step_[i];
        for (std::size_t k = i + 1; k < n_; ++k) {
            sum -= a[k * n_ + i] * step_[k];
        }
        step_[i] = sum / a[i * n_ + i];
    }
    return true;
}

// Armijo backtracking along step_ (an ascent direction: A is positive definite).
bool bt_solver::line_search(std::span<const pair_tally> pairs, std::span<double> theta, double f0) {
    double slope = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
        slope += gradient_[i] * step_[i];
    }
    const double noise = roundoff_allowance * (1.0 + std::abs(f0));
    double t = 1.0;
    for (int halving = 0; halving < max_halvings; ++halving, t *= 0.5) {
        for (std::size_t i = 0; i < n_; ++i) {
            trial_[i] = theta[i] + t * step_[i];
        }
        if (evaluate(pairs, trial_) >= f0 + armijo_fraction * t * slope - noise) {
            std::copy(trial_.begin(), trial_.end(), theta.begin());
            return true;
        }
    }
    return false;
}

// The optimum has mean zero over the competitors that played (docs/rating.md §3.4); this only
// removes rounding drift, and leaves competitors without battles untouched.
// active_ comes from the last build_system.
void bt_solver::recentre(std::span<double> theta) {
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n_; ++i) {
        if (active_[i] != 0) {
            sum += theta[i];
            ++count;
        }
    }
    if (count == 0) {
        return;
    }
    const double mean = sum / static_cast<double>(count);
    for (std::size_t i = 0; i < n_; ++i) {
        if (active_[i] != 0) {
            theta[i] -= mean;
        }
    }
}

} // namespace ollama_arena::rating::detail
