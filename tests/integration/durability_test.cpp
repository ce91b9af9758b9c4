// The database across process lives: a vote acknowledged with a 2xx survives SIGKILL at any
// moment; answers a killed process left pending come back stopped; a data dir that cannot be
// opened, or a database from a newer ollama-arena, stops start-up with a clear message.
#include "storage/database.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "session_helpers.hpp"

namespace ollama_arena::test {
namespace {

using namespace std::chrono_literals;

// What the voting thread knows: the last acknowledged winner per turn, and the vote that was
// in flight when the process died (it may or may not have been committed).
struct vote_log {
    std::map<std::int64_t, std::string> acknowledged;
    std::optional<std::pair<std::int64_t, std::string>> in_flight;
    int count = 0;
};

vote_log vote_until_killed(std::uint16_t port, std::int64_t session,
                           const std::vector<std::int64_t>& turns) {
    vote_log log;
    const std::string winners[] = {"llama", "qwen", "tie", "all_bad"};
    for (int i = 0;; ++i) {
        const auto turn = turns[static_cast<std::size_t>(i) % turns.size()];
        const auto& winner = winners[static_cast<std::size_t>(i / 3) % 4];
        log.in_flight = {turn, winner};
        try {
            auto res = http_request(port, http::verb::post,
                                    "/api/sessions/" + std::to_string(session) + "/turns/" +
                                        std::to_string(turn) + "/vote",
                                    R"({"winner":")" + winner + R"("})", {}, 2s);
            if (res.status != 200U) {
                return log;
            }
        } catch (const std::exception&) {
            return log; // the server is gone
        }
        log.acknowledged[turn] = winner;
        log.in_flight.reset();
        ++log.count;
    }
}

std::string stored_winner(const json::object& turn) {
    const auto& v = turn.at("vote");
    if (!v.is_object()) {
        return "";
    }
    return std::string(v.at("winner").as_string());
}

TEST(DurabilityTest, EveryAcknowledgedVoteSurvivesSigkill) {
    arena_fixture f;
    const auto id = new_session(f, true, llama + "," + qwen);
    std::vector<std::int64_t> turns;
    for (int i = 0; i < 8; ++i) {
        turns.push_back(run_turn(f, id, llama + "," + qwen));
    }

    std::mt19937 rng(std::random_device{}());
    const auto kill_after = std::chrono::milliseconds(150 + rng() % 400);
    vote_log log;
    std::thread voter([&, port = f.arena_port()] { log = vote_until_killed(port, id, turns); });
    std::this_thread::sleep_for(kill_after);
    ::kill(f.arena().pid(), SIGKILL);
    voter.join();
    ASSERT_GT(log.count, 10) << "too few votes before the kill to mean anything";
    RecordProperty("acknowledged_votes", log.count);
    RecordProperty("killed_after_ms", static_cast<int>(kill_after.count()));

    f.restart_arena();
    // Reveal (it changes no vote) so the stored winners read as instance ids.
    ASSERT_EQ(f.post("/api/sessions/" + std::to_string(id) + "/reveal", "").status, 200U);
    const auto session = get_session(f, id);
    std::map<std::int64_t, std::string> stored;
    for (const auto& t : session.at("turns").as_array()) {
        stored[t.at("id").as_int64()] = stored_winner(t.as_object());
    }
    for (const auto& [turn, winner] : log.acknowledged) {
        const bool in_flight_same_turn = log.in_flight && log.in_flight->first == turn;
        if (in_flight_same_turn && stored[turn] == log.in_flight->second) {
            continue; // committed
        }
        EXPECT_EQ(stored[turn], winner) << "turn " << turn << " after " << log.count << " votes, "
                                        << kill_after.count() << " ms";
    }
}

TEST(DurabilityTest, AnswersAKilledProcessLeftPendingComeBackStopped) {
    arena_fixture f(with_fake_args({"--slow-ms", "50"}));
    const auto id = new_session(f, false);
    stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat",
                    turn_body(id, R"({"id":"slow","model":"fault-slow:1b"})"));
    ASSERT_TRUE(s.next_line(10s).has_value());
    ::kill(f.arena().pid(), SIGKILL);
    f.restart_arena();
    const auto answer =
        get_session(f, id).at("turns").as_array()[0].at("answers").as_array()[0].as_object();
    EXPECT_EQ(answer.at("status"), "stopped");
    EXPECT_EQ(answer.at("error"), "the server stopped before the answer finished");
}

TEST(DurabilityTest, ADataDirThatCannotBeCreatedStopsStartUp) {
    arena_fixture f(without_fake());
    const auto blocker = std::filesystem::path(f.data_dir()) / "a-file";
    std::ofstream(blocker) << "not a directory";
    auto p = child_process::spawn(binary_path("ollama-arena"), {"serve", "--port", "0"},
                                  {{"ARENA_DATA_DIR", (blocker / "data").string()}});
    EXPECT_EQ(p.wait_exit(10s), 1);
    EXPECT_NE(p.output().find("cannot create the data directory"), std::string::npos) << p.output();
}

TEST(DurabilityTest, ADatabaseFromANewerVersionIsRefused) {
    arena_fixture f(without_fake());
    f.arena().stop(SIGTERM);
    {
        auto db = storage::database::open(std::filesystem::path(f.data_dir()) / "arena.db");
        ASSERT_TRUE(db.has_value());
        ASSERT_TRUE(db->exec("PRAGMA user_version = 99").has_value());
    }
    auto p = child_process::spawn(binary_path("ollama-arena"), {"serve", "--port", "0"},
                                  {{"ARENA_DATA_DIR", f.data_dir()}});
    EXPECT_EQ(p.wait_exit(10s), 1);
    EXPECT_NE(p.output().find("schema version 99"), std::string::npos) << p.output();
    EXPECT_NE(p.output().find("newer ollama-arena"), std::string::npos) << p.output();
}

} // namespace
} // namespace ollama_arena::test
