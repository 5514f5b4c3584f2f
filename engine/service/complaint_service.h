#pragma once

#include <map>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/rules/intake.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/service/case_cache.h"
#include "engine/service/letter_service.h"
#include "engine/store/complaint_store.h"
#include "engine/store/list_query.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::service {

/// The outcome of an intake: the complaint, and whether this call created it
/// (false when a retry with the same Idempotency-Key found the original).
struct Registration {
  v1::Complaint complaint;
  bool created = true;
};

/// Complaint intake and reading: the one call each HTTP handler makes. Rules
/// come from the core, rows from the store.
class ComplaintService {
 public:
  /// With `cache`, each new case is remembered at its first version, so its
  /// first transition need not read it back.
  /// `calendar`: the office's, for a first state with a deadline.
  ComplaintService(store::ComplaintStore& store, const WorkflowCatalog& workflows,
                   const Clock& clock, IdGenerator& ids, CaseCache* cache = nullptr,
                   const LetterService* letters = nullptr, const HolidayCalendar* calendar = nullptr);

  /// Registers a complaint on the newest "complaint" workflow. With an
  /// idempotency key, a retry returns the first result; the same key with a
  /// different request is kFailedPrecondition.
  [[nodiscard]] Result<Registration> Register(const Actor& actor,
                                              const v1::CreateComplaintRequest& request,
                                              const std::string& idempotency_key);

  /// Opens an own-initiative investigation (no complainant).
  [[nodiscard]] Result<Registration> RegisterInvestigation(
      const Actor& actor, const v1::CreateInvestigationRequest& request,
      const std::string& idempotency_key);

  /// Registers a discrimination hotline contact (the caller may be anonymous).
  [[nodiscard]] Result<Registration> RegisterHotlineContact(
      const Actor& actor, const v1::CreateHotlineContactRequest& request,
      const std::string& idempotency_key);

  /// Opens the complaint hotline contact `hotline` converts to. Its id comes
  /// from the contact's, so a repeated conversion returns the complaint
  /// opened the first time (created = false).
  [[nodiscard]] Result<Registration> RegisterConversion(const Actor& actor, const v1::Complaint& hotline,
                                                        const v1::CreateComplaintRequest& request);

  /// Registers the complaint a citizen sent through the public form as
  /// case `case_id`, which the form's draft holds: sending the same form
  /// twice (a double click, a resend) opens one case (created = false the
  /// second time). `facts` are the case's first. `kind`: a complaint, or
  /// a whistleblower's report (the public channel's).
  [[nodiscard]] Result<Registration> RegisterFromCitizen(const v1::CreateComplaintRequest& request,
                                                         const std::string& case_id,
                                                         google::protobuf::Struct facts,
                                                         CaseKind kind = CaseKind::kComplaint);

  [[nodiscard]] Result<v1::Complaint> Get(const Actor& actor, const std::string& id);

  /// The id of the case a person typed the number of ("br-2026-00042" as
  /// "BR-2026-00042"), if there is one.
  [[nodiscard]] Result<std::optional<std::string>> IdOfCaseNumber(const Actor& actor, std::string_view typed);

  /// A page of cases under `query` (office staff only); the query's `now`
  /// is the service's clock.
  [[nodiscard]] Result<Listed<v1::ListComplaintsResponse>> List(const Actor& actor, ComplaintQuery query);

  /// How many running cases (not in `finished` states) each workflow
  /// version has.
  [[nodiscard]] Result<std::map<std::pair<std::string, std::uint32_t>, long long>> RunningByVersion(
      const std::vector<std::string>& finished) {
    return store_.RunningByVersion(finished);
  }

  /// How many cases `query` matches (a queue's count).
  [[nodiscard]] Result<long long> Count(const Actor& actor, ComplaintQuery query);
  /// How many cases each query matches, in one round trip.
  [[nodiscard]] Result<std::vector<long long>> Counts(const Actor& actor, std::vector<ComplaintQuery> queries);

 private:
  // Renders the acknowledgement of a new case of `kind`, if it gets one.
  [[nodiscard]] store::ComplaintStore::Acknowledgement AcknowledgementFor(CaseKind kind, const Actor& actor,
                                                                          const std::string& department) const;
  // Gives the intake the office's calendar and today's date.
  void WithCalendar(IntakeContext& context) const;
  Result<Registration> Open(CaseKind kind, const Actor& actor,
                            const v1::CreateComplaintRequest& request,
                            const std::string& idempotency_key);
  Result<Registration> Replay(const Actor& actor, const std::string& idempotency_key,
                              const std::string& fingerprint);
  Registration Opened(v1::Complaint complaint, const std::string& chain_head);

  store::ComplaintStore& store_;
  const WorkflowCatalog& workflows_;
  const Clock& clock_;
  IdGenerator& ids_;
  CaseCache* cache_;
  // Acknowledges each complaint with a letter (null: none).
  const LetterService* letters_;
  const HolidayCalendar* calendar_;
};

}  // namespace ombudsflow::service
