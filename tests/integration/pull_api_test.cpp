// /api/pull_model, /api/pull_status, /api/pulls and /api/delete_model against fake-ollama:
// the documented bodies, background progress, joining, NDJSON progress, and the errors.
#include "support/arena_fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace ollama_arena::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

std::string model_body(const std::string& model) {
    return R"({"model":")" + model + R"("})";
}
std::string stream_body(const std::string& model) {
    return R"({"model":")" + model + R"(","stream":true})";
}

double number(const json::value& v) {
    return v.to_number<double>();
}

std::uint64_t upstream_requests(const arena_fixture& f) {
    return f.fake_get("/fake/stats").json().as_object().at("requests").to_number<std::uint64_t>();
}

// Polls /api/pull_status until the pull is done; checks on the way that percent never goes
// back and stays below 100 until the end.
json::object wait_for_pull(const arena_fixture& f, const std::string& model) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    double last_percent = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        auto res = f.get("/api/pull_status?model=" + model);
        EXPECT_EQ(res.status, 200U) << res.body;
        auto state = res.json().as_object();
        const double percent = number(state.at("percent"));
        EXPECT_GE(percent, last_percent);
        last_percent = percent;
        if (state.at("done").as_bool())
            return state;
        EXPECT_LT(percent, 100.0);
        std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "pull of " << model << " did not finish";
    return {};
}

bool lists_model(const arena_fixture& f, const std::string& model) {
    const auto models = f.get("/api/models").json();
    for (const auto& name : models.as_object().at("models").as_array()) {
        if (name.as_string() == model)
            return true;
    }
    return false;
}

void expect_error(const http_reply& res, unsigned status, const std::string& message) {
    EXPECT_EQ(res.status, status) << res.body;
    EXPECT_EQ(res.content_type, "application/json");
    EXPECT_EQ(res.json().as_object().at("error"), message.c_str()) << res.body;
}

TEST(PullApiTest, DocumentedBodyAnswersAtOnce) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "100"})); // ~2 s of download
    const auto before = std::chrono::steady_clock::now();
    auto res = f.post("/api/pull_model", R"({"model": "deepseek-r1:8b"})");
    EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
    ASSERT_EQ(res.status, 200U) << res.body;
    EXPECT_EQ(res.content_type, "application/json");
    EXPECT_EQ(res.json(), json::parse(R"({"status": "downloading", "model": "deepseek-r1:8b"})"));
    auto state = f.get("/api/pull_status?model=deepseek-r1:8b").json().as_object();
    EXPECT_FALSE(state.at("done").as_bool());
    EXPECT_EQ(state.at("error"), "");
}

TEST(PullApiTest, StatusReachesSuccessAndTheModelIsListed) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "5"}));
    EXPECT_FALSE(lists_model(f, "deepseek-r1:8b"));
    ASSERT_EQ(f.post("/api/pull_model", model_body("deepseek-r1:8b")).status, 200U);
    auto state = wait_for_pull(f, "deepseek-r1:8b");
    EXPECT_EQ(state.at("model"), "deepseek-r1:8b");
    EXPECT_EQ(state.at("status"), "success");
    EXPECT_EQ(number(state.at("percent")), 100.0);
    EXPECT_GT(state.at("total").as_int64(), 5'000'000'000);
    EXPECT_EQ(state.at("completed"), state.at("total"));
    EXPECT_EQ(state.at("error"), "");
    EXPECT_TRUE(state.at("started_at").is_string());
    EXPECT_TRUE(state.at("finished_at").is_string());
    EXPECT_TRUE(lists_model(f, "deepseek-r1:8b"));
}

TEST(PullApiTest, TwoPullsOfOneModelMakeOneUpstreamPull) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "30"}));
    const auto before = upstream_requests(f);
    auto first = f.post("/api/pull_model", model_body("llama3.1:8b"));
    auto second = f.post("/api/pull_model", model_body("llama3.1:8b"));
    EXPECT_EQ(first.body, second.body);
    EXPECT_EQ(second.json(), json::parse(R"({"status":"downloading","model":"llama3.1:8b"})"));
    EXPECT_EQ(wait_for_pull(f, "llama3.1:8b").at("status"), "success");
    // The fake counts every HTTP request it serves; pull_status never reaches it.
    EXPECT_EQ(upstream_requests(f) - before, 1U);
    EXPECT_EQ(f.get("/api/pulls").json().as_object().at("pulls").as_array().size(), 1U);
}

TEST(PullApiTest, PullAfterAFinishedPullStartsAgain) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "2"}));
    ASSERT_EQ(f.post("/api/pull_model", model_body("llama3.2:1b")).status, 200U);
    const auto first = wait_for_pull(f, "llama3.2:1b");
    const auto before = upstream_requests(f);
    ASSERT_EQ(f.post("/api/pull_model", model_body("llama3.2:1b")).status, 200U);
    const auto second = wait_for_pull(f, "llama3.2:1b");
    EXPECT_EQ(second.at("status"), "success");
    EXPECT_EQ(upstream_requests(f) - before, 1U);
    EXPECT_GE(second.at("started_at").as_string(), first.at("finished_at").as_string());
}

TEST(PullApiTest, StreamRelaysProgressEndingInSuccess) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "5"}));
    stream_reader s(f.arena_port(), http::verb::post, "/api/pull_model", stream_body("qwen2.5:3b"));
    ASSERT_EQ(s.status(), 200U);
    EXPECT_EQ(s.header("content-type"), "application/x-ndjson");
    auto lines = s.read_all();
    ASSERT_GE(lines.size(), 5U);
    EXPECT_EQ(lines.front().as_object().at("status"), "pulling manifest");
    double last_percent = 0;
    bool layer_completed = false;
    for (const auto& line : lines) {
        const auto& o = line.as_object();
        EXPECT_EQ(o.at("model"), "qwen2.5:3b");
        EXPECT_GE(number(o.at("percent")), last_percent);
        last_percent = number(o.at("percent"));
        if (o.contains("digest") && o.contains("completed")) {
            EXPECT_LE(o.at("completed").as_int64(), o.at("total").as_int64());
            layer_completed = layer_completed || o.at("completed") == o.at("total");
        }
    }
    EXPECT_TRUE(layer_completed);
    const auto& last = lines.back().as_object();
    EXPECT_EQ(last.at("status"), "success");
    EXPECT_EQ(number(last.at("percent")), 100.0);
    auto state = f.get("/api/pull_status?model=qwen2.5:3b").json().as_object();
    EXPECT_TRUE(state.at("done").as_bool());
    EXPECT_EQ(state.at("completed"), state.at("total"));
    EXPECT_TRUE(lists_model(f, "qwen2.5:3b"));
}

TEST(PullApiTest, StreamJoinsTheRunningPull) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "30"}));
    const auto before = upstream_requests(f);
    ASSERT_EQ(f.post("/api/pull_model", model_body("llama3.1:8b")).status, 200U);
    std::this_thread::sleep_for(100ms); // some progress has been made
    stream_reader s(f.arena_port(), http::verb::post, "/api/pull_model",
                    stream_body("llama3.1:8b"));
    ASSERT_EQ(s.status(), 200U);
    auto lines = s.read_all();
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back().as_object().at("status"), "success");
    EXPECT_EQ(upstream_requests(f) - before, 1U);
}

TEST(PullApiTest, StreamClientLeavingDoesNotStopTheDownload) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "20"}));
    {
        stream_reader s(f.arena_port(), http::verb::post, "/api/pull_model",
                        stream_body("tinyllama:1.1b"));
        ASSERT_EQ(s.status(), 200U);
        ASSERT_TRUE(s.next_line().has_value());
        ASSERT_TRUE(s.next_line().has_value());
        s.disconnect();
    }
    EXPECT_EQ(wait_for_pull(f, "tinyllama:1.1b").at("status"), "success");
    EXPECT_TRUE(lists_model(f, "tinyllama:1.1b"));
}

TEST(PullApiTest, UnknownRegistryModelReportsTheManifestError) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "5"}));
    auto res = f.post("/api/pull_model", model_body("no-such-model:1b"));
    ASSERT_EQ(res.status, 200U) << res.body;
    auto state = wait_for_pull(f, "no-such-model:1b");
    EXPECT_EQ(state.at("status"), "error");
    EXPECT_EQ(state.at("error"), "pull model manifest: file does not exist");
    EXPECT_TRUE(state.at("done").as_bool());
}

TEST(PullApiTest, UnknownRegistryModelStreamEndsWithAnErrorLine) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "5"}));
    stream_reader s(f.arena_port(), http::verb::post, "/api/pull_model",
                    stream_body("no-such-model:1b"));
    ASSERT_EQ(s.status(), 200U);
    auto lines = s.read_all();
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0].as_object().at("status"), "pulling manifest");
    EXPECT_EQ(lines[1].as_object().at("error"), "pull model manifest: file does not exist");
    EXPECT_EQ(lines[1].as_object().at("model"), "no-such-model:1b");
}

TEST(PullApiTest, OllamaDownShowsInTheStatus) {
    arena_fixture f(without_fake());
    ASSERT_EQ(f.post("/api/pull_model", model_body("llama3.2:1b")).status, 200U);
    auto state = wait_for_pull(f, "llama3.2:1b");
    EXPECT_EQ(state.at("status"), "error");
    EXPECT_NE(state.at("error").as_string().find("not reachable"), json::string::npos)
        << state.at("error");
}

TEST(PullApiTest, MissingModelIsRejected) {
    arena_fixture f;
    for (const auto* body : {"{}", R"({"model": ""})", R"({"model": 7})", R"({"stream": true})"}) {
        expect_error(f.post("/api/pull_model", body), 400, "Model name is required");
    }
    expect_error(f.post("/api/pull_model", "{not json"), 400, "Invalid JSON body");
    auto bad_stream = f.post("/api/pull_model", R"({"model": "llama3.2:1b", "stream": "yes"})");
    EXPECT_EQ(bad_stream.status, 400U);
    EXPECT_EQ(f.get("/api/pulls").json(), json::parse(R"({"pulls": []})"));
}

TEST(PullApiTest, StatusOfAnUnknownPullIsNotFound) {
    arena_fixture f;
    expect_error(f.get("/api/pull_status?model=llama3.2:1b"), 404,
                 "No pull of model 'llama3.2:1b' is known");
    expect_error(f.get("/api/pull_status"), 400, "Model name is required");
    expect_error(f.get("/api/pull_status?model="), 400, "Model name is required");
}

TEST(PullApiTest, PullsListsEveryPull) {
    arena_fixture f(with_fake_args({"--pull-step-ms", "2"}));
    ASSERT_EQ(f.post("/api/pull_model", model_body("llama3.2:1b")).status, 200U);
    ASSERT_EQ(f.post("/api/pull_model", model_body("no-such-model:1b")).status, 200U);
    wait_for_pull(f, "llama3.2:1b");
    wait_for_pull(f, "no-such-model:1b");
    auto res = f.get("/api/pulls");
    ASSERT_EQ(res.status, 200U);
    const auto body = res.json();
    const auto& pulls = body.as_object().at("pulls").as_array();
    ASSERT_EQ(pulls.size(), 2U);
    for (const auto& p : pulls) {
        const auto& o = p.as_object();
        for (const auto* key :
             {"model", "status", "completed", "total", "percent", "error", "done"}) {
            EXPECT_TRUE(o.contains(key)) << key;
        }
        EXPECT_EQ(o.at("status"), o.at("model") == "llama3.2:1b" ? "success" : "error");
    }
}

TEST(PullApiTest, RoutesNeedTheToken) {
    arena_fixture f(with_arena_env({{"WEB_CHAT_TOKEN", "s3cret"}}));
    EXPECT_EQ(f.post("/api/pull_model", model_body("llama3.2:1b")).status, 401U);
    EXPECT_EQ(f.get("/api/pull_status?model=llama3.2:1b").status, 401U);
    EXPECT_EQ(f.get("/api/pulls").status, 401U);
    EXPECT_EQ(f.post("/api/delete_model", model_body("gemma2:2b")).status, 401U);
    EXPECT_EQ(f.get("/api/pulls", {{"Authorization", "Bearer s3cret"}}).status, 200U);
}

TEST(DeleteModelApiTest, DocumentedBodyDeletesTheModel) {
    arena_fixture f;
    ASSERT_TRUE(lists_model(f, "gemma2:2b"));
    auto res = f.post("/api/delete_model", R"({"model": "gemma2:2b"})");
    ASSERT_EQ(res.status, 200U) << res.body;
    EXPECT_EQ(res.content_type, "application/json");
    EXPECT_EQ(res.json(), json::parse(R"({"status": "deleted", "model": "gemma2:2b"})"));
    EXPECT_FALSE(lists_model(f, "gemma2:2b"));
}

TEST(DeleteModelApiTest, UnknownModelIsNotFound) {
    arena_fixture f;
    expect_error(f.post("/api/delete_model", model_body("nope:1b")), 404,
                 "model 'nope:1b' not found");
}

TEST(DeleteModelApiTest, OllamaDownIsAServerErrorWithDetails) {
    arena_fixture f(without_fake());
    auto res = f.post("/api/delete_model", model_body("gemma2:2b"));
    expect_error(res, 500, "Failed to delete model");
    const auto body = res.json();
    const auto& details = body.as_object().at("details").as_string();
    EXPECT_NE(details.find("not reachable"), json::string::npos) << details;
}

TEST(DeleteModelApiTest, MissingModelIsRejected) {
    arena_fixture f;
    for (const auto* body : {"{}", R"({"model": ""})", R"({"model": null})"}) {
        expect_error(f.post("/api/delete_model", body), 400, "Model name is required");
    }
    expect_error(f.post("/api/delete_model", "[1]"), 400, "Invalid JSON body");
}

} // namespace
} // namespace ollama_arena::test
