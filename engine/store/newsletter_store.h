#pragma once

#include <google/protobuf/struct.pb.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/letters/bounce.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// What a sign-up came to; the page says the same whichever it is, so
/// nobody learns whether an address is on the list.
enum class SignUpOutcome {
  kMailConfirmation,  // a new or pending address: mail it the link
  kAlreadyConfirmed,  // on the list already: nothing is sent
  kMailedRecently,    // pending and mailed a moment ago: nothing more is sent
};

/// The numbers the office may see without the addresses.
struct SubscriberCounts {
  int confirmed = 0;
  int pending = 0;
  // Since the list began, from newsletter_subscription_counts.
  std::map<std::string, int> events;  // "signed_up", "confirmed", "unsubscribed", "bounced", "expired"
};

/// One subscriber as kept: for a person with access to the addresses.
struct SubscriberRecord {
  std::string email;
  std::string state;  // "pending" or "confirmed"
  std::string consent_text;
  std::string consent_language;
  Timestamp signed_up_at;
  std::optional<Timestamp> confirmed_at;
};

/// An item of an issue: a case's published statement (with the revision it
/// carries), or the office's own text, which may still be about a case.
struct NewsletterItem {
  std::optional<std::string> complaint_id;
  std::optional<std::uint32_t> carried_revision;
  std::string heading;
  std::string body;
  std::string case_number = {};  // read back, for the workplace
};

/// A case whose newsletter decision was yes, as the workplace offers it
/// for an issue: its published statement, when it has one.
struct NewsletterCandidate {
  std::string complaint_id;
  std::string case_number;
  std::string title;  // its publication's, or empty
  std::string body;
  bool published = false;
  std::uint32_t revision = 0;  // of its publication draft
  // Released issues that already wrote about it.
  int times_released = 0;
};

/// An issue as stored: its lifecycle (the newsletter_issue workflow's state,
/// version and facts), its text and items, and what its sending came to.
/// Press releases, KlarRet editions and the annual report are stored alike,
/// each numbered within its `kind` (sql/0047_products.sql).
struct StoredIssue {
  std::string id;
  std::string kind = "newsletter";  // "newsletter", "press_release", "klarret", "annual_report"
  int number = 0;
  bool to_subscribers = true;       // goes to the newsletter's subscribers
  std::vector<std::string> list_ids = {};  // and to these distribution lists
  std::string period_from = {};     // "YYYY-MM-DD": the period a KlarRet edition or a report covers
  std::string period_to = {};
  bool has_pdf = false;             // its PDF/UA document is rendered
  std::string workflow;
  std::uint32_t workflow_version = 0;
  std::string state;
  std::uint32_t version = 0;
  google::protobuf::Struct facts;
  std::string heading;
  std::string introduction;
  Timestamp created_at;
  std::string created_by;
  Timestamp updated_at;
  std::optional<Timestamp> released_at;
  int recipients = 0;
  int sent = 0;
  int bounced = 0;
  int failed = 0;
  int waiting = 0;  // deliveries still queued or being sent
  std::vector<NewsletterItem> items;
};

/// A step of an issue's lifecycle, to be written whole or not at all.
struct IssueStep {
  std::string transition;
  std::string from_state;
  std::string to_state;
  google::protobuf::Struct facts;  // as they are after the step
  std::string actor;
  Timestamp at;
  // The versions of the cases the guards read, as read: a case changed
  // meanwhile refuses the step (kAborted), since the guards saw it before.
  std::map<std::string, std::uint32_t> case_versions = {};
  // A publication hold must not have been set meanwhile.
  bool requires_no_hold = false;
  // The step releases the issue: every confirmed subscriber (when it goes to
  // them) and every member of its lists gets one delivery, an address on
  // several lists only one.
  bool releases = false;
  // The product's page as published, to be rendered as a PDF/UA document
  // (KlarRet, the annual report); empty for none.
  std::string document_html = {};
};

/// What a new product is, before anything is written in it.
struct NewIssue {
  std::string id;
  std::string kind;
  std::string workflow;
  std::uint32_t workflow_version = 0;
  std::string state;
  std::string heading;
  std::string introduction;
  bool to_subscribers = true;
  std::string period_from = {};
  std::string period_to = {};
  std::string created_by;
};

/// A product's document waiting to be rendered as a PDF.
struct PendingDocument {
  std::string issue_id;
  std::string html;
  int attempts = 0;
};

/// A recipient claimed for sending: a subscriber, or a list member's address.
struct ClaimedDelivery {
  long long id = 0;
  std::string issue_id;
  std::string subscriber_id;  // empty for a list member
  std::string email;
  std::string unsubscribe_token;  // empty for a list member
  int attempts = 0;  // including this one
  std::string list_name = {};  // for a list member: a list of the product's they are on
  std::string message_token = {};  // in its Message-ID: what a bounce report must name
};

/// What a bounce reported after the mail server took a message came to.
enum class LateBounceOutcome {
  kIgnored,   // no such delivery sent to that address (or already handled)
  kNotYet,    // the delivery waits for its confirmation: read the report again later
  kRemoved,   // hard, a subscriber: the address left the list
  kFailed,    // hard, a list member's address; or soft, tried too often
  kRequeued,  // soft: queued to be sent again
};

/// The newsletter's tables (sql/0045_newsletter.sql): subscribers, issues,
/// and one delivery per recipient.
class NewsletterStore {
 public:
  explicit NewsletterStore(Database& database) : database_(database) {}

  // --- Subscribers -------------------------------------------------------

  /// Signs `email` (lower-case) up as `new_id`, pending until confirmed: records the
  /// consent's text and language, and the confirmation token's hash, valid
  /// until `confirm_expires_at`. A pending address mailed less than
  /// `remail_after` ago is not mailed again.
  [[nodiscard]] Result<SignUpOutcome> SignUp(const std::string& new_id, const std::string& email, const std::string& consent_text,
                                      const std::string& language, const std::string& confirm_token_hash,
                                      Timestamp confirm_expires_at, const std::string& unsubscribe_token,
                                      Timestamp now, std::chrono::seconds remail_after);

  /// Confirms the address whose pending link's token hashes to
  /// `token_hash`, unless the link expired or was used; whether it did.
  [[nodiscard]] Result<bool> Confirm(const std::string& token_hash, Timestamp now);

  /// Whether `token` is a subscriber's unsubscribe token.
  [[nodiscard]] Result<bool> IsSubscribed(const std::string& unsubscribe_token);

  /// Deletes the address whose unsubscribe token is `token`, with its
  /// deliveries not yet sent; whether there was one.
  [[nodiscard]] Result<bool> Unsubscribe(const std::string& unsubscribe_token, Timestamp now);

  /// The subscriber with address `email` (lower-case), if any.
  [[nodiscard]] Result<std::optional<SubscriberRecord>> SubscriberByEmail(const std::string& email);
  /// Deletes the address `email` (lower-case) as an unsubscription would;
  /// whether there was one.
  [[nodiscard]] Result<bool> RemoveSubscriber(const std::string& email, Timestamp now);

  /// Deletes the pending addresses whose link expired; how many.
  [[nodiscard]] Result<int> ExpirePending(Timestamp now);

  [[nodiscard]] Result<SubscriberCounts> Counts();

  // --- Issues -------------------------------------------------------------

  /// A new issue, numbered after the last one of its kind.
  [[nodiscard]] Result<StoredIssue> CreateIssue(const NewIssue& issue, Timestamp now);

  /// kNotFound when there is none.
  [[nodiscard]] Result<StoredIssue> Issue(const std::string& id);
  /// A released issue of `kind` by its number; kNotFound otherwise.
  [[nodiscard]] Result<StoredIssue> ReleasedIssue(const std::string& kind, int number);
  /// Every issue of every kind, newest first (without items).
  [[nodiscard]] Result<std::vector<StoredIssue>> Issues(int limit);
  /// The released issues of `kind` (every kind when empty), newest first,
  /// with their items.
  [[nodiscard]] Result<std::vector<StoredIssue>> ReleasedIssues(int limit, const std::string& kind = {});

  /// The released product's PDF/UA document; nullopt until it is rendered.
  [[nodiscard]] Result<std::optional<std::string>> DocumentPdf(const std::string& issue_id);
  /// Documents waiting to be rendered, oldest first.
  [[nodiscard]] Result<std::vector<PendingDocument>> PendingDocuments(int limit);
  [[nodiscard]] Result<void> SaveDocumentPdf(const std::string& issue_id, const std::string& pdf, Timestamp now);
  [[nodiscard]] Result<void> DocumentFailed(const std::string& issue_id, const std::string& error);

  /// The cases whose newsletter decision was yes, newest first.
  [[nodiscard]] Result<std::vector<NewsletterCandidate>> Candidates(int limit);
  /// The cases with a published statement that were tagged in `from`..`to`
  /// (YYYY-MM-DD) with any of `themes`, oldest first: a KlarRet edition's.
  [[nodiscard]] Result<std::vector<NewsletterCandidate>> ThemeCases(const std::vector<std::string>& themes,
                                                                    const std::string& from, const std::string& to,
                                                                    int limit);
  /// Any case by its number, as a candidate; nullopt when there is none.
  [[nodiscard]] Result<std::optional<NewsletterCandidate>> CaseByNumber(const std::string& case_number);

  /// Writes the issue's text and items with the step that records who
  /// changed them; kAborted when the issue is no longer at
  /// `expected_version`.
  [[nodiscard]] Result<void> SaveContent(const std::string& id, std::uint32_t expected_version,
                                         const std::string& heading, const std::string& introduction,
                                         const std::vector<NewsletterItem>& items, bool to_subscribers,
                                         const std::vector<std::string>& list_ids, const IssueStep& step);

  /// Writes `step`; kAborted when the issue is no longer at
  /// `expected_version`, a case it read changed, or a hold was set.
  [[nodiscard]] Result<void> ApplyStep(const std::string& id, std::uint32_t expected_version, const IssueStep& step);

  // --- Deliveries -----------------------------------------------------------

  /// Claims up to `limit` deliveries due at `now` (queued, or sending or
  /// ending under a lease that ran out) under a new claim `claim` until
  /// `lease_until`.
  [[nodiscard]] Result<std::vector<ClaimedDelivery>> Claim(const std::string& claim, Timestamp now,
                                                           Timestamp lease_until, int limit);

  /// Records, while the delivery is still under `claim`, that its
  /// message's end is about to go to the server: from here on the server
  /// may have it, so a crash sends it again under the same Message-ID
  /// rather than skip the reader. Whether it was still under the claim (a
  /// recipient who left, or a claim taken over, is not).
  /// The claim's lease is renewed until `lease_until`, for the server's answer.
  [[nodiscard]] Result<bool> MarkEnding(const ClaimedDelivery& delivery, const std::string& claim,
                                        Timestamp lease_until);
  /// The server confirmed the message (250 after its end): the delivery is
  /// sent and counted. Whether it was still under `claim`.
  [[nodiscard]] Result<bool> MarkSent(const ClaimedDelivery& delivery, const std::string& claim, Timestamp now);

  /// The delivery goes back to the queue until `next_attempt_at`, after a
  /// temporary failure; `reached_end` when it was marked ending.
  [[nodiscard]] Result<void> Retry(const ClaimedDelivery& delivery, const std::string& claim,
                                   Timestamp next_attempt_at, const std::string& error, bool reached_end);
  /// The delivery failed for good (tried too often, or refused after its end).
  [[nodiscard]] Result<void> Fail(const ClaimedDelivery& delivery, const std::string& claim, const std::string& error,
                                  bool reached_end);
  /// The address does not exist (a hard bounce): it leaves the list (a
  /// list member's delivery, still under `claim`, fails).
  [[nodiscard]] Result<void> Bounce(const ClaimedDelivery& delivery, const std::string& claim, Timestamp now);

  /// A bounce that came back after the server took the message (a
  /// delivery status notification) for the delivery its Message-ID names:
  /// heeded only when the token matches, the delivery is sent, and it went
  /// to `address`. Hard: a subscriber leaves the list, a list member's
  /// delivery fails. Soft: the delivery is queued again until `retry_at`,
  /// or fails when it was tried `max_attempts` times.
  [[nodiscard]] Result<LateBounceOutcome> LateBounce(const ProductDelivery& delivery, const std::string& address,
                                                     bool hard, const std::string& reason, Timestamp retry_at,
                                                     int max_attempts, Timestamp now);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
