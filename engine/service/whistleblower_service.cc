#include "engine/service/whistleblower_service.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <array>

#include "engine/core/base/hex.h"
#include "engine/core/base/text.h"
#include "engine/core/base/uuid.h"
#include "engine/core/citizens/complaint_form.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/rules/case_change.h"
#include "engine/core/rules/intake.h"
#include "engine/service/apply_case_change.h"
#include "engine/service/citizen_tokens.h"
#include "engine/service/passwords.h"

namespace ombudsflow::service {
namespace {

using google::protobuf::util::TimeUtil;

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by
// hand has no look-alikes.
constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kCodeCharacters = 16;  // 80 bits
constexpr std::size_t kMaxConcerns = 300;
constexpr std::size_t kMaxWhat = 50'000;
constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxContact = 500;

// The code as stored: its SHA-256, never the code.
std::string CodeHash(std::string_view normalised) { return Sha256Hex("ombudsflow whistleblower code:" + std::string(normalised)); }

std::string Grouped(std::string_view code) {
  std::string grouped;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i > 0 && i % 4 == 0) grouped += '-';
    grouped += code[i];
  }
  return grouped;
}

void CheckText(const std::string& text, std::string_view field, std::size_t max, bool lines, bool required,
               std::vector<FieldViolation>& violations) {
  if (text.empty()) {
    if (required) violations.push_back({std::string(field), "is required", "required"});
  } else if (Utf8Length(text) > max) {
    violations.push_back({std::string(field), "must be at most " + std::to_string(max) + " characters", "too_long"});
  } else if (!IsFormText(text, lines)) {
    violations.push_back({std::string(field), "holds characters that are not text", "invalid"});
  }
}

}  // namespace

WhistleblowerService::WhistleblowerService(store::WhistleblowerStore& store, ComplaintService& complaints,
                                           store::ComplaintStore& complaint_rows, MinSagService& min_sag,
                                           store::CitizenLinkStore& links, store::TransitionStore& cases,
                                           store::UserStore& users, PasswordHasher& hasher, const RuleRegistry& rules,
                                           const HolidayCalendar& calendar, const Clock& clock,
                                           WhistleblowerSettings settings)
    : store_(store),
      complaints_(complaints),
      complaint_rows_(complaint_rows),
      min_sag_(min_sag),
      links_(links),
      cases_(cases),
      users_(users),
      hasher_(hasher),
      rules_(rules),
      calendar_(calendar),
      clock_(clock),
      settings_(settings),
      reports_(settings.reports_per_minute, settings.reports_burst),
      sign_ins_(settings.sign_ins_per_minute, settings.sign_ins_burst) {}

std::string WhistleblowerService::ReceiptCodeOf(std::string_view form_token) {
  const std::string digest = Sha256Hex("ombudsflow whistleblower receipt:" + std::string(form_token));
  // 80 bits: the first 20 hex digits, five bits a character.
  std::string code;
  unsigned long long bits = 0;
  int held = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    bits = (bits << 4) | static_cast<unsigned>(std::stoi(std::string(1, digest[i]), nullptr, 16));
    held += 4;
    while (held >= 5) {
      held -= 5;
      code += kCodeAlphabet[(bits >> held) & 31U];
    }
  }
  return Grouped(code);
}

std::optional<std::string> WhistleblowerService::NormalisedCode(std::string_view typed) {
  if (typed.size() > 64) return std::nullopt;
  std::string code;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t') continue;
    char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == 'O') upper = '0';
    if (upper == 'I' || upper == 'L') upper = '1';
    if (kCodeAlphabet.find(upper) == std::string_view::npos) return std::nullopt;
    code += upper;
  }
  if (code.size() != kCodeCharacters) return std::nullopt;
  return Grouped(code);
}

std::string WhistleblowerService::CsrfOf(std::string_view form_token) {
  return Sha256Hex("ombudsflow whistleblower csrf:" + std::string(form_token));
}

std::string WhistleblowerService::CaseIdOf(std::string_view form_token) {
  return NameBasedUuid("ombudsflow whistleblower report:" + std::string(form_token));
}

std::optional<std::chrono::seconds> WhistleblowerService::TakeReport(std::string_view address) {
  return reports_.Take(CitizenAddressKey(address), clock_.Now());
}

std::optional<std::chrono::seconds> WhistleblowerService::TakeSignIn(std::string_view address) {
  return sign_ins_.Take(CitizenAddressKey(address), clock_.Now());
}

Result<WhistleblowerReceipt> WhistleblowerService::Report(std::string_view form_token, const WhistleblowerForm& form) {
  if (!IsCitizenToken(form_token)) return std::unexpected(InvalidArgument("the form has no token"));
  std::vector<FieldViolation> violations;
  const std::string concerns = Trimmed(form.concerns);
  const std::string what = FormTextOf(form.what);
  const std::string name = Trimmed(form.name);
  const std::string contact = FormTextOf(form.contact);
  CheckText(concerns, "concerns", kMaxConcerns, false, true, violations);
  CheckText(what, "what", kMaxWhat, true, true, violations);
  if (form.identified) {
    CheckText(name, "name", kMaxName, false, true, violations);
    CheckText(contact, "contact", kMaxContact, true, false, violations);
  }
  if (auto policy = CheckPasswordPolicy(form.password); !policy) {
    violations.push_back({"password", policy.error().message,
                          Utf8Length(form.password) > kMaxPasswordLength ? "too_long" : "password_too_short"});
  } else if (form.password != form.password_again) {
    violations.push_back({"password_again", "is not the same password", "password_mismatch"});
  }
  if (!violations.empty()) return std::unexpected(InvalidArgument("the report is incomplete", std::move(violations)));

  // The password is hashed before the case is opened: a busy hasher
  // refuses the report whole, never leaves a case nobody can reach.
  auto hashed = hasher_.Hash(form.password);
  if (!hashed) return std::unexpected(hashed.error());
  const std::string case_id = CaseIdOf(form_token);
  v1::CreateComplaintRequest intake;
  intake.set_channel(v1::WEB_FORM);
  intake.set_subject(concerns);
  intake.set_description(what);
  auto registered = complaints_.RegisterFromCitizen(intake, case_id, {}, CaseKind::kWhistleblowerReport);
  if (!registered) return std::unexpected(registered.error());
  // Sent before (a double click): the first password and identity stand,
  // unless the case came and its way back in did not (a failure in
  // between): then it is kept now, or the receipt would open nothing.
  bool kept_before = false;
  if (!registered->created) {
    auto report = cases_.ReadBySignIn(case_id);
    if (!report) return std::unexpected(report.error());
    kept_before = *report;
  }
  if (!kept_before) {
    std::optional<store::WhistleblowerIdentity> identity;
    if (form.identified) identity = store::WhistleblowerIdentity{name, contact};
    const std::string code = *NormalisedCode(ReceiptCodeOf(form_token));
    if (auto kept = store_.Keep(case_id, CodeHash(code), *hashed, identity, clock_.Now()); !kept) {
      return std::unexpected(kept.error());
    }
  }
  auto receipt = Receipt(form_token);
  if (!receipt) return std::unexpected(receipt.error());
  if (!*receipt) return std::unexpected(Internal("a report was kept and has no receipt"));
  return std::move(**receipt);
}

Result<std::optional<WhistleblowerReceipt>> WhistleblowerService::Receipt(std::string_view form_token) {
  if (!IsCitizenToken(form_token)) return std::optional<WhistleblowerReceipt>();
  const std::string case_id = CaseIdOf(form_token);
  auto report = cases_.ReadBySignIn(case_id);
  if (!report) return std::unexpected(report.error());
  if (!*report) return std::optional<WhistleblowerReceipt>();
  auto complaint = complaint_rows_.Find(case_id);
  if (!complaint) return std::unexpected(complaint.error());
  WhistleblowerReceipt receipt{.code = ReceiptCodeOf(form_token), .case_number = complaint->case_number(),
                               .acknowledge_by = std::nullopt};
  // The deadline is the end of its day; the date the reporter is told is
  // the day before that end.
  if (complaint->has_deadline_time() && complaint->state() == "received") {
    const Timestamp end = FromUnixMicros(TimeUtil::TimestampToMicroseconds(complaint->deadline_time()));
    receipt.acknowledge_by = clock_.LocalDate(end - std::chrono::seconds(1));
  }
  return std::optional<WhistleblowerReceipt>(std::move(receipt));
}

Result<WhistleblowerSignIn> WhistleblowerService::SignIn(std::string_view typed_code, std::string_view password) {
  // A place with the hasher first: a busy server refuses before it counts.
  auto ticket = hasher_.Enter();
  if (!ticket) return std::unexpected(ticket.error());
  const std::optional<std::string> code = NormalisedCode(typed_code);
  const Timestamp now = clock_.Now();
  std::optional<store::WhistleblowerAttempt> attempt;
  if (code) {
    auto taken = store_.TakeAttempt(CodeHash(*code), now, settings_.max_failed_sign_ins, settings_.lockout,
                                    settings_.longest_lockout);
    if (!taken) return std::unexpected(taken.error());
    attempt = std::move(*taken);
  }
  if (attempt && attempt->locked_until && *attempt->locked_until > now) {
    return WhistleblowerSignIn{
        .session = std::nullopt,
        .locked_for = std::chrono::ceil<std::chrono::seconds>(*attempt->locked_until - now)};
  }
  // No such report costs what a wrong password does.
  const bool known = attempt && !attempt->password_hash.empty();
  auto matches = known ? hasher_.Verify(std::move(*ticket), attempt->password_hash, password)
                       : hasher_.VerifyNothing(std::move(*ticket), password);
  if (!matches) return std::unexpected(matches.error());
  if (!known || !*matches) return WhistleblowerSignIn{};
  const std::string complaint_id = attempt->complaint_id;
  if (auto reset = store_.RecordSuccess(complaint_id); !reset) return std::unexpected(reset.error());
  // The same page a citizen's e-mail link opens, through a link of its
  // own that no e-mail ever carries.
  auto link = MintCitizenLink(links_, clock_, settings_.sign_in_lifetime, complaint_id);
  if (!link) return std::unexpected(link.error());
  auto opened = min_sag_.Open(*link);
  if (!opened) return std::unexpected(opened.error());
  if (!*opened) return std::unexpected(Internal("a link made now opens nothing"));
  return WhistleblowerSignIn{.session = std::move(**opened), .locked_for = std::nullopt};
}

Result<bool> WhistleblowerService::IsDesignated(const Actor& actor) {
  if (!IsOfficeStaff(actor.role) || actor.user_id.empty()) return false;
  return store_.IsDesignated(actor.user_id);
}

Result<ReporterIdentityState> WhistleblowerService::IdentityState(const Actor& actor, const std::string& complaint_id) {
  if (auto allowed = Authorize(actor, Permission::kReadComplaints); !allowed) return std::unexpected(allowed.error());
  ReporterIdentityState state;
  auto report = cases_.ReadBySignIn(complaint_id);
  if (!report) return std::unexpected(report.error());
  state.is_report = *report;
  if (!state.is_report) return state;
  auto has = store_.HasIdentity(complaint_id);
  if (!has) return std::unexpected(has.error());
  state.has_identity = *has;
  auto designated = IsDesignated(actor);
  if (!designated) return std::unexpected(designated.error());
  state.may_reveal = *designated;
  return state;
}

Result<store::WhistleblowerIdentity> WhistleblowerService::Reveal(const Actor& actor, const std::string& complaint_id) {
  if (auto allowed = Authorize(actor, Permission::kReadComplaints); !allowed) return std::unexpected(allowed.error());
  auto designated = IsDesignated(actor);
  if (!designated) return std::unexpected(designated.error());
  if (!*designated) {
    return std::unexpected(PermissionDenied("only the people the ombudsman designates read a reporter's identity"));
  }
  auto has = store_.HasIdentity(complaint_id);
  if (!has) return std::unexpected(has.error());
  if (!*has) return std::unexpected(NotFound("the reporter gave no identity"));
  // The event first: an identity read and not recorded is never shown.
  const auto record = [&]() {
    return ApplyCaseChange(cases_, rules_, calendar_, clock_, complaint_id,
                           [&](const CaseView& view, const EngineContext& context) -> Result<TransitionOutcome> {
                             return Changed(view, context, actor, view.complaint, "whistleblower_identity_viewed", {});
                           });
  };
  auto recorded = record();
  // Someone changed the case as it was read: once more, on the new version.
  if (!recorded && recorded.error().code == ErrorCode::kAborted) recorded = record();
  if (!recorded) return std::unexpected(recorded.error());
  auto identity = store_.Identity(complaint_id);
  if (!identity) return std::unexpected(identity.error());
  if (!*identity) return std::unexpected(NotFound("the reporter gave no identity"));
  return std::move(**identity);
}

Result<void> WhistleblowerService::Designate(const Actor& actor, const std::string& user_id) {
  if (!IsOmbudsmanOrDeputy(actor.role) || actor.user_id.empty()) {
    return std::unexpected(PermissionDenied("the ombudsman or a deputy designates who reads reporters' identities"));
  }
  const auto unknown = [] {
    return InvalidArgument("no such user", {{"user_id", "names no active member of the office", "not_office_staff"}});
  };
  if (!IsUuid(user_id)) return std::unexpected(unknown());
  auto user = users_.Find(user_id);
  if (!user) return std::unexpected(user.error().code == ErrorCode::kNotFound ? unknown() : user.error());
  if (!IsOfficeStaff(user->role) || !user->active) return std::unexpected(unknown());
  return store_.Designate(user->id, actor.Id(), clock_.Now());
}

Result<void> WhistleblowerService::Undesignate(const Actor& actor, const std::string& user_id) {
  if (!IsOmbudsmanOrDeputy(actor.role) || actor.user_id.empty()) {
    return std::unexpected(PermissionDenied("the ombudsman or a deputy designates who reads reporters' identities"));
  }
  if (!IsUuid(user_id)) return {};
  return store_.Undesignate(user_id, actor.Id(), clock_.Now());
}

Result<std::vector<store::WhistleblowerDesignee>> WhistleblowerService::Designees(const Actor& actor) {
  if (auto allowed = Authorize(actor, Permission::kReadComplaints); !allowed) return std::unexpected(allowed.error());
  return store_.Designees();
}

}  // namespace ombudsflow::service
