#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/content_store.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A letter due to go out, as the letter job claimed it.
struct UnarchivedLetter {
  std::string id;
  std::string html;
};

/// A document of the case's file that a letter sends with it.
struct LetterEnclosure {
  std::int32_t number = 0;  // its document number
  std::string file_name;
  std::string media_type;
  std::string bytes;
};

struct DueLetter {
  std::string id;
  std::string complaint_id;
  std::string case_number;
  std::string channel;  // "email" or "print"
  std::string subject;
  std::string html;
  std::string pdf;      // empty until rendered
  std::string email;    // the citizen's address (for "email")
  int attempt = 0;      // this attempt's number, from 1
  std::vector<std::int32_t> enclosures = {};  // document numbers sent with it
};

/// What came of one attempt.
struct LetterOutcome {
  enum class Kind { kDelivered, kRetry, kDeadLetter };
  std::string id;
  Kind kind = Kind::kRetry;
  Timestamp next_attempt_at{};  // for kRetry
  std::string error = {};       // why not, for kRetry and kDeadLetter
};

/// The letter job's side of the letters table: claiming due letters with a
/// lease (several servers may run the job), storing a rendered PDF and
/// registering its hash in the journal, and recording each attempt.
class LetterStore {
 public:
  LetterStore(Database& database, ContentStore& contents) : database_(database), contents_(contents) {}

  /// Up to `limit` pending letters of `channels` due at `now`, each kept
  /// from other servers until `now + lease`.
  [[nodiscard]] Result<std::vector<DueLetter>> ClaimDue(Timestamp now, int limit, std::chrono::milliseconds lease,
                                                        const std::vector<std::string>& channels);

  /// Stores letter `id`'s PDF and its SHA-256, which becomes the hash its
  /// journal entry registers (the document archived and sent).
  /// The documents `letter` sends with it, bytes and all: each a clean
  /// document of its case whose bytes are kept. kFailedPrecondition, to be
  /// tried again, while one waits for its scan; kInvalidArgument when one
  /// can never be sent (infected, erased, not an uploaded document).
  [[nodiscard]] Result<std::vector<LetterEnclosure>> Enclosures(const DueLetter& letter);

  [[nodiscard]] Result<void> RecordPdf(const std::string& id, const std::string& pdf, const std::string& sha256);

  /// Letters that leave with a department's notice ("with_notice") and have
  /// no PDF yet, oldest first: the letter job archives theirs too. Two
  /// servers may render the same one; RecordPdf keeps the first.
  [[nodiscard]] Result<std::vector<UnarchivedLetter>> UnarchivedNoticeLetters(int limit);

  /// Records an attempt; a dead letter alerts the office.
  [[nodiscard]] Result<void> Record(const LetterOutcome& outcome, Timestamp now);

 private:
  Database& database_;
  ContentStore& contents_;
};

}  // namespace ombudsflow::store
