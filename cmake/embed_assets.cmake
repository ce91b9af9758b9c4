# Embeds files into C++ byte arrays with pure CMake (no xxd): one generated .cpp with a table.
#
# arena_embed_assets(TARGET <lib> ROOT <dir> [FILES <relative paths...>] [DEPENDS <files...>])
# creates an OBJECT library (so the definition is always linked, whatever the library order)
# defining ollama_arena::http::embedded_assets() (declared in src/http/static_assets.hpp).
# Without FILES, every file below ROOT is embedded, listed when the .cpp is generated (for
# build outputs such as the UI's hashed bundle names); DEPENDS then names what produces them.

function(arena_embed_assets)
    cmake_parse_arguments(ARG "" "TARGET;ROOT" "FILES;DEPENDS" ${ARGN})
    set(_out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}.cpp")
    set(_deps ${ARG_DEPENDS})
    foreach(_rel IN LISTS ARG_FILES)
        list(APPEND _deps "${ARG_ROOT}/${_rel}")
    endforeach()
    list(JOIN ARG_FILES "|" _files)
    add_custom_command(
        OUTPUT "${_out}"
        COMMAND ${CMAKE_COMMAND} "-DROOT=${ARG_ROOT}" "-DFILES=${_files}" "-DOUT=${_out}"
                -P "${PROJECT_SOURCE_DIR}/cmake/embed_assets_gen.cmake"
        DEPENDS ${_deps} "${PROJECT_SOURCE_DIR}/cmake/embed_assets_gen.cmake"
        COMMENT "Embedding ${ARG_TARGET}"
        VERBATIM)
    add_library(${ARG_TARGET} OBJECT "${_out}")
    target_include_directories(${ARG_TARGET} PRIVATE "${PROJECT_SOURCE_DIR}/src")
endfunction()
