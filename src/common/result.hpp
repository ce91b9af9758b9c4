// common: result<T>, the expected-style return type of every function that can fail in an
// expected way (parsing, validation, upstream calls, storage, config).
#pragma once

#include "common/error.hpp"

#include <boost/system/result.hpp>

namespace ollama_arena {

template <class T>
using result = boost::system::result<T, error>;

} // namespace ollama_arena
