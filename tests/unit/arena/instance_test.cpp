#include "arena/instance.hpp"

#include <gtest/gtest.h>

namespace ollama_arena::arena {
namespace {

TEST(InstanceIdTest, DefaultsGiveTheDocumentedId) {
    EXPECT_EQ(derive_id("llama3.2:3b", sampling{}), "llama3_2_3b__0.7_0.9_40_1.1_-1_0");
}

TEST(InstanceIdTest, DocumentedSecondExample) {
    sampling s;
    s.temperature = 0.5;
    s.top_p = 0.8;
    s.top_k = 30;
    s.repeat_penalty = 1.2;
    s.num_predict = 500;
    s.seed = 42;
    EXPECT_EQ(derive_id("qwen2.5:3b", s), "qwen2_5_3b__0.5_0.8_30_1.2_500_42");
}

TEST(InstanceIdTest, SlashesAndDashesBecomeUnderscoresAndWholeNumbersHaveNoDecimals) {
    sampling s;
    s.temperature = 1.0;
    s.top_p = 1.0;
    EXPECT_EQ(derive_id("user/deep-seek:7b", s), "user_deep_seek_7b__1_1_40_1.1_-1_0");
}

TEST(InstanceValidationTest, BoundsAreInclusive) {
    sampling s;
    s.temperature = 0.01;
    s.top_p = 0;
    s.top_k = 100;
    s.repeat_penalty = 2.0;
    s.num_predict = 4096;
    EXPECT_TRUE(validate(s, "model_instances[0]"));
    s.temperature = 2.0;
    s.top_p = 1;
    s.top_k = 0;
    s.repeat_penalty = 1.0;
    s.num_predict = -1;
    EXPECT_TRUE(validate(s, "model_instances[0]"));
}

TEST(InstanceValidationTest, OutOfRangeNamesFieldAndRange) {
    sampling s;
    s.temperature = 2.5;
    auto r = validate(s, "model_instances[1]");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "temperature must be between 0.01 and 2.0");
    EXPECT_EQ(r.error().field, "model_instances[1].temperature");
    s = sampling{};
    s.num_predict = 4097;
    EXPECT_EQ(validate(s, "p").error().field, "p.num_predict");
    s = sampling{};
    s.seed = -1;
    EXPECT_EQ(validate(s, "p").error().field, "p.seed");
    s = sampling{};
    s.top_p = 1.01;
    EXPECT_EQ(validate(s, "p").error().message, "top_p must be between 0 and 1");
}

TEST(InstanceDuplicateTest, SameIdIsADuplicate) {
    std::vector<instance> v{{"a", "m1", {}}, {"a", "m2", {}}};
    auto r = check_unique(v);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "Duplicate model instance detected: a");
}

TEST(InstanceDuplicateTest, SameModelAndSettingsUnderDifferentIdsIsADuplicate) {
    std::vector<instance> v{{"a", "m", {}}, {"b", "m", {}}};
    EXPECT_EQ(check_unique(v).error().message, "Duplicate model instance detected: b");
}

TEST(InstanceDuplicateTest, SameModelWithOtherSettingsIsFine) {
    sampling hot;
    hot.temperature = 1.5;
    std::vector<instance> v{{"a", "m", {}}, {"b", "m", hot}};
    EXPECT_TRUE(check_unique(v));
}

TEST(OllamaOptionsTest, AllSixValuesAreSentButSeedZeroIsLeftOut) {
    auto o = to_ollama_options(sampling{});
    EXPECT_EQ(o.size(), 5U);
    EXPECT_EQ(o.at("temperature").as_double(), 0.7);
    EXPECT_EQ(o.at("top_k").as_int64(), 40);
    EXPECT_EQ(o.at("num_predict").as_int64(), -1);
    EXPECT_FALSE(o.contains("seed"));
    sampling s;
    s.seed = 42;
    EXPECT_EQ(to_ollama_options(s).at("seed").as_int64(), 42);
}

TEST(HistoryLimitTest, KeepsTheSystemMessageAndTheNewestOthers) {
    std::vector<ollama::chat_message> h{{"system", "be brief", {}}};
    for (int i = 0; i < 10; ++i)
        h.push_back({i % 2 ? "assistant" : "user", std::to_string(i), {}});
    auto kept = limit_history(h, 3);
    ASSERT_EQ(kept.size(), 4U);
    EXPECT_EQ(kept[0].role, "system");
    EXPECT_EQ(kept[1].content, "7");
    EXPECT_EQ(kept[3].content, "9");
    EXPECT_EQ(limit_history(h, 0).size(), 11U);
    EXPECT_EQ(limit_history(h, 40).size(), 11U);
}

} // namespace
} // namespace ollama_arena::arena

namespace ollama_arena::arena {
namespace {

TEST(InstanceIdTest, SmallValuesStayInPlainDecimal) {
    sampling s;
    s.top_p = 0.0001;
    EXPECT_EQ(derive_id("m", s), "m__0.7_0.0001_40_1.1_-1_0");
}

} // namespace
} // namespace ollama_arena::arena
