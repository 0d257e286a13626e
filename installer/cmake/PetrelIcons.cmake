# The app icon, rendered at build time from icons/petrel.svg (the only source: no PNG is kept
# in the repository). rsvg-convert (Debian: librsvg2-bin; Homebrew: librsvg; MSYS2:
# mingw-w64-ucrt-x86_64-librsvg) draws the PNGs; pack-icons.py (Python, standard library only)
# packs them into a .ico for Windows or a .icns for macOS.
#
# Sets, in the including scope:
#   PETREL_ICON_SVG            the scalable source
#   PETREL_ICON_PNG_<size>     one PNG per size rendered (Linux: the hicolor sizes)
#   PETREL_ICON_ICO            Windows only: petrel.ico, if it can be made
#   PETREL_ICON_ICNS           macOS only: petrel.icns, if it can be made
# and the target petrel_icons (part of ALL) that makes them.

set(PETREL_ICON_SVG ${PROJECT_SOURCE_DIR}/icons/petrel.svg)
set(PETREL_ICON_BUILD_DIR ${CMAKE_CURRENT_BINARY_DIR}/icons)

if(APPLE)
    set(PETREL_ICON_SIZES 16 32 64 128 256 512 1024)
elseif(WIN32)
    set(PETREL_ICON_SIZES 16 24 32 48 64 256)
else()
    # The hicolor sizes desktops look up (icon theme spec); 'scalable' is the SVG itself.
    set(PETREL_ICON_SIZES 16 24 32 48 64 128 256 512)
endif()

find_program(PETREL_RSVG_CONVERT rsvg-convert)
find_package(Python3 COMPONENTS Interpreter QUIET)

set(PETREL_ICON_OUTPUTS "")
if(PETREL_RSVG_CONVERT)
    set(PETREL_ICON_PNGS "")
    foreach(size IN LISTS PETREL_ICON_SIZES)
        set(png ${PETREL_ICON_BUILD_DIR}/hicolor/${size}x${size}/apps/petrel.png)
        add_custom_command(
            OUTPUT ${png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${PETREL_ICON_BUILD_DIR}/hicolor/${size}x${size}/apps
            COMMAND ${PETREL_RSVG_CONVERT} --width=${size} --height=${size} --format=png
                    --output=${png} ${PETREL_ICON_SVG}
            DEPENDS ${PETREL_ICON_SVG}
            COMMENT "Rendering the app icon at ${size}x${size}"
            VERBATIM)
        set(PETREL_ICON_PNG_${size} ${png})
        list(APPEND PETREL_ICON_PNGS ${png})
    endforeach()
    list(APPEND PETREL_ICON_OUTPUTS ${PETREL_ICON_PNGS})

    if((WIN32 OR APPLE) AND Python3_Interpreter_FOUND)
        if(WIN32)
            set(PETREL_ICON_ICO ${PETREL_ICON_BUILD_DIR}/petrel.ico)
            set(packed ${PETREL_ICON_ICO})
            set(format ico)
        else()
            set(PETREL_ICON_ICNS ${PETREL_ICON_BUILD_DIR}/petrel.icns)
            set(packed ${PETREL_ICON_ICNS})
            set(format icns)
        endif()
        add_custom_command(
            OUTPUT ${packed}
            COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/pack-icons.py ${format} ${packed}
                    ${PETREL_ICON_PNGS}
            DEPENDS ${PETREL_ICON_PNGS} ${CMAKE_CURRENT_LIST_DIR}/pack-icons.py
            COMMENT "Packing the app icon into ${format}"
            VERBATIM)
        list(APPEND PETREL_ICON_OUTPUTS ${packed})
    endif()
else()
    message(WARNING "rsvg-convert not found (Debian: librsvg2-bin, run ./.ci/deps): the packages "
                    "get the scalable app icon only, no PNG sizes, .ico or .icns.")
endif()

add_custom_target(petrel_icons ALL DEPENDS ${PETREL_ICON_OUTPUTS})
