// common: the Asio vocabulary of the project. Every experimental Boost 1.81 name is wrapped
// here, so moving to a newer Boost is a one-file change. Include only where Asio is needed.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ollama_arena {

namespace net = boost::asio;

template <class T = void>
using awaitable = net::awaitable<T>;

// Await with errors as values: auto [ec, n] = co_await op(..., nothrow);
inline constexpr auto nothrow = net::as_tuple(net::use_awaitable);

} // namespace ollama_arena
