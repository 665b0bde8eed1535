# The Debian package `make package` builds (docs/packaging.md): cpack's DEB
# generator over this build's install rules (the gossipper executable, the
# code generator plugin it loads from ../<libdir>/gossipper, the CMake
# package) and the files below, made at build time: the manual page and
# bash's completion, both written by gossipper-docgen from the option table,
# and the systemd unit of `gossipper server`.

set(package_files ${CMAKE_BINARY_DIR}/package)
add_custom_command(
  OUTPUT ${package_files}/gossipper.1.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${package_files}
  COMMAND gossipper-docgen man > ${package_files}/gossipper.1
  # -n: no name or time in the header, so the same build makes the same bytes.
  COMMAND gzip -9nf ${package_files}/gossipper.1
  DEPENDS gossipper-docgen
  COMMENT "Writing the manual page gossipper(1)"
  VERBATIM)
add_custom_command(
  OUTPUT ${package_files}/gossipper.bash-completion
  COMMAND ${CMAKE_COMMAND} -E make_directory ${package_files}
  COMMAND gossipper-docgen bash-completion > ${package_files}/gossipper.bash-completion
  DEPENDS gossipper-docgen
  COMMENT "Writing bash's completion of gossipper"
  VERBATIM)
add_custom_target(gossipper_package_files ALL
  DEPENDS ${package_files}/gossipper.1.gz ${package_files}/gossipper.bash-completion)

install(FILES ${package_files}/gossipper.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${package_files}/gossipper.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME gossipper)
# Debian 12 merges /lib into /usr/lib: systemd reads units from both.
install(FILES ${PROJECT_SOURCE_DIR}/deploy/package/gossipper-server.service
  DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/package/server-profile.json
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/cli.md
              ${PROJECT_SOURCE_DIR}/docs/server.md ${PROJECT_SOURCE_DIR}/docs/kubernetes.md
              ${PROJECT_SOURCE_DIR}/docs/packaging.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR}
  RENAME copyright)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gossipper)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "SIPp-compatible SIP load generator whose scenarios are compiled")
set(CPACK_PACKAGE_CONTACT "Gossipper maintainers <maintainers@gossipper.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # gossipper_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
# Without the debug information a RelWithDebInfo build carries (a tenth of
# the size).
set(CPACK_STRIP_FILES ON)
# The shared libraries' packages, as dpkg-shlibdeps (dpkg-dev) finds them
# from the ELF files; scripts/install-deps.sh brings it.
find_program(GOSSIPPER_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(GOSSIPPER_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(STATUS "dpkg-shlibdeps not found: the package's Depends is written by hand")
  # What dpkg-shlibdeps finds on Debian 12.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libabsl20220623, libantlr4-runtime4.9, libboost-json1.81.0, \
libc6, libedit2, libexpat1, libgcc-s1, libgrpc++1.51, libgrpc29, libllvm16, libncursesw6, \
libpcap0.8, libprotobuf32, libsrtp2-1, libssl3, libstdc++6, libtinfo6, zlib1g")
endif()
# ld links the compiled-scenario cache's objects and gossipper compile -o's
# .gso; without it a run compiles in memory at each start.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "binutils")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sip-tester")
include(CPack)
