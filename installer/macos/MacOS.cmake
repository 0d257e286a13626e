# macOS: Petrel.app (Info.plist with the mailto: URL type, the .icns icon, the libraries it
# links copied in and ad-hoc signed) and a drag-and-drop .dmg. Included from
# installer/CMakeLists.txt. Not run on macOS here: see installer/README.md.
#
# Needs, in ui/CMakeLists.txt: add_executable(petrel WIN32 MACOSX_BUNDLE main.cpp) and
# install(TARGETS petrel RUNTIME DESTINATION bin BUNDLE DESTINATION .); and in src/CMakeLists.txt
# petrel-cli installed into the bundle on Apple (see installer/README.md, "Snippets").
set(PETREL_BUNDLE_NAME Petrel.app)

if(TARGET petrel)
    set_target_properties(petrel PROPERTIES
        OUTPUT_NAME Petrel
        MACOSX_BUNDLE_INFO_PLIST ${CMAKE_CURRENT_SOURCE_DIR}/macos/Info.plist.in
        MACOSX_BUNDLE_GUI_IDENTIFIER ${PETREL_APP_ID}
        MACOSX_BUNDLE_BUNDLE_NAME Petrel
        MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
        MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
        MACOSX_BUNDLE_COPYRIGHT "The Petrel developers"
        MACOSX_BUNDLE_ICON_FILE petrel.icns)
    if(PETREL_ICON_ICNS)
        install(FILES ${PETREL_ICON_ICNS} DESTINATION ${PETREL_BUNDLE_NAME}/Contents/Resources)
    endif()

    # Copy the non-system libraries (Homebrew's wxWidgets, GnuTLS, ICU, ...; vmime) into
    # Contents/Frameworks and point the executables at them, then sign the bundle ad hoc:
    # rewriting load commands voids the linker's signature, and arm64 refuses unsigned code.
    install(CODE [[
        include(BundleUtilities)
        set(BU_CHMOD_BUNDLE_ITEMS ON)
        set(petrel_app "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/Petrel.app")
        fixup_bundle("${petrel_app}" "" "")
        execute_process(COMMAND codesign --force --deep --sign - "${petrel_app}"
                        RESULT_VARIABLE petrel_codesign)
        if(NOT petrel_codesign EQUAL 0)
            message(FATAL_ERROR "petrel: codesign failed on ${petrel_app}")
        endif()
    ]])
endif()

set(CPACK_GENERATOR DragNDrop)
set(CPACK_PACKAGE_FILE_NAME petrel-${PROJECT_VERSION}-macos-${CMAKE_SYSTEM_PROCESSOR})
set(CPACK_DMG_VOLUME_NAME "Petrel ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT UDZO)
# No licence dialog on opening the image (the SLA route needs hdiutil udifrez, gone from macOS 12+).
set(CPACK_DMG_SLA_USE_RESOURCE_FILE_LICENSE OFF)
# The window shows Petrel.app beside a link to /Applications (CPack adds the link).
