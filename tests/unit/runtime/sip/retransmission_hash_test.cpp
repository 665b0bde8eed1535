// SIPp's message hash, as -trace_calldebug prints it, and the engine's own:
// the expected values were computed independently (Python) over the parts
// SIPp hashes.
#include "sip/retransmission_hash.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

TEST(RetransmissionHash, SippsSdbmOverSignedChars) {
  EXPECT_EQ(sipp_retransmission_hash("abc", false), 417419622498ULL);
  EXPECT_EQ(sipp_retransmission_hash("a\xe9", false), 6363080ULL); // é counts negative
  EXPECT_EQ(sipp_retransmission_hash("SIP/2.0 200 OK\r\nTo: b\r\n\r\n", false),
            421872509657155123ULL);
}

TEST(RetransmissionHash, TheEnginesHashOverTheWholeMessage) {
  EXPECT_EQ(retransmission_hash("abc", false), 5171236289873516515ULL);
  EXPECT_EQ(retransmission_hash("SIP/2.0 200 OK\r\nTo: b\r\n\r\n", false), 261454593774733469ULL);
}

TEST(RetransmissionHash, LooseHashesToFromCallIdCseqThenStatusAndBody) {
  const char *msg = "SIP/2.0 200 OK\r\nTo: <sip:b>;tag=1\r\nFrom: <sip:a>;tag=2\r\n"
                    "Call-ID: x@y\r\nCSeq: 1 INVITE\r\n\r\nbody";
  EXPECT_EQ(sipp_retransmission_hash(msg, true), 16661921825975890085ULL);
  // The engine's own hash (byte_hash.hpp, over the same parts), computed
  // apart too.
  EXPECT_EQ(retransmission_hash(msg, true), 332828847732709743ULL);
  std::string other(msg);
  other.replace(other.find("tag=2"), 5, "tag=3");
  EXPECT_NE(retransmission_hash(msg, true), retransmission_hash(other, true));
  EXPECT_EQ(retransmission_hash(msg, true), retransmission_hash(std::string(msg), true));
}

} // namespace
} // namespace gossipper::runtime
