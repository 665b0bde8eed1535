# gossipper_add_scenarios(TARGET name SOURCES a.xml b.xml... [PRECOMPILE]
#                         [OPTIONS check/compile options...])
#
# Validates SIPp scenarios while the project builds: `gossipper check` runs on
# each source, and the build fails with its file:line:col diagnostics. With
# PRECOMPILE each scenario is also compiled to <binary dir>/<name>.gso, listed
# in the target's GOSSIPPER_OBJECTS property. The target is built by `all`.
#
# Needs GOSSIPPER_EXECUTABLE: the package config sets it to the installed
# gossipper; Gossipper's own build to the one it builds.
function(gossipper_add_scenarios)
  cmake_parse_arguments(ARG "PRECOMPILE" "TARGET" "SOURCES;OPTIONS" ${ARGN})
  if(NOT ARG_TARGET OR NOT ARG_SOURCES)
    message(FATAL_ERROR "gossipper_add_scenarios: TARGET and SOURCES are required")
  endif()
  if(NOT GOSSIPPER_EXECUTABLE)
    message(FATAL_ERROR "gossipper_add_scenarios: GOSSIPPER_EXECUTABLE is not set")
  endif()
  set(outputs "")
  set(objects "")
  foreach(source ${ARG_SOURCES})
    get_filename_component(path ${source} ABSOLUTE)
    get_filename_component(name ${source} NAME_WE)
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}.${name}.checked)
    add_custom_command(
      OUTPUT ${stamp}
      COMMAND ${GOSSIPPER_EXECUTABLE} check ${ARG_OPTIONS} ${path}
      COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
      DEPENDS ${path} ${GOSSIPPER_EXECUTABLE_DEPENDS}
      COMMENT "gossipper check ${source}"
      VERBATIM)
    list(APPEND outputs ${stamp})
    if(ARG_PRECOMPILE)
      set(object ${CMAKE_CURRENT_BINARY_DIR}/${name}.gso)
      add_custom_command(
        OUTPUT ${object}
        COMMAND ${GOSSIPPER_EXECUTABLE} compile ${ARG_OPTIONS} ${path} -o ${object}
        DEPENDS ${stamp} ${path} ${GOSSIPPER_EXECUTABLE_DEPENDS}
        COMMENT "gossipper compile ${source} -o ${name}.gso"
        VERBATIM)
      list(APPEND outputs ${object})
      list(APPEND objects ${object})
    endif()
  endforeach()
  add_custom_target(${ARG_TARGET} ALL DEPENDS ${outputs})
  set_target_properties(${ARG_TARGET} PROPERTIES GOSSIPPER_OBJECTS "${objects}")
endfunction()
