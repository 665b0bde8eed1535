//===- otlp_json.cpp - An OTLP logs request as JSON -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// OTLP/JSON as the specification maps protobuf to JSON: field names in
// lowerCamelCase, 64-bit integers (timeUnixNano, intValue) as decimal
// strings, enums (severityNumber) as numbers.
//
//===----------------------------------------------------------------------===//
#include "events/json_text.hpp"
#include "events/otlp_record.hpp"

namespace gossipper::runtime::events {

namespace {

void append_attributes(std::string &out, std::span<const OtlpAttribute> attributes) {
  out += "\"attributes\":[";
  bool first = true;
  for (const OtlpAttribute &a : attributes) {
    out += first ? "{\"key\":" : ",{\"key\":";
    first = false;
    append_json_string(out, a.key);
    if (a.type == OtlpAttribute::Type::Double) {
      out += ",\"value\":{\"doubleValue\":";
      append_json_double(out, a.real);
      out += "}}";
    } else if (a.type == OtlpAttribute::Type::Int) {
      out += ",\"value\":{\"intValue\":\"" + std::to_string(a.number) + "\"}}";
    } else {
      out += ",\"value\":{\"stringValue\":";
      append_json_string(out, a.text);
      out += "}}";
    }
  }
  out += ']';
}

void append_record(std::string &out, const OtlpRecord &r) {
  out += "{\"timeUnixNano\":\"" + std::to_string(r.time_unix_nano) +
         "\",\"observedTimeUnixNano\":\"" + std::to_string(r.observed_time_unix_nano) +
         "\",\"severityNumber\":" + std::to_string(r.severity_number) + ",\"severityText\":";
  append_json_string(out, r.severity_text);
  out += ",\"body\":{\"stringValue\":";
  append_json_string(out, r.body);
  out += "},";
  append_attributes(out, r.attributes);
  out += '}';
}

} // namespace

std::string encode_otlp_json(const OtlpRequest &request) {
  std::string out = "{\"resourceLogs\":[{\"resource\":{";
  append_attributes(out, request.resource);
  out += "},\"scopeLogs\":[{\"scope\":{\"name\":";
  append_json_string(out, request.scope_name);
  out += ",\"version\":";
  append_json_string(out, request.scope_version);
  out += "},\"logRecords\":[";
  bool first = true;
  for (const OtlpRecord &r : request.records) {
    if (!first) {
      out += ',';
    }
    first = false;
    append_record(out, r);
  }
  out += "]}]}]}";
  return out;
}

} // namespace gossipper::runtime::events
