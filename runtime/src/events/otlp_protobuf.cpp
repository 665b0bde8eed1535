//===- otlp_protobuf.cpp - An OTLP logs request as protobuf ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Through the classes generated from OpenTelemetry's own .proto files, so
// the bytes are what any collector reads.
//
//===----------------------------------------------------------------------===//
#include "events/otlp_record.hpp"

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"

namespace gossipper::runtime::events {

namespace {

namespace pb = opentelemetry::proto;

void fill(google::protobuf::RepeatedPtrField<pb::common::v1::KeyValue> *out,
          std::span<const OtlpAttribute> attributes) {
  for (const OtlpAttribute &a : attributes) {
    pb::common::v1::KeyValue *kv = out->Add();
    kv->set_key(std::string(a.key));
    switch (a.type) {
    case OtlpAttribute::Type::Int: kv->mutable_value()->set_int_value(a.number); break;
    case OtlpAttribute::Type::Double: kv->mutable_value()->set_double_value(a.real); break;
    case OtlpAttribute::Type::Text: kv->mutable_value()->set_string_value(std::string(a.text));
    }
  }
}

} // namespace

std::string encode_otlp_protobuf(const OtlpRequest &request) {
  pb::collector::logs::v1::ExportLogsServiceRequest message;
  pb::logs::v1::ResourceLogs *resource = message.add_resource_logs();
  fill(resource->mutable_resource()->mutable_attributes(), request.resource);
  pb::logs::v1::ScopeLogs *scope = resource->add_scope_logs();
  scope->mutable_scope()->set_name(std::string(request.scope_name));
  scope->mutable_scope()->set_version(std::string(request.scope_version));
  for (const OtlpRecord &r : request.records) {
    pb::logs::v1::LogRecord *record = scope->add_log_records();
    record->set_time_unix_nano(r.time_unix_nano);
    record->set_observed_time_unix_nano(r.observed_time_unix_nano);
    record->set_severity_number(static_cast<pb::logs::v1::SeverityNumber>(r.severity_number));
    record->set_severity_text(std::string(r.severity_text));
    record->mutable_body()->set_string_value(std::string(r.body));
    fill(record->mutable_attributes(), r.attributes);
  }
  return message.SerializeAsString();
}

} // namespace gossipper::runtime::events
