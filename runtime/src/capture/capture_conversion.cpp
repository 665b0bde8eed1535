//===- capture_conversion.cpp - A SIP capture as scenarios ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Reads the capture (sip_extraction), groups its calls (call_grouping),
// and writes each call's two scenarios (scenario_writer) and each side's
// media (rtp_extraction).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/capture_conversion.hpp"

#include "capture/call_grouping.hpp"
#include "capture/rtp_extraction.hpp"
#include "capture/scenario_writer.hpp"
#include "capture/sip_extraction.hpp"

namespace gossipper::runtime {
namespace {

using namespace capture;

/// The two scenarios of one call, and the media they play.
void convert_call(const CapturedCall &call, const DatagramsByDestination &datagrams,
                  const std::string &prefix, const std::string &source, CaptureConversion &out) {
  std::string summary;
  for (const bool caller : {true, false}) {
    const std::string role = caller ? "uac" : "uas";
    ScenarioInput input;
    input.call = &call;
    input.side = caller ? CallSide::caller : CallSide::callee;
    input.name = prefix + role;
    input.source = source;
    const std::vector<const CapturedDatagram *> media = media_sent(call, datagrams, caller);
    if (!media.empty()) {
      input.media_file = prefix + role + "_rtp.pcap";
      out.files.push_back(ConvertedFile{input.media_file, pcap_bytes(media)});
    }
    out.files.push_back(ConvertedFile{prefix + role + ".xml", write_scenario(input)});
    summary += caller ? " " : ", ";
    summary += prefix + role + ".xml";
    if (!media.empty()) {
      summary += " (" + std::to_string(media.size()) + " RTP packets)";
    }
  }
  out.report.push_back("call '" + call.call_id + "': " + std::to_string(call.messages.size()) +
                       " SIP messages, " + call.caller.text() + " -> " + call.callee.text() +
                       " over " + (call.transport == TransportProtocol::tcp ? "TCP" : "UDP") + ":" +
                       summary);
}

Expected<CaptureConversion> convert(const CaptureSource &source,
                                    const CaptureConversionOptions &options) {
  Expected<CaptureContent> content = extract_sip(source);
  if (!content) {
    return content.error();
  }
  if (content->sip.empty()) {
    return Error{"no SIP message in PCAP file '" + source.name + "' (" +
                 std::to_string(content->frames) +
                 " packets read); SIP over UDP or TCP is looked for on every port"};
  }
  std::vector<CapturedCall> calls = group_calls(content->sip);
  if (!options.call_id.empty()) {
    std::string known;
    std::erase_if(calls, [&](const CapturedCall &c) {
      known += (known.empty() ? "'" : ", '") + c.call_id + "'";
      return c.call_id != options.call_id;
    });
    if (calls.empty()) {
      return Error{"no call with Call-ID '" + options.call_id + "' in PCAP file '" + source.name +
                   "'; its calls: " + known};
    }
  }
  CaptureConversion out;
  std::vector<const CapturedCall *> complete;
  std::string first_problem;
  for (const CapturedCall &call : calls) {
    Expected<void> done = check_complete(call);
    if (done) {
      complete.push_back(&call);
    } else {
      out.report.push_back("passed over: " + done.error().message);
      if (first_problem.empty()) {
        first_problem = done.error().message;
      }
    }
  }
  if (complete.empty()) {
    return Error{"PCAP file '" + source.name + "': " + first_problem + "; nothing written"};
  }
  const DatagramsByDestination datagrams(content->datagrams);
  for (size_t i = 0; i < complete.size(); ++i) {
    const std::string prefix = complete.size() == 1 ? "" : "call" + std::to_string(i + 1) + "_";
    convert_call(*complete[i], datagrams, prefix, source.name, out);
  }
  return out;
}

} // namespace

Expected<CaptureConversion> convert_capture_file(const std::string &path,
                                                 const CaptureConversionOptions &options) {
  return convert(CaptureSource{path, {}, false}, options);
}

Expected<CaptureConversion> convert_capture_bytes(std::string_view bytes, std::string_view name,
                                                  const CaptureConversionOptions &options) {
  return convert(CaptureSource{std::string(name), bytes, true}, options);
}

} // namespace gossipper::runtime
