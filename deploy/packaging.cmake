# Installation layout and the Debian package (CPack): `cmake --build --preset ci --target package` or
# `cd build/ci && cpack -G DEB` gives faltlogg-server_<version>_<arch>.deb, which installs on a clean Debian 12
# with `apt install ./faltlogg-server_*.deb`.
install(TARGETS faltlogg-server faltlogg-admin RUNTIME DESTINATION bin COMPONENT server)
install(DIRECTORY ${FALTLOGG_FORMS_DIR}/ DESTINATION share/faltlogg/forms COMPONENT server
        FILES_MATCHING PATTERN "*.json")
install(DIRECTORY ${FALTLOGG_CRITERIA_DIR}/ DESTINATION share/faltlogg/criteria COMPONENT server
        FILES_MATCHING PATTERN "*.json")
install(FILES ${CMAKE_CURRENT_LIST_DIR}/systemd/faltlogg-server.service DESTINATION /lib/systemd/system
        COMPONENT server)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/server.conf DESTINATION /etc/faltlogg COMPONENT server)
if(EXISTS ${FALTLOGG_SOURCE_DIR}/docs/operator-guide.md)
  install(FILES ${FALTLOGG_SOURCE_DIR}/docs/operator-guide.md DESTINATION share/doc/faltlogg-server COMPONENT server)
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "faltlogg-server")
set(CPACK_PACKAGE_VENDOR "Stockholms stad, socialförvaltningen")
set(CPACK_PACKAGE_CONTACT "systemforvaltare@faltlogg.invalid")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Fältlogg server: sync API, review, anonymised statistics and web console")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_STRIP_FILES ON)  # the build keeps debug info; the package does not need it
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "openssl")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_LIST_DIR}/debian/postinst;${CMAKE_CURRENT_LIST_DIR}/debian/prerm;${CMAKE_CURRENT_LIST_DIR}/debian/postrm;${CMAKE_CURRENT_LIST_DIR}/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
