// common: the one translation unit that compiles Boost.JSON (header-only mode otherwise).
#include <boost/json/src.hpp>
