// api: competitors and battles from stored votes.
#include "api/competitors.hpp"

#include "api/session_views.hpp"
#include "arena/instance.hpp"
#include "rating/votes.hpp"

#include <cstdio>
#include <map>
#include <unordered_map>

namespace ollama_arena::api {

namespace {

// FNV-1a, 64 bits: a short, stable fingerprint of a system prompt for keys and labels.
std::uint64_t fingerprint(std::string_view text) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string hex(std::uint64_t v, int digits) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return std::string(buf, static_cast<std::size_t>(digits));
}

std::string config_key(std::string_view model, const storage::settings& s,
                       std::string_view system) {
    auto key = arena::derive_id(model, to_sampling(s));
    if (!system.empty()) {
        key += "#sys-" + hex(fingerprint(system), 16);
    }
    return key;
}

// Interns competitors by key.
class registry {
public:
    std::size_t intern(competitor c) {
        auto [it, added] = index_.try_emplace(c.key, list_.size());
        if (added) {
            list_.push_back(std::move(c));
        }
        return it->second;
    }
    std::vector<competitor> take() { return std::move(list_); }

private:
    std::map<std::string, std::size_t, std::less<>> index_;
    std::vector<competitor> list_;
};

// Config competitors by (instance row, system prompt): building keys and labels is the
// costly part, and one instance row of one session is one configuration per system prompt.
class config_cache {
public:
    explicit config_cache(registry& configs) : configs_(configs) {}
    std::size_t index(const storage::vote_answer& a, const std::string& system) {
        auto& by_ref = seen_[system];
        if (auto it = by_ref.find(a.instance_ref); it != by_ref.end()) {
            return it->second;
        }
        const auto i = configs_.intern(competitor{config_key(a.model, a.params, system),
                                                  config_label(a.model, a.params, system), a.model,
                                                  a.params, system});
        by_ref.emplace(a.instance_ref, i);
        return i;
    }

private:
    registry& configs_;
    std::map<std::string, std::unordered_map<std::int64_t, std::size_t>> seen_; // system, ref
};

struct participant {
    std::size_t config = 0;
    std::int64_t slot = 0;
};

// The answers of a vote that take part, as config competitors; `best` is set for kind best.
std::vector<participant> participants(const storage::vote_record& v, config_cache& configs,
                                      std::optional<std::size_t>& best) {
    std::vector<participant> out;
    for (const auto& a : v.answers) {
        const bool chosen = v.vote.winner && *v.vote.winner == a.answer_id;
        if (a.status == storage::answer_status::failed && !chosen) {
            continue;
        }
        const auto index = configs.index(a, v.system);
        bool duplicate = false; // one request never holds one configuration twice; be safe
        for (const auto& p : out) {
            duplicate = duplicate || p.config == index;
        }
        if (duplicate) {
            continue;
        }
        if (chosen) {
            best = out.size();
        }
        out.push_back({index, a.slot});
    }
    return out;
}

// Keeps only competitors that have battles (a vote that yielded nothing, or a same-model
// pair under grouping::model, leaves none behind), renumbering the battles.
void compact(std::vector<competitor> all, battle_set& out) {
    constexpr auto unused = static_cast<std::size_t>(-1);
    std::vector<std::size_t> renumber(all.size(), unused);
    auto use = [&](std::size_t& index) {
        if (renumber[index] == unused) {
            renumber[index] = out.competitors.size();
            out.competitors.push_back(std::move(all[index]));
        }
        index = renumber[index];
    };
    for (auto& b : out.battles) {
        use(b.a);
        use(b.b);
    }
}

rating::vote_kind to_rating(storage::vote_kind k) {
    switch (k) {
    case storage::vote_kind::best:
        return rating::vote_kind::best;
    case storage::vote_kind::tie:
        return rating::vote_kind::tie;
    case storage::vote_kind::all_bad:
        return rating::vote_kind::all_bad;
    }
    return rating::vote_kind::tie;
}

} // namespace

std::string config_label(std::string_view model, const storage::settings& s,
                         std::string_view system) {
    const storage::settings defaults;
    std::string label(model);
    label += " T=" + arena::format_number(s.temperature);
    label += " P=" + arena::format_number(s.top_p);
    label += " K=" + std::to_string(s.top_k);
    if (s.repeat_penalty != defaults.repeat_penalty) {
        label += " R=" + arena::format_number(s.repeat_penalty);
    }
    if (s.num_predict != defaults.num_predict) {
        label += " M=" + std::to_string(s.num_predict);
    }
    if (s.seed != defaults.seed) {
        label += " S=" + std::to_string(s.seed);
    }
    if (!system.empty()) {
        label += " sys#" + hex(fingerprint(system), 6);
    }
    return label;
}

battle_set build_battles(std::span<const storage::vote_record> votes, grouping g) {
    registry configs;
    config_cache cache(configs);
    std::vector<rating::turn_vote> turn_votes;
    std::vector<std::vector<participant>> parts;
    std::vector<std::size_t> vote_of; // turn_votes index -> votes index
    for (std::size_t v = 0; v < votes.size(); ++v) {
        std::optional<std::size_t> best;
        auto p = participants(votes[v], cache, best);
        if (p.size() < 2 || (votes[v].vote.kind == storage::vote_kind::best && !best)) {
            continue;
        }
        rating::turn_vote tv;
        for (const auto& x : p) {
            tv.competitors.push_back(x.config);
        }
        tv.kind = to_rating(votes[v].vote.kind);
        tv.best = best.value_or(0);
        turn_votes.push_back(std::move(tv));
        parts.push_back(std::move(p));
        vote_of.push_back(v);
    }
    const auto expanded = rating::expand_turn_votes(turn_votes);
    auto config_list = configs.take();
    registry groups;
    std::vector<std::size_t> group_of;
    for (auto& c : config_list) {
        if (g == grouping::config) {
            group_of.push_back(groups.intern(c));
        } else {
            group_of.push_back(groups.intern(competitor{c.model, c.model, c.model, {}, {}}));
        }
    }
    battle_set out;
    std::vector<bool> counted(turn_votes.size(), false);
    for (const auto& b : expanded) {
        const auto tv = static_cast<std::size_t>(*b.turn);
        auto slot_of = [&](std::size_t config) {
            for (const auto& x : parts[tv]) {
                if (x.config == config) {
                    return x.slot;
                }
            }
            return std::int64_t{0};
        };
        rating::battle mapped = b;
        mapped.a = group_of[b.a];
        mapped.b = group_of[b.b];
        if (mapped.a == mapped.b) {
            continue;
        }
        mapped.turn = vote_of[tv];
        out.battles.push_back(mapped);
        out.origins.push_back({vote_of[tv], slot_of(b.a), slot_of(b.b)});
        counted[tv] = true;
    }
    for (const bool c : counted) {
        out.votes += c ? 1 : 0;
    }
    compact(groups.take(), out);
    return out;
}

} // namespace ollama_arena::api
