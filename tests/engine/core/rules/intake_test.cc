#include "engine/core/rules/intake.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

namespace ombudsflow {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

v1::CreateComplaintRequest ValidRequest() {
  v1::CreateComplaintRequest request;
  request.set_channel(v1::LETTER);
  request.mutable_complainant()->set_name("Jens Hansen");
  request.mutable_complainant()->set_email("jens@example.dk");
  request.set_department("BUF");
  request.set_subject("Svar på ansøgning om støtte");
  request.set_description("Jeg har ikke fået svar i tre måneder.");
  return request;
}

struct InvalidCase {
  std::string name;
  std::function<void(v1::CreateComplaintRequest&)> spoil;
  std::string field;
};

void PrintTo(const InvalidCase& c, std::ostream* os) { *os << c.name; }

class InvalidIntakeTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidIntakeTest, IsRefusedNamingTheField) {
  auto request = ValidRequest();
  GetParam().spoil(request);
  auto result = ValidateIntake(request);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(result.error().field_violations,
              ElementsAre(Field(&FieldViolation::field, GetParam().field)));
}

INSTANTIATE_TEST_SUITE_P(
    EachDefect, InvalidIntakeTest,
    ::testing::Values(
        InvalidCase{"NoChannel", [](auto& r) { r.set_channel(v1::CHANNEL_UNSPECIFIED); }, "channel"},
        InvalidCase{"NoComplainant", [](auto& r) { r.clear_complainant(); }, "complainant"},
        InvalidCase{"BlankName", [](auto& r) { r.mutable_complainant()->set_name("   "); },
                    "complainant.name"},
        InvalidCase{"LongName",
                    [](auto& r) { r.mutable_complainant()->set_name(std::string(201, 'x')); },
                    "complainant.name"},
        InvalidCase{"NoWayToReachCitizen",
                    [](auto& r) { r.mutable_complainant()->clear_email(); }, "complainant"},
        InvalidCase{"BadEmail", [](auto& r) { r.mutable_complainant()->set_email("jens at home"); },
                    "complainant.email"},
        // The review's addresses: intake took them, SMTP refused them.
        InvalidCase{"AngleInEmail", [](auto& r) { r.mutable_complainant()->set_email("a>b@example.dk"); },
                    "complainant.email"},
        InvalidCase{"CommaInEmail", [](auto& r) { r.mutable_complainant()->set_email("x,y@example.dk"); },
                    "complainant.email"},
        InvalidCase{"QuotedEmail", [](auto& r) { r.mutable_complainant()->set_email("\"q\"x@example.dk"); },
                    "complainant.email"},
        // The department reads the subject: nothing in it says who complained.
        InvalidCase{"ComplainantsNameInSubject", [](auto& r) { r.set_subject("Jens Hansens ansøgning"); },
                    "subject"},
        InvalidCase{"ComplainantsEmailInSubject", [](auto& r) { r.set_subject("Svar til jens@example.dk"); },
                    "subject"},
        InvalidCase{"CprNumberInSubject", [](auto& r) { r.set_subject("Sag om 010190-1234"); }, "subject"},
        InvalidCase{"BadLanguage", [](auto& r) { r.mutable_complainant()->set_language("dansk!"); },
                    "complainant.language"},
        InvalidCase{"BadInterpreterLanguage",
                    [](auto& r) {
                      r.mutable_complainant()->set_needs_interpreter(true);
                      r.mutable_complainant()->set_interpreter_language("arabisk?");
                    },
                    "complainant.interpreter_language"},
        InvalidCase{"InterpreterLanguageWithoutTheNeed",
                    [](auto& r) { r.mutable_complainant()->set_interpreter_language("ar"); },
                    "complainant.interpreter_language"},
        InvalidCase{"NoDepartment", [](auto& r) { r.clear_department(); }, "department"},
        InvalidCase{"NoSubject", [](auto& r) { r.set_subject("\t\n"); }, "subject"},
        InvalidCase{"LongSubject", [](auto& r) { r.set_subject(std::string(301, 'x')); }, "subject"},
        InvalidCase{"NoDescription", [](auto& r) { r.clear_description(); }, "description"}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(ValidateIntake, CountsLengthInCharactersNotBytes) {
  auto request = ValidRequest();
  std::string name;
  for (int i = 0; i < 200; ++i) name += "Ø";  // 400 bytes, 200 characters
  request.mutable_complainant()->set_name(name);
  EXPECT_TRUE(ValidateIntake(request).has_value());
}

TEST(ValidateIntake, TrimsTextAndDefaultsTheLanguageToDanish) {
  auto request = ValidRequest();
  request.set_subject("  Svar mangler \n");
  auto result = ValidateIntake(request);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->subject(), "Svar mangler");
  EXPECT_EQ(result->complainant().language(), "da");
}

TEST(ValidateIntake, ReportsEveryProblemAtOnce) {
  v1::CreateComplaintRequest empty;
  auto result = ValidateIntake(empty);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().field_violations.size(), 5u);  // channel, complainant, dept, subject, desc
}

TEST(ValidateIntake, AcceptsAPhoneOrAddressInsteadOfEmail) {
  auto request = ValidRequest();
  request.mutable_complainant()->clear_email();
  request.mutable_complainant()->set_postal_address("Rådhuspladsen 1, 1550 København V");
  EXPECT_TRUE(ValidateIntake(request).has_value());
}

class PrepareIntakeTest : public ::testing::Test {
 protected:
  PrepareIntakeTest() {
    workflow_.set_name("complaint");
    workflow_.set_version(3);
    workflow_.set_initial_state("received");
  }
  Result<NewComplaint> Prepare(Role role, std::string key = {}) {
    Actor actor{role, role == Role::kDepartment ? "BUF" : "", "Anne Jurist", "token-1"};
    return PrepareIntake(IntakeContext{CaseKind::kComplaint, actor, workflow_, now_, "c0ffee00-0000-4000-8000-000000000001",
                                       std::move(key)},
                         ValidRequest());
  }
  v1::WorkflowDefinition workflow_;
  Timestamp now_ = FromUnixMicros(1'795'000'000'123'456);
};

TEST_F(PrepareIntakeTest, StartsOnTheGivenWorkflowVersionInItsInitialState) {
  auto complaint = Prepare(Role::kCaseworker);
  ASSERT_TRUE(complaint.has_value());
  EXPECT_EQ(complaint->workflow, "complaint");
  EXPECT_EQ(complaint->workflow_version, 3u);
  EXPECT_EQ(complaint->state, "received");
  EXPECT_EQ(complaint->created_at, now_);
  EXPECT_EQ(complaint->created_by_token, "token-1");
}

TEST_F(PrepareIntakeTest, OpensTheHashChainWithoutPersonalData) {
  auto complaint = Prepare(Role::kOmbudsman);
  ASSERT_TRUE(complaint.has_value());
  const AuditEvent& event = complaint->registered_event;
  EXPECT_EQ(event.seq, 1u);
  EXPECT_EQ(event.kind, "complaint_registered");
  EXPECT_EQ(event.actor_role, "ombudsman");
  EXPECT_TRUE(event.prev_hash.empty());
  EXPECT_EQ(event.hash, ComputeEventHash(event));
  EXPECT_EQ(event.payload_json.find("Jens"), std::string::npos);
  EXPECT_EQ(event.payload_json.find("jens@example.dk"), std::string::npos);
  EXPECT_NE(event.payload_json.find("\"department\":\"BUF\""), std::string::npos);
}

TEST_F(PrepareIntakeTest, RefusesRolesOutsideTheOffice) {
  for (Role role : {Role::kDepartment, Role::kAdministrator}) {
    auto complaint = Prepare(role);
    ASSERT_FALSE(complaint.has_value()) << RoleName(role);
    EXPECT_EQ(complaint.error().code, ErrorCode::kPermissionDenied);
  }
}

TEST_F(PrepareIntakeTest, FingerprintsOnlyRequestsWithAnIdempotencyKey) {
  EXPECT_TRUE(Prepare(Role::kCaseworker).value().request_fingerprint.empty());
  auto keyed = Prepare(Role::kCaseworker, "retry-1");
  EXPECT_EQ(keyed->request_fingerprint.size(), 64u);
  EXPECT_EQ(keyed->request_fingerprint, Prepare(Role::kCaseworker, "retry-2").value().request_fingerprint);
}

TEST_F(PrepareIntakeTest, RefusesAnOverlongIdempotencyKey) {
  auto complaint = Prepare(Role::kCaseworker, std::string(256, 'k'));
  ASSERT_FALSE(complaint.has_value());
  EXPECT_EQ(complaint.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ombudsflow

namespace ombudsflow {
namespace {

TEST(ValidateIntake, AnInvestigationHasNoComplainantButADepartment) {
  v1::CreateInvestigationRequest investigation;
  investigation.set_department("SUF");
  investigation.set_subject("Tilsyn med plejehjem");
  investigation.set_description("Presseomtale af forholdene på plejehjem.");
  auto intake = ValidateIntake(IntakeOf(investigation), CaseKind::kOwnInitiative);
  ASSERT_TRUE(intake.has_value()) << intake.error().message;
  EXPECT_EQ(intake->channel(), v1::OWN_INITIATIVE);
  EXPECT_FALSE(intake->has_complainant());

  investigation.clear_department();
  auto missing = ValidateIntake(IntakeOf(investigation), CaseKind::kOwnInitiative);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().field_violations.at(0).field, "department");

  v1::CreateComplaintRequest with_complainant = IntakeOf(investigation);
  with_complainant.set_department("SUF");
  with_complainant.mutable_complainant()->set_name("Jens");
  auto refused = ValidateIntake(with_complainant, CaseKind::kOwnInitiative);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().field_violations.at(0).field, "complainant");
}

TEST(ValidateIntake, AHotlineCallerMayStayAnonymousAndTheDepartmentUnknown) {
  v1::CreateHotlineContactRequest contact;
  contact.set_channel(v1::PHONE);
  contact.set_subject("Afvist ved døren");
  contact.set_description("Blev nægtet adgang til et kommunalt tilbud.");
  auto intake = ValidateIntake(IntakeOf(contact), CaseKind::kHotlineContact);
  ASSERT_TRUE(intake.has_value()) << intake.error().message;
  EXPECT_TRUE(intake->complainant().name().empty());
  EXPECT_EQ(intake->complainant().language(), "da");

  contact.mutable_caller()->set_email("not an address");
  auto bad = ValidateIntake(IntakeOf(contact), CaseKind::kHotlineContact);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field_violations.at(0).field, "caller.email");

  contact.clear_caller();
  contact.set_channel(v1::OWN_INITIATIVE);
  EXPECT_FALSE(ValidateIntake(IntakeOf(contact), CaseKind::kHotlineContact).has_value());
}

TEST(WorkflowOf, NamesTheWorkflowOfEachKind) {
  EXPECT_EQ(WorkflowOf(CaseKind::kComplaint), "complaint");
  EXPECT_EQ(WorkflowOf(CaseKind::kOwnInitiative), "own_initiative");
  EXPECT_EQ(WorkflowOf(CaseKind::kHotlineContact), "discrimination_hotline");
}

}  // namespace
}  // namespace ombudsflow
