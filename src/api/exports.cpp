// api: exports — one session as a reproducible JSON bundle or as Markdown
// (GET /api/sessions/{id}/export), and every battle in FastChat's battle-log shape
// (GET /api/battles) so existing rating scripts can re-fit them (docs/API.md "Exports").
#include "api/blocking.hpp"
#include "api/clock.hpp"
#include "api/competitors.hpp"
#include "api/handlers.hpp"
#include "api/request_fields.hpp"
#include "api/session_views.hpp"
#include "storage/conversations.hpp"
#include "storage/votes.hpp"

#include <map>

namespace ollama_arena::api {

namespace {

constexpr std::string_view bundle_format = "ollama-arena.session";
constexpr std::int64_t bundle_version = 1;

std::string file_name(const storage::conversation_row& c, std::string_view extension) {
    return "arena-session-" + std::to_string(c.id) + (c.masked() ? "-blind" : "") + "." +
           std::string(extension);
}

http::response attachment(std::string body, std::string content_type, std::string name) {
    http::response res;
    res.content_type = std::move(content_type);
    res.body = std::move(body);
    res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    return res;
}

json::object bundle_json(const storage::conversation_full& c) {
    json::object out;
    out["format"] = bundle_format;
    out["version"] = bundle_version;
    out["exported_at"] = utc_time_ms(now_ms());
    out["session"] = conversation_json(c, view_options{true});
    return out;
}

std::string answer_heading(const json::object& a, bool masked) {
    std::string h = "### " + std::string(a.at("label").as_string());
    if (!masked) {
        h += " — " + std::string(a.at("model").as_string());
    }
    h += " (" + std::string(a.at("status").as_string());
    if (const auto& m = a.at("metrics"); m.is_object()) {
        h += ", " + json::to_string(m.as_object().at("tokens")) + " tokens, " +
             json::to_string(m.as_object().at("tokens_per_sec")) + " tok/s";
    }
    return h + ")";
}

std::string vote_line(const json::value& vote) {
    if (!vote.is_object()) {
        return {};
    }
    const auto& v = vote.as_object();
    const auto kind = v.at("kind").as_string();
    if (kind == "tie") {
        return "**Vote:** tie\n\n";
    }
    if (kind == "all_bad") {
        return "**Vote:** all bad\n\n";
    }
    return "**Vote:** " + std::string(v.at("winner_label").as_string()) + " is best\n\n";
}

// Markdown of the same view the JSON shows (masked while blind).
std::string session_markdown(const json::object& s) {
    const bool masked = s.at("masked").as_bool();
    std::string md = "# " +
                     (s.at("title").as_string().empty() ? "Session " + json::to_string(s.at("id"))
                                                        : std::string(s.at("title").as_string())) +
                     "\n\n";
    md += "- Session " + json::to_string(s.at("id")) + ", created " +
          std::string(s.at("created_at").as_string()) + "\n";
    md += std::string("- ") +
          (s.at("blind").as_bool()
               ? (masked ? "Blind: identities hidden until reveal" : "Blind, revealed")
               : "Not blind") +
          "\n";
    if (!s.at("system").as_string().empty()) {
        md += "- System prompt: " + std::string(s.at("system").as_string()) + "\n";
    }
    md +=
        "\n## Instances\n\n| Label | Model | Settings | Digest | Ollama |\n|---|---|---|---|---|\n";
    for (const auto& iv : s.at("instances").as_array()) {
        const auto& i = iv.as_object();
        md += "| " + std::string(i.at("label").as_string()) + " | ";
        if (masked) {
            md += "hidden until reveal | | | |\n";
            continue;
        }
        const auto opt = [&](const char* key) {
            return i.at(key).is_string() ? std::string(i.at(key).as_string()) : std::string("?");
        };
        md += std::string(i.at("model").as_string()) + " | `" + json::to_string(i.at("settings")) +
              "` | " + opt("model_digest") + " | " + opt("ollama_version") + " |\n";
    }
    md += "\n";
    for (const auto& tv : s.at("turns").as_array()) {
        const auto& t = tv.as_object();
        md += "## Turn " + json::to_string(t.at("index")) + "\n\n**User:** " +
              std::string(t.at("user_message").as_string()) + "\n\n";
        for (const auto& av : t.at("answers").as_array()) {
            const auto& a = av.as_object();
            md +=
                answer_heading(a, masked) + "\n\n" + std::string(a.at("text").as_string()) + "\n\n";
            if (a.at("error").is_string()) {
                md += "> " + std::string(a.at("error").as_string()) + "\n\n";
            }
        }
        md += vote_line(t.at("vote"));
    }
    return md;
}

std::string_view fastchat_winner(rating::outcome o) {
    switch (o) {
    case rating::outcome::a_wins:
        return "model_a";
    case rating::outcome::b_wins:
        return "model_b";
    case rating::outcome::tie:
        return "tie";
    case rating::outcome::both_bad:
        return "tie (bothbad)";
    }
    return "tie";
}

// One FastChat battle record; model_a is the answer in the lower slot (left in the UI).
json::object battle_json(const battle_set& set, std::size_t k,
                         std::span<const storage::vote_record> votes) {
    auto b = set.battles[k];
    const auto& origin = set.origins[k];
    if (origin.slot_a > origin.slot_b) {
        std::swap(b.a, b.b);
        if (b.result == rating::outcome::a_wins) {
            b.result = rating::outcome::b_wins;
        } else if (b.result == rating::outcome::b_wins) {
            b.result = rating::outcome::a_wins;
        }
    }
    const auto& v = votes[origin.vote];
    json::object o;
    o["question_id"] = std::to_string(v.conversation_id) + "-" + std::to_string(v.turn_seq);
    o["conversation_id"] = v.conversation_id;
    o["turn_id"] = v.turn_id;
    o["turn"] = v.turn_seq;
    o["model_a"] = set.competitors[b.a].label;
    o["model_b"] = set.competitors[b.b].label;
    o["winner"] = fastchat_winner(b.result);
    o["anonymous"] = v.blind;
    o["tstamp"] = static_cast<double>(v.vote.updated_ms) / 1000.0;
    o["weight"] = b.weight;
    o["judge"] = "local";
    return o;
}

} // namespace

awaitable<void> export_session(context_ptr ctx, http::exchange& ex) {
    const auto id = path_id(ex.req(), "id", "Session");
    const auto format = ex.req().query_param("format").value_or("json");
    http::response res;
    if (!id) {
        res = http::error_response(id.error());
    } else if (format != "json" && format != "markdown") {
        res = http::error_response(field_error("format", "format must be json or markdown"));
    } else {
        auto full = co_await ctx->store->call(
            [id = *id](storage::database& db) { return storage::load_conversation(db, id); });
        if (!full) {
            res = http::error_response(full.error());
        } else if (format == "json") {
            res = attachment(json::to_string(bundle_json(*full)), "application/json",
                             file_name(full->conversation, "json"));
        } else {
            res = attachment(session_markdown(conversation_json(*full)),
                             "text/markdown; charset=utf-8", file_name(full->conversation, "md"));
        }
    }
    co_await ex.respond(std::move(res));
}

awaitable<void> list_battles(context_ptr ctx, http::exchange& ex) {
    const auto g = ex.req().query_param("group_by").value_or("config");
    if (g != "config" && g != "model") {
        co_await ex.respond(
            http::error_response(field_error("group_by", "group_by must be config or model")));
        co_return;
    }
    const auto group = g == "model" ? grouping::model : grouping::config;
    auto battles = co_await ctx->store->call([group](storage::database& db) -> result<json::array> {
        auto votes = storage::load_votes(db);
        if (!votes) {
            return votes.error();
        }
        const auto set = build_battles(*votes, group);
        json::array out;
        for (std::size_t k = 0; k < set.battles.size(); ++k) {
            out.push_back(battle_json(set, k, *votes));
        }
        return out;
    });
    co_await ex.respond(battles ? http::json_response(200, *battles)
                                : http::error_response(battles.error()));
}

} // namespace ollama_arena::api
