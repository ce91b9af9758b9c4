// api: GET /api/leaderboard — Bradley–Terry ratings with bootstrap intervals, online Elo,
// counts and the pairwise win-rate matrix over every stored vote, recomputed on request on
// the blocking pool (docs/rating.md, docs/API.md "Leaderboard"). JSON or CSV.
#include "rating/leaderboard.hpp"

#include "api/blocking.hpp"
#include "api/competitors.hpp"
#include "api/handlers.hpp"
#include "api/request_fields.hpp"
#include "api/session_views.hpp"
#include "storage/votes.hpp"

#include <cmath>
#include <limits>

namespace ollama_arena::api {

namespace {

namespace defaults {
inline constexpr std::uint64_t seed = 1;
inline constexpr std::size_t rounds = 200;
inline constexpr std::size_t max_rounds = 1000;
} // namespace defaults

struct board_request {
    grouping group = grouping::config;
    bool csv = false;
    std::uint64_t seed = defaults::seed;
    std::size_t rounds = defaults::rounds;
};

result<board_request> parse_board_request(const http::request& req) {
    board_request b;
    if (auto g = req.query_param("group_by")) {
        if (*g == "model") {
            b.group = grouping::model;
        } else if (*g != "config") {
            return field_error("group_by", "group_by must be config or model");
        }
    }
    if (auto f = req.query_param("format")) {
        if (*f == "csv") {
            b.csv = true;
        } else if (*f != "json") {
            return field_error("format", "format must be json or csv");
        }
    }
    auto seed = query_number(req, "seed", static_cast<std::int64_t>(defaults::seed), 0,
                             std::numeric_limits<std::uint32_t>::max());
    if (!seed) {
        return seed.error();
    }
    b.seed = static_cast<std::uint64_t>(*seed);
    auto rounds = query_number(req, "rounds", static_cast<std::int64_t>(defaults::rounds), 1,
                               static_cast<std::int64_t>(defaults::max_rounds));
    if (!rounds) {
        return rounds.error();
    }
    b.rounds = static_cast<std::size_t>(*rounds);
    return b;
}

double round_to(double v, double scale) {
    return std::round(v * scale) / scale;
}

json::value rate_or_null(const std::optional<double>& v) {
    return v ? json::value(round_to(*v, 1e4)) : json::value(nullptr);
}

// (wins + (ties + both_bad) / 2) / battles over battle records; null without battles.
std::optional<double> row_win_rate(const rating::leaderboard_row& r) {
    if (r.battles == 0) {
        return std::nullopt;
    }
    const auto half = static_cast<double>(r.ties + r.both_bad) / 2.0;
    return (static_cast<double>(r.wins) + half) / static_cast<double>(r.battles);
}

json::object row_json(const rating::leaderboard_row& r, const competitor& c) {
    json::object o;
    o["rank"] = r.rank ? json::value(*r.rank) : json::value(nullptr);
    o["competitor"] = c.key;
    o["label"] = c.label;
    o["model"] = c.model;
    o["settings"] = c.params ? json::value(settings_json(*c.params)) : json::value(nullptr);
    o["system"] = c.system ? json::value(*c.system) : json::value(nullptr);
    o["rating"] = round_to(r.rating, 100);
    o["ci_lower"] = r.ci ? json::value(round_to(r.ci->lower, 100)) : json::value(nullptr);
    o["ci_upper"] = r.ci ? json::value(round_to(r.ci->upper, 100)) : json::value(nullptr);
    o["battles"] = r.battles;
    o["wins"] = r.wins;
    o["losses"] = r.losses;
    o["ties"] = r.ties;
    o["both_bad"] = r.both_bad;
    o["win_rate"] = rate_or_null(row_win_rate(r));
    o["elo"] = round_to(r.elo, 100);
    return o;
}

json::object board_json(const battle_set& set, const rating::leaderboard& lb,
                        const board_request& b) {
    json::array rows;
    json::array labels;
    for (const auto& r : lb.rows) {
        rows.push_back(row_json(r, set.competitors[r.competitor]));
        labels.push_back(json::value(set.competitors[r.competitor].label));
    }
    json::array rates;
    json::array counts;
    for (const auto& a : lb.rows) {
        json::array rate_row;
        json::array count_row;
        for (const auto& c : lb.rows) {
            rate_row.push_back(rate_or_null(lb.win_rate[a.competitor][c.competitor]));
            count_row.push_back(json::value(lb.pair_battles[a.competitor][c.competitor]));
        }
        rates.push_back(std::move(rate_row));
        counts.push_back(std::move(count_row));
    }
    json::object matrix;
    matrix["labels"] = std::move(labels);
    matrix["win_rate"] = std::move(rates);
    matrix["battles"] = std::move(counts);
    json::object out;
    out["group_by"] = b.group == grouping::model ? "model" : "config";
    out["rows"] = std::move(rows);
    out["matrix"] = std::move(matrix);
    out["votes"] = set.votes;
    out["battles"] = set.battles.size();
    out["seed"] = b.seed;
    out["bootstrap_rounds"] = b.rounds;
    out["confidence"] = rating::leaderboard_options{}.confidence;
    out["converged"] = lb.converged;
    return out;
}

// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
void csv_field(std::string& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += text;
        return;
    }
    out += '"';
    for (const char c : text) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    out += '"';
}

std::string board_csv(const json::object& board) {
    static constexpr std::string_view columns[] = {
        "rank",    "competitor", "label",  "model", "rating",   "ci_lower", "ci_upper",
        "battles", "wins",       "losses", "ties",  "both_bad", "win_rate", "elo"};
    std::string out;
    for (const auto name : columns) {
        out.append(name).append(name == "elo" ? "\r\n" : ",");
    }
    for (const auto& row : board.at("rows").as_array()) {
        for (const auto name : columns) {
            const auto& v = row.as_object().at(name);
            if (v.is_string()) {
                csv_field(out, v.get_string());
            } else if (!v.is_null()) {
                out += json::to_string(v); // numbers in plain decimal form
            }
            out.append(name == "elo" ? "\r\n" : ",");
        }
    }
    return out;
}

result<json::object> compute_board(storage::database& db, const board_request& b) {
    auto votes = storage::load_votes(db);
    if (!votes) {
        return votes.error();
    }
    const auto set = build_battles(*votes, b.group);
    rating::leaderboard lb;
    if (!set.battles.empty()) {
        rating::leaderboard_options options;
        options.bootstrap_rounds = b.rounds;
        lb = rating::compute_leaderboard(set.competitors.size(), set.battles, b.seed, options);
    }
    return board_json(set, lb, b);
}

} // namespace

awaitable<void> leaderboard(context_ptr ctx, http::exchange& ex) {
    auto b = parse_board_request(ex.req());
    if (!b) {
        co_await ex.respond(http::error_response(b.error()));
        co_return;
    }
    auto board =
        co_await ctx->store->call([b = *b](storage::database& db) { return compute_board(db, b); });
    if (!board) {
        co_await ex.respond(http::error_response(board.error()));
    } else if (b->csv) {
        http::response res;
        res.content_type = "text/csv; charset=utf-8";
        res.body = board_csv(*board);
        res.headers.emplace_back("Content-Disposition", "attachment; filename=\"leaderboard.csv\"");
        co_await ex.respond(std::move(res));
    } else {
        co_await ex.respond(http::json_response(200, *board));
    }
}

} // namespace ollama_arena::api
