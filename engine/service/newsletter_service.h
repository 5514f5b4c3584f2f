#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/letters/newsletter_mail.h"
#include "engine/core/letters/product_kind.h"
#include "engine/core/reports/annual_report.h"
#include "engine/core/policy/role.h"
#include "engine/core/rules/receipt.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/service/mailer.h"
#include "engine/service/rate_limiter.h"
#include "engine/store/newsletter_store.h"
#include "engine/store/transition_store.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::service {

/// The name of the workflow that takes an issue from composition to release.
inline constexpr const char* kNewsletterWorkflow = "newsletter_issue";

/// What the office writes in an issue.
struct IssueDraft {
  std::string heading;
  std::string introduction;
  struct Item {
    // The case it is about, by its number; empty for none.
    std::string case_number;
    // Carries the case's published statement (its title and text as they
    // stand), rather than the office's own words.
    bool carries_statement = false;
    std::string heading;  // the office's own item
    std::string body;
  };
  std::vector<Item> items;
  // Who gets it: the newsletter's subscribers, and these lists' members.
  bool to_subscribers = true;
  std::vector<std::string> list_ids;
};

/// A product to begin: its kind, its heading, and for a KlarRet edition or
/// an annual report the period it covers (empty: this reporting year). An
/// edition begins with the period's published cases tagged with `themes`.
struct NewProduct {
  std::string kind = "newsletter";
  std::string heading;
  std::string period_from;
  std::string period_to;
  std::vector<std::string> themes;
};

/// A field of the draft that cannot be kept, for the page to show at it.
struct DraftProblem {
  std::string field;  // "heading", "introduction", "items.N.heading", ...
  std::string key;    // a message key: "too_long", "required", "unknown_case", ...
};

/// A step the issue can take now, and why not when it cannot.
struct IssueStepOption {
  std::string transition;  // the definition's name, for the form
  std::string action;      // what it does: "approve_release", "release", "reopen", "withdraw"
  bool allowed = false;
  std::string refused_by;  // the refusing guard; empty when the role may not
  std::vector<std::string> roles;  // who may take it
};

/// An item's case and whether it may go out (ProblemOf).
struct IssueItemStatus {
  std::string case_number;
  ItemProblem problem = ItemProblem::kNone;
};

/// An issue as the workplace shows it.
struct IssueView {
  store::StoredIssue issue;
  std::vector<IssueStepOption> steps;
  std::vector<IssueItemStatus> items;  // one per item about a case, in order
  bool editable = false;               // the actor may change it as it stands
};

/// Subscribers, issues and their release. The release passes the
/// newsletter_issue workflow's required guards (release_rules.cc).
class NewsletterService {
 public:
  struct Options {
    std::string public_url;    // where the public pages are, for the mails' links
    std::string office_name;
    std::chrono::hours confirm_valid{48};
    std::chrono::seconds remail_after{600};
    int notice_period_days = 0;  // as the case workflow's (TransitionService)
    // Sign-ups from one address (an IPv6 /64): each mails a stranger's
    // address, so the form is no mail cannon.
    int sign_ups_per_minute = 3;
    int sign_up_burst = 6;
    // The reporting year, for a report begun without a period.
    YearStart year_start;
    // The text a product of a kind begins with (the press release's
    // template), by kind; rendered with the office's name and the day.
    std::map<std::string, std::string> starting_texts;
    // The KlarRet themes' ids (workflows/themes.textproto) an edition may name.
    std::vector<std::string> theme_ids;
  };
  /// The page of a product with a document (KlarRet, the annual report), as
  /// it is published and rendered as a PDF: HTML in Danish.
  /// `actor` releases it (the annual report's figures are read as theirs).
  using DocumentOf =
      std::function<Result<std::string>(const Actor& actor, const store::StoredIssue&, const NewsletterContent&)>;

  NewsletterService(store::NewsletterStore& store, store::TransitionStore& cases, const WorkflowCatalog& workflows,
                    const RuleRegistry& rules, const HolidayCalendar& calendar, const Clock& clock, IdGenerator& ids,
                    Mailer* mailer, Options options);

  /// Where the public pages are, once the server knows its address.
  void SetPublicUrl(std::string url) { options_.public_url = std::move(url); }
  /// Runs after an issue is released (to wake the sending job).
  void OnReleased(std::function<void()> released) { released_ = std::move(released); }
  /// How a product's document is made, once the server has its templates.
  void SetDocumentOf(DocumentOf document_of) { document_of_ = std::move(document_of); }

  // --- Subscribers (the public door) ----------------------------------------

  /// Signs `email` up with the consent as shown in `language`, and mails
  /// the confirmation link unless the address is confirmed or was mailed a
  /// moment ago. kInvalidArgument (field "email") for an address that is
  /// not one; kUnavailable when the mail server does not take it.
  [[nodiscard]] Result<void> SignUp(const std::string& email, const std::string& language,
                                    const std::string& consent_text);
  /// The sign-up form's CSRF token for the browser's form cookie.
  [[nodiscard]] static std::string CsrfOf(std::string_view form_token);
  /// nullopt when `address` may sign up now; otherwise how long to wait.
  [[nodiscard]] std::optional<std::chrono::seconds> TakeSignUp(std::string_view address);

  /// Whether the link's token confirmed an address (false: used or expired).
  [[nodiscard]] Result<bool> Confirm(const std::string& token);
  /// Whether `token` still unsubscribes someone (the page asks first).
  [[nodiscard]] Result<bool> Subscribed(const std::string& token);
  /// Deletes the address; whether there was one.
  [[nodiscard]] Result<bool> Unsubscribe(const std::string& token);
  /// The address's link of the issue's e-mail to leave the list.
  [[nodiscard]] std::string UnsubscribeUrl(const std::string& token) const;

  // --- Issues (the workplace) -----------------------------------------------

  [[nodiscard]] Result<store::SubscriberCounts> Counts(const Actor& actor);
  [[nodiscard]] Result<std::vector<store::StoredIssue>> Issues(const Actor& actor);
  [[nodiscard]] Result<std::vector<store::NewsletterCandidate>> Candidates(const Actor& actor);
  /// Begins a product; kInvalidArgument with field violations ("kind",
  /// "heading", "period_from", "period_to", "themes").
  [[nodiscard]] Result<store::StoredIssue> Create(const Actor& actor, const NewProduct& product);
  [[nodiscard]] Result<IssueView> View(const Actor& actor, const std::string& id);
  /// Checks the draft; the problems, none when it can be kept.
  [[nodiscard]] std::vector<DraftProblem> Check(const IssueDraft& draft) const;
  /// Keeps the draft as the `compose` step; kInvalidArgument with the
  /// problems as field violations, kAborted when the issue moved on.
  [[nodiscard]] Result<void> Save(const Actor& actor, const std::string& id, std::uint32_t expected_version,
                                  const IssueDraft& draft);
  /// Takes the step `transition` (approve, send, reopen, withdraw) through
  /// the engine: refused (kFailedPrecondition, refused_by) as a case's step
  /// would be.
  [[nodiscard]] Result<void> Take(const Actor& actor, const std::string& id, std::uint32_t expected_version,
                                  const std::string& transition);

  // --- Public ---------------------------------------------------------------
  [[nodiscard]] Result<store::StoredIssue> Released(const std::string& kind, int number);
  /// A released product's PDF/UA document; nullopt until it is rendered.
  [[nodiscard]] Result<std::optional<std::string>> DocumentPdf(const store::StoredIssue& issue);
  /// The released products of `kind` (every kind when empty), newest first.
  [[nodiscard]] Result<std::vector<store::StoredIssue>> ReleasedIssues(int limit, const std::string& kind = {});
  /// The issue's content for its e-mail and its page; dated the day it was
  /// released (today for a preview).
  [[nodiscard]] NewsletterContent ContentOf(const store::StoredIssue& issue) const;
  /// The issue's address on the public site.
  [[nodiscard]] std::string IssueUrl(const store::StoredIssue& issue) const;

 private:
  struct Loaded;
  Result<Loaded> Load(const std::string& id, Timestamp now);
  EngineContext Context(Timestamp now) const;

  store::NewsletterStore& store_;
  store::TransitionStore& cases_;
  const WorkflowCatalog& workflows_;
  const RuleRegistry& rules_;
  const HolidayCalendar& calendar_;
  const Clock& clock_;
  IdGenerator& ids_;
  Mailer* mailer_;
  Options options_;
  std::function<void()> released_;
  DocumentOf document_of_;
  RateLimiter sign_ups_;
};

/// The confirmation e-mail, in the sign-up's language.
[[nodiscard]] MailMessage NewsletterConfirmationMail(const std::string& language, const std::string& office_name,
                                                     const std::string& link, int valid_hours);

}  // namespace ombudsflow::service
