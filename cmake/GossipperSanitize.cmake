# GOSSIPPER_SANITIZE=address|thread (make test-sanitize): every file of ours
# and the tests instrumented, built with clang (faster than g++ here at this
# level: the build must fit in CI) without optimisation, line tables only.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "GOSSIPPER_SANITIZE needs clang (make test-sanitize sets it)")
endif()
if(GOSSIPPER_SANITIZE STREQUAL "address")
  set(sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined)
elseif(GOSSIPPER_SANITIZE STREQUAL "thread")
  # Asio's fenced blocks order handlers between threads with fences TSan
  # does not see; each of our io_contexts runs on one thread.
  set(sanitize_flags -fsanitize=thread)
  add_compile_definitions(BOOST_ASIO_DISABLE_FENCED_BLOCK)
else()
  message(FATAL_ERROR "GOSSIPPER_SANITIZE is address or thread, not '${GOSSIPPER_SANITIZE}'")
endif()
add_compile_options(${sanitize_flags} -fno-omit-frame-pointer -O0 -gline-tables-only)
add_link_options(${sanitize_flags})
