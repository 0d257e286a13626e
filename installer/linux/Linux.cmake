# Linux: desktop integration (mailto: handler, AppStream metainfo, hicolor icons) and the
# .deb + .tar.gz packages. Included from installer/CMakeLists.txt.
include(GNUInstallDirs)

install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/linux/${PETREL_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)

configure_file(${CMAKE_CURRENT_SOURCE_DIR}/linux/${PETREL_APP_ID}.metainfo.xml.in
               ${CMAKE_CURRENT_BINARY_DIR}/${PETREL_APP_ID}.metainfo.xml @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${PETREL_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# The .desktop file's Icon=petrel: the SVG plus every rendered size.
install(FILES ${PETREL_ICON_SVG} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(size IN LISTS PETREL_ICON_SIZES)
    if(PETREL_ICON_PNG_${size})
        install(FILES ${PETREL_ICON_PNG_${size}}
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endif()
endforeach()

set(CPACK_GENERATOR DEB TGZ)
# The .tar.gz unpacks to one folder (bin/, share/) that runs from anywhere: the binaries find
# nothing through their install path.
set(CPACK_PACKAGE_FILE_NAME petrel-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR})

set(CPACK_DEBIAN_PACKAGE_NAME petrel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: computed by dpkg-shlibdeps from the libraries the binaries really link (vmime,
# wxGTK, SQLite, GnuTLS, libsecret, ...), with the versions the build machine had.
find_program(PETREL_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(PETREL_DPKG_SHLIBDEPS)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
    # Building a .deb without dpkg-dev (not Debian): the Debian 12 runtime libraries by name.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS
        "libvmime1 (>= 0.9.2), libwxgtk3.2-1, libwxbase3.2-1, libsqlite3-0 (>= 3.35), libgnutls30, libsecret-1-0, libglib2.0-0, libstdc++6, libc6")
endif()
# Passwords go to the desktop keyring through libsecret, which needs a Secret Service daemon.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | keepassxc | kwalletmanager")
