// /api/sessions: create, list, view, rename, delete, reveal, votes, ratings and exports, with
// every error the API promises (400 naming the field, 404 unknown ids, 409 state conflicts).
#include <gtest/gtest.h>

#include "session_helpers.hpp"

namespace ollama_arena::test {
namespace {

std::string path(std::int64_t id, const std::string& rest = "") {
    return "/api/sessions/" + std::to_string(id) + rest;
}

void expect_field_error(const http_reply& res, const std::string& field) {
    EXPECT_EQ(res.status, 400U) << res.body;
    EXPECT_EQ(res.json().as_object().at("field").as_string(), field) << res.body;
}

TEST(SessionsApiTest, CreateGetRenameAndDelete) {
    arena_fixture f;
    auto created = create_session(
        f,
        R"({"title":"Pirates","system":"Talk like a pirate.","blind":false,"model_instances":[)" +
            llama + "," + qwen + "]}");
    const auto id = created.at("id").as_int64();
    EXPECT_EQ(created.at("title"), "Pirates");
    EXPECT_EQ(created.at("system"), "Talk like a pirate.");
    EXPECT_EQ(created.at("blind"), false);
    EXPECT_EQ(created.at("masked"), false);
    const auto& instances = created.at("instances").as_array();
    ASSERT_EQ(instances.size(), 2U);
    const auto& a = instances[0].as_object();
    EXPECT_EQ(a.at("label"), "Model A"); // not blind: labels follow the order given
    EXPECT_EQ(a.at("instance_id"), "llama");
    EXPECT_EQ(a.at("model"), "llama3.2:3b");
    EXPECT_EQ(a.at("settings").as_object().at("temperature").to_number<double>(), 0.7);
    EXPECT_FALSE(a.at("options").as_object().contains("seed")); // exactly what Ollama gets
    EXPECT_EQ(a.at("model_digest").as_string().size(), 64U);    // from /api/tags
    EXPECT_EQ(a.at("ollama_version"), "0.33.0");                // from /api/version
    EXPECT_EQ(instances[1].as_object().at("label"), "Model B");

    auto renamed = f.send(http::verb::patch, path(id), R"({"title":"Parrots"})");
    ASSERT_EQ(renamed.status, 200U) << renamed.body;
    EXPECT_EQ(renamed.json().as_object().at("title"), "Parrots");
    EXPECT_EQ(renamed.json().as_object().at("system"), "Talk like a pirate.");
    EXPECT_EQ(get_session(f, id).at("title"), "Parrots");

    auto deleted = f.send(http::verb::delete_, path(id));
    ASSERT_EQ(deleted.status, 200U) << deleted.body;
    EXPECT_EQ(deleted.json().as_object().at("status"), "deleted");
    EXPECT_EQ(f.get(path(id)).status, 404U);
    EXPECT_EQ(f.send(http::verb::delete_, path(id)).status, 404U);
}

TEST(SessionsApiTest, ListIsMostRecentlyActiveFirstWithPaging) {
    arena_fixture f;
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(new_session(f, false));
    }
    // A turn moves the first session to the top.
    run_turn(f, ids[0], llama);
    auto page = f.get("/api/sessions?limit=2").json().as_object();
    EXPECT_EQ(page.at("total"), 5);
    EXPECT_EQ(page.at("limit"), 2);
    const auto& rows = page.at("sessions").as_array();
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].at("id"), ids[0]);
    EXPECT_EQ(rows[0].at("turn_count"), 1);
    EXPECT_EQ(rows[1].at("id"), ids[4]);
    auto rest = f.get("/api/sessions?limit=10&offset=2").json().as_object();
    const auto& tail = rest.at("sessions").as_array();
    ASSERT_EQ(tail.size(), 3U);
    EXPECT_EQ(tail[2].at("id"), ids[1]);
    EXPECT_EQ(f.get("/api/sessions?offset=99").json().as_object().at("sessions").as_array().size(),
              0U);
}

TEST(SessionsApiTest, BadInputIsA400NamingTheField) {
    arena_fixture f;
    expect_field_error(f.post("/api/sessions", R"({"title":5})"), "title");
    expect_field_error(f.post("/api/sessions", R"({"title":")" + std::string(201, 'x') + "\"}"),
                       "title");
    expect_field_error(f.post("/api/sessions", R"({"blind":"yes"})"), "blind");
    expect_field_error(f.post("/api/sessions", R"({"system":[]})"), "system");
    expect_field_error(
        f.post("/api/sessions", R"({"model_instances":[{"model":"m","temperature":9}]})"),
        "model_instances[0].temperature");
    expect_field_error(
        f.post("/api/sessions", R"({"model_instances":[)" + llama + "," + llama + "]}"),
        "model_instances[1]");
    EXPECT_EQ(f.post("/api/sessions", "not json").status, 400U);
    expect_field_error(f.get("/api/sessions?limit=0"), "limit");
    expect_field_error(f.get("/api/sessions?limit=x"), "limit");
    expect_field_error(f.get("/api/sessions?offset=-1"), "offset");
    const auto id = new_session(f, true, llama + "," + qwen);
    expect_field_error(f.send(http::verb::patch, path(id), "{}"), "title");
    const auto turn = run_turn(f, id, llama + "," + qwen);
    expect_field_error(f.post(path(id, "/turns/" + std::to_string(turn) + "/vote"), "{}"),
                       "winner");
    expect_field_error(vote(f, id, turn, "nobody"), "winner");
    const auto answer = get_session(f, id)
                            .at("turns")
                            .as_array()[0]
                            .at("answers")
                            .as_array()[0]
                            .at("id")
                            .as_int64();
    expect_field_error(
        f.post(path(id, "/answers/" + std::to_string(answer) + "/rating"), R"({"value":2})"),
        "value");
    expect_field_error(f.get(path(id, "/export?format=xml")), "format");
}

TEST(SessionsApiTest, UnknownIdsAreNotFound) {
    arena_fixture f;
    const auto id = new_session(f, true, llama + "," + qwen);
    const auto turn = run_turn(f, id, llama + "," + qwen);
    const auto other = new_session(f, true, llama + "," + qwen);
    EXPECT_EQ(f.get(path(999)).status, 404U);
    EXPECT_EQ(f.get("/api/sessions/abc").json().as_object().at("error"), "Session 'abc' not found");
    EXPECT_EQ(f.send(http::verb::patch, path(999), R"({"title":"x"})").status, 404U);
    EXPECT_EQ(f.post(path(999, "/reveal"), "").status, 404U);
    EXPECT_EQ(f.get(path(999, "/export")).status, 404U);
    EXPECT_EQ(vote(f, 999, turn, "tie").status, 404U);
    EXPECT_EQ(vote(f, id, 999, "tie").status, 404U);
    EXPECT_EQ(vote(f, other, turn, "tie").status, 404U); // a turn of another session
    EXPECT_EQ(f.post(path(id, "/answers/999/rating"), R"({"value":1})").status, 404U);
    EXPECT_EQ(f.get(path(id, "/nope")).status, 404U);
    EXPECT_EQ(f.post(path(id), "{}").status, 405U);
}

TEST(VotesApiTest, AVoteIsRecordedAndASecondOneReplacesIt) {
    arena_fixture f;
    const auto id = new_session(f, true, llama + "," + qwen + "," + mistral);
    const auto turn = run_turn(f, id, llama + "," + qwen + "," + mistral);
    auto first = vote(f, id, turn, "qwen");
    ASSERT_EQ(first.status, 200U) << first.body;
    auto body = first.json().as_object();
    EXPECT_EQ(body.at("replaced"), false);
    const auto& v = body.at("vote").as_object();
    EXPECT_EQ(v.at("kind"), "best");
    EXPECT_NE(v.at("winner"), "qwen"); // echoed by label while blind
    EXPECT_EQ(v.at("winner"), v.at("winner_label"));

    auto second = vote(f, id, turn, "all_bad");
    ASSERT_EQ(second.status, 200U);
    EXPECT_EQ(second.json().as_object().at("replaced"), true);
    auto session = get_session(f, id);
    EXPECT_EQ(session.at("vote_count"), 1);
    const auto& stored = session.at("turns").as_array()[0].at("vote").as_object();
    EXPECT_EQ(stored.at("kind"), "all_bad");
    EXPECT_EQ(stored.at("winner"), "all_bad");

    // By label, as the blind view shows it.
    const auto label = std::string(session.at("instances").as_array()[2].at("label").as_string());
    ASSERT_EQ(vote(f, id, turn, label).status, 200U);
    EXPECT_EQ(
        get_session(f, id).at("turns").as_array()[0].at("vote").at("winner_label").as_string(),
        label);
}

TEST(VotesApiTest, VotesNeedABlindSessionThatIsNotRevealed) {
    arena_fixture f;
    const auto open = new_session(f, false, llama + "," + qwen);
    const auto open_turn = run_turn(f, open, llama + "," + qwen);
    auto refused = vote(f, open, open_turn, "llama");
    EXPECT_EQ(refused.status, 409U) << refused.body;
    EXPECT_EQ(f.post(path(open, "/reveal"), "").status, 409U); // nothing to reveal

    const auto blind = new_session(f, true, llama + "," + qwen);
    const auto turn = run_turn(f, blind, llama + "," + qwen);
    ASSERT_EQ(vote(f, blind, turn, "llama").status, 200U);
    auto revealed = f.post(path(blind, "/reveal"), "");
    ASSERT_EQ(revealed.status, 200U) << revealed.body;
    EXPECT_EQ(revealed.json().as_object().at("masked"), false);
    EXPECT_EQ(vote(f, blind, turn, "qwen").status, 409U);
    EXPECT_EQ(f.post(path(blind, "/reveal"), "").status, 200U); // idempotent
    const auto v = get_session(f, blind).at("turns").as_array()[0].at("vote").as_object();
    EXPECT_EQ(v.at("winner"), "llama"); // unmasked now: the instance id
}

TEST(VotesApiTest, RatingsAreSetClearedAndLockedAfterReveal) {
    arena_fixture f;
    const auto id = new_session(f, true, llama + "," + qwen);
    run_turn(f, id, llama + "," + qwen);
    const auto answers = get_session(f, id).at("turns").as_array()[0].at("answers").as_array();
    const auto rate = [&](const json::value& a, int value) {
        return f.post(path(id, "/answers/" + std::to_string(a.at("id").as_int64()) + "/rating"),
                      R"({"value":)" + std::to_string(value) + "}");
    };
    ASSERT_EQ(rate(answers[0], 1).status, 200U);
    ASSERT_EQ(rate(answers[1], -1).status, 200U);
    auto stored = get_session(f, id).at("turns").as_array()[0].at("answers").as_array();
    EXPECT_EQ(stored[0].at("rating"), 1);
    EXPECT_EQ(stored[1].at("rating"), -1);
    ASSERT_EQ(rate(answers[1], 0).status, 200U);
    EXPECT_EQ(get_session(f, id).at("turns").as_array()[0].at("answers").as_array()[1].at("rating"),
              0);
    ASSERT_EQ(f.post(path(id, "/reveal"), "").status, 200U);
    EXPECT_EQ(rate(answers[0], -1).status, 409U);
}

TEST(ExportApiTest, BlindExportsHideEveryIdentityUntilReveal) {
    arena_fixture f;
    const auto id = new_session(f, true, llama + "," + qwen);
    const auto turn = run_turn(f, id, llama + "," + qwen);
    ASSERT_EQ(vote(f, id, turn, "llama").status, 200U);
    auto masked = f.get(path(id, "/export"));
    ASSERT_EQ(masked.status, 200U);
    EXPECT_EQ(masked.content_type, "application/json");
    EXPECT_NE(masked.header("content-disposition")
                  .find("arena-session-" + std::to_string(id) + "-blind.json"),
              std::string::npos);
    for (const auto* secret : {"llama3", "\"llama\"", "qwen", "temperature"}) {
        EXPECT_EQ(masked.body.find(secret), std::string::npos)
            << secret << " leaks: " << masked.body;
    }
    auto md = f.get(path(id, "/export?format=markdown"));
    ASSERT_EQ(md.status, 200U);
    EXPECT_EQ(md.content_type, "text/markdown; charset=utf-8");
    EXPECT_NE(md.body.find("hidden until reveal"), std::string::npos);
    EXPECT_EQ(md.body.find("llama3"), std::string::npos);

    ASSERT_EQ(f.post(path(id, "/reveal"), "").status, 200U);
    auto bundle = f.get(path(id, "/export")).json().as_object();
    EXPECT_EQ(bundle.at("format"), "ollama-arena.session");
    EXPECT_EQ(bundle.at("version"), 1);
    const auto& s = bundle.at("session").as_object();
    EXPECT_EQ(s.at("masked"), false);
    const auto& inst = s.at("instances").as_array()[0].as_object();
    for (const auto* key : {"model", "settings", "options", "model_digest", "ollama_version"}) {
        EXPECT_TRUE(inst.contains(key)) << key;
    }
    const auto& t = s.at("turns").as_array()[0].as_object();
    const auto& messages = t.at("messages").as_array(); // exactly what every instance got
    ASSERT_EQ(messages.size(), 1U);
    EXPECT_EQ(messages[0].at("content"), "What is 2+2?");
    EXPECT_TRUE(t.at("answers").as_array()[0].at("metrics").is_object());
    EXPECT_EQ(t.at("vote").at("winner"), "llama");
    auto revealed_md = f.get(path(id, "/export?format=markdown")).body;
    EXPECT_NE(revealed_md.find("llama3.2:3b"), std::string::npos);
    EXPECT_NE(revealed_md.find("is best"), std::string::npos);
}

} // namespace
} // namespace ollama_arena::test
