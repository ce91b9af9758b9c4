# Third-party dependencies, all from Debian packages (make deps). Nothing is downloaded here.
find_package(Threads REQUIRED)
find_package(Boost 1.81 EXACT REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
if(ARENA_BUILD_TESTS)
    find_package(GTest REQUIRED)
endif()
if(ARENA_BUILD_BENCHMARKS)
    find_package(benchmark REQUIRED)
endif()

# Boost.Asio, Beast and JSON are compiled once, in src/common/boost_impl.cpp (separate
# compilation keeps every other translation unit lighter on 2 cores).
add_library(arena_boost INTERFACE)
target_include_directories(arena_boost SYSTEM INTERFACE ${Boost_INCLUDE_DIRS})
target_compile_definitions(arena_boost INTERFACE
    BOOST_ASIO_SEPARATE_COMPILATION
    BOOST_BEAST_SEPARATE_COMPILATION
    BOOST_ASIO_NO_DEPRECATED
    BOOST_JSON_NO_LIB
    BOOST_CONTAINER_NO_LIB)
target_link_libraries(arena_boost INTERFACE Threads::Threads)
