// arena: background pulls — the table of pulls, the progress meter and the watcher queues.
#include "arena/pulls.hpp"

#include "common/log.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace ollama_arena::arena {

namespace {

constexpr double max_before_success = 99.9;
constexpr std::string_view success_status = "success";

// completed/total in percent, rounded down to one decimal (so 99.96 % is not shown as 100).
double ratio_percent(std::int64_t completed, std::int64_t total) {
    if (total <= 0)
        return 0;
    const double tenths =
        std::floor(static_cast<double>(completed) * 1000.0 / static_cast<double>(total));
    return std::clamp(tenths / 10.0, 0.0, 100.0);
}

std::string describe(const error& e) {
    if (e.code == errc::cancelled)
        return "pull cancelled";
    return e.details.empty() ? e.message : e.message + " (" + e.details + ")";
}

pull_update make_update(const ollama::pull_progress& line, double percent, bool last) {
    pull_update u;
    u.line = line;
    u.percent = percent;
    u.last = last;
    return u;
}

pull_update make_failure(std::string text, double percent) {
    pull_update u;
    u.percent = percent;
    u.error = std::move(text);
    u.last = true;
    return u;
}

std::string what_of(const std::exception_ptr& ex) {
    try {
        std::rethrow_exception(ex);
    } catch (const std::exception& x) {
        return x.what();
    } catch (...) {
        return "unknown exception"; // still ends the pull as failed, never swallowed
    }
}

bool same_step(const pull_update& a, const pull_update& b) {
    return !a.last && !b.last && a.line.status == b.line.status && a.line.digest == b.line.digest;
}

} // namespace

// ---- pull_meter -------------------------------------------------------------------------

void pull_meter::apply(const ollama::pull_progress& line) {
    if (!line.digest.empty() && line.total > 0) {
        auto& l = layers_[line.digest];
        l.total = line.total;
        l.completed = std::clamp(std::max(l.completed, line.completed), std::int64_t{0}, l.total);
        completed_ = 0;
        total_ = 0;
        for (const auto& [digest, each] : layers_) {
            completed_ += each.completed;
            total_ += each.total;
        }
    }
    if (line.status == success_status) {
        completed_ = total_;
        percent_ = 100;
        return;
    }
    const double now = std::min(ratio_percent(completed_, total_), max_before_success);
    percent_ = std::max(percent_, now);
}

std::string pull_key(std::string_view model) {
    // Ollama matches names case-insensitively, with "registry.ollama.ai/library/" and
    // "library/" implied and ":latest" as the default tag: one key for all spellings.
    std::string key(model);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const std::string_view prefix : {"registry.ollama.ai/", "library/"}) {
        if (std::string_view(key).starts_with(prefix))
            key.erase(0, prefix.size());
    }
    const auto slash = key.rfind('/');
    const auto last = slash == std::string::npos ? std::string_view(key)
                                                 : std::string_view(key).substr(slash + 1);
    if (last.find(':') == std::string_view::npos)
        key += ":latest";
    return key;
}

// ---- pull_watch -------------------------------------------------------------------------

pull_watch::pull_watch(net::any_io_executor ex) : wake_(std::move(ex)) {}

void pull_watch::push(pull_update u) {
    {
        std::lock_guard lock(mutex_);
        if (!queue_.empty() && same_step(queue_.back(), u)) {
            queue_.back() = std::move(u);
        } else {
            queue_.push_back(std::move(u));
        }
    }
    // The timer is not thread-safe: cancel it on the reader's executor. A wake-up that finds
    // the reader busy is harmless: it reads the queue before it waits again.
    net::post(wake_.get_executor(), [self = shared_from_this()] { self->wake_.cancel(); });
}

awaitable<result<pull_update>> pull_watch::next() {
    while (true) {
        auto cs = co_await net::this_coro::cancellation_state;
        if (cs.cancelled() != net::cancellation_type::none)
            co_return make_error(errc::cancelled, "cancelled");
        {
            std::lock_guard lock(mutex_);
            if (!queue_.empty()) {
                auto u = std::move(queue_.front());
                queue_.pop_front();
                co_return u;
            }
        }
        // Checking the queue and arming the wait happen without a suspension in between on
        // the reader's strand, and push() cancels the wait on that strand: no lost wake-up.
        wake_.expires_at(net::steady_timer::time_point::max());
        auto [ec] = co_await wake_.async_wait(nothrow);
        (void)ec; // operation_aborted is the wake-up; cancellation is checked above
    }
}

// ---- pull_tracker -----------------------------------------------------------------------

struct pull_tracker::entry {
    pull_state state;
    pull_meter meter;
    std::optional<ollama::pull_progress> last_line;
    std::vector<std::weak_ptr<pull_watch>> watchers;
    net::any_io_executor strand;
    std::shared_ptr<net::cancellation_signal> cancel = std::make_shared<net::cancellation_signal>();

    // Calls fn for every watcher still alive and forgets the departed ones.
    template <class Fn>
    void each_watcher(Fn fn) {
        std::erase_if(watchers, [&](const std::weak_ptr<pull_watch>& w) {
            auto alive = w.lock();
            if (alive)
                fn(*alive);
            return !alive;
        });
    }
};

pull_tracker::pull_tracker(net::any_io_executor ex, ollama::client client)
    : ex_(std::move(ex)), client_(std::move(client)) {}

result<pull_state> pull_tracker::start(std::string model) {
    auto e = start_entry(std::move(model), nullptr);
    if (!e)
        return e.error();
    std::lock_guard lock(mutex_);
    return (*e)->state;
}

result<std::shared_ptr<pull_watch>> pull_tracker::watch(std::string model,
                                                        net::any_io_executor reader) {
    auto w = std::make_shared<pull_watch>(std::move(reader));
    auto e = start_entry(std::move(model), w);
    if (!e)
        return e.error();
    return w;
}

// Under the lock: join the running pull or make a new entry (the watcher registered before
// the pull can produce anything); the new pull is spawned after the lock is released.
result<pull_tracker::entry_ptr>
pull_tracker::start_entry(std::string model, const std::shared_ptr<pull_watch>& watcher) {
    entry_ptr fresh;
    entry_ptr joined;
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            return make_error(errc::unavailable, "The server is shutting down");
        auto key = pull_key(model);
        auto it = pulls_.find(key);
        if (it != pulls_.end() && !it->second->state.done) {
            joined = it->second;
            if (watcher) {
                joined->watchers.push_back(watcher);
                if (joined->last_line) {
                    watcher->push(make_update(*joined->last_line, joined->state.percent, false));
                }
            }
        } else {
            fresh = std::make_shared<entry>();
            fresh->state.model = std::move(model);
            fresh->state.status = "starting";
            fresh->state.started = std::chrono::system_clock::now();
            fresh->strand = net::make_strand(ex_);
            if (watcher)
                fresh->watchers.push_back(watcher);
            pulls_.insert_or_assign(std::move(key), fresh);
        }
    }
    if (joined)
        return joined;
    spawn(fresh);
    return fresh;
}

void pull_tracker::spawn(entry_ptr e) {
    log::info("pull of {} started", e->state.model);
    auto signal = e->cancel;
    // Runs on its own strand, not the request's: the pull outlives the request. Exceptions
    // end the pull as failed (and are logged) instead of vanishing as with `detached`.
    net::co_spawn(e->strand, run(e),
                  net::bind_cancellation_slot(
                      signal->slot(), [self = shared_from_this(), e](std::exception_ptr ex) {
                          if (!ex)
                              return;
                          const auto what = what_of(ex);
                          log::error("pull of {} failed: {}", e->state.model, what);
                          self->finish(*e, make_error(errc::internal, "pull failed", what));
                      }));
}

awaitable<void> pull_tracker::run(entry_ptr e) {
    auto self = shared_from_this();
    auto on_progress = [self, e](const ollama::pull_progress& line) -> awaitable<void> {
        self->on_progress(*e, line);
        co_return;
    };
    auto outcome = co_await client_.pull(e->state.model, on_progress);
    finish(*e, outcome ? std::nullopt : std::optional<error>(outcome.error()));
}

void pull_tracker::on_progress(entry& e, const ollama::pull_progress& line) {
    std::lock_guard lock(mutex_);
    if (e.state.done)
        return;
    e.meter.apply(line);
    e.last_line = line;
    e.state.status = line.status;
    e.state.completed = e.meter.completed();
    e.state.total = e.meter.total();
    e.state.percent = e.meter.percent();
    const bool last = line.status == success_status;
    e.each_watcher([&](pull_watch& w) { w.push(make_update(line, e.state.percent, last)); });
    if (last) {
        // Done as soon as Ollama says so (the model is installed); the client only drains
        // the response after this, and finish() will find nothing left to do.
        e.state.done = true;
        e.state.finished = std::chrono::system_clock::now();
        e.watchers.clear();
        log::info("pull of {} finished", e.state.model);
    }
}

void pull_tracker::finish(entry& e, const std::optional<error>& failure) {
    std::lock_guard lock(mutex_);
    if (e.state.done)
        return;
    e.state.done = true;
    e.state.finished = std::chrono::system_clock::now();
    if (failure) {
        e.state.status = "error";
        e.state.error = describe(*failure);
        log::warn("pull of {} failed: {}", e.state.model, e.state.error);
        e.each_watcher(
            [&](pull_watch& w) { w.push(make_failure(e.state.error, e.state.percent)); });
    } else if (e.state.status != success_status) {
        // The client reports success only after Ollama's "success" line, so this is a
        // safety net: pollers and watchers still see the pull end as a success.
        ollama::pull_progress line;
        line.status = success_status;
        e.meter.apply(line);
        e.state.status = line.status;
        e.state.completed = e.meter.completed();
        e.state.percent = e.meter.percent();
        e.each_watcher([&](pull_watch& w) { w.push(make_update(line, 100, true)); });
        log::info("pull of {} finished", e.state.model);
    }
    e.watchers.clear();
}

std::optional<pull_state> pull_tracker::find(std::string_view model) const {
    std::lock_guard lock(mutex_);
    auto it = pulls_.find(pull_key(model));
    if (it == pulls_.end())
        return std::nullopt;
    return it->second->state;
}

std::vector<pull_state> pull_tracker::list() const {
    std::lock_guard lock(mutex_);
    std::vector<pull_state> out;
    out.reserve(pulls_.size());
    for (const auto& [key, e] : pulls_)
        out.push_back(e->state);
    return out;
}

void pull_tracker::cancel_all() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (const auto& [key, e] : pulls_) {
        if (e->state.done)
            continue;
        // The signal belongs to the pull's strand: emit it there.
        net::post(e->strand,
                  [signal = e->cancel] { signal->emit(net::cancellation_type::terminal); });
    }
}

} // namespace ollama_arena::arena
