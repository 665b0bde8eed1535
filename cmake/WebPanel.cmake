# The web panel (web/panel/, TypeScript) bundled at build time: `npm ci`
# installs web/package-lock.json's packages into web/node_modules (again only
# when the lock or package.json change), `tsc --noEmit` checks the types
# (strict: a type error fails the build), and esbuild bundles the script and
# the style sheet (uPlot's included) into ${GOSSIPPER_PANEL_DIR}: index.html,
# panel.js, panel.css and licenses.txt (the bundled packages' licences), the
# files tools/CMakeLists.txt embeds.
# Without node and npm (GOSSIPPER_WEB_PANEL=OFF, or not found) the panel is a
# page that says so, and the rest of the build goes on.
option(GOSSIPPER_WEB_PANEL "Bundle the web panel with npm (needs node and npm)" ON)
set(GOSSIPPER_WEB_DIR ${PROJECT_SOURCE_DIR}/web)
set(GOSSIPPER_PANEL_DIR ${CMAKE_BINARY_DIR}/web/panel)
set(GOSSIPPER_PANEL_FILES ${GOSSIPPER_PANEL_DIR}/index.html ${GOSSIPPER_PANEL_DIR}/panel.js
                          ${GOSSIPPER_PANEL_DIR}/panel.css ${GOSSIPPER_PANEL_DIR}/licenses.txt)
set(GOSSIPPER_NODE_MODULES ${GOSSIPPER_WEB_DIR}/node_modules)

find_program(GOSSIPPER_NPM npm)
find_program(GOSSIPPER_NODE node)
if(GOSSIPPER_WEB_PANEL AND (NOT GOSSIPPER_NPM OR NOT GOSSIPPER_NODE))
  message(WARNING "node or npm not found: the web panel is not built "
                  "(scripts/install-deps.sh installs them)")
  set(GOSSIPPER_WEB_PANEL OFF)
endif()

if(NOT GOSSIPPER_WEB_PANEL)
  file(MAKE_DIRECTORY ${GOSSIPPER_PANEL_DIR})
  file(WRITE ${GOSSIPPER_PANEL_DIR}/index.html
       "<!DOCTYPE html><title>Gossipper</title><p>This gossipper was built without its web "
       "panel (node and npm were missing). The API is at /api/v1/.</p>\n")
  file(WRITE ${GOSSIPPER_PANEL_DIR}/panel.js "")
  file(WRITE ${GOSSIPPER_PANEL_DIR}/panel.css "")
  file(WRITE ${GOSSIPPER_PANEL_DIR}/licenses.txt "")
  return()
endif()

# The panel's test (tests/web/panel_test.mjs) needs it, and node_modules' playwright-core.
set_property(GLOBAL PROPERTY GOSSIPPER_WEB_PANEL_BUILT ON)

# npm ci, when the lock changes (or node_modules went away).
set(npm_stamp ${GOSSIPPER_NODE_MODULES}/.gossipper-npm-ci)
add_custom_command(
  OUTPUT ${npm_stamp}
  COMMAND ${GOSSIPPER_NPM} ci --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${npm_stamp}
  WORKING_DIRECTORY ${GOSSIPPER_WEB_DIR}
  DEPENDS ${GOSSIPPER_WEB_DIR}/package.json ${GOSSIPPER_WEB_DIR}/package-lock.json
  COMMENT "npm ci: the web panel's packages (web/package-lock.json)"
  VERBATIM)

file(GLOB_RECURSE panel_sources CONFIGURE_DEPENDS ${GOSSIPPER_WEB_DIR}/panel/src/*.ts
     ${GOSSIPPER_WEB_DIR}/charts/*.ts)
set(bin ${GOSSIPPER_NODE_MODULES}/.bin)

# The types, strict (web/tsconfig.json): the bundle is not made before they check.
set(tsc_stamp ${CMAKE_BINARY_DIR}/web/tsc.stamp)
add_custom_command(
  OUTPUT ${tsc_stamp}
  COMMAND ${bin}/tsc --noEmit -p ${GOSSIPPER_WEB_DIR}/tsconfig.json
  COMMAND ${CMAKE_COMMAND} -E touch ${tsc_stamp}
  DEPENDS ${npm_stamp} ${panel_sources} ${GOSSIPPER_WEB_DIR}/tsconfig.json
  COMMENT "tsc --noEmit: the web panel's types"
  VERBATIM)

add_custom_command(
  OUTPUT ${GOSSIPPER_PANEL_FILES}
  COMMAND ${bin}/esbuild ${GOSSIPPER_WEB_DIR}/panel/src/main.ts --bundle --minify --format=esm
          --target=es2020 --legal-comments=none --log-level=warning
          --outfile=${GOSSIPPER_PANEL_DIR}/panel.js --metafile=${GOSSIPPER_PANEL_DIR}/panel.meta.json
  COMMAND ${GOSSIPPER_NODE} ${GOSSIPPER_WEB_DIR}/scripts/licenses.mjs
          ${GOSSIPPER_PANEL_DIR}/panel.meta.json ${GOSSIPPER_PANEL_DIR}/licenses.txt
  COMMAND ${bin}/esbuild ${GOSSIPPER_WEB_DIR}/panel/panel.css --bundle --minify
          --log-level=warning --outfile=${GOSSIPPER_PANEL_DIR}/panel.css
  COMMAND ${CMAKE_COMMAND} -E copy ${GOSSIPPER_WEB_DIR}/panel/index.html
          ${GOSSIPPER_PANEL_DIR}/index.html
  WORKING_DIRECTORY ${GOSSIPPER_WEB_DIR}
  DEPENDS ${tsc_stamp} ${panel_sources} ${GOSSIPPER_WEB_DIR}/panel/panel.css
          ${GOSSIPPER_WEB_DIR}/panel/index.html ${GOSSIPPER_WEB_DIR}/scripts/licenses.mjs
  COMMENT "esbuild: the web panel's panel.js and panel.css"
  VERBATIM)
