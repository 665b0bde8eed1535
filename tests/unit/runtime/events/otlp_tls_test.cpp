//===- otlp_tls_test.cpp - The OTLP exporter's TLS files ------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The files' errors (the certificates that work are tested against real
// TLS collectors in tests/interop/events_test.py).
//
//===----------------------------------------------------------------------===//
#include "events/otlp_tls.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace gossipper::runtime::events {
namespace {

std::string temp_file(const std::string &name, const std::string &text) {
  std::filesystem::path p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p.string();
}

TEST(OtlpTls, NoFilesMeansTheSystemsStore) {
  Expected<OtlpTlsMaterial> m = load_otlp_tls({});
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->ca_pem.empty());
  EXPECT_TRUE(make_otlp_ssl_context(*m));
}

TEST(OtlpTls, AMissingCaFileNamesTheVariableAndThePath) {
  OtlpTlsFiles f;
  f.ca = {"/nonexistent/ca.pem", "OTEL_EXPORTER_OTLP_CERTIFICATE"};
  Expected<OtlpTlsMaterial> m = load_otlp_tls(f);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("OTEL_EXPORTER_OTLP_CERTIFICATE"), std::string::npos);
  EXPECT_NE(m.error().message.find("/nonexistent/ca.pem"), std::string::npos);
}

TEST(OtlpTls, AFileWithoutACertificateIsRefused) {
  std::string path = temp_file("gossipper_otlp_tls_test.pem", "not a certificate\n");
  OtlpTlsFiles f;
  f.ca = {path, "OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE"};
  Expected<OtlpTlsMaterial> m = load_otlp_tls(f);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("no PEM certificate"), std::string::npos);
  f = {};
  f.key = {path, "OTEL_EXPORTER_OTLP_CLIENT_KEY"};
  f.cert = {path, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"};
  m = load_otlp_tls(f);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"), std::string::npos);
  std::remove(path.c_str());
}

TEST(OtlpTls, TheSystemsRootsForGrpcFollowSslCertFile) {
  std::string path = temp_file("gossipper_otlp_tls_roots.pem", "roots\n");
  const char *before = std::getenv("SSL_CERT_FILE");
  std::string saved = before != nullptr ? before : "";
  setenv("SSL_CERT_FILE", path.c_str(), 1);
  EXPECT_EQ(system_roots_pem(), "roots\n");
  setenv("SSL_CERT_FILE", "/nonexistent/roots.pem", 1);
  EXPECT_EQ(system_roots_pem(), "");
  if (before != nullptr) {
    setenv("SSL_CERT_FILE", saved.c_str(), 1);
  } else {
    unsetenv("SSL_CERT_FILE");
  }
  std::remove(path.c_str());
}

} // namespace
} // namespace gossipper::runtime::events
