#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "api/http_api.h"
#include "engine/service/transition_service.h"
#include "engine/store/database.h"
#include "engine/store/operations_store.h"

namespace ombudsflow::api {

/// The server's metrics, kept with prometheus-cpp's core library and
/// rendered in Prometheus's text format by it. Requests are counted as they
/// are answered (Observe); the rest is read when scraped (Scrape).
class ServerMetrics {
 public:
  /// What a scrape reads besides the requests: each may be left empty.
  struct Sources {
    std::function<std::size_t()> open_connections;
    std::function<store::Database::PoolStats()> pool;
    std::size_t pool_size = 0;
    std::function<Result<store::OperationsSnapshot>()> operations;
  };

  ServerMetrics();

  /// What scrapes read from now on; set before the server starts.
  void ReadAtScrape(Sources sources) { sources_ = std::move(sources); }

  /// Counts one answered request under its route template and status.
  void Observe(const RequestRecord& record);

  /// One webhook delivery answered 2xx, `lag` after its notice was committed.
  void ObserveDeliveryLag(std::chrono::microseconds lag);

  /// Counts one transition fired (by a person or a timer), or one refused
  /// (by its guard).
  void Count(const service::TransitionTally& tally);

  /// The metrics in Prometheus's text format (0.0.4).
  [[nodiscard]] std::string Scrape();

 private:
  Sources sources_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Histogram& delivery_lag_seconds_;
  prometheus::Family<prometheus::Counter>& transitions_;
  prometheus::Family<prometheus::Counter>& refusals_;
  prometheus::Gauge& open_connections_;
  prometheus::Gauge& pool_in_use_;
  prometheus::Gauge& pool_size_;
  prometheus::Counter& pool_leases_;
  prometheus::Counter& pool_wait_;
  prometheus::Counter& pool_timeouts_;
  prometheus::Gauge& database_up_;
  prometheus::Family<prometheus::Gauge>& deliveries_;
  prometheus::Family<prometheus::Gauge>& delivery_lag_;
  prometheus::Gauge& timers_due_;
  prometheus::Gauge& timer_lag_;
  prometheus::Family<prometheus::Gauge>& past_deadline_;
  std::map<std::string, prometheus::Gauge*> past_states_;
  // Each route, method and status's two series, found once: asking the
  // families for them builds and hashes their label maps under the
  // family's lock on every request.
  struct RequestSeries {
    prometheus::Counter* requests;
    prometheus::Histogram* latency;
  };
  RequestSeries SeriesOf(const RequestRecord& record);
  std::shared_mutex series_mutex_;
  std::unordered_map<std::string, RequestSeries> series_;
  std::mutex scrape_mutex_;  // one scrape at a time: counters advance by the difference
  store::Database::PoolStats last_pool_;
};

/// The routes of the metrics listener (--metrics-listen): GET /metrics.
void AddMetricsRoutes(HttpApi& api, ServerMetrics& metrics);

}  // namespace ombudsflow::api
