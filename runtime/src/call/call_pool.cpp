//===- call_pool.cpp - Ended calls kept to be made again -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/call_pool.hpp"

#include <memory>
#include <string>
#include <utility>

namespace gossipper::runtime {

namespace {

/// `call` made again in place, its strings' buffers kept (emptied).
void remake_keeping_buffers(Call &call) {
  std::string id = std::move(call.id);
  std::string sent = std::move(call.last_send_msg);
  std::string received = std::move(call.last_recv_msg);
  std::string tag = std::move(call.peer_tag);
  std::vector<std::string> branches = std::move(call.txn_branch);
  std::destroy_at(&call);
  std::construct_at(&call);
  for (std::string *s : {&id, &sent, &received, &tag}) {
    s->clear();
  }
  for (std::string &b : branches) {
    b.clear();
  }
  call.id = std::move(id);
  call.last_send_msg = std::move(sent);
  call.last_recv_msg = std::move(received);
  call.peer_tag = std::move(tag);
  call.txn_branch = std::move(branches);
}

} // namespace

std::unique_ptr<Call> CallPool::take() {
  if (spare_.empty()) {
    return std::make_unique<Call>();
  }
  std::unique_ptr<Call> call = std::move(spare_.back());
  spare_.pop_back();
  return call;
}

void CallPool::give_back(std::unique_ptr<Call> call) {
  if (spare_.size() >= kMaxSpare) {
    return; // freed
  }
  remake_keeping_buffers(*call);
  spare_.push_back(std::move(call));
}

} // namespace gossipper::runtime
