// GET /api/leaderboard and GET /api/battles over votes cast through the API: configurations as
// competitors with readable labels, N-way votes as weighted pairwise battles, grouping by model,
// CSV, FastChat's battle-log shape, and the parameter errors.
#include <gtest/gtest.h>

#include <map>

#include "session_helpers.hpp"

namespace ollama_arena::test {
namespace {

const std::string three = llama + "," + qwen + "," + mistral;
const std::string llama_label = "llama3.2:3b T=0.7 P=0.9 K=40";
const std::string qwen_label = "qwen2.5:7b T=0.2 P=0.9 K=40";
const std::string mistral_label = "mistral:7b T=0.7 P=0.9 K=40 M=7";

// One blind session with `votes.size()` turns of `instances`, voted as given.
std::int64_t voted_session(const arena_fixture& f, const std::string& instances,
                           const std::vector<std::string>& votes) {
    const auto id = new_session(f, true, instances);
    for (const auto& winner : votes) {
        const auto turn = run_turn(f, id, instances);
        EXPECT_EQ(vote(f, id, turn, winner).status, 200U);
    }
    return id;
}

json::object board(const arena_fixture& f, const std::string& query = "") {
    auto res = f.get("/api/leaderboard" + query);
    EXPECT_EQ(res.status, 200U) << res.body;
    return res.json().as_object();
}

std::map<std::string, json::object> rows_by_label(const json::object& b) {
    std::map<std::string, json::object> out;
    for (const auto& r : b.at("rows").as_array()) {
        out[std::string(r.at("label").as_string())] = r.as_object();
    }
    return out;
}

TEST(LeaderboardApiTest, NoVotesGiveAnEmptyBoard) {
    arena_fixture f(without_fake());
    auto b = board(f);
    EXPECT_TRUE(b.at("rows").as_array().empty());
    EXPECT_TRUE(b.at("matrix").at("labels").as_array().empty());
    EXPECT_EQ(b.at("votes"), 0);
    EXPECT_EQ(b.at("seed"), 1);
    EXPECT_EQ(b.at("bootstrap_rounds"), 200);
}

TEST(LeaderboardApiTest, VotesBecomeARankedBoardWithCountsAndMatrix) {
    arena_fixture f;
    voted_session(f, three, {"llama", "llama", "llama", "llama", "tie", "all_bad"});
    auto b = board(f);
    EXPECT_EQ(b.at("votes"), 6);
    EXPECT_EQ(b.at("battles"), 4 * 2 + 3 + 3); // best of 3: 2 battles; tie/all bad: 3 pairs
    const auto& rows = b.at("rows").as_array();
    ASSERT_EQ(rows.size(), 3U);
    auto by = rows_by_label(b);
    ASSERT_TRUE(by.contains(llama_label) && by.contains(qwen_label) && by.contains(mistral_label));
    EXPECT_EQ(rows[0].at("label").as_string(), llama_label);
    EXPECT_EQ(rows[0].at("rank"), 1);
    const auto& l = by.at(llama_label);
    EXPECT_EQ(l.at("competitor"), "llama3_2_3b__0.7_0.9_40_1.1_-1_0");
    EXPECT_EQ(l.at("model"), "llama3.2:3b");
    EXPECT_EQ(l.at("wins"), 8);
    EXPECT_EQ(l.at("losses"), 0);
    EXPECT_EQ(l.at("ties"), 2);
    EXPECT_EQ(l.at("both_bad"), 2);
    EXPECT_EQ(l.at("battles"), 12);
    EXPECT_NEAR(l.at("win_rate").to_number<double>(), 10.0 / 12.0, 1e-4); // (8 + 4 / 2) / 12
    const auto& q = by.at(qwen_label);
    EXPECT_EQ(q.at("wins"), 0);
    EXPECT_EQ(q.at("losses"), 4);
    EXPECT_EQ(q.at("battles"), 8);
    for (const auto& r : rows) {
        const auto rating = r.at("rating").to_number<double>();
        EXPECT_LE(r.at("ci_lower").to_number<double>(), rating + 1e-9);
        EXPECT_GE(r.at("ci_upper").to_number<double>(), rating - 1e-9);
        EXPECT_TRUE(r.at("elo").is_number());
    }
    EXPECT_GT(rows[0].at("rating").to_number<double>(), rows[2].at("rating").to_number<double>());
    // The matrix follows the rows; a pair's two win rates add up to 1.
    const auto& m = b.at("matrix").as_object();
    ASSERT_EQ(m.at("labels").as_array().size(), 3U);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(m.at("labels").as_array()[i], rows[i].at("label"));
        EXPECT_TRUE(m.at("win_rate").as_array()[i].as_array()[i].is_null());
        for (std::size_t j = 0; j < 3; ++j) {
            if (i == j) {
                continue;
            }
            const auto ij = m.at("win_rate").as_array()[i].as_array()[j].to_number<double>();
            const auto ji = m.at("win_rate").as_array()[j].as_array()[i].to_number<double>();
            EXPECT_NEAR(ij + ji, 1.0, 1e-3);
            EXPECT_EQ(m.at("battles").as_array()[i].as_array()[j],
                      m.at("battles").as_array()[j].as_array()[i]);
        }
    }
    // Deterministic for a seed.
    EXPECT_EQ(board(f, "?seed=7&rounds=50"), board(f, "?seed=7&rounds=50"));
    EXPECT_EQ(board(f, "?seed=7&rounds=50").at("bootstrap_rounds"), 50);
}

TEST(LeaderboardApiTest, GroupingByModelMergesConfigurationsAndDropsSelfBattles) {
    arena_fixture f;
    const std::string hot = R"({"id":"hot","model":"llama3.2:3b","temperature":1.2})";
    voted_session(f, llama + "," + hot + "," + qwen, {"hot", "hot", "qwen"});
    auto configs = board(f);
    EXPECT_EQ(configs.at("rows").as_array().size(), 3U);
    EXPECT_TRUE(rows_by_label(configs).contains("llama3.2:3b T=1.2 P=0.9 K=40"));
    auto models = board(f, "?group_by=model");
    EXPECT_EQ(models.at("group_by"), "model");
    auto by = rows_by_label(models);
    ASSERT_EQ(by.size(), 2U);
    const auto& l = by.at("llama3.2:3b");
    EXPECT_TRUE(l.at("settings").is_null());
    // Per best-of-3 vote, only the pairs with qwen remain: hot beats qwen twice, qwen beats
    // both llama configurations once.
    EXPECT_EQ(l.at("wins"), 2);
    EXPECT_EQ(l.at("losses"), 2);
    EXPECT_EQ(by.at("qwen2.5:7b").at("battles"), 4);
}

TEST(LeaderboardApiTest, ASystemPromptMakesAnotherCompetitor) {
    arena_fixture f;
    voted_session(f, llama + "," + qwen, {"llama"});
    const auto id =
        create_session(f, R"({"blind":true,"system":"Answer in French.","model_instances":[)" +
                              llama + "," + qwen + "]}")
            .at("id")
            .as_int64();
    ASSERT_EQ(vote(f, id, run_turn(f, id, llama + "," + qwen), "qwen").status, 200U);
    auto b = board(f);
    ASSERT_EQ(b.at("rows").as_array().size(), 4U);
    int with_system = 0;
    for (const auto& r : b.at("rows").as_array()) {
        const std::string label(r.at("label").as_string());
        if (label.find(" sys#") != std::string::npos) {
            ++with_system;
            EXPECT_EQ(r.at("system"), "Answer in French.");
        }
    }
    EXPECT_EQ(with_system, 2);
}

TEST(LeaderboardApiTest, FailedAnswersAreLeftOutOfTheBattles) {
    arena_fixture f;
    const std::string broken = R"({"id":"broken","model":"fault-midstream:1b"})";
    voted_session(f, broken + "," + llama + "," + qwen, {"llama"});
    auto b = board(f);
    EXPECT_EQ(b.at("battles"), 1); // llama beat qwen; the failed answer is no judgement
    auto by = rows_by_label(b);
    EXPECT_EQ(by.size(), 2U);
    EXPECT_EQ(by.at(llama_label).at("wins"), 1);
}

TEST(LeaderboardApiTest, CsvHasAHeaderAndOneLinePerRow) {
    arena_fixture f;
    voted_session(f, llama + "," + qwen, {"llama", "qwen", "llama"});
    auto res = f.get("/api/leaderboard?format=csv");
    ASSERT_EQ(res.status, 200U);
    EXPECT_EQ(res.content_type, "text/csv; charset=utf-8");
    EXPECT_NE(res.header("content-disposition").find("leaderboard.csv"), std::string::npos);
    std::vector<std::string> lines;
    std::string::size_type start = 0;
    for (auto end = res.body.find("\r\n"); end != std::string::npos;
         start = end + 2, end = res.body.find("\r\n", start)) {
        lines.push_back(res.body.substr(start, end - start));
    }
    ASSERT_EQ(lines.size(), 3U) << res.body;
    EXPECT_EQ(lines[0], "rank,competitor,label,model,rating,ci_lower,ci_upper,battles,wins,"
                        "losses,ties,both_bad,win_rate,elo");
    EXPECT_TRUE(lines[1].starts_with("1,llama3_2_3b__0.7_0.9_40_1.1_-1_0," + llama_label + ","))
        << lines[1];
}

TEST(LeaderboardApiTest, BadParametersAreA400NamingThem) {
    arena_fixture f(without_fake());
    for (const auto& [query, field] :
         std::vector<std::pair<std::string, std::string>>{{"?group_by=user", "group_by"},
                                                          {"?format=xml", "format"},
                                                          {"?rounds=0", "rounds"},
                                                          {"?rounds=5000", "rounds"},
                                                          {"?seed=-3", "seed"}}) {
        auto res = f.get("/api/leaderboard" + query);
        EXPECT_EQ(res.status, 400U) << query;
        EXPECT_EQ(res.json().as_object().at("field").as_string(), field) << query;
    }
    EXPECT_EQ(f.get("/api/battles?group_by=user").status, 400U);
}

TEST(BattlesApiTest, VotesAreExportedInFastChatsBattleShape) {
    arena_fixture f;
    const auto id = new_session(f, true, three);
    const auto best = run_turn(f, id, three);
    const auto tie = run_turn(f, id, three);
    const auto bad = run_turn(f, id, three);
    ASSERT_EQ(vote(f, id, best, "qwen").status, 200U);
    ASSERT_EQ(vote(f, id, best, "mistral").status, 200U); // replaces: counted once
    ASSERT_EQ(vote(f, id, tie, "tie").status, 200U);
    ASSERT_EQ(vote(f, id, bad, "all_bad").status, 200U);
    auto res = f.get("/api/battles");
    ASSERT_EQ(res.status, 200U) << res.body;
    const auto battles = res.json().as_array();
    ASSERT_EQ(battles.size(), 2U + 3U + 3U);
    std::map<std::int64_t, std::vector<json::object>> by_turn;
    for (const auto& b : battles) {
        by_turn[b.at("turn_id").as_int64()].push_back(b.as_object());
    }
    for (const auto& b : by_turn.at(best)) {
        EXPECT_EQ(b.at("weight").to_number<double>(), 0.5);
        const bool a_is_mistral = b.at("model_a").as_string() == mistral_label;
        EXPECT_TRUE(a_is_mistral || b.at("model_b").as_string() == mistral_label);
        EXPECT_EQ(b.at("winner"), a_is_mistral ? "model_a" : "model_b");
        EXPECT_EQ(b.at("anonymous"), true);
        EXPECT_EQ(b.at("conversation_id"), id);
        EXPECT_EQ(b.at("question_id").as_string(), std::to_string(id) + "-1");
        EXPECT_TRUE(b.at("tstamp").is_double());
    }
    for (const auto& b : by_turn.at(tie)) {
        EXPECT_EQ(b.at("winner"), "tie");
    }
    for (const auto& b : by_turn.at(bad)) {
        EXPECT_EQ(b.at("winner"), "tie (bothbad)");
    }
    // model_a is the answer shown first (the lower slot), as FastChat's left side.
    const auto& first = by_turn.at(tie)[0];
    EXPECT_EQ(first.at("model_a").as_string(), llama_label);
    auto by_model = f.get("/api/battles?group_by=model").json().as_array();
    EXPECT_EQ(by_model[0].at("model_a").as_string().find(' '), std::string::npos);
}

} // namespace
} // namespace ollama_arena::test
