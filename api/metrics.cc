#include "api/metrics.h"

#include <prometheus/text_serializer.h>

namespace ombudsflow::api {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// Seconds, from a fast page (5 ms) to a slow report (10 s).
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {0.005, 0.01, 0.025, 0.05, 0.1,
                                                                 0.25,  0.5,  1.0,   2.5,  5.0, 10.0};

}  // namespace

ServerMetrics::ServerMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(BuildCounter()
                    .Name("ombudsflow_http_requests_total")
                    .Help("HTTP requests answered, by route template, method and status")
                    .Register(*registry_)),
      latency_(BuildHistogram()
                   .Name("ombudsflow_http_request_duration_seconds")
                   .Help("Time to answer an HTTP request, by route template and method")
                   .Register(*registry_)),
      delivery_lag_seconds_(BuildHistogram()
                                .Name("ombudsflow_webhook_delivery_lag_seconds")
                                .Help("From a notice's commit to its webhook's 2xx answer")
                                .Register(*registry_)
                                .Add({}, prometheus::Histogram::BucketBoundaries{0.1, 0.5, 1, 2, 5, 10, 30, 60, 300,
                                                                                 900, 3600, 14400})),
      transitions_(BuildCounter()
                       .Name("ombudsflow_transitions_total")
                       .Help("Transitions fired, by people and by timers, by workflow, transition and what the "
                             "step means (its StepMeaning; \"none\" when nothing singled out)")
                       .Register(*registry_)),
      refusals_(BuildCounter()
                    .Name("ombudsflow_transition_refusals_total")
                    .Help("Transitions refused, by transition and the guard (or kind of refusal) that refused")
                    .Register(*registry_)),
      open_connections_(BuildGauge()
                            .Name("ombudsflow_http_open_connections")
                            .Help("HTTP connections open on the public listener")
                            .Register(*registry_)
                            .Add({})),
      pool_in_use_(BuildGauge()
                       .Name("ombudsflow_db_pool_connections_in_use")
                       .Help("Database connections of the request pool leased now")
                       .Register(*registry_)
                       .Add({})),
      pool_size_(BuildGauge()
                     .Name("ombudsflow_db_pool_connections")
                     .Help("Database connections in the request pool")
                     .Register(*registry_)
                     .Add({})),
      pool_leases_(BuildCounter()
                       .Name("ombudsflow_db_pool_leases_total")
                       .Help("Connections leased from the request pool")
                       .Register(*registry_)
                       .Add({})),
      pool_wait_(BuildCounter()
                     .Name("ombudsflow_db_pool_wait_seconds_total")
                     .Help("Time spent waiting for a connection of the request pool")
                     .Register(*registry_)
                     .Add({})),
      pool_timeouts_(BuildCounter()
                         .Name("ombudsflow_db_pool_timeouts_total")
                         .Help("Requests for a connection that none became free for in time")
                         .Register(*registry_)
                         .Add({})),
      database_up_(BuildGauge()
                       .Name("ombudsflow_database_up")
                       .Help("1 when the last scrape could read the database, else 0")
                       .Register(*registry_)
                       .Add({})),
      deliveries_(BuildGauge()
                      .Name("ombudsflow_deliveries")
                      .Help("Webhook deliveries and letters, by kind and state (pending, dead_letter)")
                      .Register(*registry_)),
      delivery_lag_(BuildGauge()
                        .Name("ombudsflow_delivery_oldest_due_seconds")
                        .Help("How long the oldest due pending delivery has waited past its time, by kind")
                        .Register(*registry_)),
      timers_due_(BuildGauge()
                      .Name("ombudsflow_timers_due")
                      .Help("Cases whose state's deadline has passed and whose timer has not fired yet")
                      .Register(*registry_)
                      .Add({})),
      timer_lag_(BuildGauge()
                     .Name("ombudsflow_timer_lag_seconds")
                     .Help("How long the oldest due timer has waited past its deadline")
                     .Register(*registry_)
                     .Add({})),
      past_deadline_(BuildGauge()
                         .Name("ombudsflow_cases_past_deadline")
                         .Help("Cases past their state's deadline, by state (hearing: the department is late)")
                         .Register(*registry_)) {}

void ServerMetrics::Observe(const RequestRecord& record) {
  const RequestSeries series = SeriesOf(record);
  series.requests->Increment();
  series.latency->Observe(static_cast<double>(record.duration.count()) / 1e6);
}

ServerMetrics::RequestSeries ServerMetrics::SeriesOf(const RequestRecord& record) {
  std::string key;
  key.reserve(record.route.size() + record.method.size() + 6);
  key.append(record.route).append(1, ' ').append(record.method).append(1, ' ').append(std::to_string(record.status));
  {
    std::shared_lock lock(series_mutex_);
    if (auto found = series_.find(key); found != series_.end()) return found->second;
  }
  const std::string route(record.route);
  const std::string method(record.method);
  const RequestSeries series{
      &requests_.Add({{"route", route}, {"method", method}, {"status", std::to_string(record.status)}}),
      &latency_.Add({{"route", route}, {"method", method}}, kLatencyBuckets)};
  std::unique_lock lock(series_mutex_);
  series_.emplace(std::move(key), series);
  return series;
}

void ServerMetrics::ObserveDeliveryLag(std::chrono::microseconds lag) {
  delivery_lag_seconds_.Observe(std::max(0.0, static_cast<double>(lag.count()) / 1e6));
}

void ServerMetrics::Count(const service::TransitionTally& tally) {
  if (tally.refused_by.empty()) {
    transitions_
        .Add({{"workflow", std::string(tally.workflow)},
              {"transition", std::string(tally.transition)},
              {"meaning", tally.meaning.empty() ? std::string("none") : std::string(tally.meaning)}})
        .Increment();
  } else {
    refusals_.Add({{"transition", std::string(tally.transition)}, {"refused_by", std::string(tally.refused_by)}})
        .Increment();
  }
}

std::string ServerMetrics::Scrape() {
  std::lock_guard lock(scrape_mutex_);
  if (sources_.open_connections) open_connections_.Set(static_cast<double>(sources_.open_connections()));
  if (sources_.pool) {
    const store::Database::PoolStats now = sources_.pool();
    pool_in_use_.Set(static_cast<double>(now.in_use));
    pool_size_.Set(static_cast<double>(sources_.pool_size));
    pool_leases_.Increment(static_cast<double>(now.leases - last_pool_.leases));
    pool_wait_.Increment(static_cast<double>(now.wait_micros - last_pool_.wait_micros) / 1e6);
    pool_timeouts_.Increment(static_cast<double>(now.timeouts - last_pool_.timeouts));
    last_pool_ = now;
  }
  if (sources_.operations) {
    auto snapshot = sources_.operations();
    database_up_.Set(snapshot ? 1 : 0);
    if (snapshot) {
      deliveries_.Add({{"kind", "webhook"}, {"state", "pending"}}).Set(static_cast<double>(snapshot->webhooks_pending));
      deliveries_.Add({{"kind", "webhook"}, {"state", "dead_letter"}}).Set(static_cast<double>(snapshot->webhooks_dead));
      deliveries_.Add({{"kind", "letter"}, {"state", "pending"}}).Set(static_cast<double>(snapshot->letters_pending));
      deliveries_.Add({{"kind", "letter"}, {"state", "dead_letter"}}).Set(static_cast<double>(snapshot->letters_dead));
      delivery_lag_.Add({{"kind", "webhook"}}).Set(snapshot->webhook_oldest_due_seconds);
      delivery_lag_.Add({{"kind", "letter"}}).Set(snapshot->letter_oldest_due_seconds);
      timers_due_.Set(static_cast<double>(snapshot->timers_due));
      timer_lag_.Set(snapshot->timer_oldest_due_seconds);
      // A state no longer late reads 0, not its last count.
      for (const auto& [state, gauge] : past_states_) gauge->Set(0);
      for (const auto& [state, count] : snapshot->past_deadline_by_state) {
        prometheus::Gauge& gauge = past_deadline_.Add({{"state", state}});
        gauge.Set(static_cast<double>(count));
        past_states_[state] = &gauge;
      }
    }
  }
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

void AddMetricsRoutes(HttpApi& api, ServerMetrics& metrics) {
  api.Add(http::verb::get, "/metrics", {[&metrics](const RequestContext& context) -> HandlerResult {
            Response response{http::status::ok, context.request.version()};
            response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            response.set(http::field::cache_control, "no-store");
            response.body() = metrics.Scrape();
            response.keep_alive(context.request.keep_alive());
            response.prepare_payload();
            return response;
          }});
}

}  // namespace ombudsflow::api
