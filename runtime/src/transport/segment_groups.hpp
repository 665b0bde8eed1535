//===- segment_groups.hpp - Datagrams that leave as one GSO send -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// UDP GSO (UDP_SEGMENT) hands the kernel several datagrams for one peer as
// one send, cut into equal segments: the route, the IP output and, on
// loopback, the whole receive path are walked once for the lot instead of
// once per datagram, which is most of a UDP run's cost. A segmented send
// carries datagrams of one size (the last may be shorter) to one address,
// so a batch of queued datagrams is regrouped: same peer and same size
// together, at most 64. Datagrams of one call keep their order (a 180 is
// never overtaken by its 200): a datagram joins only a group that leaves no
// earlier than its call's previous one; calls are known by a hash of their
// Call-ID (a collision only groups less).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <sys/socket.h>
#include <sys/uio.h>
#include <vector>

namespace gossipper::runtime {

/// Room for a UDP_SEGMENT control message.
struct SegmentControl {
  alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(uint16_t))> bytes;
};

/// Makes `msg` send the `count` datagrams of `length` bytes in `iov` to
/// `to` (null: the socket's connected peer): one segmented send, with its
/// control message in `control`, when `count` is more than one.
void segmented_message(mmsghdr &msg, iovec *iov, uint32_t count, size_t length,
                       const sockaddr_storage *to, socklen_t to_length, SegmentControl *control);

/// One queued datagram, as the grouping sees it.
struct SegmentItem {
  size_t length;
  const sockaddr_storage *to;
  socklen_t to_length;
  uint64_t call; ///< a hash of the Call-ID
};

/// Groups a batch of datagrams for segmented sends.
class SegmentGroups {
public:
  /// The kernel's limits of one segmented send (UDP_MAX_SEGMENTS, and the
  /// payload of one IP packet, which the segments add up to).
  static constexpr size_t kMaxSegments = 64;
  static constexpr size_t kMaxBytes = 65000;

  /// A group: `count` datagrams of `length` bytes (the order()s from
  /// `first`), for the address of its first one.
  struct Group {
    size_t length;
    size_t first;
    uint32_t count;
    uint32_t item; ///< the first datagram's index: its address
  };

  /// Groups `items`; datagrams longer than `max_segment` stay alone (0:
  /// every one, in its order).
  void build(std::span<const SegmentItem> items, size_t max_segment);
  /// The groups, in the order they are to be sent.
  [[nodiscard]] const std::vector<Group> &groups() const { return groups_; }
  /// The datagrams' indices, group after group.
  [[nodiscard]] const std::vector<uint32_t> &order() const { return order_; }

private:
  std::vector<Group> groups_;
  std::vector<uint32_t> group_of_; ///< per item
  std::vector<uint32_t> order_;
  std::vector<uint32_t> fill_; ///< per group: the next place in order_
};

} // namespace gossipper::runtime
