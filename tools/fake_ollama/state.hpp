// fake-ollama: the mutable state shared by all connections: installed models, loaded
// models (/api/ps), stream statistics and the request log. Knows no HTTP.
//
// Thread safety: every member function locks one internal mutex, so a fake_state may be used
// from any number of I/O threads (--threads). Return values are copies.
#pragma once

#include "fake_ollama/catalog.hpp"
#include "fake_ollama/go_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ollama_arena::fake_ollama {

struct installed_model {
    model_spec spec;
    wall_time modified_at;
};

struct loaded_model {
    model_spec spec;
    wall_time expires_at;
    std::int64_t context_length = 0;
};

struct stream_stats {
    std::uint64_t streams_started = 0;
    std::uint64_t streams_finished = 0;  // ended by the server (done line or scripted fault)
    std::uint64_t streams_cancelled = 0; // ended because the client went away
    std::uint64_t active = 0;            // in flight now (not cleared by reset)
    std::uint64_t requests = 0;          // HTTP requests, /fake/* hooks excluded
};

// keep_alive of a request: how long the model stays in /api/ps after it.
struct keep_alive {
    std::chrono::nanoseconds duration{0};
    bool forever = false;
};

class fake_state {
public:
    // Installs `models` (display names), the first one the most recently modified.
    explicit fake_state(const std::vector<std::string>& models);

    // Installed models, most recently modified first.
    std::vector<installed_model> installed() const;
    std::optional<installed_model> find_installed(std::string_view requested) const;
    void install(model_spec spec);
    bool remove(std::string_view requested);

    // Marks a model loaded until now + keep_alive; a zero keep_alive unloads it.
    void touch_loaded(const model_spec& spec, keep_alive ka, std::int64_t context_length);
    void unload(std::string_view requested);
    // Loaded models, longest remaining first; expired entries are dropped.
    std::vector<loaded_model> loaded();

    void count_request();
    // Admits a generation unless `max_queue` (> 0) generations are already in flight.
    bool try_begin_stream(unsigned max_queue);
    void end_stream(bool cancelled);
    stream_stats stats() const;

    // Keeps the last defaults::request_log_capacity chat/generate bodies.
    void log_request(boost::json::value body);
    boost::json::array request_log() const;

    // Clears the counters (except `active`) and the request log.
    void reset();

private:
    mutable std::mutex mutex_;
    std::vector<installed_model> installed_;
    std::vector<loaded_model> loaded_;
    stream_stats stats_;
    std::deque<boost::json::value> request_log_;
};

} // namespace ollama_arena::fake_ollama
