# `npm ci`: web/package-lock.json's packages into web/node_modules, again
# only when the lock or package.json change (or node_modules went away).
# Two parts of the build read them: the web panel and report bundles
# (WebBundles.cmake) and the OTLP .proto files of the event exporter
# (runtime/, from @opentelemetry/otlp-grpc-exporter-base). Both depend on
# the target gossipper_npm and the stamp file.
set(GOSSIPPER_WEB_DIR ${PROJECT_SOURCE_DIR}/web)
set(GOSSIPPER_NODE_MODULES ${GOSSIPPER_WEB_DIR}/node_modules)

find_program(GOSSIPPER_NPM npm)
find_program(GOSSIPPER_NODE node)
if(NOT GOSSIPPER_NPM OR NOT GOSSIPPER_NODE)
  message(FATAL_ERROR "node and npm are needed to build the web panel, the report's charts "
                      "and the OTLP classes (scripts/install-deps.sh installs them)")
endif()

set(GOSSIPPER_NPM_STAMP ${GOSSIPPER_NODE_MODULES}/.gossipper-npm-ci)
add_custom_command(
  OUTPUT ${GOSSIPPER_NPM_STAMP}
  COMMAND ${GOSSIPPER_NPM} ci --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${GOSSIPPER_NPM_STAMP}
  WORKING_DIRECTORY ${GOSSIPPER_WEB_DIR}
  DEPENDS ${GOSSIPPER_WEB_DIR}/package.json ${GOSSIPPER_WEB_DIR}/package-lock.json
  COMMENT "npm ci: the web packages (web/package-lock.json)"
  VERBATIM)
add_custom_target(gossipper_npm DEPENDS ${GOSSIPPER_NPM_STAMP})
# OpenTelemetry's .proto files (the runtime's OTLP classes, the events test's
# collectors).
set(GOSSIPPER_OTLP_PROTOS
    ${GOSSIPPER_NODE_MODULES}/@opentelemetry/otlp-grpc-exporter-base/build/protos)
