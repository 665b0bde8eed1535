// <recv rrs="true">: the route set and remote target SIPp keeps.
#include "call/route_set.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

std::string message(const std::string &first, const std::string &headers) {
  return first + "\r\n" + headers + "Call-ID: x\r\nContent-Length: 0\r\n\r\n";
}

TEST(RouteSet, AResponseReversesTheRecordRoute) {
  Expected<RouteSet> r =
      record_route(message("SIP/2.0 200 OK", "Record-Route: <sip:p1;lr>, <sip:p2;lr>\r\n"
                                             "Contact: <sip:b@10.0.0.2:5060>\r\n"),
                   false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->routes, "<sip:p2;lr>, <sip:p1;lr>");
  EXPECT_EQ(r->remote_uri, "sip:b@10.0.0.2:5060");
}

TEST(RouteSet, ARequestKeepsItsOrder) {
  Expected<RouteSet> r = record_route(
      message("INVITE sip:b SIP/2.0", "Record-Route: <sip:p1;lr>\r\nRecord-Route: <sip:p2;lr>\r\n"
                                      "Contact: <sip:a@10.0.0.1>\r\n"),
      true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->routes, "<sip:p1;lr>, <sip:p2;lr>");
  EXPECT_EQ(r->remote_uri, "sip:a@10.0.0.1");
}

TEST(RouteSet, AStrictRouterBecomesTheTargetAndTheContactARoute) {
  Expected<RouteSet> r =
      record_route(message("INVITE sip:b SIP/2.0", "Record-Route: <sip:strict>, <sip:loose;lr>\r\n"
                                                   "Contact: <sip:a@10.0.0.1>\r\n"),
                   true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->routes, "<sip:loose;lr>, <sip:a@10.0.0.1>");
  EXPECT_EQ(r->remote_uri, "sip:strict");
}

TEST(RouteSet, WithoutRecordRouteOnlyTheTarget) {
  Expected<RouteSet> r =
      record_route(message("SIP/2.0 200 OK", "Contact: sip:b@10.0.0.2\r\n"), false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->routes, "");
  EXPECT_EQ(r->remote_uri, "sip:b@10.0.0.2");
}

TEST(RouteSet, WithoutContactItIsRefused) {
  Expected<RouteSet> r =
      record_route(message("SIP/2.0 200 OK", "Record-Route: <sip:p1;lr>\r\n"), false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "no Contact header to record the remote target from");
}

} // namespace
} // namespace gossipper::runtime
