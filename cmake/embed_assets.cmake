# Embeds files into C++ byte arrays with pure CMake (no xxd): one generated .cpp with a table.
#
# arena_embed_assets(TARGET <lib> ROOT <dir> FILES <relative paths...>) creates a static library
# exposing ollama_arena::http::embedded_assets() (an OBJECT library, so
# the definition is always linked whatever the library order) (declared in src/http/static_assets.hpp).

function(arena_embed_assets)
    cmake_parse_arguments(ARG "" "TARGET;ROOT" "FILES" ${ARGN})
    set(_out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}.cpp")
    set(_deps "")
    foreach(_rel IN LISTS ARG_FILES)
        list(APPEND _deps "${ARG_ROOT}/${_rel}")
    endforeach()
    add_custom_command(
        OUTPUT "${_out}"
        COMMAND ${CMAKE_COMMAND} "-DROOT=${ARG_ROOT}" "-DFILES=${ARG_FILES}" "-DOUT=${_out}"
                -P "${PROJECT_SOURCE_DIR}/cmake/embed_assets_gen.cmake"
        DEPENDS ${_deps} "${PROJECT_SOURCE_DIR}/cmake/embed_assets_gen.cmake"
        COMMENT "Embedding ${ARG_TARGET}"
        VERBATIM)
    add_library(${ARG_TARGET} OBJECT "${_out}")
    target_include_directories(${ARG_TARGET} PRIVATE "${PROJECT_SOURCE_DIR}/src")
endfunction()
