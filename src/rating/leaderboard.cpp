// rating: the leaderboard (docs/rating.md §4–§6): BT fit, bootstrap intervals, ranks, Elo,
// counts and the win-rate matrix.
#include "rating/leaderboard.hpp"

#include "rating/bootstrap.hpp"
#include "rating/bt_solver.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ollama_arena::rating {
namespace {

void check_options(const leaderboard_options& options) {
    if (options.bootstrap_rounds < 1) {
        throw std::invalid_argument("rating: bootstrap_rounds must be >= 1");
    }
    if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
        throw std::invalid_argument("rating: confidence must be in (0, 1)");
    }
}

void count_battle(const battle& b, std::vector<leaderboard_row>& rows) {
    leaderboard_row& a_row = rows[b.a];
    leaderboard_row& b_row = rows[b.b];
    ++a_row.battles;
    ++b_row.battles;
    switch (b.result) {
    case outcome::a_wins:
        ++a_row.wins;
        ++b_row.losses;
        break;
    case outcome::b_wins:
        ++a_row.losses;
        ++b_row.wins;
        break;
    case outcome::tie:
        ++a_row.ties;
        ++b_row.ties;
        break;
    case outcome::both_bad:
        ++a_row.both_bad;
        ++b_row.both_bad;
        break;
    }
}

// Rows indexed by competitor, with counts; ratings and intervals come later.
std::vector<leaderboard_row> count_rows(std::size_t competitors, std::span<const battle> battles,
                                        std::vector<std::vector<std::size_t>>& pair_battles) {
    std::vector<leaderboard_row> rows(competitors);
    for (std::size_t c = 0; c < competitors; ++c) {
        rows[c].competitor = c;
    }
    pair_battles.assign(competitors, std::vector<std::size_t>(competitors, 0));
    for (const battle& b : battles) {
        count_battle(b, rows);
        ++pair_battles[b.a][b.b];
        ++pair_battles[b.b][b.a];
    }
    return rows;
}

std::vector<std::vector<std::optional<double>>>
win_rates(std::size_t competitors, std::span<const detail::pair_tally> pairs) {
    std::vector<std::vector<std::optional<double>>> rates(
        competitors, std::vector<std::optional<double>>(competitors));
    for (const detail::pair_tally& p : pairs) {
        const double total = p.w_ij + p.w_ji;
        rates[p.i][p.j] = p.w_ij / total;
        rates[p.j][p.i] = p.w_ji / total;
    }
    return rates;
}

// Rated rows by rating descending (index breaks ties), then unrated rows by index.
void sort_rows(std::vector<leaderboard_row>& rows) {
    std::sort(rows.begin(), rows.end(), [](const leaderboard_row& x, const leaderboard_row& y) {
        const bool x_rated = x.battles > 0;
        const bool y_rated = y.battles > 0;
        if (x_rated != y_rated) {
            return x_rated;
        }
        if (x_rated && x.rating != y.rating) {
            return x.rating > y.rating;
        }
        return x.competitor < y.competitor;
    });
}

void fill_ratings(std::vector<leaderboard_row>& rows, std::span<const double> theta,
                  const detail::bootstrap_output& boot, std::span<const double> elo,
                  const bt_options& bt) {
    std::vector<std::optional<interval>> intervals(rows.size());
    for (leaderboard_row& row : rows) {
        const std::size_t c = row.competitor;
        row.elo = elo[c];
        if (row.battles == 0) {
            row.rating = bt.anchor; // the prior's value, exactly
            continue;
        }
        row.rating = detail::to_rating(theta[c], bt);
        intervals[c] = boot.intervals[c];
        row.ci = intervals[c];
    }
    const std::vector<std::optional<std::size_t>> ranks = rank_by_interval(intervals);
    for (leaderboard_row& row : rows) {
        row.rank = ranks[row.competitor];
    }
}

} // namespace

leaderboard compute_leaderboard(std::size_t competitors, std::span<const battle> battles,
                                std::uint64_t seed, const leaderboard_options& options) {
    check_battles(competitors, battles);
    check_options(options);
    const detail::pair_table table = detail::build_pair_table(battles);
    std::vector<double> theta(competitors, 0.0);
    detail::bt_solver solver(competitors, detail::make_solver_settings(options.bt));
    const bool point_converged = solver.solve(table.pairs, theta).converged;
    const detail::bootstrap_output boot =
        detail::bootstrap_intervals(competitors, battles, table, theta, options.bt,
                                    {options.bootstrap_rounds, options.confidence, seed});
    const std::vector<double> elo = online_elo(competitors, battles, options.elo);

    leaderboard board;
    board.rows = count_rows(competitors, battles, board.pair_battles);
    fill_ratings(board.rows, theta, boot, elo, options.bt);
    sort_rows(board.rows);
    board.win_rate = win_rates(competitors, table.pairs);
    board.converged = point_converged && boot.converged;
    return board;
}

std::vector<std::optional<std::size_t>>
rank_by_interval(std::span<const std::optional<interval>> intervals) {
    std::vector<std::optional<std::size_t>> ranks(intervals.size());
    for (std::size_t i = 0; i < intervals.size(); ++i) {
        if (!intervals[i]) {
            continue;
        }
        std::size_t above = 0;
        for (const std::optional<interval>& other : intervals) {
            if (other && other->lower > intervals[i]->upper) {
                ++above;
            }
        }
        ranks[i] = 1 + above;
    }
    return ranks;
}

} // namespace ollama_arena::rating
