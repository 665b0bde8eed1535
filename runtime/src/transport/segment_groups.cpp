//===- segment_groups.cpp - Datagrams that leave as one GSO send ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/segment_groups.hpp"

#include <cstring>
#include <netinet/udp.h>

namespace gossipper::runtime {

namespace {

bool same_peer(const SegmentItem &a, const SegmentItem &b) {
  return a.to_length == b.to_length && std::memcmp(a.to, b.to, a.to_length) == 0;
}

/// How far back a datagram looks for a group to join: a batch of new calls
/// finds its group at once, and the search stays short when many differ.
constexpr size_t kLookBack = 16;

} // namespace

void segmented_message(mmsghdr &msg, iovec *iov, uint32_t count, size_t length,
                       const sockaddr_storage *to, socklen_t to_length, SegmentControl *control) {
  msg = {};
  msg.msg_hdr.msg_iov = iov;
  msg.msg_hdr.msg_iovlen = count;
  msg.msg_hdr.msg_name = const_cast<sockaddr_storage *>(to); // sendmmsg only reads it
  msg.msg_hdr.msg_namelen = to != nullptr ? to_length : 0;
  if (count > 1) {
    msg.msg_hdr.msg_control = control->bytes.data();
    msg.msg_hdr.msg_controllen = control->bytes.size();
    cmsghdr *c = CMSG_FIRSTHDR(&msg.msg_hdr);
    c->cmsg_level = SOL_UDP;
    c->cmsg_type = UDP_SEGMENT;
    c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    auto size = static_cast<uint16_t>(length);
    std::memcpy(CMSG_DATA(c), &size, sizeof size);
  }
}

void SegmentGroups::build(std::span<const SegmentItem> items, size_t max_segment) {
  groups_.clear();
  order_.resize(items.size());
  if (max_segment == 0) { // each alone, in order: no grouping asked
    for (size_t i = 0; i < items.size(); ++i) {
      groups_.push_back(Group{items[i].length, i, 1, static_cast<uint32_t>(i)});
      order_[i] = static_cast<uint32_t>(i);
    }
    return;
  }
  group_of_.resize(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const SegmentItem &item = items[i];
    // The earliest group this datagram may join: its call's previous
    // datagram's (found by looking back; new calls have none).
    size_t floor = 0;
    for (size_t j = i; j-- > 0;) {
      if (items[j].call == item.call) {
        floor = group_of_[j];
        break;
      }
    }
    size_t chosen = groups_.size();
    if (item.length <= max_segment) {
      size_t stop = groups_.size() > kLookBack ? groups_.size() - kLookBack : 0;
      stop = floor > stop ? floor : stop;
      for (size_t g = groups_.size(); g-- > stop;) {
        Group &group = groups_[g];
        if (group.length == item.length && group.count < kMaxSegments &&
            (group.count + 1) * group.length <= kMaxBytes && same_peer(items[group.item], item)) {
          chosen = g;
          break;
        }
      }
    }
    if (chosen == groups_.size()) {
      groups_.push_back(Group{item.length, 0, 0, static_cast<uint32_t>(i)});
    }
    ++groups_[chosen].count;
    group_of_[i] = static_cast<uint32_t>(chosen);
  }
  // Each group's datagrams side by side, in their order within the batch.
  fill_.resize(groups_.size());
  size_t next = 0;
  for (size_t g = 0; g < groups_.size(); ++g) {
    groups_[g].first = next;
    fill_[g] = static_cast<uint32_t>(next);
    next += groups_[g].count;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    order_[fill_[group_of_[i]]++] = static_cast<uint32_t>(i);
  }
}

} // namespace gossipper::runtime
