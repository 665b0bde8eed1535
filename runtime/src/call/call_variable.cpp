//===- call_variable.cpp - A scenario variable's value --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/call_variable.hpp"

#include <cstdio>
#include <cstdlib>

namespace gossipper::runtime {

bool CallVariable::is_set() const {
  switch (kind_) {
  case Kind::Bool: return flag_;
  case Kind::Double: return number_ != 0.0;
  case Kind::Undefined: return false;
  default: return true;
  }
}

bool CallVariable::to_double(double &out) const {
  char *end = nullptr;
  switch (kind_) {
  case Kind::Match:
    if (matches_ < 1) {
      return false;
    }
    [[fallthrough]];
  case Kind::String: out = std::strtod(text_.c_str(), &end); return *end == '\0';
  case Kind::Double: out = number_; return true;
  case Kind::Bool: out = flag_ ? 1.0 : 0.0; return true;
  case Kind::Undefined: return false;
  }
  return false;
}

void CallVariable::render(std::string &out) const {
  switch (kind_) {
  case Kind::Match:
  case Kind::String: out += text_; break;
  case Kind::Double: {
    if (number_ == 0.0) {
      return; // an unset number (0) renders nothing, as SIPp's isSet() says
    }
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%lf", number_);
    out.append(buf, static_cast<size_t>(n > 0 ? n : 0));
    break;
  }
  case Kind::Bool: out += flag_ ? "true" : "false"; break;
  case Kind::Undefined: break;
  }
}

} // namespace gossipper::runtime
