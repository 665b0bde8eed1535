//===- hep_exporter.cpp - Every SIP message mirrored to Homer -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "export/hep_exporter.hpp"

#include "export/hep_qos_report.hpp"
#include "export/hep_sender.hpp"
#include "gossipper/runtime/address.hpp"
#include "time/clock.hpp"

#include <chrono>
#include <cstring>
#include <pthread.h>

namespace gossipper::runtime {
namespace {

namespace ip = boost::asio::ip;

constexpr size_t kLengthPrefix = sizeof(uint32_t);
/// Packets taken from one queue before the next queue's turn.
constexpr size_t kBatch = 256;
/// How long the exporter sleeps once the queues are empty: each wake-up
/// costs a context switch and a system call, and 5 ms of a busy run
/// (10,000 calls/s: 0.2 MB of packets) is far from filling a queue.
constexpr int kIdleSleepMs = 5;
/// How long the end of the run waits for the queues to empty.
constexpr uint64_t kStopDrainMs = 1000;

const char *transport_text(HepOptions::Transport t) {
  switch (t) {
  case HepOptions::Transport::Udp: return "udp";
  case HepOptions::Transport::Tcp: return "tcp";
  case HepOptions::Transport::Tls: return "tls";
  }
  return "";
}

} // namespace

HepExporter::HepExporter(const HepOptions &options, const ip::udp::endpoint &local, Warn warn)
    : options_(options), local_(local), warn_(std::move(warn)) {}

HepExporter::~HepExporter() { stop(); }

Expected<void> HepExporter::start(unsigned shards) {
  Expected<std::string> address = resolve(options_.host);
  if (!address) {
    return Error{"-hep_addr: cannot resolve " + options_.host + ": " + address.error().message};
  }
  receiver_ = ip::udp::endpoint(ip::make_address(*address), options_.port);
  for (unsigned i = 0; i < shards; ++i) {
    lanes_.push_back(std::make_unique<Lane>(options_.queue_bytes));
  }
  thread_ = std::thread([this] { run(); });
  return {};
}

void HepExporter::stop() {
  if (thread_.joinable()) {
    stop_.store(true, std::memory_order_release);
    thread_.join();
  }
}

HepTotals HepExporter::totals() const {
  HepTotals t;
  t.dropped = dropped_so_far();
  t.receiver = receiver_text();
  t.sent = sent_.load(std::memory_order_relaxed);
  t.failed = failed_.load(std::memory_order_relaxed);
  if (options_.segmented && options_.transport == HepOptions::Transport::Udp) {
    t.segmented = static_cast<int64_t>(segmented_.load(std::memory_order_relaxed));
  }
  return t;
}

uint64_t HepExporter::dropped_so_far() const {
  uint64_t dropped = late_dropped_.load(std::memory_order_relaxed);
  for (const auto &lane : lanes_) {
    dropped += lane->dropped.load(std::memory_order_relaxed);
  }
  return dropped;
}

std::string HepExporter::receiver_text() const {
  return std::string(transport_text(options_.transport)) + ":" + receiver_.address().to_string() +
         ":" + std::to_string(receiver_.port());
}

std::string HepExporter::final_line() const {
  HepTotals t = totals();
  return "HEP to " + t.receiver + ": " + std::to_string(t.sent) + " packets sent, " +
         std::to_string(t.dropped) + " dropped, " + std::to_string(t.failed) + " failed\n";
}

void HepExporter::on_message(const MessageEvent &event) {
  bool sent = event.direction == MessageEvent::Direction::Sent;
  HepPacket p;
  p.source = sent ? local_.address() : event.peer.address();
  p.source_port = sent ? local_.port() : event.peer.port();
  p.destination = sent ? event.peer.address() : local_.address();
  p.destination_port = sent ? event.peer.port() : local_.port();
  p.tcp = !is_udp(event.transport);
  p.protocol = HepProtocol::Sip;
  p.wall_us = event.wall_us;
  p.correlation_id = event.call_id;
  p.payload = event.bytes;
  queue(event.shard, p);
}

void HepExporter::on_rtcp(const RtcpEvent &event) {
  bool sent = event.direction == MessageEvent::Direction::Sent;
  HepPacket p;
  p.source = sent ? event.local.address() : event.peer.address();
  p.source_port = sent ? event.local.port() : event.peer.port();
  p.destination = sent ? event.peer.address() : event.local.address();
  p.destination_port = sent ? event.peer.port() : event.local.port();
  p.protocol = HepProtocol::Rtcp; // the report itself, as Homer's agents send it
  p.wall_us = event.wall_us;
  p.correlation_id = event.call_id;
  p.payload = event.bytes;
  queue(event.shard, p);
}

void HepExporter::on_stream_end(const StreamEndEvent &event) {
  if (event.shard >= lanes_.size()) {
    return;
  }
  std::string &json = lanes_[event.shard]->report;
  json.clear();
  append_qos_report(event, json);
  HepPacket p;
  // From our side of the stream to the peer's, as the agent reporting it.
  p.source = event.local.address();
  p.source_port = event.local.port();
  p.destination = event.peer.address();
  p.destination_port = event.peer.port();
  p.protocol = HepProtocol::QosReport;
  p.wall_us = event.wall_us;
  p.correlation_id = event.call_id;
  p.payload = json;
  queue(event.shard, p);
}

void HepExporter::queue(uint32_t shard, HepPacket &p) {
  if (shard >= lanes_.size()) {
    return; // no queue (a message before start): nothing can carry it
  }
  Lane &lane = *lanes_[shard];
  p.capture_id = options_.capture_id;
  p.auth_key = options_.password;
  p.node_name = options_.node_name;
  // The length first, so that the exporter can take the packet whole; one
  // push, so that it never sees half of one.
  lane.scratch.assign(kLengthPrefix, '\0');
  if (!encode_hep3(p, lane.scratch) || lane.ring.write_available() < lane.scratch.size()) {
    lane.dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  auto size = static_cast<uint32_t>(lane.scratch.size() - kLengthPrefix);
  std::memcpy(lane.scratch.data(), &size, kLengthPrefix);
  lane.ring.push(lane.scratch.data(), lane.scratch.size());
}

void HepExporter::pop(Lane &lane, HepSender *sender) {
  // The length and its packet were pushed at once: both are there.
  uint32_t size = 0;
  lane.ring.pop(reinterpret_cast<char *>(&size), kLengthPrefix);
  char *to = sender != nullptr ? sender->room(size) : nullptr;
  if (to == nullptr) {
    packet_.resize(size); // not sent: taken out of the queue all the same
    to = packet_.data();
  }
  lane.ring.pop(to, size);
}

size_t HepExporter::drain(HepSender &sender) {
  size_t moved = 0;
  for (const auto &lane : lanes_) {
    for (size_t n = 0; n < kBatch && lane->ring.read_available() >= kLengthPrefix; ++n) {
      if (!sender.ready()) {
        return moved; // the receiver is slow: the packets wait in the queues
      }
      pop(*lane, &sender);
      ++moved;
    }
  }
  return moved;
}

void HepExporter::account(HepSender &sender) {
  HepSender::Outcome o = sender.take_outcome();
  sent_.fetch_add(o.sent, std::memory_order_relaxed);
  failed_.fetch_add(o.failed, std::memory_order_relaxed);
  segmented_.fetch_add(o.segmented, std::memory_order_relaxed);
  // Said once each: a receiver that is down fails every packet of the run.
  if (o.failed != 0 && !failure_said_) {
    failure_said_ = true;
    warn_("HEP: packets to " + receiver_text() + " fail (" + o.error +
          "); counted, and not said again");
  }
  if (!drop_said_ && dropped_so_far() != 0) {
    drop_said_ = true;
    warn_("HEP: the queue to " + receiver_text() +
          " is full (the receiver is slower than the run): packets dropped; counted, and not "
          "said again");
  }
}

void HepExporter::run() {
  pthread_setname_np(pthread_self(), "gossipper-hep"); // for top and bench/hep_bench.py
  HepSender sender(options_.transport, receiver_, options_.segmented);
  uint64_t end_by = 0;
  for (;;) {
    bool stopping = stop_.load(std::memory_order_acquire);
    if (stopping && end_by == 0) {
      end_by = steady_ms() + kStopDrainMs;
    }
    // Everything the queues hold, in batches, then sleep: a wake-up each
    // 5 ms, not one (and a system call) for every few packets.
    size_t moved = 0;
    for (size_t step = drain(sender); step != 0; step = drain(sender)) {
      sender.flush(0);
      moved += step;
    }
    sender.flush(moved == 0 ? 1 : 0);
    account(sender);
    bool idle = moved == 0 && !sender.pending();
    if (stopping && (idle || steady_ms() >= end_by)) {
      break;
    }
    if (!stopping || idle) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kIdleSleepMs));
    }
  }
  // What the stream's buffer and the queues still hold never left: dropped,
  // as the run ended (the receiver did not fail: it was slow, or the end came first).
  uint64_t left = sender.abandon();
  account(sender);
  for (const auto &lane : lanes_) {
    while (lane->ring.read_available() >= kLengthPrefix) {
      pop(*lane, nullptr);
      ++left;
    }
  }
  late_dropped_.store(left, std::memory_order_relaxed);
}

} // namespace gossipper::runtime
