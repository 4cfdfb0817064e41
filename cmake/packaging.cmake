# SPDX-License-Identifier: Apache-2.0
# Manual pages and Debian packages (`cpack` in the build directory). The
# install components become the packages:
#   runtime -> libcosem<SOVERSION>  shared libraries libcosem and libcosem_posix
#   dev     -> libcosem-dev         headers, static libraries, CMake package, .pc
#   tools   -> cosem-tools          cosem, cosem-meter-sim, cosem-axdr-decode, man pages
# The programs link libcosem statically: the tools package needs only libc.
foreach(page cosem cosem-meter-sim)
  configure_file(${PROJECT_SOURCE_DIR}/docs/man/${page}.1 ${PROJECT_BINARY_DIR}/man/${page}.1 @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/man/${page}.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
          COMPONENT tools)
endforeach()
set(COSEM_DEB_runtime "libcosem${COSEM_SOVERSION}")
set(COSEM_DEB_dev libcosem-dev)
set(COSEM_DEB_tools cosem-tools)
foreach(component runtime dev tools)
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${COSEM_DEB_${component}} COMPONENT ${component})
endforeach()

set(CPACK_PACKAGE_NAME cosem)
set(CPACK_PACKAGE_VENDOR "libcosem")
set(CPACK_PACKAGE_CONTACT "libcosem maintainers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_OUTPUT_FILE_PREFIX ${PROJECT_BINARY_DIR}/packages)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev tools)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${COSEM_DEB_runtime})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libc6")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME ${COSEM_DEB_dev})
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${COSEM_DEB_runtime} (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME ${COSEM_DEB_tools})
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "libc6")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "DLMS/COSEM (IEC 62056) library: shared libraries\nlibcosem and its POSIX port libcosem_posix.")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "DLMS/COSEM (IEC 62056) library: development files\nHeaders, static libraries, CMake package (cosem::cosem, cosem::posix) and\npkg-config files (cosem, cosem-posix).")
set(CPACK_COMPONENT_TOOLS_DESCRIPTION
    "DLMS/COSEM (IEC 62056) tools: the cosem client and a simulated meter\ncosem reads, writes and decodes meters over TCP and serial lines;\ncosem-meter-sim is a simulated three-phase meter.")
include(CPack)
