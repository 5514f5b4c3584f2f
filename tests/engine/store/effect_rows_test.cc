// Each kind of effect reaches its own table through its one writer, with
// the case it concerns, and a fact never overrides what a notice is.
#include "engine/store/effect_rows.h"

#include <gtest/gtest.h>

#include "engine/core/base/hex.h"
#include "engine/core/base/iso_date.h"

namespace ombudsflow::store {
namespace {

const google::protobuf::Struct& Row(const google::protobuf::ListValue& rows, int index) {
  return rows.values(index).struct_value();
}

std::string Text(const google::protobuf::Struct& row, const std::string& key) {
  return row.fields().at(key).string_value();
}

class EffectRowsTest : public ::testing::Test {
 protected:
  EffectRowsTest() {
    after_.set_id("c0ffee00-0000-4000-8000-000000000001");
    after_.set_case_number("2026-0042");
    after_.set_department("BUF");
  }
  v1::Complaint after_;
};

TEST_F(EffectRowsTest, EachKindGoesToItsOwnTableNamingTheCase) {
  const Date date = ParseIsoDate("2026-12-14").value();
  const auto rows = RowsOf(after_, {Letter{.template_name = "guide_to_dialogue", .variant = "da",
                                           .interpreter_note = true, .channel = "email", .subject = "Vejledning",
                                           .html = "<p>Brev</p>"},
                                    DepartmentNotice{.department = "BUF", .notice = "pre_publication",
                                                     .publication_date = date, .publication_revision = 2},
                                    OfficeAlert{.role = "ombudsman", .about = "timer_parked", .reason = "why"},
                                    PublicationChange{.stage = PublicationChange::Stage::kPublished,
                                                      .title = "T", .text = "Body", .targets = {"website"}}});
  ASSERT_EQ(rows.outbox.values_size(), 1);
  ASSERT_EQ(rows.notices.values_size(), 1);
  ASSERT_EQ(rows.publications.values_size(), 1);
  ASSERT_EQ(rows.letters.values_size(), 1);

  const auto& letter = Row(rows.letters, 0);
  EXPECT_EQ(Text(letter, "template"), "guide_to_dialogue");
  EXPECT_EQ(Text(letter, "variant"), "da");
  EXPECT_EQ(Text(letter, "counterpart"), "citizen");
  EXPECT_EQ(Text(letter, "channel"), "email");
  EXPECT_TRUE(letter.fields().at("interpreterNote").bool_value());
  EXPECT_EQ(Text(letter, "htmlSha256"), Sha256Hex("<p>Brev</p>"));

  // The notice and the publication are registered in the journal (the
  // letter is, by the statement that stores it, with its id).
  ASSERT_EQ(rows.journal.values_size(), 2);
  EXPECT_EQ(Text(Row(rows.journal, 0), "kind"), "notice");
  EXPECT_EQ(Text(Row(rows.journal, 0), "direction"), "out");
  EXPECT_EQ(Text(Row(rows.journal, 0), "counterpart"), "BUF");
  EXPECT_EQ(Text(Row(rows.journal, 1), "kind"), "publication");
  EXPECT_EQ(Text(Row(rows.journal, 1), "counterpart"), "public");
  EXPECT_EQ(Text(Row(rows.journal, 1), "sha256"), Sha256Hex("T\n\nBody"));

  const auto& alert = Row(rows.outbox, 0);
  EXPECT_EQ(Text(alert, "kind"), "office_alert");
  EXPECT_EQ(Text(alert.fields().at("payload").struct_value(), "reason"), "why");

  const auto& notice = Row(rows.notices, 0);
  EXPECT_EQ(Text(notice, "department"), "BUF");
  const auto& notice_payload = notice.fields().at("payload").struct_value();
  EXPECT_EQ(Text(notice_payload, "caseNumber"), "2026-0042");
  EXPECT_EQ(Text(notice_payload, "publicationDate"), "2026-12-14");
  EXPECT_EQ(notice_payload.fields().at("publicationRevision").number_value(), 2);

  const auto& publication = Row(rows.publications, 0);
  EXPECT_EQ(Text(publication, "stage"), "published");
  EXPECT_EQ(Text(publication, "caseNumber"), "2026-0042");
  EXPECT_EQ(publication.fields().at("targets").list_value().values(0).string_value(), "website");
}

TEST_F(EffectRowsTest, AFactCannotOverrideWhatTheNoticeIsOrWhereItGoes) {
  DepartmentNotice notice{.department = "BUF", .notice = "hearing"};
  auto& details = *notice.details.mutable_fields();
  details["department"].set_string_value("KFF");
  details["notice"].set_string_value("pre_publication");
  details["complaintId"].set_string_value("someone else's");
  details["department_answer"].set_string_value("kept");
  const auto rows = RowsOf(after_, {notice});
  const auto& payload = Row(rows.notices, 0).fields().at("payload").struct_value();
  EXPECT_EQ(Text(payload, "department"), "BUF");
  EXPECT_EQ(Text(payload, "notice"), "hearing");
  EXPECT_EQ(Text(payload, "complaintId"), after_.id());
  EXPECT_EQ(Text(payload, "department_answer"), "kept");
}

TEST_F(EffectRowsTest, TextIsEscapedByThePrinterNotByHand) {
  const auto rows = RowsOf(after_, {PublicationChange{.title = "\"quoted\", {braces}\n", .text = "æøå \\"}});
  const std::string json = RowsJson(rows.publications);
  EXPECT_NE(json.find(R"(\"quoted\", {braces}\n)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"(æøå \\)"), std::string::npos) << json;
  EXPECT_EQ(RowsJson(rows.outbox), "[]");
}

}  // namespace
}  // namespace ombudsflow::store
