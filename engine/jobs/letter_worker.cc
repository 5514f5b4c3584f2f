#include "engine/jobs/letter_worker.h"

#include <spdlog/spdlog.h>

#include "engine/core/base/hex.h"
#include "engine/core/webhooks/delivery_schedule.h"

namespace ombudsflow::jobs {

LetterWorker::LetterWorker(store::LetterStore& store, PdfRenderer& renderer,
                           std::map<std::string, LetterChannel*> channels, const Clock& clock, Options options,
                           Jitter jitter)
    : store_(store),
      renderer_(renderer),
      channels_(std::move(channels)),
      clock_(clock),
      options_(options),
      jitter_(jitter ? std::move(jitter) : Jitter([] { return 0.5; })),
      job_("letters", options_.interval, [this]() -> Result<bool> {
        auto done = RunOnce();
        if (!done) return std::unexpected(done.error());
        return *done == options_.batch_size;  // more are due: no pause
      }) {}

Result<int> LetterWorker::RunOnce() {
  auto archived = ArchiveNoticeLetters();
  if (!archived) return std::unexpected(archived.error());
  std::vector<std::string> served;
  for (const auto& [channel, unused] : channels_) served.push_back(channel);
  if (served.empty()) return *archived;
  auto due = store_.ClaimDue(clock_.Now(), options_.batch_size, options_.lease, served);
  if (!due) return std::unexpected(due.error());
  for (store::DueLetter& letter : *due) {
    Result<void> sent;
    if (letter.pdf.empty()) {
      auto pdf = renderer_.Render(letter.html);
      if (pdf) {
        letter.pdf = std::move(*pdf);
        if (auto recorded = store_.RecordPdf(letter.id, letter.pdf, Sha256Hex(letter.pdf)); !recorded) {
          return std::unexpected(recorded.error());  // the lease runs out and it is tried again
        }
      } else {
        sent = std::unexpected(pdf.error());
      }
    }
    std::vector<store::LetterEnclosure> enclosures;
    if (sent) {
      auto read = store_.Enclosures(letter);
      if (read) {
        enclosures = std::move(*read);
      } else {
        sent = std::unexpected(read.error());
      }
    }
    std::string link;
    if (sent && links_ && letter.channel == "email") {
      auto made = links_(letter.complaint_id);
      if (made) {
        link = std::move(*made);
      } else {
        sent = std::unexpected(made.error());
      }
    }
    if (sent) {
      sent = channels_.at(letter.channel)
                 ->Send(OutgoingLetter{letter.id, letter.case_number, letter.subject, letter.html, letter.pdf,
                                       letter.email, std::move(enclosures), std::move(link)},
                        clock_.Now());
    }
    const Timestamp now = clock_.Now();
    store::LetterOutcome outcome{.id = letter.id};
    if (sent) {
      outcome.kind = store::LetterOutcome::Kind::kDelivered;
    } else if (letter.attempt >= kMaxDeliveryAttempts || sent.error().code == ErrorCode::kInvalidArgument) {
      // Exhausted, or it can never succeed (no address to send to).
      outcome.kind = store::LetterOutcome::Kind::kDeadLetter;
      outcome.error = sent.error().message;
      spdlog::warn("letter {} of {}: not delivered, the office is alerted: {}", letter.id, letter.case_number,
                   sent.error().message);
    } else {
      outcome.kind = store::LetterOutcome::Kind::kRetry;
      outcome.error = sent.error().message;
      outcome.next_attempt_at = now + RetryDelay(letter.attempt, jitter_());
    }
    if (auto recorded = store_.Record(outcome, now); !recorded) return std::unexpected(recorded.error());
  }
  return *archived + static_cast<int>(due->size());
}

Result<int> LetterWorker::ArchiveNoticeLetters() {
  // A letter to a department leaves with its notice; its PDF is made here
  // all the same, so the department and the office hold it as sent.
  auto unarchived = store_.UnarchivedNoticeLetters(options_.batch_size);
  if (!unarchived) return std::unexpected(unarchived.error());
  int archived = 0;
  for (const store::UnarchivedLetter& letter : *unarchived) {
    auto pdf = renderer_.Render(letter.html);
    if (!pdf) {
      spdlog::warn("letter {}: its PDF could not be made, tried again next round: {}", letter.id, pdf.error().message);
      continue;
    }
    if (auto recorded = store_.RecordPdf(letter.id, *pdf, Sha256Hex(*pdf)); !recorded) {
      return std::unexpected(recorded.error());
    }
    ++archived;
  }
  return archived;
}


}  // namespace ombudsflow::jobs
