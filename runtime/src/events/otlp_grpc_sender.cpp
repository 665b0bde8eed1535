//===- otlp_grpc_sender.cpp - LogsService.Export over gRPC ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Debian's grpc++, on an insecure channel (http://, or a bare host:port
// with OTEL_EXPORTER_OTLP_INSECURE=true) or a TLS one (grpc::SslCredentials,
// with the CA and client files' PEM texts). The request arrives already
// encoded: it is parsed back into the generated class the stub takes,
// which costs one decode per batch on the sender's thread only. A failed
// call's status details are read for RetryInfo; whether to try again is
// the retry policy's.
//
//===----------------------------------------------------------------------===//
#include "events/grpc_status_details.hpp"
#include "events/otlp_record.hpp"

#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <chrono>

namespace gossipper::runtime::events {

namespace {

namespace logs = opentelemetry::proto::collector::logs::v1;

std::shared_ptr<grpc::ChannelCredentials> credentials(const OtlpGrpcSecurity &security) {
  if (!security.tls) {
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = security.root_pem;
  options.pem_private_key = security.key_pem;
  options.pem_cert_chain = security.cert_pem;
  return grpc::SslCredentials(options);
}

class GrpcChannel final : public OtlpGrpcChannel {
public:
  GrpcChannel(const std::string &target, const OtlpGrpcSecurity &security)
      : stub_(logs::LogsService::NewStub(grpc::CreateChannel(target, credentials(security)))) {}

  GrpcResult export_logs(const std::string &request, uint64_t timeout_ms,
                         const std::vector<std::pair<std::string, std::string>> &headers) override {
    GrpcResult result;
    logs::ExportLogsServiceRequest message;
    if (!message.ParseFromString(request)) {
      result.message = "the request did not encode";
      return result;
    }
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
    for (const auto &[k, v] : headers) {
      context.AddMetadata(k, v); // gRPC wants lower-case keys; settings lower them
    }
    logs::ExportLogsServiceResponse response;
    grpc::Status status = stub_->Export(&context, message, &response);
    result.ok = status.ok();
    result.code = static_cast<int>(status.error_code());
    if (status.ok()) {
      return result;
    }
    RetryInfoDetail retry = find_retry_info(status.error_details());
    result.retry_info = retry.present;
    result.retry_delay_ms = retry.delay_ms;
    result.message = "gRPC status " + std::to_string(result.code) +
                     (status.error_message().empty() ? "" : ": " + status.error_message());
    if (retry.present) {
      result.message += retry.delay_ms ? " (RetryInfo: " + std::to_string(*retry.delay_ms) + " ms)"
                                       : " (RetryInfo)";
    }
    return result;
  }

private:
  std::unique_ptr<logs::LogsService::Stub> stub_;
};

} // namespace

std::unique_ptr<OtlpGrpcChannel> make_otlp_grpc_channel(const std::string &target,
                                                        const OtlpGrpcSecurity &security) {
  return std::make_unique<GrpcChannel>(target, security);
}

} // namespace gossipper::runtime::events
