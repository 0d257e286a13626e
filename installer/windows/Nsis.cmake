# CPack's NSIS generator: a per-machine (or per-user) installer with a Start menu entry, an
# uninstaller, and Petrel registered as a mail client for mailto: links (Windows 10/11 list it
# under Settings > Default apps; the user chooses it there, an installer may not).
# Included from windows/Windows.cmake. CPACK_VERBATIM_VARIABLES (installer/CMakeLists.txt) passes
# the NSIS text below through unchanged: it is written exactly as makensis reads it.

set(CPACK_NSIS_PACKAGE_NAME "Petrel ${PROJECT_VERSION}")
set(CPACK_NSIS_DISPLAY_NAME "Petrel")
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "Petrel")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# CPack's PATH editing truncates long PATH values with stock NSIS; petrel-cli is in <dir>\bin.
set(CPACK_NSIS_MODIFY_PATH OFF)
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_PACKAGE_EXECUTABLES petrel Petrel)
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\petrel.exe")
if(PETREL_ICON_ICO)
    set(CPACK_NSIS_MUI_ICON ${PETREL_ICON_ICO})
    set(CPACK_NSIS_MUI_UNIICON ${PETREL_ICON_ICO})
endif()
set(CPACK_NSIS_MUI_FINISHPAGE_RUN petrel.exe)

# The mail client registration (Default Programs): a ProgID that opens mailto: URLs with
# petrel.exe "<url>", a Capabilities key that names it, and the RegisteredApplications entry.
# SHCTX is HKLM for an all-users install and HKCU otherwise.
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [=[
  WriteRegStr SHCTX "Software\Classes\Petrel.Url.mailto" "" "Petrel mailto: link"
  WriteRegStr SHCTX "Software\Classes\Petrel.Url.mailto\DefaultIcon" "" "$INSTDIR\bin\petrel.exe,0"
  WriteRegStr SHCTX "Software\Classes\Petrel.Url.mailto\shell\open\command" "" '"$INSTDIR\bin\petrel.exe" "%1"'
  WriteRegStr SHCTX "Software\Clients\Mail\Petrel" "" "Petrel"
  WriteRegStr SHCTX "Software\Clients\Mail\Petrel\shell\open\command" "" '"$INSTDIR\bin\petrel.exe"'
  WriteRegStr SHCTX "Software\Clients\Mail\Petrel\Capabilities" "ApplicationName" "Petrel"
  WriteRegStr SHCTX "Software\Clients\Mail\Petrel\Capabilities" "ApplicationIcon" "$INSTDIR\bin\petrel.exe,0"
  WriteRegStr SHCTX "Software\Clients\Mail\Petrel\Capabilities" "ApplicationDescription" "Mail client for many accounts and slow or metered links"
  WriteRegStr SHCTX "Software\Clients\Mail\Petrel\Capabilities\URLAssociations" "mailto" "Petrel.Url.mailto"
  WriteRegStr SHCTX "Software\RegisteredApplications" "Petrel" "Software\Clients\Mail\Petrel\Capabilities"
]=])
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [=[
  DeleteRegValue SHCTX "Software\RegisteredApplications" "Petrel"
  DeleteRegKey SHCTX "Software\Clients\Mail\Petrel"
  DeleteRegKey SHCTX "Software\Classes\Petrel.Url.mailto"
]=])
