# The unit tests of the engine's rooms and of stdlib: everything under
# tests/unit/runtime and tests/unit/stdlib but the API's tests (the API is a
# library of its own, runtime/CMakeLists.txt) and the .gso loader's (it needs
# the code generator). gossipper_unit_tests runs them with the rest; the
# sanitizer builds (tests/sanitize, make test-sanitize) run them alone.
set(GOSSIPPER_RUNTIME_UNIT_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/support/test_support.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/actions_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/capture/call_grouping_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/capture/capture_conversion_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/capture/capture_frames.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/capture/message_template_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/capture/packet_decoder_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/capture/rtp_extraction_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/capture/scenario_writer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/capture/sip_extraction_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/call_engine_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/call_id_builder_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/call_table_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/default_behaviours_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/distribution_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/keywords_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/buffer_shelf_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/message_buffer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/message_bytes_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/receive_matcher_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/retransmission_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/route_set_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/run_constants_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/tdm_map_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/user_pool_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/call/variable_tables_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/control/commands_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/control/control_socket_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/control/quit_state_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/control/overload_controller_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/control/rate_controller_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/control/signals_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/control/watchdog_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/engine/call_generator_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/engine/run_share_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/events/event_encoding_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/events/grpc_status_details_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/events/otel_settings_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/events/otlp_tls_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/events/retry_policy_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/engine/scenario_versions_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/engine/run_threads_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/engine/shard_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/export/hep_encoder_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/export/hep_exporter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/export/hep_qos_report_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/dtls_identity_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/dtls_session_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/dtmf_events_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/media_engine_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/mos_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/pcap_file_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/port_map_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/receive_quality_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/rtcp_packet_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/rtp_header_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/rtp_stream_file_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/rtp_echo_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/sdes_attribute_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/rtpcheck_debug_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/sdp_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/srtp_debug_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/srtp_openssl_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/srtp_session_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/stream_player_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/stream_rtcp_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/stream_srtp_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/media/stun_message_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/sip/call_routing_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/sip/header_lookup_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/sip/retransmission_hash_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/sip/sip_parser_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/sip/stream_framer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/stats/latency_histogram_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/stats/media_csv_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/stats/media_history_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/stats/run_history_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/stats/run_summary_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/stats/stats_snapshot_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/stats/summary_merge_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/threepcc/command_text_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/time/timer_wheel_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/time/wall_date_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/trace/call_history_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/trace/message_observer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/trace/rtt_trace_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/trace/trace_files_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/trace/trace_log_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/transport/address_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/transport/main_socket_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/transport/poll_policy_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/transport/segment_groups_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/transport/shared_udp_socket_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/transport/tls_handshake_pool_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/ui/media_screen_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime/ui/screen_printer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stdlib/digest_auth_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stdlib/expected_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stdlib/injection_file_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stdlib/utf8_text_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stdlib/whole_file_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stdlib/milenage_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stdlib/object_seal_test.cpp)

# What every executable of unit tests needs to build them: the private
# headers of the rooms they test, the test support, and where the sources
# are (tests read scenarios and corpora from the tree).
function(gossipper_unit_test_settings target)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/compiler/src
    ${PROJECT_SOURCE_DIR}/runtime/src ${PROJECT_SOURCE_DIR}/tests/unit/support)
  target_compile_definitions(${target} PRIVATE GOSSIPPER_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endfunction()
