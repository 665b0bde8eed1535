# Every dependency of the stack, all from Debian 12 packages (scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(EXPAT REQUIRED)
find_package(antlr4-runtime 4.9 REQUIRED CONFIG)
find_program(ANTLR4_TOOL antlr4 REQUIRED)

if(NOT GOSSIPPER_FUZZ)
  find_package(LLVM 16 REQUIRED CONFIG HINTS /usr/lib/llvm-16/lib/cmake/llvm)
  separate_arguments(GOSSIPPER_LLVM_DEFINITIONS NATIVE_COMMAND ${LLVM_DEFINITIONS})
  find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS json)
  find_package(OpenSSL 3 REQUIRED)
  find_package(CLI11 2.1 REQUIRED CONFIG)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SRTP2 REQUIRED IMPORTED_TARGET libsrtp2)
  pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)
  if(GOSSIPPER_TESTS)
    find_package(GTest REQUIRED CONFIG)
  endif()
  if(GOSSIPPER_BENCH)
    find_package(benchmark REQUIRED CONFIG)
  endif()
endif()

# The ANTLR C++ runtime ships no INTERFACE include directory and warns in its own headers.
add_library(gossipper_antlr4 INTERFACE)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # clang rejects misc/InterpreterDataReader.h of the 4.9 runtime (a defaulted
  # constructor over a const member), which nothing of ours uses: give clang an
  # umbrella header without it.
  file(READ ${ANTLR4_INCLUDE_DIR}/antlr4-runtime.h umbrella)
  string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" umbrella "${umbrella}")
  file(WRITE ${CMAKE_BINARY_DIR}/antlr4-clang/antlr4-runtime.h "${umbrella}")
  target_include_directories(gossipper_antlr4 SYSTEM BEFORE INTERFACE ${CMAKE_BINARY_DIR}/antlr4-clang)
endif()
target_include_directories(gossipper_antlr4 SYSTEM INTERFACE ${ANTLR4_INCLUDE_DIR})
target_link_libraries(gossipper_antlr4 INTERFACE antlr4_shared)
