#include "engine/jobs/bounce_reader.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

#include "engine/core/letters/bounce.h"
#include "engine/jobs/delivery_report.h"

namespace ombudsflow::jobs {
namespace fs = std::filesystem;

namespace {

// Moves new/<name> to cur/<name>:2,<flags> (the Maildir convention: the
// mail has been seen by a program; "S" when it was read).
void MoveToCur(const fs::path& maildir, const fs::path& file, const char* flags) {
  std::error_code error;
  fs::rename(file, maildir / "cur" / (file.filename().string() + ":2," + flags), error);
  if (error) spdlog::warn("bounce reader: cannot move {} to cur/: {}", file.string(), error.message());
}

// The mail in `file`, when it is a regular file of at most `most` bytes;
// never through a link, and never more than that is read.
std::optional<std::string> ReadMail(const fs::path& file, std::size_t most) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat status {};
  std::optional<std::string> mail;
  if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && static_cast<std::size_t>(status.st_size) <= most) {
    std::string bytes(most + 1, '\0');
    std::size_t have = 0;
    for (ssize_t got = 0; have < bytes.size(); have += static_cast<std::size_t>(got)) {
      got = ::read(fd, bytes.data() + have, bytes.size() - have);
      if (got <= 0) break;
    }
    if (have <= most) {
      bytes.resize(have);
      mail = std::move(bytes);
    }
  }
  ::close(fd);
  return mail;
}

}  // namespace

BounceReader::BounceReader(store::NewsletterStore& store, const Clock& clock, Options options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      job_("bounce reader", options_.interval, [this]() -> Result<bool> {
        auto read = RunOnce();
        if (!read) return std::unexpected(read.error());
        return false;
      }) {}

Result<void> BounceReader::RunOnce() {
  std::error_code error;
  fs::directory_iterator entries(options_.maildir / "new", error);
  if (error) {
    return std::unexpected(MakeError(ErrorCode::kUnavailable, "cannot read the bounce Maildir's new/: " + error.message()));
  }
  const auto now_on_disk = fs::file_time_type::clock::now();
  for (const fs::directory_entry& entry : entries) {
    const fs::path file = entry.path();
    if (file.filename().string().starts_with('.')) continue;
    const std::optional<std::string> raw = ReadMail(file, options_.largest_mail);
    const std::optional<DeliveryReport> report = raw ? ReadDeliveryReport(*raw) : std::nullopt;
    const std::optional<ProductDelivery> delivery =
        report ? ProductDeliveryOf(report->original_message_id) : std::nullopt;
    if (!delivery) {
      MoveToCur(options_.maildir, file, "");
      continue;
    }
    const Timestamp now = clock_.Now();
    bool wait = false;
    for (const DeliveryReport::Recipient& recipient : report->recipients) {
      const BounceKind kind = KindOfBounce(recipient.action, recipient.status);
      if (kind == BounceKind::kNone) continue;
      const std::string reason = "bounced later (" + recipient.status + ")" +
                                 (recipient.diagnostic.empty() ? "" : ": " + recipient.diagnostic);
      Result<store::LateBounceOutcome> outcome = store::LateBounceOutcome::kIgnored;
      // The address the delivery went to: the final recipient's, or, when
      // the mail was forwarded, the original one's.
      for (const std::string& address : {recipient.address, recipient.original}) {
        if (address.empty() || (outcome && *outcome != store::LateBounceOutcome::kIgnored)) continue;
        // A soft bounce is sent again at once: the relay has already tried
        // for as long as it keeps a message (days, as a rule) before giving up.
        outcome = store_.LateBounce(*delivery, address, kind == BounceKind::kHard, reason, now, options_.max_attempts,
                                    now);
        // Left in new/ to be read again: nothing it says is lost.
        if (!outcome) return std::unexpected(outcome.error());
      }
      if (*outcome == store::LateBounceOutcome::kNotYet) {
        wait = true;
      } else if (*outcome != store::LateBounceOutcome::kIgnored) {
        spdlog::info("bounce reader: a {} bounce ({}) for a product's delivery",
                     kind == BounceKind::kHard ? "hard" : "soft", recipient.status);
      }
    }
    // A report on a delivery whose confirmation is on its way is read again
    // next round, for as long as a lease lasts at most; then it is left.
    std::error_code unknown_age;
    const auto written = fs::last_write_time(file, unknown_age);
    if (wait && !unknown_age && now_on_disk - written < std::chrono::hours(1)) continue;
    MoveToCur(options_.maildir, file, "S");
  }
  return {};
}

}  // namespace ombudsflow::jobs
