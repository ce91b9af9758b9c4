// rating: the public Bradley–Terry fit (docs/rating.md §3); the solver is in bt_solver.cpp.
#include "rating/bradley_terry.hpp"

#include "rating/bt_solver.hpp"

namespace ollama_arena::rating {

bt_fit fit_bradley_terry(std::size_t competitors, std::span<const battle> battles,
                         const bt_options& options) {
    check_battles(competitors, battles);
    const detail::solver_settings settings = detail::make_solver_settings(options);
    const detail::pair_table table = detail::build_pair_table(battles);
    std::vector<double> theta(competitors, 0.0);
    detail::bt_solver solver(competitors, settings);
    const detail::solve_result result = solver.solve(table.pairs, theta);

    bt_fit fit;
    fit.ratings.reserve(competitors);
    for (const double t : theta) {
        fit.ratings.push_back(detail::to_rating(t, options));
    }
    fit.iterations = result.iterations;
    fit.converged = result.converged;
    return fit;
}

} // namespace ollama_arena::rating
