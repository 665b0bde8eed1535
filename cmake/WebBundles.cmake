# The web panel (web/panel/) and gossipper report's script (web/report/),
# TypeScript bundled at build time. `npm ci` installs web/package-lock.json's
# packages into web/node_modules (NpmPackages.cmake), `tsc --noEmit` checks
# the types (strict: a type error fails the build), and esbuild bundles:
# - into ${GOSSIPPER_PANEL_DIR}: index.html, panel.js, panel.css (uPlot's
#   sheet included) and licenses.txt (the bundled packages' licences);
# - into ${GOSSIPPER_REPORT_DIR}: report.html, report.css and report.js, the
#   report page's skeleton, style and script (inlined in each report).
# tools/CMakeLists.txt embeds both sets. node and npm are required, as every
# other part of the stack (scripts/install-deps.sh installs them): a build
# without its panel would serve a page that is not one.
set(GOSSIPPER_PANEL_DIR ${CMAKE_BINARY_DIR}/web/panel)
set(GOSSIPPER_PANEL_FILES ${GOSSIPPER_PANEL_DIR}/index.html ${GOSSIPPER_PANEL_DIR}/panel.js
    ${GOSSIPPER_PANEL_DIR}/panel.css ${GOSSIPPER_PANEL_DIR}/licenses.txt)
set(GOSSIPPER_REPORT_DIR ${CMAKE_BINARY_DIR}/web/report)
set(GOSSIPPER_REPORT_FILES ${GOSSIPPER_WEB_DIR}/report/report.html
    ${GOSSIPPER_REPORT_DIR}/report.css ${GOSSIPPER_REPORT_DIR}/report.js)
# npm ci runs in NpmPackages.cmake (the target gossipper_npm).
set(npm_stamp ${GOSSIPPER_NPM_STAMP} gossipper_npm)

file(GLOB_RECURSE web_sources CONFIGURE_DEPENDS ${GOSSIPPER_WEB_DIR}/panel/src/*.ts
     ${GOSSIPPER_WEB_DIR}/charts/*.ts ${GOSSIPPER_WEB_DIR}/report/*.ts
     ${GOSSIPPER_WEB_DIR}/tests/*.ts)
set(bin ${GOSSIPPER_NODE_MODULES}/.bin)
set(esbuild ${bin}/esbuild --bundle --minify --target=es2020 --legal-comments=none
    --log-level=warning)

# The types, strict (web/tsconfig.json): nothing is bundled before they check.
set(tsc_stamp ${CMAKE_BINARY_DIR}/web/tsc.stamp)
add_custom_command(
  OUTPUT ${tsc_stamp}
  COMMAND ${bin}/tsc --noEmit -p ${GOSSIPPER_WEB_DIR}/tsconfig.json
  COMMAND ${CMAKE_COMMAND} -E touch ${tsc_stamp}
  DEPENDS ${npm_stamp} ${web_sources} ${GOSSIPPER_WEB_DIR}/tsconfig.json
  COMMENT "tsc --noEmit: the web sources' types"
  VERBATIM)

add_custom_command(
  OUTPUT ${GOSSIPPER_PANEL_FILES}
  COMMAND ${esbuild} ${GOSSIPPER_WEB_DIR}/panel/src/main.ts --format=esm
          --outfile=${GOSSIPPER_PANEL_DIR}/panel.js --metafile=${GOSSIPPER_PANEL_DIR}/panel.meta.json
  COMMAND ${GOSSIPPER_NODE} ${GOSSIPPER_WEB_DIR}/scripts/licenses.mjs
          ${GOSSIPPER_PANEL_DIR}/panel.meta.json ${GOSSIPPER_PANEL_DIR}/licenses.txt
  COMMAND ${esbuild} ${GOSSIPPER_WEB_DIR}/panel/panel.css --outfile=${GOSSIPPER_PANEL_DIR}/panel.css
  COMMAND ${CMAKE_COMMAND} -E copy ${GOSSIPPER_WEB_DIR}/panel/index.html
          ${GOSSIPPER_PANEL_DIR}/index.html
  WORKING_DIRECTORY ${GOSSIPPER_WEB_DIR}
  DEPENDS ${tsc_stamp} ${web_sources} ${GOSSIPPER_WEB_DIR}/panel/panel.css
          ${GOSSIPPER_WEB_DIR}/panel/index.html ${GOSSIPPER_WEB_DIR}/scripts/licenses.mjs
  COMMENT "esbuild: the web panel's panel.js and panel.css"
  VERBATIM)

# The report's script goes inline into a page that loads nothing: one IIFE,
# uPlot's licence notice at its head (no URL in it: the page names none).
add_custom_command(
  OUTPUT ${GOSSIPPER_REPORT_DIR}/report.js ${GOSSIPPER_REPORT_DIR}/report.css
  COMMAND ${esbuild} ${GOSSIPPER_WEB_DIR}/report/report.ts --format=iife
          "--banner:js=/*! Charts drawn by uPlot (MIT licence, Copyright (c) 2022 Leon Sorokin) */"
          --outfile=${GOSSIPPER_REPORT_DIR}/report.js
  COMMAND ${esbuild} ${GOSSIPPER_WEB_DIR}/report/report.css
          --outfile=${GOSSIPPER_REPORT_DIR}/report.css
  WORKING_DIRECTORY ${GOSSIPPER_WEB_DIR}
  DEPENDS ${tsc_stamp} ${web_sources} ${GOSSIPPER_WEB_DIR}/report/report.css
  COMMENT "esbuild: gossipper report's report.js and report.css"
  VERBATIM)

# The web code's unit tests (web/tests/), bundled for node's test runner
# (ctest web_units).
if(GOSSIPPER_TESTS)
  set(units ${CMAKE_BINARY_DIR}/web/tests/units.test.mjs)
  add_custom_command(
    OUTPUT ${units}
    COMMAND ${bin}/esbuild ${GOSSIPPER_WEB_DIR}/tests/units.test.ts --bundle --platform=node
            --format=esm --log-level=warning --outfile=${units}
    WORKING_DIRECTORY ${GOSSIPPER_WEB_DIR}
    DEPENDS ${tsc_stamp} ${web_sources}
    COMMENT "esbuild: the web code's unit tests"
    VERBATIM)
  add_custom_target(gossipper_web_units ALL DEPENDS ${units})
endif()
