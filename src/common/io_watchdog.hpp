// common: a deadline for the socket operation in progress, kept without a timer operation per
// read or write. Beast's per-operation timeouts start and cancel a timer on every operation
// (several reactor locks and one extra handler each: a streamed token costs two); here the
// timer is started once and, when it fires, either cancels the operation in progress (its
// deadline passed) or sleeps on until the deadline as later operations have moved it
// meanwhile. The deadline counts only while an operation is in progress.
//
// Used by ollama (upstream body reads) and http (stream writes to the client); header-only
// because only libraries that link Asio may include it.
// Ownership: shared with its timer's handler (make it with std::make_shared).
// Thread safety: use on the operating coroutine's executor only.
#pragma once

#include "common/asio.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <memory>

namespace ollama_arena {

class io_watchdog : public std::enable_shared_from_this<io_watchdog> {
public:
    using clock = std::chrono::steady_clock;

    // `timer_executor`: where the timer lives (a plain io_context executor is cheapest);
    // `owner`: the executor of the coroutine that operates (the timer's handler runs there).
    io_watchdog(const net::any_io_executor& timer_executor, net::any_io_executor owner)
        : timer_(timer_executor), owner_(std::move(owner)) {}

    // Bounds the operation about to start on `socket` by `at` (time_point::max(): none).
    void begin(net::ip::tcp::socket& socket, clock::time_point at) {
        socket_ = &socket;
        at_ = at;
        active_ = true;
        fired_ = false;
        // A pending wait that ends at or before `at` re-checks when it fires; only an earlier
        // deadline (or none pending) needs the timer moved.
        if (at != clock::time_point::max() && at < waiting_until_) {
            wait_until(at);
        }
    }
    void end() noexcept { active_ = false; }
    // The owner is done with the socket: no later firing touches it.
    void stop() {
        socket_ = nullptr;
        active_ = false;
        waiting_until_ = clock::time_point::max();
        timer_.cancel();
    }
    // Whether the last operation was ended by its deadline.
    bool fired() const noexcept { return fired_; }

private:
    void wait_until(clock::time_point at) {
        waiting_until_ = at;
        timer_.expires_at(at); // cancels a later wait still pending; its handler sees the abort
        timer_.async_wait(net::bind_executor(
            owner_, [self = shared_from_this()](const boost::system::error_code& ec) {
                self->on_timer(ec);
            }));
    }

    void on_timer(const boost::system::error_code& ec) {
        if (ec) {
            return; // moved to an earlier deadline, or stopped
        }
        waiting_until_ = clock::time_point::max();
        if (socket_ == nullptr || !active_ || at_ == clock::time_point::max()) {
            return; // between operations the clock does not run: the next one starts a wait
        }
        if (clock::now() < at_) {
            wait_until(at_); // the operations went on meanwhile: the deadline moved
            return;
        }
        fired_ = true;
        boost::system::error_code ignored; // a socket with nothing pending has nothing to cancel
        socket_->cancel(ignored);          // the operation completes with operation_aborted
    }

    net::steady_timer timer_;
    net::any_io_executor owner_;
    net::ip::tcp::socket* socket_ = nullptr;
    clock::time_point at_ = clock::time_point::max();
    clock::time_point waiting_until_ = clock::time_point::max(); // max: no wait pending
    bool active_ = false;
    bool fired_ = false;
};

} // namespace ollama_arena
