# Windows: the executable's icon and version resource, the DLLs the binaries need, and an NSIS
# installer (plus a .zip) that registers Petrel as a mail client able to handle mailto: links.
# Included from installer/CMakeLists.txt. Written for the MSYS2 UCRT64 toolchain that CI uses
# (see .github/workflows/ci.yml); the MSVC + vcpkg route is described in installer/README.md.
# Not run on Windows here: see installer/README.md for what is verified where.

# petrel.exe: icon (first icon group alphabetically = the one Explorer shows), version info and
# wxWidgets' manifest (common controls 6, per-monitor DPI awareness).
if(TARGET petrel AND PETREL_ICON_ICO)
    set(PETREL_RC_ICON ${PETREL_ICON_ICO})
    string(REPLACE "." "," PETREL_RC_VERSION "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}.${PROJECT_VERSION_PATCH}.0")
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/windows/petrel.rc.in ${CMAKE_CURRENT_BINARY_DIR}/petrel.rc @ONLY)
    target_sources(petrel PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/petrel.rc)
    add_dependencies(petrel petrel_icons)
endif()

# The DLLs the two executables load (wxWidgets, GnuTLS, vmime, SQLite, ICU, the GCC runtime),
# found next to the compiler (MSYS2) or in vcpkg's bin folder, copied beside the .exe files.
set(PETREL_DLL_DIRS "")
get_filename_component(PETREL_TOOLCHAIN_BIN "${CMAKE_CXX_COMPILER}" DIRECTORY)
list(APPEND PETREL_DLL_DIRS "${PETREL_TOOLCHAIN_BIN}")
if(DEFINED VCPKG_INSTALLED_DIR AND DEFINED VCPKG_TARGET_TRIPLET)
    list(APPEND PETREL_DLL_DIRS "${VCPKG_INSTALLED_DIR}/${VCPKG_TARGET_TRIPLET}/bin")
endif()
if(TARGET petrel)
    set(PETREL_EXECUTABLES "$<TARGET_FILE:petrel-cli>;$<TARGET_FILE:petrel>")
else()
    set(PETREL_EXECUTABLES "$<TARGET_FILE:petrel-cli>")
endif()
if(MSVC)
    set(PETREL_DEPENDENCY_TOOL "")
else()
    set(PETREL_DEPENDENCY_TOOL objdump)
endif()
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/windows/InstallRuntimeDlls.cmake.in
               ${CMAKE_CURRENT_BINARY_DIR}/InstallRuntimeDlls.cmake.gen @ONLY)
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/InstallRuntimeDlls-$<CONFIG>.cmake
     INPUT ${CMAKE_CURRENT_BINARY_DIR}/InstallRuntimeDlls.cmake.gen)
install(CODE "include(\"${CMAKE_CURRENT_BINARY_DIR}/InstallRuntimeDlls-\${CMAKE_INSTALL_CONFIG_NAME}.cmake\")")
# The MSVC runtime, for a build with the Visual C++ compiler.
if(MSVC)
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION bin)
    include(InstallRequiredSystemLibraries)
endif()

set(CPACK_GENERATOR NSIS ZIP)
set(CPACK_PACKAGE_FILE_NAME petrel-${PROJECT_VERSION}-windows-x64)
include(${CMAKE_CURRENT_SOURCE_DIR}/windows/Nsis.cmake)
