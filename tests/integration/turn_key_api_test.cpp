// "turn_key" on /api/stream_chat and /api/chat: several per-instance requests carrying the same
// key form one recorded turn (the UI sends one request per instance), which can then take a
// blind vote; another message under the same key, an instance answering twice in the turn and
// a key that is not a short string are refused before any stream.
#include <gtest/gtest.h>

#include "session_helpers.hpp"

namespace ollama_arena::test {
namespace {

// turn_body with a "turn_key" (raw JSON value).
std::string keyed_body(std::int64_t id, const std::string& instance, const std::string& key,
                       const std::string& message = "What is 2+2?") {
    return R"({"turn_key":)" + key + "," + turn_body(id, instance, message).substr(1);
}

std::int64_t streams_started(const arena_fixture& f) {
    return f.fake_get("/fake/stats")
        .json()
        .as_object()
        .at("streams_started")
        .to_number<std::int64_t>();
}

TEST(TurnKeyApiTest, PerInstanceStreamsWithOneKeyFormOneVotableTurn) {
    arena_fixture f(with_fake_args({"--tokens-per-sec", "400"}));
    const auto id = new_session(f, true);
    {
        stream_reader a(f.arena_port(), http::verb::post, "/api/stream_chat",
                        keyed_body(id, llama, R"("t-1")"));
        stream_reader b(f.arena_port(), http::verb::post, "/api/stream_chat",
                        keyed_body(id, qwen, R"("t-1")"));
        ASSERT_EQ(a.status(), 200U);
        ASSERT_EQ(b.status(), 200U);
        a.read_all();
        b.read_all();
    }
    auto session = get_session(f, id);
    EXPECT_EQ(session.at("turn_count"), 1);
    const auto& turns = session.at("turns").as_array();
    ASSERT_EQ(turns.size(), 1U);
    const auto& answers = turns[0].at("answers").as_array();
    ASSERT_EQ(answers.size(), 2U);
    for (const auto& a : answers) {
        EXPECT_EQ(a.at("status"), "complete");
    }
    const auto turn = turns[0].at("id").as_int64();
    auto voted = vote(f, id, turn, "llama");
    EXPECT_EQ(voted.status, 200U) << voted.body;
    auto board = f.get("/api/leaderboard");
    ASSERT_EQ(board.status, 200U);
    EXPECT_EQ(board.json().as_object().at("votes"), 1);
    EXPECT_EQ(board.json().as_object().at("battles"), 1);
    // A later turn with another key is a new turn.
    EXPECT_EQ(f.post("/api/chat", keyed_body(id, llama, R"("t-2")", "And 3+3?")).status, 200U);
    EXPECT_EQ(get_session(f, id).at("turn_count"), 2);
}

TEST(TurnKeyApiTest, AnotherMessageUnderAKnownKeyIsAConflict) {
    arena_fixture f;
    const auto id = new_session(f, true);
    ASSERT_EQ(f.post("/api/chat", keyed_body(id, llama, R"("k")")).status, 200U);
    const auto before = streams_started(f);
    auto res = f.post("/api/stream_chat", keyed_body(id, qwen, R"("k")", "Something else"));
    EXPECT_EQ(res.status, 409U) << res.body;
    EXPECT_EQ(res.json().as_object().at("field"), "turn_key");
    EXPECT_NE(res.json().as_object().at("error").as_string().find("belongs to another message"),
              std::string::npos);
    EXPECT_EQ(streams_started(f), before);
    EXPECT_EQ(get_session(f, id).at("instances").as_array().size(), 1U);
}

TEST(TurnKeyApiTest, AnInstanceAnsweringTwiceInOneTurnIsAConflict) {
    arena_fixture f;
    const auto id = new_session(f, false);
    ASSERT_EQ(f.post("/api/chat", keyed_body(id, llama, R"("k")")).status, 200U);
    auto res = f.post("/api/stream_chat", keyed_body(id, llama, R"("k")"));
    EXPECT_EQ(res.status, 409U) << res.body;
    EXPECT_EQ(res.json().as_object().at("field"), "model_instances[0]");
    auto session = get_session(f, id);
    EXPECT_EQ(session.at("turns").as_array()[0].at("answers").as_array().size(), 1U);
}

TEST(TurnKeyApiTest, AMalformedTurnKeyIsRefusedAndIgnoredWithoutASession) {
    arena_fixture f;
    const auto id = new_session(f, false);
    for (const auto* key : {"5", R"("")", "true", R"({"a":1})"}) {
        auto res = f.post("/api/stream_chat", keyed_body(id, llama, key));
        EXPECT_EQ(res.status, 400U) << key << " " << res.body;
        EXPECT_EQ(res.json().as_object().at("field"), "turn_key") << key;
    }
    auto too_long = f.post("/api/chat", keyed_body(id, llama, "\"" + std::string(101, 'x') + "\""));
    EXPECT_EQ(too_long.status, 400U);
    EXPECT_EQ(
        f.post("/api/chat", keyed_body(id, llama, "\"" + std::string(100, 'x') + "\"")).status,
        200U);
    EXPECT_EQ(streams_started(f), 1);
    auto stateless = f.post("/api/chat", R"({"turn_key":5,"history":[{"role":"user","content":)"
                                         R"("x"}],"models":["llama3.2:3b"]})");
    EXPECT_EQ(stateless.status, 200U) << stateless.body;
}

} // namespace
} // namespace ollama_arena::test
