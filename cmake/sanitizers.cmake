# arena_sanitizers: -fsanitize=<ARENA_SANITIZE> at compile and link time; findings abort the test.
add_library(arena_sanitizers INTERFACE)
if(ARENA_SANITIZE)
    list(JOIN ARENA_SANITIZE "," _arena_san)
    target_compile_options(arena_sanitizers INTERFACE
        -fsanitize=${_arena_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(arena_sanitizers INTERFACE -fsanitize=${_arena_san})
endif()
