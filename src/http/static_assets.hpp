// http layer: the web UI's files — embedded in the binary at build time
// (cmake/embed_assets.cmake) or, for UI work, read from a folder (--web-dir). Only exact
// matches of the asset set are ever served, so no request path can escape it.
#pragma once

#include "http/message.hpp"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::http {

struct embedded_asset {
    std::string_view path; // "/index.html"
    std::string_view data;
};

// Defined by the generated file of arena_embed_assets().
std::span<const embedded_asset> embedded_assets();

// Thread safety: immutable after construction; serve() is safe from any thread.
class static_assets {
public:
    // Serves the embedded set.
    static static_assets embedded();
    // Serves the regular files below `root` (listed once at start; content read per request).
    static static_assets from_directory(const std::filesystem::path& root);

    // The response for GET/HEAD `path` (already percent-decoded) with the request's
    // If-None-Match value: 200 with ETag and Cache-Control, 304, or 404 JSON. Paths without
    // a file extension that match nothing get index.html (client-side routes).
    response serve(std::string_view path, std::string_view if_none_match) const;

    std::size_t size() const noexcept { return files_.size(); }

private:
    struct file {
        std::string path;
        std::string data;                          // embedded content (empty for disk)
        std::optional<std::filesystem::path> disk; // set when served from disk
    };
    const file* find(std::string_view path) const;
    std::vector<file> files_;
};

std::string_view content_type_for(std::string_view path) noexcept;
// A strong ETag ("\"<16 hex>\"") from the content.
std::string etag_for(std::string_view content);

} // namespace ollama_arena::http
