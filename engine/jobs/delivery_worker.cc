#include "engine/jobs/delivery_worker.h"

#include <boost/asio/ssl.hpp>
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <random>

#include "engine/core/codec/proto_json.h"
#include "engine/core/policy/view.h"
#include "engine/core/webhooks/delivery_schedule.h"
#include "engine/core/webhooks/webhook_signature.h"
#include "engine/core/webhooks/webhook_url.h"
#include "engine/jobs/webhook_client.h"

namespace ombudsflow::jobs {
namespace {

DeliveryWorker::Jitter DefaultJitter() {
  struct Source {
    std::mutex mutex;
    std::mt19937_64 engine{std::random_device{}()};
  };
  auto source = std::make_shared<Source>();
  return [source] {
    std::lock_guard lock(source->mutex);
    return std::uniform_real_distribution<double>(0.0, 1.0)(source->engine);
  };
}

}  // namespace

std::string NoticeWebhookBody(const v1::NoticeWebhookData& notice) {
  v1::NoticeWebhook envelope;
  envelope.set_type("notice.created");
  *envelope.mutable_timestamp() = notice.create_time();
  *envelope.mutable_data() = notice;
  // A department's view, as every answer to a department is.
  RestrictToAudience(envelope, Audience::kDepartment);
  // Fields print in declaration order and map keys sorted: the same notice
  // gives the same bytes on every attempt.
  return ToJson(envelope, false);
}

DeliveryWorker::DeliveryWorker(store::WebhookStore& store, const Clock& clock, Options options,
                               Jitter jitter)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      jitter_(jitter ? std::move(jitter) : DefaultJitter()),
      tls_(std::make_unique<net::ssl::context>(net::ssl::context::tls_client)),
      job_("webhooks", options_.interval,
           [this]() -> Result<bool> {
             auto attempted = RunOnce();
             if (!attempted) return std::unexpected(attempted.error());
             return *attempted == options_.batch_size;  // a full batch: more may be due right now
           },
           options_.concurrency) {
  tls_->set_default_verify_paths();
  // Throws (and `serve` refuses to start) on an unreadable file.
  if (!options_.ca_file.empty()) tls_->load_verify_file(options_.ca_file);
  tls_->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                    net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                    net::ssl::context::no_tlsv1_1);
}

DeliveryWorker::~DeliveryWorker() { Stop(); }

Result<int> DeliveryWorker::RunOnce() {
  auto due = store_.Claim(clock_.Now(), options_.batch_size, options_.lease);
  if (!due) return std::unexpected(due.error());
  if (due->empty()) return 0;
  const std::vector<store::AttemptRecord> records = Send(*due);
  auto counted = store_.Record(records);
  if (!counted) return std::unexpected(counted.error());
  if (*counted < static_cast<int>(records.size())) {
    // Slower than the lease, or the endpoint was disabled meanwhile.
    spdlog::warn("{} of {} webhook outcomes were not recorded: their claim had ended or their endpoint was "
                 "disabled meanwhile; a later attempt decides, if one is due",
                 records.size() - *counted, records.size());
  }
  return static_cast<int>(records.size());
}

std::vector<store::AttemptRecord> DeliveryWorker::Send(const std::vector<store::DueDelivery>& due) {
  std::vector<store::AttemptRecord> records(due.size());
  std::vector<std::string> retry_after(due.size());
  net::io_context io;
  const Timestamp now = clock_.Now();
  const long long timestamp = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  for (std::size_t i = 0; i < due.size(); ++i) {
    const store::DueDelivery& delivery = due[i];
    store::AttemptRecord& record = records[i];
    record.notice_id = delivery.notice_id;
    record.endpoint_id = delivery.endpoint_id;
    record.claim = delivery.claim;
    record.attempted_at = now;
    std::string why;
    auto url = ParseWebhookUrl(delivery.url, &why);
    auto key = DecodeWebhookSecret(delivery.secret);
    if (!url || !key) {
      record.error = url ? "the endpoint's secret is unreadable" : "the endpoint's URL " + why;
      continue;
    }
    v1::NoticeWebhookData data = delivery.notice;
    data.set_href(options_.public_base_url + "/v1/notices/" + delivery.notice_id);
    WebhookPost post{*url, store::WebhookIdOf(delivery.notice_id), timestamp, {},
                     NoticeWebhookBody(data)};
    post.signature = SignWebhook(*key, post.webhook_id, post.timestamp, post.body);
    net::co_spawn(io, [this, post = std::move(post), &record, &wait = retry_after[i]]() -> net::awaitable<void> {
      WebhookAnswer answer = co_await PostWebhook(*tls_, post, options_.policy, options_.timeout);
      record.status = answer.status;
      record.error = std::move(answer.error);
      wait = std::move(answer.retry_after);
    }, net::detached);
  }
  io.run();
  const Timestamp answered = clock_.Now();
  for (std::size_t i = 0; i < due.size(); ++i) {
    store::AttemptRecord& record = records[i];
    AttemptResult result{record.status, std::nullopt};
    if (!retry_after[i].empty()) result.retry_after = ParseRetryAfter(retry_after[i], answered);
    record.decision = DecideAfterAttempt(due[i].attempt, result, answered, jitter_());
    if (record.decision.verdict == DeliveryVerdict::kDelivered) {
      spdlog::debug("webhook {} delivered to endpoint {}", store::WebhookIdOf(record.notice_id),
                    record.endpoint_id);
      if (options_.delivered) {
        const auto committed = FromUnixMicros(
            google::protobuf::util::TimeUtil::TimestampToMicroseconds(due[i].notice.create_time()));
        options_.delivered(std::chrono::duration_cast<std::chrono::microseconds>(answered - committed));
      }
    } else {
      spdlog::warn("webhook {} attempt {} to endpoint {} failed: {}",
                   store::WebhookIdOf(record.notice_id), due[i].attempt, record.endpoint_id,
                   record.error);
    }
  }
  return records;
}

void DeliveryWorker::Start() { job_.Start(); }

void DeliveryWorker::Wake() { job_.Wake(); }

void DeliveryWorker::Stop() { job_.Stop(); }

}  // namespace ombudsflow::jobs
