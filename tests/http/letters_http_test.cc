// Letters and the journal over HTTP: a complaint through the investigation
// path leaves its letters, in order, to the citizen and to the department,
// each registered in the case's journal with the complaint, the notices and
// the department's answer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/base/hex.h"
#include "engine/core/webhooks/webhook_signature.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/letters.pb.h"
#include "tests/support/case_walk.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

using LettersHttpTest = ServerFixture;

TEST_F(LettersHttpTest, TheInvestigationPathLeavesItsLettersInOrderEachInTheJournal) {
  auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = Parse<v1::Complaint>(created).id();
  // Before anything is fired: the complaint is the journal's first entry,
  // and its acknowledgement the second.
  auto journal = Parse<v1::ListJournalResponse>(Send(verb::get, "/v1/complaints/" + id + "/journal", Role::kCaseworker));
  ASSERT_EQ(journal.entries_size(), 2);
  EXPECT_EQ(journal.entries(0).document_kind(), "complaint");
  EXPECT_EQ(journal.entries(0).direction(), "in");
  EXPECT_EQ(journal.entries(0).counterpart(), "citizen");
  EXPECT_EQ(journal.entries(0).sha256().size(), 64u);
  EXPECT_EQ(journal.entries(1).document_kind(), "letter");
  EXPECT_EQ(journal.entries(1).direction(), "out");
  // Numbered in the case, from 1, as they came.
  EXPECT_EQ(journal.entries(0).document_number(), 1u);
  EXPECT_EQ(journal.entries(1).document_number(), 2u);

  Walk(id, StepsToHearing());
  Walk(id, {{Role::kDepartment, R"({"name": "record_department_answer", "input": {"department_answer": "Vi beklager ventetiden."}})"},
            {Role::kCaseworker, R"({"name": "assess_points", "input": {"assessments": [{"number": 1, "outcome": "CRITICISM",
                "reasoning": "Fire måneder er for længe.", "recommendation": "Svar inden for fire uger."}]}})"},
            // A recommendation is followed up before the case closes (v7).
            {Role::kCaseworker, R"({"name": "await_follow_up", "input": {"newsletter": false,
                "newsletter_criteria": [], "newsletter_note": "Ikke nyhedsbrev"}})"},
            {Role::kDepartment, R"({"name": "record_follow_up", "input": {"compliance": "complied",
                "follow_up_note": "Svarfristen er nu fire uger."}})"}});

  auto letters = Parse<v1::ListLettersResponse>(Send(verb::get, "/v1/complaints/" + id + "/letters", Role::kCaseworker));
  std::vector<std::string> sent;
  for (const auto& letter : letters.letters()) sent.push_back(letter.recipient() + ":" + letter.template_());
  EXPECT_EQ(sent, (std::vector<std::string>{"citizen:acknowledgement", "citizen:investigation_opened",
                                            "department:statement_request", "citizen:decision", "department:decision",
                                            "citizen:closing"}));
  // The acknowledgement says what the office can and cannot do, and when it answers.
  EXPECT_THAT(letters.letters(0).html(), HasSubstr("Det kan vi ikke"));
  EXPECT_THAT(letters.letters(0).html(), HasSubstr("vender tilbage senest"));
  const v1::Letter& opened = letters.letters(1);
  EXPECT_EQ(opened.variant(), "da");
  EXPECT_EQ(opened.channel(), "email");  // the citizen gave an e-mail address
  EXPECT_TRUE(opened.interpreter_note());  // needsInterpreter
  EXPECT_EQ(opened.delivery_state(), "pending");
  EXPECT_THAT(opened.html(), HasSubstr("<html lang=\"da\">"));
  EXPECT_THAT(opened.html(), HasSubstr("Svartid"));
  EXPECT_THAT(opened.html(), HasSubstr("Ring til os"));  // the interpreter note
  const v1::Letter& hearing = letters.letters(2);
  EXPECT_EQ(hearing.channel(), "department_notice");
  EXPECT_EQ(hearing.delivery_state(), "with_notice");
  EXPECT_THAT(hearing.html(), HasSubstr("<li>Svartid</li>"));
  EXPECT_THAT(hearing.html(), Not(HasSubstr("Jens Hansen")));  // the department's letter names no citizen
  EXPECT_THAT(letters.letters(3).html(), HasSubstr("Svar inden for fire uger."));

  journal = Parse<v1::ListJournalResponse>(Send(verb::get, "/v1/complaints/" + id + "/journal", Role::kCaseworker));
  std::multiset<std::string> entries;
  std::uint32_t last_seq = 0;
  for (const auto& entry : journal.entries()) {
    entries.insert(entry.direction() + " " + entry.counterpart() + " " + entry.document_kind());
    EXPECT_GE(entry.event_seq(), last_seq) << "in the order the case's events happened";
    last_seq = entry.event_seq();
    EXPECT_EQ(entry.sha256().size(), 64u);
  }
  // Ten entries and more: the journal stays in order past entry 9.
  EXPECT_EQ(entries, (std::multiset<std::string>{"in citizen complaint", "out citizen letter", "out BUF notice",
                                                 "out citizen letter",
                                                 "out BUF letter", "in BUF department_answer", "out citizen letter",
                                                 "out BUF letter", "out BUF notice", "out citizen letter"}));
  // A letter's entry is that letter, by id and hash.
  for (const auto& entry : journal.entries()) {
    if (entry.letter_id() != letters.letters(1).id()) continue;
    EXPECT_EQ(entry.sha256(), letters.letters(1).html_sha256());
    EXPECT_EQ(entry.subject(), letters.letters(1).subject());
  }
}

// The preview renders what a transition would send, and writes nothing.
TEST_F(LettersHttpTest, APreviewRendersTheLettersAndWritesNothing) {
  auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = Parse<v1::Complaint>(created).id();
  const long long rows = RowsWritten();
  auto preview = Send(verb::post, "/v1/complaints/" + id + "/letters:preview", Role::kCaseworker,
                      R"({"name": "guide_to_dialogue", "input": {"department_has_answered": false}})",
                      {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}});
  ASSERT_EQ(preview.result(), status::ok) << preview.body();
  auto letters = Parse<v1::PreviewLettersResponse>(preview);
  ASSERT_EQ(letters.letters_size(), 1);
  EXPECT_EQ(letters.letters(0).template_(), "guide_to_dialogue");
  EXPECT_THAT(letters.letters(0).html(), HasSubstr("Børne- og Ungdomsforvaltningen"));
  EXPECT_EQ(RowsWritten(), rows);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM letters"), 1);  // the acknowledgement only
  // A request the transition would refuse is refused the same way.
  auto stale = Send(verb::post, "/v1/complaints/" + id + "/letters:preview", Role::kCaseworker,
                    R"({"name": "guide_to_dialogue", "input": {"department_has_answered": false}})",
                    {{"Content-Type", "application/json"}, {"If-Match", "\"7\""}});
  EXPECT_EQ(stale.result(), status::conflict);
}

// The letter page allowed style-src 'unsafe-inline': any style an escaping
// slip let into a letter would apply. Now the layout's, by its hash, alone.
TEST_F(LettersHttpTest, TheLetterPageAllowsTheLayoutsStyleByItsHashAndNoInlineStyle) {
  auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = Parse<v1::Complaint>(created).id();
  auto letters = Parse<v1::ListLettersResponse>(Send(verb::get, "/v1/complaints/" + id + "/letters", Role::kCaseworker));
  ASSERT_GE(letters.letters_size(), 1);
  const auto page =
      Send(verb::get, "/cases/" + id + "/letters/" + letters.letters(0).id() + "/document", Role::kCaseworker);
  ASSERT_EQ(page.result(), status::ok) << page.body();
  EXPECT_THAT(std::string(page["Content-Security-Policy"]), HasSubstr("frame-ancestors 'self'"));
  EXPECT_EQ(page.body(), letters.letters(0).html());
  const std::string policy(page["Content-Security-Policy"]);
  EXPECT_THAT(policy, Not(HasSubstr("unsafe-inline")));
  EXPECT_THAT(policy, HasSubstr("default-src 'none'"));
  // The one <style> the letter has, hashed as a browser hashes it.
  const std::string& html = page.body();
  const auto open = html.find("<style>");
  const auto close = html.find("</style>");
  ASSERT_NE(open, std::string::npos);
  ASSERT_NE(close, std::string::npos);
  EXPECT_EQ(html.find("<style", open + 1), std::string::npos);
  const std::string style = html.substr(open + 7, close - open - 7);
  const std::string hash = "'sha256-" + Base64Encode(HexDecode(Sha256Hex(style)).value_or("")) + "'";
  EXPECT_THAT(policy, HasSubstr("style-src " + hash + ";"));
  EXPECT_THAT(html, Not(HasSubstr("style=")));
}

TEST_F(LettersHttpTest, LettersAndTheJournalAreTheOfficesAndAnUnknownCaseIsNotFound) {
  auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created);
  const std::string id = Parse<v1::Complaint>(created).id();
  for (const char* what : {"/letters", "/journal"}) {
    EXPECT_EQ(Send(verb::get, "/v1/complaints/" + id + what, Role::kDepartment).result(), status::forbidden);
    EXPECT_EQ(Send(verb::get, "/v1/complaints/" + id + what, Role::kAdministrator).result(), status::forbidden);
    EXPECT_EQ(Send(verb::get, "/v1/complaints/c0ffee00-0000-4000-8000-000000000009" + std::string(what),
                   Role::kCaseworker)
                  .result(),
              status::not_found);
    EXPECT_EQ(Send(verb::get, "/v1/complaints/not-a-case" + std::string(what), Role::kCaseworker).result(),
              status::not_found);
  }
}

}  // namespace
}  // namespace ombudsflow::testing
