//===- message_trace.cpp - -trace_msg and -trace_shortmsg -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "trace/message_trace.hpp"

#include "sip/header_lookup.hpp"
#include "time/wall_date.hpp"

#include <string>

namespace gossipper::runtime {

void MessageTrace::on_message(const MessageEvent &event) {
  TraceLog *file = log();
  if (file == nullptr) {
    return;
  }
  bool sent = event.direction == MessageEvent::Direction::Sent;
  std::string record = "----------------------------------------------- " +
                       message_log_date(event.wall_us) + "\n" + transport_name(event.transport);
  record += sent ? " message sent (" + std::to_string(event.bytes.size()) + " bytes):\n\n"
                 : " message received [" + std::to_string(event.bytes.size()) + "] bytes :\n\n";
  record += event.bytes;
  record += '\n';
  file->write(record);
}

void ShortMessageTrace::on_message(const MessageEvent &event) {
  TraceLog *file = log();
  if (file == nullptr) {
    return;
  }
  bool sent = event.direction == MessageEvent::Direction::Sent;
  std::string cseq = sipp_get_header(event.bytes, "CSeq:", true);
  std::string_view first = event.bytes.substr(0, event.bytes.find_first_of("\r\n"));
  std::string record = sipp_timestamp(event.wall_us) + (sent ? "\tS\t" : "\tR\t");
  record += event.call_id;
  record += "\tCSeq:" + cseq + "\t";
  record += first;
  record += '\n';
  file->write(record);
}

} // namespace gossipper::runtime
