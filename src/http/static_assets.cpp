// http layer: static file serving with ETags.
#include "http/static_assets.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>

namespace ollama_arena::http {

namespace {

struct type_row {
    std::string_view ext;
    std::string_view type;
};

constexpr std::array<type_row, 14> content_types{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
}};

bool has_extension(std::string_view path) {
    const auto slash = path.rfind('/');
    const auto dot = path.rfind('.');
    return dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash);
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

std::string_view content_type_for(std::string_view path) noexcept {
    for (const auto& row : content_types) {
        if (path.ends_with(row.ext))
            return row.type;
    }
    return "application/octet-stream";
}

std::string etag_for(std::string_view content) {
    std::uint64_t h = 14695981039346656037ULL; // FNV-1a 64
    for (char c : content) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (int shift = 60; shift >= 0; shift -= 4) {
        out.push_back(hex[(h >> static_cast<unsigned>(shift)) & 0xFU]);
    }
    out.push_back('"');
    return out;
}

static_assets static_assets::embedded() {
    static_assets s;
    for (const auto& a : embedded_assets()) {
        s.files_.push_back(file{std::string(a.path), std::string(a.data), std::nullopt});
    }
    return s;
}

static_assets static_assets::from_directory(const std::filesystem::path& root) {
    static_assets s;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file())
            continue;
        const auto rel = std::filesystem::relative(it->path(), root).generic_string();
        s.files_.push_back(file{"/" + rel, {}, it->path()});
    }
    return s;
}

const static_assets::file* static_assets::find(std::string_view path) const {
    auto it =
        std::find_if(files_.begin(), files_.end(), [&](const file& f) { return f.path == path; });
    return it == files_.end() ? nullptr : &*it;
}

response static_assets::serve(std::string_view path, std::string_view if_none_match) const {
    std::string_view wanted = path == "/" ? "/index.html" : path;
    const file* f = find(wanted);
    if (f == nullptr && !has_extension(wanted)) {
        f = find("/index.html");
    }
    if (f == nullptr) {
        return error_response(errc::not_found, "Resource not found");
    }
    response res;
    res.body = f->disk ? read_file(*f->disk) : f->data;
    res.content_type = std::string(content_type_for(f->path));
    const auto tag = etag_for(res.body);
    const bool hashed = f->path.starts_with("/assets/");
    res.headers.emplace_back("ETag", tag);
    res.headers.emplace_back("Cache-Control",
                             hashed ? "public, max-age=31536000, immutable" : "no-cache");
    if (!if_none_match.empty() && if_none_match == tag) {
        res.status = 304;
        res.body.clear();
    }
    return res;
}

} // namespace ollama_arena::http
