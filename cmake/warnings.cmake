# arena_warnings: the warning set every target of ours links PRIVATE (style.md §3.9).
add_library(arena_warnings INTERFACE)
target_compile_options(arena_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
    -Wnull-dereference -Wimplicit-fallthrough)
if(ARENA_WARNINGS_AS_ERRORS)
    target_compile_options(arena_warnings INTERFACE -Werror)
endif()
