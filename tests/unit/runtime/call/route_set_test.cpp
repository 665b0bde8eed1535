// <recv rrs="true">: the route set and remote target SIPp keeps.
#include "call/route_set.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

struct Case {
  const char *what;
  const char *first_line;
  const char *headers;
  const char *routes; ///< nullptr: refused
  const char *remote_uri;
};

const Case kCases[] = {
    {"a response reverses the Record-Route", "SIP/2.0 200 OK",
     "Record-Route: <sip:p1;lr>, <sip:p2;lr>\r\nContact: <sip:b@10.0.0.2:5060>\r\n",
     "<sip:p2;lr>, <sip:p1;lr>", "sip:b@10.0.0.2:5060"},
    {"a request keeps its order", "INVITE sip:b SIP/2.0",
     "Record-Route: <sip:p1;lr>\r\nRecord-Route: <sip:p2;lr>\r\nContact: <sip:a@10.0.0.1>\r\n",
     "<sip:p1;lr>, <sip:p2;lr>", "sip:a@10.0.0.1"},
    {"a strict router is the target, the Contact a route", "INVITE sip:b SIP/2.0",
     "Record-Route: <sip:strict>, <sip:loose;lr>\r\nContact: <sip:a@10.0.0.1>\r\n",
     "<sip:loose;lr>, <sip:a@10.0.0.1>", "sip:strict"},
    {"without Record-Route only the target", "SIP/2.0 200 OK", "Contact: sip:b@10.0.0.2\r\n", "",
     "sip:b@10.0.0.2"},
    {"without Contact it is refused", "SIP/2.0 200 OK", "Record-Route: <sip:p1;lr>\r\n", nullptr,
     nullptr},
};

TEST(RouteSet, SippsRules) {
  for (const Case &c : kCases) {
    std::string message =
        std::string(c.first_line) + "\r\n" + c.headers + "Call-ID: x\r\nContent-Length: 0\r\n\r\n";
    Expected<RouteSet> r = record_route(message, !message.starts_with("SIP/"));
    if (c.routes == nullptr) {
      ASSERT_FALSE(r.ok()) << c.what;
      EXPECT_EQ(r.error().message, "no Contact header to record the remote target from");
      continue;
    }
    ASSERT_TRUE(r.ok()) << c.what;
    EXPECT_EQ(r->routes, c.routes) << c.what;
    EXPECT_EQ(r->remote_uri, c.remote_uri) << c.what;
  }
}

} // namespace
} // namespace gossipper::runtime
