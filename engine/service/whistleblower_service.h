#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/service/complaint_service.h"
#include "engine/service/min_sag_service.h"
#include "engine/service/password_hasher.h"
#include "engine/service/rate_limiter.h"
#include "engine/store/citizen_link_store.h"
#include "engine/store/complaint_store.h"
#include "engine/store/transition_store.h"
#include "engine/store/user_store.h"
#include "engine/store/whistleblower_store.h"

namespace ombudsflow::service {

/// What the whistleblower channel allows (serve's --whistleblower-* options).
struct WhistleblowerSettings {
  // Reports and sign-ins per address, a minute and at once. The address
  // is held in memory for the limit alone: never written, never logged.
  int reports_per_minute = 2;
  int reports_burst = 5;
  int sign_ins_per_minute = 10;
  int sign_ins_burst = 20;
  // Wrong passwords for one report before it is locked, and for how long:
  // `lockout` the first time, twice as long each time after, at most
  // `longest_lockout`, until the right password.
  int max_failed_sign_ins = 5;
  std::chrono::minutes lockout{15};
  std::chrono::hours longest_lockout{24};
  // How long one sign-in opens the report's page at most.
  std::chrono::hours sign_in_lifetime{8};
};

/// What the reporter sends.
struct WhistleblowerForm {
  std::string concerns;  // what it is about, in a line
  std::string what;      // what happened: who, when, where
  bool identified = false;  // chose to give their identity
  std::string name;
  std::string contact;
  std::string password;
  std::string password_again;
};

/// The receipt: the code to come back with, shown once, and when the
/// office acknowledges the report at the latest.
struct WhistleblowerReceipt {
  std::string code;  // "K7QM-4XPA-93HD-W2RT"
  std::string case_number;
  std::optional<Date> acknowledge_by;
};

/// What a sign-in came to: a Min sag session, or a refusal (wrong code or
/// password, alike), or the report locked for a while.
struct WhistleblowerSignIn {
  std::optional<CitizenSession> session;
  std::optional<std::chrono::seconds> locked_for;
};

/// What the case page says of a report's reporter.
struct ReporterIdentityState {
  bool is_report = false;
  bool has_identity = false;
  bool may_reveal = false;  // the person asking is designated
};

/// The municipality's whistleblower scheme (KLE 00.07.45), which the
/// office runs: reports, possibly anonymous, on workflow "whistleblower";
/// the reporter's way back in with a receipt code and a password of their
/// own (Argon2id), to the same page a citizen's e-mail link opens (Min
/// sag); and the reporter's identity, kept apart from the case, for the
/// people the ombudsman designates, each reading an event of the case.
class WhistleblowerService {
 public:
  WhistleblowerService(store::WhistleblowerStore& store, ComplaintService& complaints,
                       store::ComplaintStore& complaint_rows, MinSagService& min_sag, store::CitizenLinkStore& links,
                       store::TransitionStore& cases, store::UserStore& users, PasswordHasher& hasher,
                       const RuleRegistry& rules, const HolidayCalendar& calendar, const Clock& clock,
                       WhistleblowerSettings settings);

  /// The receipt code of the report sent from the form whose browser
  /// holds `form_token`: 80 bits from it, so a form sent twice shows the
  /// same code and opens one case.
  [[nodiscard]] static std::string ReceiptCodeOf(std::string_view form_token);
  /// A typed code as ReceiptCodeOf writes it (case, spaces, dashes and
  /// look-alikes O/I/L forgiven); nullopt when it cannot be one.
  [[nodiscard]] static std::optional<std::string> NormalisedCode(std::string_view typed);
  /// The CSRF token the report form carries for `form_token`.
  [[nodiscard]] static std::string CsrfOf(std::string_view form_token);

  [[nodiscard]] std::optional<std::chrono::seconds> TakeReport(std::string_view address);
  [[nodiscard]] std::optional<std::chrono::seconds> TakeSignIn(std::string_view address);

  /// Registers the report once however often it is sent, with its way
  /// back in and (when the reporter chose to give it) their identity.
  /// kInvalidArgument naming each field that is wrong: concerns, what,
  /// name, contact, password, password_again.
  [[nodiscard]] Result<WhistleblowerReceipt> Report(std::string_view form_token, const WhistleblowerForm& form);
  /// The receipt of the report sent from `form_token`'s form; nullopt
  /// when none was.
  [[nodiscard]] Result<std::optional<WhistleblowerReceipt>> Receipt(std::string_view form_token);

  /// Signs the reporter in to their report's page. A wrong code and a
  /// wrong password are not told apart, and cost the same.
  [[nodiscard]] Result<WhistleblowerSignIn> SignIn(std::string_view typed_code, std::string_view password);

  /// Office staff: what the case page may say of the reporter.
  [[nodiscard]] Result<ReporterIdentityState> IdentityState(const Actor& actor, const std::string& complaint_id);
  /// A designated person reads the reporter's identity; the read is an
  /// event of the case, written before anything is shown. kNotFound when
  /// the reporter gave none; kPermissionDenied for anyone not designated.
  [[nodiscard]] Result<store::WhistleblowerIdentity> Reveal(const Actor& actor, const std::string& complaint_id);

  /// The ombudsman (or deputy) designates an active member of the office
  /// to read reporters' identities, or ends it.
  [[nodiscard]] Result<void> Designate(const Actor& actor, const std::string& user_id);
  [[nodiscard]] Result<void> Undesignate(const Actor& actor, const std::string& user_id);
  [[nodiscard]] Result<std::vector<store::WhistleblowerDesignee>> Designees(const Actor& actor);

  [[nodiscard]] const WhistleblowerSettings& settings() const { return settings_; }

 private:
  [[nodiscard]] static std::string CaseIdOf(std::string_view form_token);
  [[nodiscard]] Result<bool> IsDesignated(const Actor& actor);

  store::WhistleblowerStore& store_;
  ComplaintService& complaints_;
  store::ComplaintStore& complaint_rows_;
  MinSagService& min_sag_;
  store::CitizenLinkStore& links_;
  store::TransitionStore& cases_;
  store::UserStore& users_;
  PasswordHasher& hasher_;
  const RuleRegistry& rules_;
  const HolidayCalendar& calendar_;
  const Clock& clock_;
  WhistleblowerSettings settings_;
  RateLimiter reports_;
  RateLimiter sign_ins_;
};

}  // namespace ombudsflow::service
