#include "api/chat_request.hpp"

#include <gtest/gtest.h>

namespace ollama_arena::api {
namespace {

result<chat_request> parse(std::string_view body, std::size_t limit = 40) {
    auto obj = json::parse_object_body(body);
    if (!obj)
        return obj.error();
    return parse_chat_request(*obj, limit);
}

TEST(ChatRequestTest, LegacyModelsBecomeDefaultInstancesNamedAfterTheModel) {
    auto r = parse(R"({"history":[{"role":"user","content":"Hello!"}],"models":["llama3.2:3b"]})");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->instances.size(), 1U);
    EXPECT_TRUE(r->legacy);
    EXPECT_EQ(r->instances[0].id, "llama3.2:3b");
    EXPECT_EQ(r->instances[0].params, arena::sampling{});
}

TEST(ChatRequestTest, InstancesWithoutIdGetTheDerivedId) {
    auto r = parse(R"({"history":[{"role":"user","content":"x"}],
        "model_instances":[{"model":"qwen2.5:3b","temperature":0.5,"top_p":0.8,"top_k":30,
        "repeat_penalty":1.2,"num_predict":500,"seed":42}]})");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->instances[0].id, "qwen2_5_3b__0.5_0.8_30_1.2_500_42");
}

TEST(ChatRequestTest, EmptyHistoryIsNoMessagesProvided) {
    EXPECT_EQ(parse(R"({"history":[],"models":["m"]})").error().message, "No messages provided");
    EXPECT_EQ(parse(R"({"models":["m"]})").error().message, "No messages provided");
}

TEST(ChatRequestTest, NoModelsIsNoModelsSelected) {
    EXPECT_EQ(parse(R"({"history":[{"role":"user","content":"x"}]})").error().message,
              "No models selected");
    EXPECT_EQ(parse(R"({"history":[{"role":"user","content":"x"}],"models":[]})").error().message,
              "No models selected");
}

TEST(ChatRequestTest, MessageAndSystemConvenienceFields) {
    auto r = parse(R"({"message":"hi","system":"be brief","models":["m"]})");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->history.size(), 2U);
    EXPECT_EQ(r->history[0].role, "system");
    EXPECT_EQ(r->history[1].content, "hi");
    auto same =
        parse(R"({"history":[{"role":"user","content":"hi"}],"message":"hi","models":["m"]})");
    EXPECT_EQ(same->history.size(), 1U);
}

TEST(ChatRequestTest, WrongTypesNameTheField) {
    auto r = parse(R"({"history":[{"role":"user","content":"x"}],
        "model_instances":[{"model":"a"},{"model":"b","temperature":"hot"}]})");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "model_instances[1].temperature");
    EXPECT_EQ(r.error().message, "temperature must be between 0.01 and 2.0");
    auto k = parse(
        R"({"history":[{"role":"user","content":"x"}],"model_instances":[{"model":"a","top_k":4.5}]})");
    EXPECT_EQ(k.error().field, "model_instances[0].top_k");
    auto role = parse(R"({"history":[{"role":"robot","content":"x"}],"models":["m"]})");
    EXPECT_EQ(role.error().field, "history[0].role");
    auto content = parse(R"({"history":[{"role":"user","content":5}],"models":["m"]})");
    EXPECT_EQ(content.error().field, "history[0].content");
    auto model = parse(
        R"({"history":[{"role":"user","content":"x"}],"model_instances":[{"temperature":1}]})");
    EXPECT_EQ(model.error().field, "model_instances[0].model");
}

TEST(ChatRequestTest, MoreThanSixteenInstancesIsRefused) {
    std::string body = R"({"history":[{"role":"user","content":"x"}],"model_instances":[)";
    for (int i = 0; i < 17; ++i) {
        body +=
            (i ? "," : "") + std::string(R"({"model":"m","seed":)") + std::to_string(i + 1) + "}";
    }
    body += "]}";
    auto r = parse(body);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("at most 16"), std::string::npos);
}

TEST(ChatRequestTest, DuplicatesAreRefused) {
    auto r = parse(R"({"history":[{"role":"user","content":"x"}],"models":["m","m"]})");
    EXPECT_EQ(r.error().message, "Duplicate model instance detected: m");
}

TEST(ChatRequestTest, ImagesPassThrough) {
    auto r =
        parse(R"({"history":[{"role":"user","content":"x","images":["aGk="]}],"models":["m"]})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->history[0].images, std::vector<std::string>{"aGk="});
}

TEST(ChatRequestTest, HistoryLimitApplies) {
    auto r = parse(R"({"history":[{"role":"system","content":"s"},{"role":"user","content":"1"},
        {"role":"assistant","content":"2"},{"role":"user","content":"3"}],"models":["m"]})",
                   1);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->history.size(), 2U);
    EXPECT_EQ(r->history[1].content, "3");
}

} // namespace
} // namespace ollama_arena::api

namespace ollama_arena::api {
namespace {

TEST(ChatRequestTest, BothInstanceListsAtOnceAreRefused) {
    auto r = parse(R"({"history":[{"role":"user","content":"x"}],"models":["a"],
        "model_instances":[{"model":"b"}]})");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "Send either model_instances or models, not both");
}

TEST(ChatRequestTest, InstanceListsOfTheWrongTypeNameTheField) {
    auto r =
        parse(R"({"history":[{"role":"user","content":"x"}],"model_instances":{"model":"b"}})");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "model_instances");
    auto m = parse(R"({"history":[{"role":"user","content":"x"}],"models":"llama3.2:3b"})");
    EXPECT_EQ(m.error().field, "models");
}

TEST(ChatRequestTest, LegacyDuplicatesNameTheModelsList) {
    auto r = parse(R"({"history":[{"role":"user","content":"x"}],"models":["m","m"]})");
    EXPECT_EQ(r.error().field, "models[1]");
}

} // namespace
} // namespace ollama_arena::api
