// tests/integration: small helpers for the session, recording and leaderboard tests — create a
// session, run a recorded turn, read a session back, vote.
#pragma once

#include "support/arena_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace ollama_arena::test {

namespace json = boost::json;

inline const std::string llama = R"({"id":"llama","model":"llama3.2:3b"})";
inline const std::string qwen = R"({"id":"qwen","model":"qwen2.5:7b","temperature":0.2})";
inline const std::string mistral = R"({"id":"mistral","model":"mistral:7b","num_predict":7})";

// POST /api/sessions; fails the test unless 201. Returns the session view.
inline json::object create_session(const arena_fixture& f, const std::string& body) {
    auto res = f.post("/api/sessions", body);
    EXPECT_EQ(res.status, 201U) << res.body;
    return res.json().as_object();
}

inline std::int64_t new_session(const arena_fixture& f, bool blind,
                                const std::string& instances = "") {
    std::string body = std::string(R"({"title":"t","blind":)") + (blind ? "true" : "false");
    if (!instances.empty()) {
        body += R"(,"model_instances":[)" + instances + "]";
    }
    body += "}";
    return create_session(f, body).at("id").as_int64();
}

// A chat body for session `id` with the given instance objects (joined JSON).
inline std::string turn_body(std::int64_t id, const std::string& instances,
                             const std::string& message = "What is 2+2?") {
    return R"({"session_id":)" + std::to_string(id) + R"(,"history":[{"role":"user","content":")" +
           message + R"("}],"model_instances":[)" + instances + "]}";
}

inline json::object get_session(const arena_fixture& f, std::int64_t id) {
    auto res = f.get("/api/sessions/" + std::to_string(id));
    EXPECT_EQ(res.status, 200U) << res.body;
    return res.json().as_object();
}

// A recorded, non-streamed turn (stored before the response); returns the new turn's id.
inline std::int64_t run_turn(const arena_fixture& f, std::int64_t id,
                             const std::string& instances) {
    auto res = f.post("/api/chat", turn_body(id, instances));
    EXPECT_EQ(res.status, 200U) << res.body;
    const auto session = get_session(f, id);
    return session.at("turns").as_array().back().as_object().at("id").as_int64();
}

// Polls the session until no answer is pending (recording after a disconnect is asynchronous
// to the client).
inline json::object settled_session(const arena_fixture& f, std::int64_t id,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto s = get_session(f, id);
        bool pending = false;
        for (const auto& t : s.at("turns").as_array()) {
            for (const auto& a : t.at("answers").as_array()) {
                pending = pending || a.at("status") == "pending";
            }
        }
        if (!pending || std::chrono::steady_clock::now() > deadline) {
            return s;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

inline http_reply vote(const arena_fixture& f, std::int64_t id, std::int64_t turn,
                       const std::string& winner) {
    return f.post("/api/sessions/" + std::to_string(id) + "/turns/" + std::to_string(turn) +
                      "/vote",
                  R"({"winner":")" + winner + R"("})");
}

} // namespace ollama_arena::test
