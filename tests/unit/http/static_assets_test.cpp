#include "http/static_assets.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ollama_arena::http {
namespace {

namespace fs = std::filesystem;

TEST(StaticAssetsTest, EmbeddedIndexIsServedAtRootWithEtag) {
    auto assets = static_assets::embedded();
    ASSERT_GT(assets.size(), 0U);
    auto res = assets.serve("/", "");
    EXPECT_EQ(res.status, 200U);
    EXPECT_EQ(res.content_type, "text/html; charset=utf-8");
    EXPECT_NE(res.body.find("Ollama Arena"), std::string::npos);
    std::string etag;
    for (const auto& [k, v] : res.headers) {
        if (k == "ETag")
            etag = v;
    }
    ASSERT_FALSE(etag.empty());
    auto again = assets.serve("/index.html", etag);
    EXPECT_EQ(again.status, 304U);
    EXPECT_TRUE(again.body.empty());
}

TEST(StaticAssetsTest, TraversalPathsNeverEscapeTheAssetSet) {
    const auto root = fs::temp_directory_path() / "arena_assets_test";
    fs::create_directories(root / "site");
    std::ofstream(root / "secret.txt") << "top secret";
    std::ofstream(root / "site" / "index.html") << "<html>ok</html>";
    auto assets = static_assets::from_directory(root / "site");
    for (const auto* path : {"/../secret.txt", "/..%2fsecret.txt", "/../../etc/passwd.txt",
                             "/./../secret.txt", "//secret.txt"}) {
        auto res = assets.serve(path, "");
        EXPECT_EQ(res.body.find("top secret"), std::string::npos) << path;
        EXPECT_EQ(res.status, 404U) << path;
    }
    fs::remove_all(root);
}

TEST(StaticAssetsTest, ExtensionlessPathsGetTheAppShell) {
    auto assets = static_assets::embedded();
    auto res = assets.serve("/leaderboard", "");
    EXPECT_EQ(res.status, 200U);
    EXPECT_EQ(res.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(assets.serve("/missing.js", "").status, 404U);
}

TEST(StaticAssetsTest, ContentTypesFollowTheExtension) {
    EXPECT_EQ(content_type_for("/a.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(content_type_for("/a.css"), "text/css; charset=utf-8");
    EXPECT_EQ(content_type_for("/a.svg"), "image/svg+xml");
    EXPECT_EQ(content_type_for("/a.bin"), "application/octet-stream");
}

} // namespace
} // namespace ollama_arena::http
