//===- dtls_identity_test.cpp - Our DTLS certificate and fingerprints -----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/dtls_identity.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace gossipper::runtime::media {
namespace {

TEST(DtlsIdentity, AGeneratedCertificateHasASha256Fingerprint) {
  auto a = DtlsIdentity::generate();
  auto b = DtlsIdentity::generate();
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok());
  const std::string &f = (*a)->fingerprint();
  EXPECT_EQ(f.rfind("sha-256 ", 0), 0u) << f;
  EXPECT_EQ(f.size(), 8u + 32 * 3 - 1);
  EXPECT_NE(f, (*b)->fingerprint()); // a new key each time
  auto read = read_fingerprint(f);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(write_fingerprint(*read), f);
}

TEST(DtlsIdentity, ReadsFingerprintsAsPeersWriteThem) {
  auto f = read_fingerprint("SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->hash, "sha-1");
  EXPECT_EQ(f->digest.size(), 20u);
  EXPECT_EQ(static_cast<unsigned char>(f->digest[0]), 0x4a);
  const char *const bad[] = {"sha-256", "md5 4A:AD", "sha-1 4A:AD:B9", "sha-1 4AAD",
                             "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AX"};
  for (const char *v : bad) {
    EXPECT_FALSE(read_fingerprint(v).ok()) << v;
  }
}

TEST(DtlsIdentity, LoadsPemFilesAndNamesTheBadOne) {
  std::string dir = test::temp_path("dtls_identity_test");
  std::string cmd = "mkdir -p " + dir +
                    " && openssl req -x509 -newkey ec -pkeyopt "
                    "ec_paramgen_curve:P-256 -nodes -subj /CN=t -days 1 -keyout " +
                    dir + "/k.pem -out " + dir + "/c.pem 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto ok = DtlsIdentity::load(dir + "/c.pem", dir + "/k.pem");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ((*ok)->fingerprint().rfind("sha-256 ", 0), 0u);
  auto missing = DtlsIdentity::load(dir + "/none.pem", dir + "/k.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("none.pem"), std::string::npos);
  auto swapped = DtlsIdentity::load(dir + "/k.pem", dir + "/c.pem");
  EXPECT_FALSE(swapped.ok());
  std::system(("rm -rf " + dir).c_str());
}

} // namespace
} // namespace gossipper::runtime::media
