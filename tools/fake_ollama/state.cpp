// fake-ollama: shared state behind one mutex.
#include "fake_ollama/state.hpp"

#include "fake_ollama/config.hpp"

#include <algorithm>

namespace ollama_arena::fake_ollama {
namespace {

// Later first; ties by name so the order is total (std::stable_sort trips a libstdc++ 12
// deprecation warning under clang 19).
bool later(const wall_time& a, const wall_time& b, const model_spec& x, const model_spec& y) {
    if (a.sec != b.sec) {
        return a.sec > b.sec;
    }
    return a.nsec != b.nsec ? a.nsec > b.nsec : x.name < y.name;
}

template <class Items>
auto find_by_name(Items& items, std::string_view requested) {
    const std::string key = canonical_name(requested);
    return std::find_if(items.begin(), items.end(),
                        [&](const auto& item) { return canonical_name(item.spec.name) == key; });
}

} // namespace

fake_state::fake_state(const std::vector<std::string>& models) {
    const wall_time now = wall_time::now();
    std::int64_t age = 0;
    for (const auto& name : models) {
        if (name.empty()) {
            continue;
        }
        // Deterministic, distinct ages keep /api/tags in the order given on the command line.
        age += 3600 + static_cast<std::int64_t>(fnv1a(name) % 3000);
        installed_.push_back(
            installed_model{spec_for(display_name(name)), wall_time{now.sec - age, now.nsec}});
    }
}

std::vector<installed_model> fake_state::installed() const {
    std::lock_guard lock(mutex_);
    auto out = installed_;
    std::sort(out.begin(), out.end(), [](const installed_model& a, const installed_model& b) {
        return later(a.modified_at, b.modified_at, a.spec, b.spec);
    });
    return out;
}

std::optional<installed_model> fake_state::find_installed(std::string_view requested) const {
    std::lock_guard lock(mutex_);
    const auto it = find_by_name(installed_, requested);
    return it == installed_.end() ? std::nullopt : std::optional(*it);
}

void fake_state::install(model_spec spec) {
    std::lock_guard lock(mutex_);
    const auto it = find_by_name(installed_, spec.name);
    if (it != installed_.end()) {
        installed_.erase(it);
    }
    installed_.push_back(installed_model{std::move(spec), wall_time::now()});
}

bool fake_state::remove(std::string_view requested) {
    std::lock_guard lock(mutex_);
    const auto it = find_by_name(installed_, requested);
    if (it == installed_.end()) {
        return false;
    }
    installed_.erase(it);
    const auto loaded = find_by_name(loaded_, requested);
    if (loaded != loaded_.end()) {
        loaded_.erase(loaded);
    }
    return true;
}

void fake_state::touch_loaded(const model_spec& spec, keep_alive ka, std::int64_t context_length) {
    if (!ka.forever && ka.duration.count() <= 0) {
        unload(spec.name);
        return;
    }
    // Go adds math.MaxInt64 ns (about 292 years) for "forever".
    const wall_time now = wall_time::now();
    const wall_time expires = ka.forever ? now.plus_seconds(9'223'372'036) : now.plus(ka.duration);
    std::lock_guard lock(mutex_);
    const auto it = find_by_name(loaded_, spec.name);
    if (it != loaded_.end()) {
        loaded_.erase(it);
    }
    loaded_.push_back(loaded_model{spec, expires, context_length});
}

void fake_state::unload(std::string_view requested) {
    std::lock_guard lock(mutex_);
    const auto it = find_by_name(loaded_, requested);
    if (it != loaded_.end()) {
        loaded_.erase(it);
    }
}

std::vector<loaded_model> fake_state::loaded() {
    const wall_time now = wall_time::now();
    std::lock_guard lock(mutex_);
    std::erase_if(loaded_, [&](const loaded_model& m) {
        return m.expires_at.sec < now.sec ||
               (m.expires_at.sec == now.sec && m.expires_at.nsec <= now.nsec);
    });
    auto out = loaded_;
    std::sort(out.begin(), out.end(), [](const loaded_model& a, const loaded_model& b) {
        return later(a.expires_at, b.expires_at, a.spec, b.spec);
    });
    return out;
}

void fake_state::count_request() {
    std::lock_guard lock(mutex_);
    ++stats_.requests;
}

bool fake_state::try_begin_stream(unsigned max_queue) {
    std::lock_guard lock(mutex_);
    if (max_queue > 0 && stats_.active >= max_queue) {
        return false;
    }
    ++stats_.streams_started;
    ++stats_.active;
    return true;
}

void fake_state::end_stream(bool cancelled) {
    std::lock_guard lock(mutex_);
    ++(cancelled ? stats_.streams_cancelled : stats_.streams_finished);
    --stats_.active;
}

stream_stats fake_state::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void fake_state::log_request(boost::json::value body) {
    std::lock_guard lock(mutex_);
    request_log_.push_back(std::move(body));
    while (request_log_.size() > defaults::request_log_capacity) {
        request_log_.pop_front();
    }
}

boost::json::array fake_state::request_log() const {
    std::lock_guard lock(mutex_);
    return boost::json::array(request_log_.begin(), request_log_.end());
}

void fake_state::reset() {
    std::lock_guard lock(mutex_);
    stats_ = stream_stats{0, 0, 0, stats_.active, 0};
    request_log_.clear();
}

} // namespace ollama_arena::fake_ollama
