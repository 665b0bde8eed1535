// What a 3PCC command says: its sender, SIPp's abort, its body.
#include "threepcc/command_text.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

TEST(CommandText, TheSenderIsTheWordAfterFrom) {
  EXPECT_EQ(command_sender("Call-ID: 1\r\nFrom: s1\r\n\r\n"), "s1");
  EXPECT_EQ(command_sender("Call-ID: 1\r\nFrom:\ts2 extra\r\n"), "s2");
  EXPECT_EQ(command_sender("Call-ID: 1\r\n"), "");
}

TEST(CommandText, SippsAbortIsRecognised) {
  EXPECT_TRUE(is_abort_command("call-id: 1\ninternal-cmd: abort_call\n\n"));
  EXPECT_TRUE(is_abort_command("internal-cmd:abort_call\r\n"));
  EXPECT_FALSE(is_abort_command("internal-cmd: abort_callx\r\n"));
  // SIPp needs a blank or a line end after the word.
  EXPECT_FALSE(is_abort_command("internal-cmd: abort_call"));
  EXPECT_FALSE(is_abort_command("Call-ID: 1\r\n"));
}

TEST(CommandText, TheBodyLosesTheTrailingLineEnds) {
  EXPECT_EQ(command_body("Call-ID: 1\r\n\r\n\r\n"), "Call-ID: 1");
  EXPECT_EQ(command_body("Call-ID: 1\n"), "Call-ID: 1\n");
}

} // namespace
} // namespace gossipper::runtime
