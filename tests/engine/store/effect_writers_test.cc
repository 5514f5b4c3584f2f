// Each kind of effect reaches its own table through its one writer
// (engine/store/effects/), with the case it concerns, and a fact never
// overrides what a notice is.
#include "engine/store/effects/effect_writer.h"
#include "engine/store/effects/writer_binds.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>

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
  ASSERT_EQ(rows.Get("outbox").values_size(), 1);
  ASSERT_EQ(rows.Get("notices").values_size(), 1);
  ASSERT_EQ(rows.Get("publications").values_size(), 1);
  ASSERT_EQ(rows.Get("letters").values_size(), 1);

  const auto& letter = Row(rows.Get("letters"), 0);
  EXPECT_EQ(Text(letter, "template"), "guide_to_dialogue");
  EXPECT_EQ(Text(letter, "variant"), "da");
  EXPECT_EQ(Text(letter, "channel"), "email");
  EXPECT_TRUE(letter.fields().at("interpreterNote").bool_value());
  EXPECT_EQ(Text(letter, "htmlSha256"), Sha256Hex("<p>Brev</p>"));

  // The notice and the publication are registered in the journal (the
  // letter is, by the statement that stores it, with its id).
  ASSERT_EQ(rows.Get("journal").values_size(), 2);
  EXPECT_EQ(Text(Row(rows.Get("journal"), 0), "kind"), "notice");
  EXPECT_EQ(Text(Row(rows.Get("journal"), 0), "direction"), "out");
  EXPECT_EQ(Text(Row(rows.Get("journal"), 0), "counterpart"), "BUF");
  EXPECT_EQ(Text(Row(rows.Get("journal"), 1), "kind"), "publication");
  EXPECT_EQ(Text(Row(rows.Get("journal"), 1), "counterpart"), "public");
  EXPECT_EQ(Text(Row(rows.Get("journal"), 1), "sha256"), Sha256Hex("T\n\nBody"));

  const auto& alert = Row(rows.Get("outbox"), 0);
  EXPECT_EQ(Text(alert, "kind"), "office_alert");
  EXPECT_EQ(Text(alert.fields().at("payload").struct_value(), "reason"), "why");

  const auto& notice = Row(rows.Get("notices"), 0);
  EXPECT_EQ(Text(notice, "department"), "BUF");
  const auto& notice_payload = notice.fields().at("payload").struct_value();
  EXPECT_EQ(Text(notice_payload, "caseNumber"), "2026-0042");
  EXPECT_EQ(Text(notice_payload, "publicationDate"), "2026-12-14");
  EXPECT_EQ(notice_payload.fields().at("publicationRevision").number_value(), 2);

  const auto& publication = Row(rows.Get("publications"), 0);
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
  const auto& payload = Row(rows.Get("notices"), 0).fields().at("payload").struct_value();
  EXPECT_EQ(Text(payload, "department"), "BUF");
  EXPECT_EQ(Text(payload, "notice"), "hearing");
  EXPECT_EQ(Text(payload, "complaintId"), after_.id());
  EXPECT_EQ(Text(payload, "department_answer"), "kept");
}

TEST_F(EffectRowsTest, TextIsEscapedByThePrinterNotByHand) {
  const auto rows = RowsOf(after_, {PublicationChange{.title = "\"quoted\", {braces}\n", .text = "æøå \\"}});
  const std::string json = RowsJson(rows.Get("publications"));
  EXPECT_NE(json.find(R"(\"quoted\", {braces}\n)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"(æøå \\)"), std::string::npos) << json;
  EXPECT_EQ(RowsJson(rows.Get("outbox")), "[]");
}

// The registry is the one list of writers: names unique, each parameter
// its SQL names declared, and only the writers with rows in a statement.
TEST_F(EffectRowsTest, EveryWriterDeclaresExactlyTheParametersItsSqlNames) {
  std::set<std::string_view> names;
  for (const EffectWriter* writer : EffectWriters()) {
    EXPECT_TRUE(names.insert(writer->Name()).second) << writer->Name() << " twice";
    const std::string sql = writer->Sql();
    std::set<std::string> named;
    for (std::size_t at = sql.find(':'); at != std::string::npos; at = sql.find(':', at + 1)) {
      if (at + 1 < sql.size() && sql[at + 1] == ':') {  // a cast
        ++at;
        continue;
      }
      std::size_t end = at + 1;
      while (end < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_')) ++end;
      if (end > at + 1) named.insert(sql.substr(at + 1, end - at - 1));
    }
    std::set<std::string> declared;
    for (const WriterParameter& parameter : writer->Parameters()) {
      EXPECT_TRUE(declared.insert(parameter.name).second) << writer->Name() << ": " << parameter.name << " twice";
    }
    EXPECT_EQ(named, declared) << writer->Name();
  }
  const auto rows = RowsOf(after_, {OfficeAlert{.role = "ombudsman", .about = "x"}});
  const auto writers = WritersWithRows(rows);
  ASSERT_EQ(writers.size(), 1u);
  EXPECT_EQ(writers[0]->Name(), "outbox");
  EXPECT_EQ(WritersCounted(writers), "0");
}

}  // namespace
}  // namespace ombudsflow::store
