// fake-ollama: registry catalog, name normalization and fault markers.
#include "fake_ollama/catalog.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace ollama_arena::fake_ollama {
namespace {

struct catalog_row {
    std::string_view name;
    std::string_view family;
    std::string_view parameter_size;
    std::string_view quantization;
    std::int64_t size;
    std::int64_t context_length;
    bool tools;
    bool thinking;
};

// Sizes and details as the real registry reports them (rounded); context is the training one.
constexpr std::array<catalog_row, 15> catalog{{
    {"llama3.2:3b", "llama", "3.2B", "Q4_K_M", 2019393189, 131072, true, false},
    {"qwen2.5:7b", "qwen2", "7.6B", "Q4_K_M", 4683087332, 32768, true, false},
    {"mistral:7b", "llama", "7.2B", "Q4_0", 4113301824, 32768, true, false},
    {"gemma2:2b", "gemma2", "2.6B", "Q4_0", 1629518495, 8192, false, false},
    {"phi3:mini", "phi3", "3.8B", "Q4_0", 2176178913, 131072, false, false},
    {"tinyllama:1.1b", "llama", "1B", "Q4_0", 637700138, 2048, false, false},
    {"tinyllama:latest", "llama", "1B", "Q4_0", 637700138, 2048, false, false},
    {"deepseek-r1:8b", "qwen3", "8.2B", "Q4_K_M", 5225376047, 131072, false, true},
    {"qwen3:4b", "qwen3", "4.0B", "Q4_K_M", 2497293918, 262144, true, true},
    {"llama3.1:8b", "llama", "8.0B", "Q4_K_M", 4920753328, 131072, true, false},
    {"qwen2.5:3b", "qwen2", "3.1B", "Q4_K_M", 1929912432, 32768, true, false},
    {"llama3.2:1b", "llama", "1.2B", "Q8_0", 1321098329, 131072, true, false},
    {"llama3.2:latest", "llama", "3.2B", "Q4_K_M", 2019393189, 131072, true, false},
    {"mistral:latest", "llama", "7.2B", "Q4_0", 4113301824, 32768, true, false},
    {"qwen2.5:latest", "qwen2", "7.6B", "Q4_K_M", 4683087332, 32768, true, false},
}};

constexpr std::array<std::pair<std::string_view, fault_kind>, 8> fault_markers{{
    {"fault-midstream", fault_kind::midstream},
    {"fault-busy", fault_kind::busy},
    {"fault-hang", fault_kind::hang},
    {"fault-slow", fault_kind::slow},
    {"fault-malformed", fault_kind::malformed},
    {"fault-reset", fault_kind::reset},
    {"fault-truncate", fault_kind::truncate},
    {"fault-500", fault_kind::server_error},
}};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

model_spec to_spec(const catalog_row& row) {
    return model_spec{std::string(row.name),
                      std::string(row.family),
                      std::string(row.parameter_size),
                      std::string(row.quantization),
                      row.size,
                      row.context_length,
                      row.tools,
                      row.thinking};
}

bool name_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '_' || c == '-' || c == '.';
}

// "qwen2.5:14b" -> "14B" (parameter size guessed from the tag), else "7B".
std::string parameter_size_from_tag(std::string_view display) {
    const auto colon = display.rfind(':');
    std::string_view tag = display.substr(colon + 1);
    if (tag.size() >= 2 && (tag.back() == 'b' || tag.back() == 'B') &&
        std::isdigit(static_cast<unsigned char>(tag.front())) != 0) {
        std::string out(tag.substr(0, tag.size() - 1));
        return out + "B";
    }
    return "7B";
}

} // namespace

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash) {
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
}

std::string hex_digest(std::string_view seed) {
    std::uint64_t state = fnv1a(seed);
    std::string out;
    out.reserve(64);
    for (int i = 0; i < 4; ++i) {
        char part[17];
        std::snprintf(part, sizeof part, "%016llx",
                      static_cast<unsigned long long>(splitmix64(state)));
        out.append(part, 16);
    }
    return out;
}

fault_kind fault_of(std::string_view model) {
    const std::string name = lower(model);
    for (const auto& [marker, kind] : fault_markers) {
        if (name.find(marker) != std::string::npos) {
            return kind;
        }
    }
    return fault_kind::none;
}

std::vector<std::string> default_models() {
    return {"llama3.2:3b", "qwen2.5:7b", "mistral:7b", "gemma2:2b", "phi3:mini"};
}

std::optional<model_spec> registry_lookup(std::string_view canonical) {
    for (const auto& row : catalog) {
        if (row.name == canonical) {
            return to_spec(row);
        }
    }
    return std::nullopt;
}

model_spec spec_for(std::string_view display) {
    if (auto found = registry_lookup(canonical_name(display))) {
        found->name = std::string(display);
        return *found;
    }
    model_spec spec;
    spec.name = std::string(display);
    const auto stem_end = display.find_first_of("0123456789:.-_/");
    spec.family = lower(display.substr(0, stem_end == 0 ? display.size() : stem_end));
    spec.parameter_size = parameter_size_from_tag(display);
    spec.quantization = "Q4_K_M";
    std::uint64_t state = fnv1a(display);
    spec.size = 1'000'000'000 + static_cast<std::int64_t>(splitmix64(state) % 4'000'000'000ULL);
    spec.context_length = 32768;
    spec.thinking = lower(display).find("think") != std::string::npos;
    return spec;
}

std::string display_name(std::string_view requested) {
    std::string_view name = requested.substr(0, requested.find('@'));
    if (name.starts_with("registry.ollama.ai/")) {
        name.remove_prefix(std::string_view("registry.ollama.ai/").size());
    }
    if (name.starts_with("library/")) {
        name.remove_prefix(std::string_view("library/").size());
    }
    const auto slash = name.rfind('/');
    const auto colon = name.rfind(':');
    std::string out(name);
    if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) {
        out += ":latest";
    }
    return out;
}

std::string canonical_name(std::string_view requested) {
    return lower(display_name(requested));
}

std::string qualified_name(std::string_view requested) {
    const std::string display = display_name(requested);
    const auto slashes = std::count(display.begin(), display.end(), '/');
    if (slashes == 0) {
        return "registry.ollama.ai/library/" + display;
    }
    return slashes == 1 ? "registry.ollama.ai/" + display : display;
}

bool valid_model_name(std::string_view requested) {
    const std::string display = display_name(requested);
    const auto colon = display.rfind(':');
    const std::string_view path = std::string_view(display).substr(0, colon);
    const std::string_view tag = std::string_view(display).substr(colon + 1);
    if (path.empty() || tag.empty() || path.front() == '/' || path.back() == '/') {
        return false;
    }
    const auto path_ok =
        std::all_of(path.begin(), path.end(), [](char c) { return name_char(c) || c == '/'; });
    return path_ok && std::all_of(tag.begin(), tag.end(), name_char) &&
           path.find("//") == std::string_view::npos;
}

} // namespace ollama_arena::fake_ollama
