// arena: model downloads (Ollama /api/pull) running in the background, one per model, with
// their progress kept for polling and offered to streaming watchers. Knows the ollama client;
// knows nothing of HTTP or JSON output (api/pulls.cpp turns states and updates into JSON).
//
// Ownership: pull_tracker is held by shared_ptr (api::context); every running pull keeps it
// alive, so it may outlive the context. The io_context must outlive every pull.
// Thread safety: every pull_tracker method may be called from any thread or strand (one mutex
// guards the table). A pull_watch is fed from any thread but must be awaited from the one
// strand (or single-threaded executor) given to watch().
// Cancellation: a pull is never cancelled by the request that started or joined it (it is a
// background job); only cancel_all() (server shutdown) cancels running pulls, which then end
// with the error "pull cancelled". Cancelling a coroutine awaiting pull_watch::next() only
// ends that wait (errc::cancelled); the download goes on.
#pragma once

#include "common/asio.hpp"
#include "common/result.hpp"
#include "ollama/client.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::arena {

// What a pull looks like now (a copy; never changes once returned).
struct pull_state {
    std::string model;          // the name as first requested
    std::string status;         // "starting", then Ollama's latest status line ("pulling
                                // manifest", "pulling 4c1f0b7e2a9d", ...), then "success" or
                                // "error"
    std::int64_t completed = 0; // bytes, summed over every layer announced so far
    std::int64_t total = 0;     // bytes, summed over every layer announced so far
    double percent = 0;         // 0-100, one decimal; never decreases; 100 only at success
    std::string error;          // empty unless the pull failed
    bool done = false;
    std::chrono::system_clock::time_point started;
    std::optional<std::chrono::system_clock::time_point> finished;
};

// One step of a pull as a watcher sees it: Ollama's line as sent plus the overall percent,
// or the final failure (last == true with error set). Success is the "success" line, last.
struct pull_update {
    ollama::pull_progress line;
    double percent = 0;
    std::string error;
    bool last = false;
};

// Pure: the byte counters and percent of one pull, fed with Ollama's progress lines.
// Layers are told apart by digest; a layer's latest "completed" replaces its earlier one.
// Percent = completed/total summed over layers, rounded down to one decimal, capped at 99.9
// until success (a later layer may still appear), and never lower than before.
class pull_meter {
public:
    void apply(const ollama::pull_progress& line);
    std::int64_t completed() const { return completed_; }
    std::int64_t total() const { return total_; }
    double percent() const { return percent_; }

private:
    struct layer {
        std::int64_t total = 0;
        std::int64_t completed = 0;
    };
    std::map<std::string, layer, std::less<>> layers_;
    std::int64_t completed_ = 0;
    std::int64_t total_ = 0;
    double percent_ = 0;
};

// Pure: the name pulls are keyed by — "tinyllama" and "tinyllama:latest" are one pull.
std::string pull_key(std::string_view model);

// The receiving end of one streaming watcher. Updates queue until read; while the reader is
// behind, a line for the same status (same layer) replaces the queued one, so a slow reader
// costs a few lines of memory, never the whole download's.
class pull_watch : public std::enable_shared_from_this<pull_watch> {
public:
    explicit pull_watch(net::any_io_executor ex);

    // The next update, waiting for it. errc::cancelled when the awaiting coroutine is
    // cancelled (the client left, shutdown).
    awaitable<result<pull_update>> next();

    // Any thread: queues `u` and wakes the reader.
    void push(pull_update u);

private:
    std::mutex mutex_;
    std::deque<pull_update> queue_;
    net::steady_timer wake_; // waited on by next(); cancelled (on its executor) by push()
};

class pull_tracker : public std::enable_shared_from_this<pull_tracker> {
public:
    // `ex`: a plain io_context executor; each pull runs on its own strand of it.
    pull_tracker(net::any_io_executor ex, ollama::client client);

    // Starts a background pull of `model`, or joins the one already running (no second
    // download). A finished pull (success or error) is replaced by a new one.
    // Errors: errc::unavailable after cancel_all() (shutting down).
    result<pull_state> start(std::string model);

    // start(), and a watch that receives every update from now on: first, when joining a
    // running pull, its latest line; at last, the "success" line or the failure.
    result<std::shared_ptr<pull_watch>> watch(std::string model, net::any_io_executor reader);

    std::optional<pull_state> find(std::string_view model) const;
    std::vector<pull_state> list() const; // every known pull, by model name

    // Cancels every running pull and refuses new ones (server shutdown).
    void cancel_all();

private:
    struct entry;
    using entry_ptr = std::shared_ptr<entry>;

    result<entry_ptr> start_entry(std::string model, const std::shared_ptr<pull_watch>& watcher);
    void spawn(entry_ptr e);
    void on_progress(entry& e, const ollama::pull_progress& line);
    void finish(entry& e, const std::optional<error>& failure);
    awaitable<void> run(entry_ptr e);

    net::any_io_executor ex_;
    ollama::client client_;
    mutable std::mutex mutex_;
    std::map<std::string, entry_ptr, std::less<>> pulls_; // by pull_key
    bool stopping_ = false;
};

} // namespace ollama_arena::arena
