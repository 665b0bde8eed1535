//===- otlp_sink.cpp - Events to an OpenTelemetry collector ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/otlp_sink.hpp"

#include "events/event_attributes.hpp"
#include "events/otlp_http_sender.hpp"
#include "events/otlp_record.hpp"
#include "events/otlp_tls.hpp"
#include "events/retry_policy.hpp"
#include "time/clock.hpp"

#include <cstdio>
#include <vector>

namespace gossipper::runtime::events {

namespace {

/// OTLP/gRPC through the library that links grpc++.
class GrpcTransport final : public OtlpTransport {
public:
  GrpcTransport(const OtlpSettings &s, const OtlpGrpcSecurity &security)
      : channel_(make_otlp_grpc_channel(target(s.url), security)), headers_(s.headers) {}
  ExportResult send(const std::string &body, uint64_t timeout_ms) override {
    GrpcResult g = channel_->export_logs(body, timeout_ms, headers_);
    ExportResult r;
    r.ok = g.ok;
    r.retryable = retryable_grpc_status(g.code, g.retry_info);
    r.retry_after_ms = g.retry_delay_ms;
    r.what = g.message;
    if (g.code == static_cast<int>(GrpcCode::ResourceExhausted) && !g.retry_info) {
      r.what += " without RetryInfo: not retried";
    }
    return r;
  }

private:
  static std::string target(const HttpUrl &url) {
    bool v6 = url.host.find(':') != std::string::npos;
    return (v6 ? "[" + url.host + "]" : url.host) + ":" + url.port;
  }
  std::unique_ptr<OtlpGrpcChannel> channel_;
  KeyValues headers_;
};

Expected<std::unique_ptr<OtlpTransport>> make_transport(const OtlpSettings &s) {
  OtlpTlsMaterial tls;
  std::shared_ptr<boost::asio::ssl::context> context;
  if (s.url.tls) {
    Expected<OtlpTlsMaterial> loaded = load_otlp_tls(s.tls);
    if (!loaded) {
      return loaded.error();
    }
    tls = *std::move(loaded);
    Expected<std::shared_ptr<boost::asio::ssl::context>> made = make_otlp_ssl_context(tls);
    if (!made) {
      return made.error();
    }
    context = *made;
  }
  switch (s.protocol) {
  case OtlpProtocol::Grpc:
    return std::unique_ptr<OtlpTransport>(std::make_unique<GrpcTransport>(
        s, OtlpGrpcSecurity{s.url.tls, tls.ca_pem.empty() ? system_roots_pem() : tls.ca_pem,
                            tls.key_pem, tls.cert_pem}));
  case OtlpProtocol::HttpJson:
    return std::unique_ptr<OtlpTransport>(
        std::make_unique<OtlpHttpSender>(s.url, "application/json", s.headers, context));
  case OtlpProtocol::HttpProtobuf: break;
  }
  return std::unique_ptr<OtlpTransport>(
      std::make_unique<OtlpHttpSender>(s.url, "application/x-protobuf", s.headers, context));
}

} // namespace

Expected<std::unique_ptr<OtlpSink>> OtlpSink::open(const OtlpSettings &settings, KeyValues resource,
                                                   std::string version) {
  Expected<std::unique_ptr<OtlpTransport>> transport = make_transport(settings);
  if (!transport) {
    return transport.error();
  }
  return std::make_unique<OtlpSink>(settings, std::move(resource), std::move(version),
                                    *std::move(transport));
}

OtlpSink::OtlpSink(const OtlpSettings &settings, KeyValues resource, std::string version,
                   std::unique_ptr<OtlpTransport> transport)
    : settings_(settings), resource_(std::move(resource)), version_(std::move(version)),
      transport_(std::move(transport)), thread_([this] { run(); }) {}

OtlpSink::~OtlpSink() { finish(steady_ms()); }

std::string OtlpSink::encode(std::span<const Event> batch) const {
  std::vector<OtlpAttribute> resource;
  for (const auto &[k, v] : resource_) {
    resource.push_back({k, v});
  }
  // Every record's attributes in one vector, sliced afterwards (it must
  // not move once a span points into it).
  std::vector<OtlpAttribute> attributes;
  std::vector<size_t> starts;
  attributes.reserve(batch.size() * 8);
  for (const Event &e : batch) {
    starts.push_back(attributes.size());
    for_each_attribute(
        e,
        [&](std::string_view k, std::string_view v) {
          attributes.push_back({k, v});
        },
        [&](std::string_view k, int64_t v) {
          attributes.push_back({k, {}, v, 0, OtlpAttribute::Type::Int});
        },
        [&](std::string_view k, double v) {
          attributes.push_back({k, {}, 0, v, OtlpAttribute::Type::Double});
        });
  }
  starts.push_back(attributes.size());
  std::vector<OtlpRecord> records;
  records.reserve(batch.size());
  std::span<const OtlpAttribute> all(attributes);
  uint64_t observed = wall_us() * 1000;
  for (size_t i = 0; i < batch.size(); ++i) {
    const Event &e = batch[i];
    records.push_back({e.wall_us * 1000, observed, static_cast<int>(e.severity),
                       severity_text(e.severity), event_body(e),
                       all.subspan(starts[i], starts[i + 1] - starts[i])});
  }
  OtlpRequest request{resource, "gossipper", version_, records};
  return settings_.protocol == OtlpProtocol::HttpJson ? encode_otlp_json(request)
                                                      : encode_otlp_protobuf(request);
}

void OtlpSink::write(std::span<const Event> batch) {
  Pending p{encode(batch), batch.size()};
  std::lock_guard lock(mu_);
  if (finishing_ || queue_.size() >= kMaxQueued) {
    dropped_.fetch_add(p.events, std::memory_order_relaxed);
    return;
  }
  queue_.push_back(std::move(p));
  cv_.notify_one();
}

void OtlpSink::finish(uint64_t deadline_ms) {
  {
    std::lock_guard lock(mu_);
    if (!finishing_) {
      finishing_ = true;
      deadline_ms_ = deadline_ms;
    }
    cv_.notify_one();
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

void OtlpSink::run() {
  for (;;) {
    Pending p;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return finishing_ || !queue_.empty(); });
      if (queue_.empty()) {
        return; // finishing, and all sent
      }
      p = std::move(queue_.front());
      queue_.pop_front();
    }
    deliver(p);
  }
}

void OtlpSink::deliver(Pending &p) {
  for (unsigned tries = 1;; ++tries) {
    uint64_t timeout = settings_.timeout_ms;
    {
      std::lock_guard lock(mu_);
      if (finishing_) {
        uint64_t now = steady_ms();
        timeout = std::min(timeout, deadline_ms_ > now ? deadline_ms_ - now : 0);
      }
    }
    ExportResult r;
    if (timeout > 0) {
      r = transport_->send(p.body, timeout);
    } else {
      r.what = "the run ended before the collector took the events";
    }
    if (r.ok) {
      sent_.fetch_add(p.events, std::memory_order_relaxed);
      return;
    }
    failures_.fetch_add(1, std::memory_order_relaxed);
    bool again = r.retryable && timeout > 0 && tries < kMaxExportTries &&
                 pause(r.retry_after_ms ? *r.retry_after_ms : backoff_ms(tries, rng_));
    if (!again) {
      say_once(r.what);
      dropped_.fetch_add(p.events, std::memory_order_relaxed);
      return;
    }
  }
}

bool OtlpSink::pause(uint64_t ms) {
  std::unique_lock lock(mu_);
  uint64_t until = steady_ms() + ms;
  // Cut short only when finish() sets a deadline the wait would pass.
  auto past = [&] { return finishing_ && until > deadline_ms_; };
  cv_.wait_for(lock, std::chrono::milliseconds(ms), past);
  return !past();
}

void OtlpSink::say_once(const std::string &what) {
  if (said_.exchange(true)) {
    return;
  }
  std::fprintf(stderr,
               "OTLP export to %s failed (%s): its events are dropped; further failures are only "
               "counted (the summary's events)\n",
               settings_.endpoint.c_str(), what.c_str());
}

SinkCounts OtlpSink::counts() const {
  return {"otlp", sent_.load(std::memory_order_relaxed), dropped_.load(std::memory_order_relaxed),
          failures_.load(std::memory_order_relaxed)};
}

} // namespace gossipper::runtime::events
