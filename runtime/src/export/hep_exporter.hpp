//===- hep_exporter.hpp - Every SIP message mirrored to Homer --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// -hep_addr: a message observer that encodes each SIP message a shard sends
// or receives as a HEP3 packet (type 1, SIP; the Call-ID as correlation id),
// and each RTCP report of its calls' media (type 5), into that shard's
// bounded lock-free queue, and each media stream's QoS report at its end
// (type 34, JSON), and one thread of its own that empties the
// queues into the HEP socket (hep_sender.hpp). A shard never
// waits: when its queue is full the packet is dropped and counted. Failures
// of the receiver are counted and said once each, not once per packet.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "export/hep_encoder.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"
#include "stats/run_summary.hpp"
#include "trace/message_observer.hpp"

#include <boost/asio/ip/udp.hpp>
#include <boost/lockfree/spsc_queue.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace gossipper::runtime {

class HepSender;

class HepExporter final : public MessageObserver {
public:
  using Warn = std::function<void(const std::string &)>;

  /// `local`: the run's own address, the other end of every message.
  HepExporter(const HepOptions &options, const boost::asio::ip::udp::endpoint &local, Warn warn);
  ~HepExporter() override;
  HepExporter(const HepExporter &) = delete;
  HepExporter &operator=(const HepExporter &) = delete;

  /// Resolves the receiver and starts the thread, before any traffic; a
  /// queue for each of `shards` shards.
  Expected<void> start(unsigned shards);
  /// Sends what the queues hold (a second at most), then ends the thread.
  void stop();
  [[nodiscard]] HepTotals totals() const;
  /// The final screen's line: where, and what became of the packets.
  [[nodiscard]] std::string final_line() const;

  [[nodiscard]] bool enabled() const override { return true; }
  /// On the shard's thread: encodes and queues, or drops.
  void on_message(const MessageEvent &event) override;
  /// The same for the media's RTCP (type 5).
  void on_rtcp(const RtcpEvent &event) override;
  /// The same for a stream's QoS report as it ends (type 34).
  void on_stream_end(const StreamEndEvent &event) override;

private:
  /// A shard's queue: packets as a 4-byte length then the bytes. Aligned,
  /// so that two shards' counters never share a cache line.
  struct alignas(64) Lane {
    explicit Lane(size_t bytes) : ring(bytes) {}
    boost::lockfree::spsc_queue<char> ring;
    std::string scratch; ///< the shard's encoding buffer, kept between messages
    std::string report;  ///< a QoS report's JSON, kept likewise
    std::atomic<uint64_t> dropped{0};
  };

  void run();
  /// Encodes `p` (with the run's capture id, key, node) into the shard's
  /// queue, or counts it dropped.
  void queue(uint32_t shard, HepPacket &p);
  [[nodiscard]] std::string receiver_text() const;
  [[nodiscard]] uint64_t dropped_so_far() const;
  /// Takes a queue's next packet (one is there) into the sender's buffer,
  /// or, without a sender or when it refuses the packet, into packet_.
  void pop(Lane &lane, HepSender *sender);
  /// Moves what the queues hold to the sender; the packets moved.
  size_t drain(HepSender &sender);
  /// Adds the sender's outcome to the totals; says a new failure once.
  void account(HepSender &sender);

  HepOptions options_;
  boost::asio::ip::udp::endpoint local_;
  Warn warn_;
  boost::asio::ip::udp::endpoint receiver_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> sent_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> segmented_{0};
  std::atomic<uint64_t> late_dropped_{0}; ///< left in the queues at the end
  bool failure_said_ = false;
  bool drop_said_ = false;
  std::string packet_; ///< where a packet nobody sends is popped to
};

} // namespace gossipper::runtime
