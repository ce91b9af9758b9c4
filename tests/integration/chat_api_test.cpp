// /api/chat and /api/stream_chat against fake-ollama: the documented examples, the error
// cases, hyperparameters reaching Ollama, isolation of failing instances, timeouts.
#include "support/arena_fixture.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ollama_arena::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const std::string two_instances = R"({
  "history": [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "What is 2+2?"}
  ],
  "model_instances": [
    {"id": "llama3_2_3b__0.7_0.9_40_1.1_-1_0", "model": "llama3.2:3b", "temperature": 0.7,
     "top_p": 0.9, "top_k": 40, "repeat_penalty": 1.1, "num_predict": -1, "seed": 0},
    {"id": "qwen2_5_3b__0.5_0.8_30_1.2_500_42", "model": "qwen2.5:7b", "temperature": 0.5,
     "top_p": 0.8, "top_k": 30, "repeat_penalty": 1.2, "num_predict": 500, "seed": 42}
  ],
  "stream": false
})";

void expect_metrics(const json::object& m) {
    EXPECT_GT(m.at("tokens").as_int64(), 0);
    EXPECT_GT(m.at("duration_s").to_number<double>(), 0.0);
    EXPECT_GT(m.at("tokens_per_sec").to_number<double>(), 0.0);
    EXPECT_EQ(m.at("ttft_s"), m.at("first_token_time"));
    for (const auto* key : {"total_s", "prompt_tokens", "prompt_tokens_per_sec", "load_s"}) {
        EXPECT_TRUE(m.contains(key)) << key;
    }
    EXPECT_FALSE(m.at("done_reason").as_string().empty());
}

TEST(ChatApiTest, LegacySingleModelGetsTheSingleShape) {
    arena_fixture f;
    auto res = f.post("/api/chat",
                      R"({"history":[{"role":"system","content":"You are a helpful assistant."},
        {"role":"user","content":"What is 2+2?"}],"models":["llama3.2:3b"],"stream":false})");
    ASSERT_EQ(res.status, 200U) << res.body;
    EXPECT_EQ(res.content_type, "application/json");
    auto body = res.json().as_object();
    EXPECT_EQ(body.at("model"), "llama3.2:3b");
    EXPECT_EQ(body.at("instance_id"), "llama3.2:3b");
    EXPECT_FALSE(body.at("response").as_string().empty());
    EXPECT_EQ(body.at("assistant"), body.at("response"));
    expect_metrics(body.at("metrics").as_object());
}

TEST(ChatApiTest, CurlExampleWithOneUserMessageWorks) {
    arena_fixture f;
    auto res = f.post("/api/chat", R"({"history": [{"role": "user", "content": "Hello!"}],
        "models": ["llama3.2:3b"]})");
    ASSERT_EQ(res.status, 200U) << res.body;
    EXPECT_FALSE(res.json().as_object().at("response").as_string().empty());
}

TEST(ChatApiTest, TwoInstancesAreKeyedByInstanceId) {
    arena_fixture f;
    auto res = f.post("/api/chat", two_instances);
    ASSERT_EQ(res.status, 200U) << res.body;
    auto body = res.json().as_object();
    const auto& results = body.at("results").as_object();
    ASSERT_EQ(results.size(), 2U);
    for (const auto* id :
         {"llama3_2_3b__0.7_0.9_40_1.1_-1_0", "qwen2_5_3b__0.5_0.8_30_1.2_500_42"}) {
        const auto& r = results.at(id).as_object();
        EXPECT_FALSE(r.at("response").as_string().empty()) << id;
        EXPECT_EQ(r.at("assistant"), r.at("response"));
        expect_metrics(r.at("metrics").as_object());
    }
    EXPECT_TRUE(body.at("errors").as_object().empty());
}

TEST(ChatApiTest, HyperparametersReachOllamaExactlyAsSent) {
    arena_fixture f;
    ASSERT_EQ(f.post("/api/chat", two_instances).status, 200U);
    auto received = f.fake_get("/fake/requests").json().as_array();
    ASSERT_EQ(received.size(), 2U);
    std::map<std::string, json::object> by_model;
    for (const auto& r : received) {
        by_model[std::string(r.at("model").as_string())] = r.at("options").as_object();
        EXPECT_EQ(r.at("messages").as_array().size(), 2U);
    }
    const auto& a = by_model.at("llama3.2:3b");
    EXPECT_EQ(a.at("temperature").to_number<double>(), 0.7);
    EXPECT_EQ(a.at("top_p").to_number<double>(), 0.9);
    EXPECT_EQ(a.at("top_k").to_number<int>(), 40);
    EXPECT_EQ(a.at("repeat_penalty").to_number<double>(), 1.1);
    EXPECT_EQ(a.at("num_predict").to_number<int>(), -1);
    EXPECT_FALSE(a.contains("seed")); // seed 0 = random: not sent
    const auto& b = by_model.at("qwen2.5:7b");
    EXPECT_EQ(b.at("temperature").to_number<double>(), 0.5);
    EXPECT_EQ(b.at("top_p").to_number<double>(), 0.8);
    EXPECT_EQ(b.at("top_k").to_number<int>(), 30);
    EXPECT_EQ(b.at("repeat_penalty").to_number<double>(), 1.2);
    EXPECT_EQ(b.at("num_predict").to_number<int>(), 500);
    EXPECT_EQ(b.at("seed").to_number<int>(), 42);
}

TEST(StreamChatApiTest, LinesInterleaveAndEachInstanceEndsOnce) {
    arena_fixture f(with_fake_args({"--tokens-per-sec", "400"}));
    stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat", two_instances);
    ASSERT_EQ(s.status(), 200U);
    EXPECT_EQ(s.header("content-type"), "application/x-ndjson");
    EXPECT_EQ(s.header("transfer-encoding"), "chunked");
    auto lines = s.read_all();
    std::map<std::string, int> finals;
    std::map<std::string, std::string> text;
    std::vector<std::string> order;
    for (const auto& l : lines) {
        const auto& o = l.as_object();
        const std::string id(o.at("instance_id").as_string());
        EXPECT_TRUE(o.contains("model"));
        EXPECT_TRUE(o.contains("type"));
        if (o.at("done").as_bool()) {
            EXPECT_EQ(o.at("type"), "metrics");
            EXPECT_EQ(o.at("token"), "");
            expect_metrics(o.at("metrics").as_object());
            ++finals[id];
        } else {
            EXPECT_EQ(o.at("type"), "token");
            EXPECT_EQ(finals[id], 0) << "token after the final line";
            text[id] += o.at("token").as_string();
            if (order.empty() || order.back() != id)
                order.push_back(id);
        }
    }
    EXPECT_EQ(finals.size(), 2U);
    for (const auto& [id, n] : finals)
        EXPECT_EQ(n, 1) << id;
    EXPECT_GT(order.size(), 2U) << "the two answers should interleave";
}

TEST(StreamChatApiTest, LegacyStreamUsesModelNamesAsInstanceIds) {
    arena_fixture f;
    stream_reader s(
        f.arena_port(), http::verb::post, "/api/stream_chat",
        R"({"history":[{"role":"user","content":"Count to 5"}],"models":["llama3.2:3b"]})");
    auto lines = s.read_all();
    ASSERT_GE(lines.size(), 2U);
    for (const auto& l : lines) {
        EXPECT_EQ(l.as_object().at("instance_id"), "llama3.2:3b");
        EXPECT_EQ(l.as_object().at("model"), "llama3.2:3b");
    }
    EXPECT_TRUE(lines.back().as_object().at("done").as_bool());
}

TEST(StreamChatApiTest, StreamedTextEqualsTheWholeAnswer) {
    arena_fixture f;
    const std::string body = R"({"history":[{"role":"user","content":"same"}],
        "model_instances":[{"model":"llama3.2:3b","seed":9}]})";
    stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat", body);
    std::string streamed;
    for (const auto& l : s.read_all())
        streamed += l.as_object().at("token").as_string();
    auto whole = f.post("/api/chat", body).json().as_object();
    EXPECT_EQ(streamed, std::string(whole.at("response").as_string()));
}

TEST(ChatErrorsTest, EveryDocumentedErrorHasItsStatusAndMessage) {
    arena_fixture f;
    struct error_case {
        std::string body;
        unsigned status;
        std::string error;
        std::string field;
    };
    const std::vector<error_case> cases{
        {R"({"history":[],"models":["llama3.2:3b"]})", 400, "No messages provided", ""},
        {R"({"history":[{"role":"user","content":"x"}]})", 400, "No models selected", ""},
        {R"({"history":[{"role":"user","content":"x"}],"models":["llama3.2:3b","llama3.2:3b"]})",
         400, "Duplicate model instance detected: llama3.2:3b", ""},
        {R"({"history":[{"role":"user","content":"x"}],"model_instances":[{"model":"a"},
            {"model":"b","temperature":3}]})",
         400, "temperature must be between 0.01 and 2.0", "model_instances[1].temperature"},
        {R"({"history":[{"role":"user","content":"x"}],"model_instances":[{"model":"a","top_k":"many"}]})",
         400, "top_k must be an integer between 0 and 100", "model_instances[0].top_k"},
        {R"({"history":[{"role":"user","content":"x"}],"model_instances":[{"model":"a","seed":-2}]})",
         400, "seed must be an integer of 0 or more", "model_instances[0].seed"},
        {"{not json", 400, "Invalid JSON body", ""},
        {"", 400, "Invalid JSON body", ""},
        {"[1,2]", 400, "Invalid JSON body", ""},
    };
    for (const auto& c : cases) {
        for (const auto* route : {"/api/chat", "/api/stream_chat"}) {
            auto res = f.post(route, c.body);
            EXPECT_EQ(res.status, c.status) << route << " " << c.body;
            EXPECT_EQ(res.content_type, "application/json");
            auto body = res.json().as_object();
            EXPECT_EQ(std::string(body.at("error").as_string()), c.error) << c.body;
            if (!c.field.empty())
                EXPECT_EQ(std::string(body.at("field").as_string()), c.field);
        }
    }
}

TEST(ChatErrorsTest, SeventeenInstancesAreRefused) {
    arena_fixture f;
    std::string body = R"({"history":[{"role":"user","content":"x"}],"model_instances":[)";
    for (int i = 0; i < 17; ++i) {
        body += (i ? "," : "") + std::string(R"({"model":"llama3.2:3b","seed":)") +
                std::to_string(i + 1) + "}";
    }
    body += "]}";
    auto res = f.post("/api/stream_chat", body);
    EXPECT_EQ(res.status, 400U);
    EXPECT_NE(std::string(res.json().as_object().at("error").as_string()).find("at most 16"),
              std::string::npos);
}

TEST(ChatErrorsTest, UnknownModelAloneIs404AndBesideAnotherIsAnError) {
    arena_fixture f;
    auto single = f.post("/api/chat",
                         R"({"history":[{"role":"user","content":"x"}],"models":["nosuch:1b"]})");
    EXPECT_EQ(single.status, 404U);
    EXPECT_EQ(single.json().as_object().at("error"), "model 'nosuch:1b' not found");
    auto multi = f.post(
        "/api/chat",
        R"({"history":[{"role":"user","content":"x"}],"models":["nosuch:1b","llama3.2:3b"]})");
    ASSERT_EQ(multi.status, 200U);
    auto body = multi.json().as_object();
    EXPECT_EQ(body.at("errors").as_object().at("nosuch:1b"), "model 'nosuch:1b' not found");
    const auto& failed = body.at("results").as_object().at("nosuch:1b").as_object();
    EXPECT_EQ(failed.at("response"), "");
    EXPECT_TRUE(failed.contains("error"));
    EXPECT_FALSE(body.at("results")
                     .as_object()
                     .at("llama3.2:3b")
                     .as_object()
                     .at("response")
                     .as_string()
                     .empty());
}

TEST(ChatErrorsTest, OllamaDownIs502) {
    arena_fixture f(without_fake());
    auto res = f.post("/api/chat", R"({"history":[{"role":"user","content":"x"}],"models":["m"]})");
    EXPECT_EQ(res.status, 502U);
    auto body = res.json().as_object();
    EXPECT_EQ(body.at("error"), "Ollama is not reachable at http://127.0.0.1:9");
    EXPECT_TRUE(body.contains("details"));
}

TEST(StreamChatApiTest, AnInstanceFailingMidStreamDoesNotDisturbItsNeighbour) {
    arena_fixture f;
    stream_reader s(f.arena_port(), http::verb::post, "/api/stream_chat",
                    R"({"history":[{"role":"user","content":"x"}],
                        "models":["fault-midstream:1b","llama3.2:3b","fault-busy:1b","fault-truncate:1b"]})");
    std::map<std::string, json::object> finals;
    for (const auto& l : s.read_all()) {
        const auto& o = l.as_object();
        if (o.at("done").as_bool())
            finals[std::string(o.at("instance_id").as_string())] = o;
    }
    ASSERT_EQ(finals.size(), 4U);
    EXPECT_EQ(finals.at("llama3.2:3b").at("type"), "metrics");
    for (const auto* id : {"fault-midstream:1b", "fault-busy:1b", "fault-truncate:1b"}) {
        EXPECT_EQ(finals.at(id).at("type"), "error") << id;
        EXPECT_FALSE(finals.at(id).at("error").as_string().empty()) << id;
        EXPECT_FALSE(finals.at(id).contains("metrics")) << id;
    }
    EXPECT_NE(std::string(finals.at("fault-busy:1b").at("error").as_string()).find("server busy"),
              std::string::npos);
}

TEST(StreamChatApiTest, SilentUpstreamIsCutOffByRequestTimeout) {
    arena_fixture f(with_arena_env({{"REQUEST_TIMEOUT", "0.5"}}));
    const auto started = std::chrono::steady_clock::now();
    stream_reader s(
        f.arena_port(), http::verb::post, "/api/stream_chat",
        R"({"history":[{"role":"user","content":"x"}],"models":["fault-hang:1b","llama3.2:3b"]})");
    EXPECT_EQ(s.status(), 200U); // headers come before the first token
    std::map<std::string, std::string> type;
    for (const auto& l : s.read_all(10s)) {
        const auto& o = l.as_object();
        if (o.at("done").as_bool())
            type[std::string(o.at("instance_id").as_string())] = o.at("type").as_string();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(type.at("fault-hang:1b"), "error");
    EXPECT_EQ(type.at("llama3.2:3b"), "metrics");
}

} // namespace
} // namespace ollama_arena::test
