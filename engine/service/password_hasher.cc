#include "engine/service/password_hasher.h"

#include <pthread.h>
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <future>
#include <optional>
#include <stdexcept>

#include "engine/service/passwords.h"

namespace ombudsflow::service {
namespace {

constexpr std::string_view kBusy = "the server is checking many passwords right now: try again in a moment";

constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemory = crypto_pwhash_MEMLIMIT_INTERACTIVE;

Error Busy() { return MakeError(ErrorCode::kResourceExhausted, std::string(kBusy)); }

Result<std::string> Argon2Hash(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kOps, kMemory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::unexpected(Internal("hashing the password ran out of memory"));
  }
  return std::string(out.data());
}

bool Argon2Verify(const std::string& encoded, std::string_view password) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

// On Linux a nice value is a thread's own. Failing to lower it changes
// nothing that matters for correctness, so it is not an error.
void LowerThisThreadsPriority() {
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
  (void)pthread_setname_np(pthread_self(), "argon2id");
}

}  // namespace

struct PasswordHasher::Job {
  std::function<void()> work;     // runs the hash and keeps its result
  std::function<void()> deliver;  // hands the result to the waiting caller
};

PasswordHasher::PasswordHasher() : PasswordHasher(Limits{}) {}

PasswordHasher::PasswordHasher(Limits limits)
    : limits_{std::max(limits.concurrency, 1), std::max(limits.queue, 0),
              std::max(limits.max_wait, std::chrono::milliseconds(0))} {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  threads_.reserve(static_cast<std::size_t>(limits_.concurrency));
  for (int i = 0; i < limits_.concurrency; ++i) {
    threads_.emplace_back([this](const std::stop_token& stop) { Serve(stop); });
  }
}

PasswordHasher::~PasswordHasher() {
  for (auto& thread : threads_) thread.request_stop();
  queued_.notify_all();
  threads_.clear();
}

bool PasswordHasher::IsBusy(const Error& error) {
  return error.code == ErrorCode::kResourceExhausted && error.message == kBusy;
}

PasswordHasher::Ticket::~Ticket() {
  if (hasher_ != nullptr) hasher_->GiveBack();
}

void PasswordHasher::GiveBack() {
  std::lock_guard lock(mutex_);
  --places_taken_;
}

Result<PasswordHasher::Ticket> PasswordHasher::Enter() {
  std::lock_guard lock(mutex_);
  if (places_taken_ >= limits_.concurrency + limits_.queue) return std::unexpected(Busy());
  ++places_taken_;
  return Ticket(this);
}

void PasswordHasher::Serve(const std::stop_token& stop) {
  LowerThisThreadsPriority();
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      ++idle_threads_;
      const bool work = queued_.wait(lock, stop, [this] { return !jobs_.empty(); });
      --idle_threads_;
      if (!work) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job->work();
    // The place is free before the caller hears back, so its next request
    // finds it free.
    GiveBack();
    job->deliver();
  }
}

template <typename T>
Result<T> PasswordHasher::Run(Ticket ticket, std::function<T()> work) {
  auto promise = std::make_shared<std::promise<T>>();
  auto answer = promise->get_future();
  auto result = std::make_shared<std::optional<T>>();
  auto job = std::make_shared<Job>(Job{[work = std::move(work), result] { result->emplace(work()); },
                                       [promise, result] { promise->set_value(std::move(**result)); }});
  bool starts_now = false;
  {
    std::lock_guard lock(mutex_);
    // A thread is free for it: it waits for no one, so no wait is too long.
    starts_now = static_cast<std::size_t>(idle_threads_) > jobs_.size();
    jobs_.push_back(job);
    ticket.hasher_ = nullptr;  // the place is the job's now, given back by the thread that runs it
  }
  queued_.notify_one();
  if (!starts_now && answer.wait_for(limits_.max_wait) == std::future_status::timeout) {
    // Not started in time: taken out of the line, unless a thread has it,
    // which then finishes it while we wait (and `work`'s references live).
    std::lock_guard lock(mutex_);
    if (auto found = std::find(jobs_.begin(), jobs_.end(), job); found != jobs_.end()) {
      jobs_.erase(found);
      --places_taken_;
      return std::unexpected(Busy());
    }
  }
  return answer.get();
}

Result<std::string> PasswordHasher::Hash(std::string_view password) {
  auto ticket = Enter();
  if (!ticket) return std::unexpected(ticket.error());
  auto hashed = Run<Result<std::string>>(std::move(*ticket), [password] { return Argon2Hash(password); });
  if (!hashed) return std::unexpected(hashed.error());
  return std::move(*hashed);
}

Result<bool> PasswordHasher::Verify(const std::string& encoded, std::string_view password) {
  auto ticket = Enter();
  if (!ticket) return std::unexpected(ticket.error());
  return Verify(std::move(*ticket), encoded, password);
}

Result<bool> PasswordHasher::Verify(Ticket ticket, const std::string& encoded, std::string_view password) {
  return Run<bool>(std::move(ticket), [&encoded, password] { return Argon2Verify(encoded, password); });
}

Result<bool> PasswordHasher::VerifyNothing(std::string_view password) {
  auto ticket = Enter();
  if (!ticket) return std::unexpected(ticket.error());
  return VerifyNothing(std::move(*ticket), password);
}

Result<bool> PasswordHasher::VerifyNothing(Ticket ticket, std::string_view password) {
  return Run<bool>(std::move(ticket), [password] {
    // A fixed hash of a random password no one knows, at today's cost;
    // made once, in the first such turn.
    static const std::string decoy = [] {
      auto hash = Argon2Hash(RandomPassword());
      return hash ? *hash : std::string();
    }();
    (void)Argon2Verify(decoy, password);
    return false;
  });
}

}  // namespace ombudsflow::service
