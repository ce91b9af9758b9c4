// session_id on /api/stream_chat and /api/chat: the turn and every answer are recorded as they
// finish; failed and stopped answers are stored as such; a client that leaves mid-stream
// leaves its partial answers stored as stopped; unknown sessions are refused before any stream.
#include <gtest/gtest.h>

#include <map>

#include "session_helpers.hpp"

namespace ollama_arena::test {
namespace {

using namespace std::chrono_literals;

std::int64_t fake_stat(const arena_fixture& f, const char* key) {
    return f.fake_get("/fake/stats").json().as_object().at(key).to_number<std::int64_t>();
}

// Answers of the last turn by instance id (the session must be unmasked).
std::map<std::string, json::object> last_answers(const json::object& session) {
    std::map<std::string, json::object> out;
    const auto& turn = session.at("turns").as_array().back().as_object();
    for (const auto& a : turn.at("answers").as_array()) {
        out[std::string(a.at("instance_id").as_string())] = a.as_object();
    }
    return out;
}

TEST(RecordingApiTest, AStreamedComparisonIsRecordedAsStreamed) {
    arena_fixture f(with_fake_args({"--tokens-per-sec", "400"}));
    const auto id = create_session(f, R"({"title":"r","system":"Be brief."})").at("id").as_int64();
    stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat",
                    turn_body(id, llama + "," + qwen));
    ASSERT_EQ(s.status(), 200U);
    std::map<std::string, std::string> streamed;
    std::map<std::string, json::object> metrics;
    for (const auto& l : s.read_all()) {
        const auto& o = l.as_object();
        const std::string inst(o.at("instance_id").as_string());
        if (o.at("type") == "token") {
            streamed[inst] += o.at("token").as_string();
        }
        if (o.at("type") == "metrics") {
            metrics[inst] = o.at("metrics").as_object();
        }
    }
    // Stored before the final line was sent: no polling needed.
    auto session = get_session(f, id);
    ASSERT_EQ(session.at("turns").as_array().size(), 1U);
    const auto& turn = session.at("turns").as_array()[0].as_object();
    EXPECT_EQ(turn.at("user_message"), "What is 2+2?");
    EXPECT_EQ(turn.at("system"), "Be brief."); // the session's prompt was sent
    auto answers = last_answers(session);
    ASSERT_EQ(answers.size(), 2U);
    for (const auto* inst : {"llama", "qwen"}) {
        const auto& a = answers.at(inst);
        EXPECT_EQ(a.at("status"), "complete") << inst;
        EXPECT_EQ(a.at("stopped"), false);
        EXPECT_EQ(a.at("text").as_string(), streamed.at(inst)) << inst;
        EXPECT_EQ(a.at("metrics"), metrics.at(inst)) << inst;
        EXPECT_EQ(a.at("done_reason"), "stop");
    }
    // The instances joined on this first turn, with what Ollama says about them.
    const auto& instances = session.at("instances").as_array();
    ASSERT_EQ(instances.size(), 2U);
    EXPECT_EQ(instances[0].at("model_digest").as_string().size(), 64U);
    EXPECT_EQ(instances[0].at("ollama_version"), "0.33.0");
    // And Ollama got the system prompt of the session.
    const auto received = f.fake_get("/fake/requests").json();
    for (const auto& r : received.as_array()) {
        const auto& first = r.at("messages").as_array()[0].as_object();
        EXPECT_EQ(first.at("role"), "system");
        EXPECT_EQ(first.at("content"), "Be brief.");
    }
}

TEST(RecordingApiTest, AClientThatLeavesMidStreamLeavesStoppedPartialAnswers) {
    arena_fixture f(with_fake_args({"--tokens-per-sec", "100", "--slow-ms", "50"}));
    const auto id = new_session(f, false);
    const std::string slow = R"({"id":"slow","model":"fault-slow:1b"})";
    const std::string quick = R"({"id":"quick","model":"llama3.2:3b","num_predict":2})";
    std::string seen;
    {
        stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat",
                        turn_body(id, slow + "," + quick));
        ASSERT_EQ(s.status(), 200U);
        bool quick_done = false;
        int slow_tokens = 0;
        while (!quick_done || slow_tokens < 2) {
            auto line = s.next_line(10s);
            ASSERT_TRUE(line.has_value());
            const auto& o = line->as_object();
            if (o.at("instance_id") == "quick") {
                quick_done = o.at("done").as_bool();
            }
            if (o.at("instance_id") == "slow") {
                ++slow_tokens;
                seen += o.at("token").as_string();
            }
        }
        s.disconnect();
    }
    auto answers = last_answers(settled_session(f, id));
    const auto& stopped = answers.at("slow");
    EXPECT_EQ(stopped.at("status"), "stopped");
    EXPECT_EQ(stopped.at("stopped"), true);
    EXPECT_EQ(stopped.at("error"), "request cancelled");
    EXPECT_TRUE(stopped.at("metrics").is_null());
    const std::string text(stopped.at("text").as_string());
    EXPECT_TRUE(text.starts_with(seen)) << "stored '" << text << "', seen '" << seen << "'";
    EXPECT_EQ(answers.at("quick").at("status"), "complete");
    EXPECT_EQ(answers.at("quick").at("done_reason"), "length");
    EXPECT_EQ(fake_stat(f, "active"), 0); // and the upstream was cancelled as before
}

TEST(RecordingApiTest, AClientThatLeavesANonStreamedChatLeavesStoppedAnswers) {
    arena_fixture f(with_fake_args({"--slow-ms", "50"}));
    const auto id = new_session(f, false);
    raw_connection client(f.arena_port());
    client.send_post("/api/chat", turn_body(id, R"({"id":"hang","model":"fault-hang:1b"},)"
                                                R"({"id":"quick","model":"llama3.2:3b"})"));
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (fake_stat(f, "streams_finished") < 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    // The fake has sent the quick answer's last line; give the arena a moment to take it in
    // (a /api/chat client cannot see that happen).
    std::this_thread::sleep_for(200ms);
    client.close();
    auto answers = last_answers(settled_session(f, id));
    EXPECT_EQ(answers.at("hang").at("status"), "stopped");
    EXPECT_EQ(answers.at("quick").at("status"), "complete");
}

TEST(RecordingApiTest, FailedAnswersAreStoredWithTheirErrorAndPartialText) {
    arena_fixture f;
    const auto id = new_session(f, false);
    auto res =
        f.post("/api/chat", turn_body(id, R"({"id":"mid","model":"fault-midstream:1b"},)" + llama));
    ASSERT_EQ(res.status, 200U) << res.body;
    auto answers = last_answers(get_session(f, id));
    const auto& failed = answers.at("mid");
    EXPECT_EQ(failed.at("status"), "failed");
    EXPECT_EQ(failed.at("stopped"), false);
    EXPECT_NE(failed.at("error").as_string().find("unexpected EOF"), std::string::npos);
    EXPECT_FALSE(failed.at("text").as_string().empty()); // the 3 tokens that did arrive
    EXPECT_EQ(answers.at("llama").at("status"), "complete");
}

TEST(RecordingApiTest, NewInstancesJoinOnTheirFirstTurnWithTheNextLabel) {
    arena_fixture f;
    const auto id = new_session(f, false, llama);
    run_turn(f, id, llama + "," + qwen);
    run_turn(f, id, qwen + "," + mistral);
    auto session = get_session(f, id);
    const auto& instances = session.at("instances").as_array();
    ASSERT_EQ(instances.size(), 3U);
    EXPECT_EQ(instances[0].at("instance_id"), "llama");
    EXPECT_EQ(instances[1].at("instance_id"), "qwen");
    EXPECT_EQ(instances[1].at("label"), "Model B");
    EXPECT_EQ(instances[2].at("instance_id"), "mistral");
    EXPECT_EQ(instances[2].at("label"), "Model C");
    EXPECT_EQ(session.at("turn_count"), 2);
    EXPECT_EQ(session.at("turns").as_array()[1].at("index"), 2);
}

TEST(RecordingApiTest, AKnownInstanceIdWithOtherSettingsIsAConflict) {
    arena_fixture f;
    const auto id = new_session(f, false, llama);
    auto res = f.post("/api/stream_chat",
                      turn_body(id, R"({"id":"llama","model":"llama3.2:3b","temperature":1.5})"));
    EXPECT_EQ(res.status, 409U) << res.body;
    EXPECT_EQ(res.json().as_object().at("field"), "model_instances[0]");
    EXPECT_EQ(get_session(f, id).at("turn_count"), 0);
    EXPECT_EQ(fake_stat(f, "streams_started"), 0);
}

TEST(RecordingApiTest, UnknownOrMalformedSessionsAreRefusedBeforeTheStream) {
    arena_fixture f;
    auto unknown = f.post("/api/stream_chat", turn_body(999, llama));
    EXPECT_EQ(unknown.status, 404U);
    EXPECT_EQ(unknown.content_type, "application/json");
    EXPECT_EQ(unknown.json().as_object().at("error"), "Session 999 not found");
    EXPECT_EQ(f.post("/api/chat", turn_body(999, llama)).status, 404U);
    auto malformed = f.post("/api/stream_chat",
                            R"({"session_id":"abc","history":[{"role":"user","content":"x"}],)"
                            R"("models":["llama3.2:3b"]})");
    EXPECT_EQ(malformed.status, 400U);
    EXPECT_EQ(malformed.json().as_object().at("field"), "session_id");
    EXPECT_EQ(fake_stat(f, "streams_started"), 0);
}

TEST(RecordingApiTest, WithoutSessionIdChatStaysStateless) {
    arena_fixture f;
    auto res = f.post("/api/chat",
                      R"({"history":[{"role":"user","content":"x"}],"models":["llama3.2:3b"]})");
    ASSERT_EQ(res.status, 200U);
    EXPECT_EQ(f.get("/api/sessions").json().as_object().at("total"), 0);
}

} // namespace
} // namespace ollama_arena::test
