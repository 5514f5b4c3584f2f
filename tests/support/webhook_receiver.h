#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ombudsflow::testing {

/// A real webhook receiver on a loopback port, as a department would run
/// one: it checks every Standard Webhooks signature with its secret, answers
/// as scripted, and dedupes on webhook-id.
class WebhookReceiver {
 public:
  struct Reply {
    int status = 204;
    std::map<std::string, std::string> headers;
    std::chrono::milliseconds delay{0};  // before answering
  };
  [[nodiscard]] static Reply Answer(int status, std::map<std::string, std::string> headers = {},
                                    std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
    return Reply{status, std::move(headers), delay};
  }

  struct Received {
    std::string webhook_id;
    std::string timestamp;
    std::string body;
    bool signature_valid = false;
    int answered = 0;
    std::chrono::steady_clock::time_point at;
  };

  /// PEM files for an https receiver.
  struct TlsFiles {
    std::string certificate_chain;
    std::string private_key;
  };

  /// Listens on 127.0.0.1 with an ephemeral port; `secret` is "whsec_...".
  /// With `tls` files it speaks https only.
  explicit WebhookReceiver(std::string secret, const TlsFiles& tls = {});
  ~WebhookReceiver();

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] std::string Url() const;
  /// The https URL naming `host` (which must resolve to 127.0.0.1).
  [[nodiscard]] std::string HttpsUrl(const std::string& host) const;

  /// The next requests are answered with these, in order; after them, with
  /// the default.
  void Script(std::vector<Reply> replies);
  void SetDefault(Reply reply);

  [[nodiscard]] std::vector<Received> Requests() const;
  /// Distinct webhook-ids answered 2xx: what a deduping receiver processed.
  [[nodiscard]] std::set<std::string> Processed() const;
  /// Requests that have arrived, answered or not (a delayed answer is
  /// recorded in Requests() only once sent).
  [[nodiscard]] int Arrivals() const { return arrivals_.load(); }

  /// A latch, for tests that need a delivery in flight without racing it:
  /// every request arriving after the first `answered_freely` waits, its
  /// answer unsent, until Release().
  void HoldFrom(int answered_freely);
  void Release();
  /// Requests waiting at the latch now.
  [[nodiscard]] int Held() const;
  /// Waits until `count` requests wait at the latch; false after `timeout`.
  bool WaitUntilHeld(int count, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  /// How many 2xx answers went to an id already processed.
  [[nodiscard]] int Duplicates() const;

  /// Waits until `done(requests)` holds; false after `timeout`. `done` runs
  /// under the receiver's lock: it must not call the receiver.
  bool WaitUntil(const std::function<bool(const std::vector<Received>&)>& done,
                 std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;

 private:
  struct Impl;
  void Record(Received received);
  Reply NextReply();
  void WaitAtLatch(int arrival);

  std::string key_;
  unsigned short port_ = 0;
  std::unique_ptr<Impl> impl_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<Reply> script_;
  Reply default_;
  std::vector<Received> received_;
  std::set<std::string> processed_;
  int duplicates_ = 0;
  std::atomic<int> arrivals_{0};
  int hold_from_ = -1;  // -1: no latch
  int held_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ombudsflow::testing
