// common: the bounded channel used for fan-in on one strand. Boost 1.81 keeps it in
// `experimental`; this alias is the one place to change when moving to a newer Boost.
#pragma once

#include "common/asio.hpp"

#include <boost/asio/experimental/channel.hpp>

namespace ollama_arena {

// Not thread-safe: every producer and the consumer must run on the same strand.
template <class Signature>
using channel = net::experimental::channel<Signature>;

} // namespace ollama_arena
