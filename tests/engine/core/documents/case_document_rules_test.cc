// Who says what a document is, and who sees it: office staff describe
// their documents; a department's upload is always its own statement,
// shared with it; a department sees only what is shared with it and
// scanned clean (or its own upload), and nobody reads an infected file.
#include "engine/core/documents/case_document_rules.h"

#include <gtest/gtest.h>

#include "engine/core/base/iso_date.h"

namespace ombudsflow {
namespace {

const Date kToday = *ParseIsoDate("2026-12-06");

Actor Caseworker() { return Actor{.role = Role::kCaseworker, .name = "Sagsbehandler", .user_id = "u1"}; }
Actor Department(const std::string& code, const std::string& user) {
  return Actor{.role = Role::kDepartment, .department = code, .name = code, .user_id = user};
}

std::vector<std::string> Fields(const Error& error) {
  std::vector<std::string> fields;
  for (const auto& violation : error.field_violations) fields.push_back(violation.field + ":" + violation.reason);
  return fields;
}

TEST(CaseDocumentRulesTest, StaffSayWhatADocumentIsAndItStaysWithTheOfficeUnlessShared) {
  v1::UploadDocumentRequest request;
  request.set_title("  Kommunens afgørelse ");
  request.set_direction(v1::DOCUMENT_IN);
  request.set_counterpart("citizen");
  request.set_file_name("C:\\Breve\\afgørelse.pdf");
  auto described = DescribeUpload(request, Caseworker(), "BUF", kToday);
  ASSERT_TRUE(described) << described.error().message;
  EXPECT_EQ(described->title, "Kommunens afgørelse");
  EXPECT_EQ(described->direction, "in");
  EXPECT_EQ(described->audience, "office");
  EXPECT_EQ(described->document_date, kToday);
  EXPECT_EQ(described->file_name, "afgørelse.pdf");
}

TEST(CaseDocumentRulesTest, EveryMissingOrWrongPartIsNamed) {
  v1::UploadDocumentRequest request;
  request.set_direction(v1::DOCUMENT_OUT);
  request.set_document_date("2026-12-07");
  request.set_file_name("\x01");
  auto described = DescribeUpload(request, Caseworker(), "BUF", kToday);
  ASSERT_FALSE(described);
  EXPECT_EQ(Fields(described.error()),
            (std::vector<std::string>{"title:required", "counterpart:required", "document_date:future_date",
                                      "file_name:invalid_file_name"}));
  request.set_document_date("2026-02-30");
  EXPECT_EQ(Fields(DescribeUpload(request, Caseworker(), "BUF", kToday).error())[2], "document_date:invalid");
}

TEST(CaseDocumentRulesTest, ADepartmentsUploadIsItsOwnSharedWithIt) {
  v1::UploadDocumentRequest request;
  request.set_title("Udtalelse");
  request.set_file_name("udtalelse.pdf");
  request.set_counterpart("citizen");  // not the department's to say
  auto described = DescribeUpload(request, Department("BUF", "d1"), "BUF", kToday);
  ASSERT_TRUE(described);
  EXPECT_EQ(described->direction, "in");
  EXPECT_EQ(described->counterpart, "BUF");
  EXPECT_EQ(described->audience, "department");
  request.set_audience(v1::SHARED_WITH_CITIZEN);
  request.set_direction(v1::DOCUMENT_OUT);
  EXPECT_EQ(Fields(DescribeUpload(request, Department("BUF", "d1"), "BUF", kToday).error()),
            (std::vector<std::string>{"direction:department_sends_in", "audience:department_audience"}));
  EXPECT_EQ(DescribeUpload(request, Actor{.role = Role::kAdministrator, .user_id = "a"}, "BUF", kToday).error().code,
            ErrorCode::kPermissionDenied);
}

TEST(CaseDocumentRulesTest, ADepartmentSeesWhatIsSharedAndCleanOrItsOwn) {
  const Actor buf = Department("BUF", "d1");
  const Actor colleague = Department("BUF", "d2");
  struct Case {
    DocumentFacts facts;
    bool staff_lists, staff_reads, department_lists, department_reads, colleague_lists;
  };
  const std::vector<Case> cases = {
      {{"office", "clean", "user:u1"}, true, true, false, false, false},
      {{"department", "clean", "user:u1"}, true, true, true, true, true},
      {{"citizen", "clean", "user:u1"}, true, true, true, true, true},
      {{"department", "pending", "user:d1"}, true, false, true, true, false},
      {{"department", "pending", "user:u1"}, true, true, false, false, false},  // the caseworker uploaded it
      {{"department", "infected", "user:d1"}, true, false, false, false, false},
  };
  for (const Case& c : cases) {
    const std::string what = c.facts.audience + "/" + c.facts.scan_state + "/" + c.facts.uploaded_by;
    EXPECT_EQ(MayListDocument(Caseworker(), c.facts), c.staff_lists) << what;
    EXPECT_EQ(MayReadDocument(Caseworker(), c.facts), c.staff_reads) << what;
    EXPECT_EQ(MayListDocument(buf, c.facts), c.department_lists) << what;
    EXPECT_EQ(MayReadDocument(buf, c.facts), c.department_reads) << what;
    EXPECT_EQ(MayListDocument(colleague, c.facts), c.colleague_lists) << what;
    EXPECT_FALSE(MayListDocument(Actor{.role = Role::kAdministrator, .user_id = "a"}, c.facts)) << what;
  }
}

TEST(CaseDocumentRulesTest, FormFieldsSetTheDescriptionByName) {
  v1::UploadDocumentRequest request;
  EXPECT_FALSE(SetUploadField(request, "title", "Bilag"));
  EXPECT_FALSE(SetUploadField(request, "audience", "SHARED_WITH_CITIZEN"));
  EXPECT_FALSE(SetUploadField(request, "direction", ""));
  EXPECT_EQ(request.title(), "Bilag");
  EXPECT_EQ(request.audience(), v1::SHARED_WITH_CITIZEN);
  EXPECT_EQ(request.direction(), v1::DOCUMENT_DIRECTION_UNSPECIFIED);
  EXPECT_EQ(SetUploadField(request, "direction", "DOCUMENT_DIRECTION_UNSPECIFIED")->reason, "invalid_enum");
  EXPECT_EQ(SetUploadField(request, "direction", "sideways")->reason, "invalid_enum");
  EXPECT_EQ(SetUploadField(request, "colour", "red")->reason, "unknown_field");
}

TEST(CaseDocumentRulesTest, TheFingerprintChangesWithTheBytesOrTheDescription) {
  DocumentDescription description{"Bilag", "in", "citizen", kToday, "office", "b.pdf"};
  const std::string sha(64, 'a');
  const std::string fingerprint = UploadFingerprint(sha, description);
  EXPECT_EQ(fingerprint, UploadFingerprint(sha, description));
  EXPECT_NE(fingerprint, UploadFingerprint(std::string(64, 'b'), description));
  description.audience = "department";
  EXPECT_NE(fingerprint, UploadFingerprint(sha, description));
}

// What the office shares with the department is titled without the
// complainant's personal data, as its notices are; its own copy may say it.
TEST(CaseDocumentRulesTest, ASharedTitleNeverNamesTheComplainant) {
  v1::Complainant citizen;
  citizen.set_name("Kirstine Ølgaard");
  citizen.set_postal_address("Kanarievej 7\n2400 København NV");
  DocumentDescription shared{.title = "Brev fra KIRSTINE ølgaard", .direction = "in", .counterpart = "citizen",
                             .document_date = kToday, .audience = "department", .file_name = "brev.pdf"};
  auto refused = SharedTitleRefusal(shared, Caseworker(), citizen);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->field, "title");
  EXPECT_EQ(refused->reason, "names_complainant");
  shared.title = "Oplysninger om Kanarievej";
  EXPECT_TRUE(SharedTitleRefusal(shared, Caseworker(), citizen).has_value());
  shared.title = "Journal, CPR 010190-1234";
  EXPECT_TRUE(SharedTitleRefusal(shared, Caseworker(), citizen).has_value());
  shared.title = "Kommunens afgørelse om hjemmehjælp";
  EXPECT_FALSE(SharedTitleRefusal(shared, Caseworker(), citizen).has_value());
  // The file name reaches the department too.
  shared.file_name = "ølgaard-brev.pdf";
  auto by_file = SharedTitleRefusal(shared, Caseworker(), citizen);
  ASSERT_TRUE(by_file.has_value());
  EXPECT_EQ(by_file->field, "file_name");
  shared.file_name = "brev.pdf";
  // The office's own copy, and a department's own upload, are not shared by the office.
  shared.title = "Brev fra Kirstine Ølgaard";
  shared.audience = "office";
  EXPECT_FALSE(SharedTitleRefusal(shared, Caseworker(), citizen).has_value());
  shared.audience = "department";
  EXPECT_FALSE(SharedTitleRefusal(shared, Department("BUF", "u-buf"), citizen).has_value());
}

}  // namespace
}  // namespace ombudsflow
