// The complaint workflow over HTTP: every path, with the right roles, and
// every kind of refusal changing nothing.
#include <gmock/gmock.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/error.pb.h"
#include "ombudsflow/v1/letters.pb.h"
#include "ombudsflow/v1/publication.pb.h"
#include "ombudsflow/v1/workflow.pb.h"
#include "tests/support/json_body.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;

class TransitionsHttpTest : public ServerFixture {
 protected:
  // Registers a complaint; returns its id.
  std::string Register() {
    auto created = PostJson(kValidIntakeJson);
    EXPECT_EQ(created.result(), status::created) << created.body();
    return Parse<v1::Complaint>(created).id();
  }

  std::uint32_t Version(const std::string& id) {
    return Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker)).version();
  }

  HttpResponse Fire(const std::string& id, Role role, const std::string& name,
                     const std::string& input = "{}", std::optional<std::uint32_t> version = {}) {
    const std::uint32_t if_match = version ? *version : Version(id);
    return Send(verb::post, "/v1/complaints/" + id + "/transitions", role,
                R"({"name": ")" + name + R"(", "reason": "test", "input": )" + input + "}",
                {{"Content-Type", "application/json"}, {"If-Match", "\"" + std::to_string(if_match) + "\""}});
  }

  // Fires and expects success; returns the case's new state.
  std::string Take(const std::string& id, Role role, const std::string& name, const std::string& input = "{}") {
    auto response = Fire(id, role, name, input);
    EXPECT_EQ(response.result(), status::ok) << name << ": " << response.body();
    return Parse<v1::Complaint>(response).state();
  }

  // Everything a refusal must leave alone. The case is compared in
  // deterministic binary form: JSON map order may differ between reads.
  std::string Snapshot(const std::string& id) {
    const auto complaint = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));
    std::string bytes;
    google::protobuf::io::StringOutputStream stream(&bytes);
    {
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      complaint.SerializeToCodedStream(&coded);
    }
    return std::to_string(RowsWritten()) + "/" +
           std::to_string(database_->Scalar("SELECT count(*) FROM outbox")) + "/" +
           std::to_string(database_->Scalar("SELECT count(*) FROM letters")) + "/" +
           std::to_string(database_->Scalar("SELECT count(*) FROM journal")) + "/" +
           std::to_string(database_->Scalar("SELECT count(*) FROM notices")) + "/" + bytes;
  }

  void ToHearing(const std::string& id) {
    Take(id, Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
    Take(id, Role::kCaseworker, "start_written_treatment", R"({"points": ["Svartid", "Partshøring"]})");
    EXPECT_EQ(Take(id, Role::kOmbudsman, "open_investigation", kCriteriaAndSelection), "hearing");
  }

  static constexpr const char* kCriteriaAndSelection =
      R"({"actuality": "høj", "significance": "principiel", "complexity": "middel",
          "citizen_gain": "en afgørelse", "improvement_potential": "bedre praksis",
          "selected_points": [1, 2]})";
};

// A referral chooses a body of the registry (workflows/referrals.textproto)
// and says why; the case keeps the body's kind and name, and the letter to
// the citizen quotes the reason and how to reach the body.
TEST_F(TransitionsHttpTest, ReferralOutsideTheMunicipality) {
  const std::string id = Register();
  // A body the registry does not list, or the free text older versions
  // took, is the client's mistake: a 400 naming the input, nothing changed.
  auto unknown = Fire(id, Role::kCaseworker, "refer_elsewhere",
                      R"({"referred_to": "vatikanet", "referral_reason": "Paven bestemmer"})");
  EXPECT_EQ(unknown.result(), status::bad_request);
  EXPECT_THAT(unknown.body(), HasSubstr("input.referred_to"));
  auto free_text = Fire(id, Role::kCaseworker, "refer_elsewhere",
                        R"({"referral_kind": "authority", "referral_authority": "Ankestyrelsen"})");
  EXPECT_EQ(free_text.result(), status::bad_request);
  auto no_reason = Fire(id, Role::kCaseworker, "refer_elsewhere", R"({"referred_to": "ankestyrelsen"})");
  EXPECT_EQ(no_reason.result(), status::bad_request);
  EXPECT_THAT(no_reason.body(), HasSubstr("input.referral_reason"));
  EXPECT_EQ(Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker)).version(), 1u);

  EXPECT_EQ(Take(id, Role::kCaseworker, "refer_elsewhere",
                 R"({"referred_to": "ankestyrelsen",
                     "referral_reason": "Du klager over afslaget på tabt arbejdsfortjeneste. Det er en afgørelse, som Ankestyrelsen behandler klager over."})"),
            "referred");
  auto complaint = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));
  EXPECT_EQ(complaint.workflow_version(), 8u);
  const auto& facts = complaint.facts().fields();
  EXPECT_EQ(facts.at("referred_to").string_value(), "ankestyrelsen");
  EXPECT_EQ(facts.at("referral_kind").string_value(), "appeals_board");
  EXPECT_EQ(facts.at("referral_name").string_value(), "Ankestyrelsen");

  auto letters = Parse<v1::ListLettersResponse>(Send(verb::get, "/v1/complaints/" + id + "/letters", Role::kCaseworker));
  const v1::Letter* referral = nullptr;
  for (const auto& letter : letters.letters()) {
    if (letter.template_() == "referral") referral = &letter;
  }
  ASSERT_NE(referral, nullptr);
  EXPECT_THAT(referral->html(), HasSubstr("Du kan i stedet kontakte Ankestyrelsen."));
  EXPECT_THAT(referral->html(), HasSubstr("tabt arbejdsfortjeneste"));
  EXPECT_THAT(referral->html(), HasSubstr("Teglholmsgade 3<br>2450 København SV<br>"));
  EXPECT_THAT(referral->html(), HasSubstr("Telefon: +45 33 41 12 00"));
  EXPECT_THAT(referral->html(), HasSubstr("Hjemmeside: https://ast.dk"));
  auto journal = Parse<v1::ListJournalResponse>(Send(verb::get, "/v1/complaints/" + id + "/journal", Role::kCaseworker));
  bool journalled = false;
  for (const auto& entry : journal.entries()) {
    journalled = journalled || (entry.letter_id() == referral->id() && entry.direction() == "out");
  }
  EXPECT_TRUE(journalled);
}

TEST_F(TransitionsHttpTest, DialogueFirstThenInformalResolution) {
  const std::string id = Register();
  EXPECT_EQ(Take(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})"),
            "awaiting_dialogue");
  auto waiting = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));
  EXPECT_TRUE(waiting.has_deadline_time());
  EXPECT_EQ(Take(id, Role::kCaseworker, "citizen_returns", R"({"department_has_answered": true})"),
            "considering_solutions");
  // Ending a case the office treated records the newsletter decision.
  auto undecided = Fire(id, Role::kDeputy, "resolve_informally", R"({"resolution": "Ny afgørelse inden 14 dage"})");
  EXPECT_EQ(undecided.result(), status::bad_request) << undecided.body();
  EXPECT_EQ(Take(id, Role::kDeputy, "resolve_informally",
                 R"({"resolution": "Ny afgørelse inden 14 dage", "newsletter": true,
                     "newsletter_criteria": ["changed_outcome_or_improved_work"],
                     "newsletter_note": "Viser kontorets funktion"})"),
            "resolved_informally");
}

// Seed 004: a citizen who needs an interpreter is met with one. Recording a
// meeting or call with them needs the booking confirmed; the case does not
// move, but the contact is on its record.
TEST_F(TransitionsHttpTest, AMeetingWithACitizenWhoNeedsAnInterpreterNeedsTheBookingConfirmed) {
  const std::string id = Register();  // needsInterpreter, language da
  EXPECT_EQ(Take(id, Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})"),
            "considering_solutions");
  const std::string before = Snapshot(id);
  auto unbooked = Fire(id, Role::kCaseworker, "record_contact",
                       R"({"contact_kind": "meeting", "contact_note": "Møde på kontoret", "interpreter_booked": false})");
  EXPECT_EQ(unbooked.result(), status::unprocessable_entity) << unbooked.body();
  const auto refusal = Parse<v1::Error>(unbooked);
  EXPECT_EQ(refusal.refused_by(), "interpreter_booked_if_needed");
  EXPECT_THAT(refusal.message(), HasSubstr("confirm that one was booked"));
  EXPECT_EQ(Snapshot(id), before);
  EXPECT_EQ(Take(id, Role::kCaseworker, "record_contact",
                 R"({"contact_kind": "phone_call", "contact_note": "Ringede med tolk", "interpreter_booked": true})"),
            "considering_solutions");
  const auto after = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));
  EXPECT_TRUE(after.facts().fields().at("interpreter_booked").bool_value());

  // A citizen who needs no interpreter: no booking to confirm.
  std::string json = kValidIntakeJson;
  json.replace(json.find("\"needsInterpreter\": true"), std::string("\"needsInterpreter\": true").size(),
               "\"needsInterpreter\": false");
  auto created = PostJson(json);
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string other = Parse<v1::Complaint>(created).id();
  EXPECT_EQ(Take(other, Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})"),
            "considering_solutions");
  EXPECT_EQ(Take(other, Role::kCaseworker, "record_contact",
                 R"({"contact_kind": "meeting", "contact_note": "Møde", "interpreter_booked": false})"),
            "considering_solutions");
}

TEST_F(TransitionsHttpTest, AssistedForwardingNoticesTheDepartment) {
  const std::string id = Register();
  EXPECT_EQ(Take(id, Role::kCaseworker, "assisted_forwarding",
                 R"({"department_has_answered": false, "cannot_manage_alone": true,
                     "has_other_help": false, "forwarded_to": "SOF"})"),
            "forwarded");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE department = 'SOF'"
                              " AND notice = 'forwarded_complaint'"),
            1);
}

TEST_F(TransitionsHttpTest, TheOmbudsmanDeclinesAnInvestigation) {
  const std::string id = Register();
  Take(id, Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
  Take(id, Role::kCaseworker, "start_written_treatment", R"({"points": ["Svartid"]})");
  EXPECT_EQ(Take(id, Role::kOmbudsman, "decline_investigation",
                 R"({"actuality": "lav", "significance": "enkeltsag", "complexity": "lav",
                     "citizen_gain": "ingen", "improvement_potential": "ingen", "decline_reason": "little_significance",
                     "newsletter": false, "newsletter_criteria": [], "newsletter_note": "Enkeltsag"})"),
            "investigation_declined");
}

TEST_F(TransitionsHttpTest, AWrittenInvestigationWithTheDepartmentsAnswer) {
  const std::string id = Register();
  ToHearing(id);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE department = 'BUF' AND notice = 'hearing'"),
            1);
  // The department (BUF) answers the hearing with its own token, and sees no
  // personal data in the answer.
  auto answered = Fire(id, Role::kDepartment, "record_department_answer",
                       R"({"department_answer": "Vi har genoptaget sagen."})");
  ASSERT_EQ(answered.result(), status::ok) << answered.body();
  auto seen_by_department = Parse<v1::Complaint>(answered);
  EXPECT_EQ(seen_by_department.state(), "assessment");
  EXPECT_FALSE(seen_by_department.has_complainant());
  EXPECT_TRUE(seen_by_department.description().empty());

  EXPECT_EQ(Take(id, Role::kCaseworker, "assess_points",
                 R"({"assessments": [{"number": 1, "outcome": "SERIOUS_CRITICISM"},
                                     {"number": 2, "outcome": "NO_CRITICISM"}]})"),
            "ready_for_publication");
  EXPECT_EQ(Take(id, Role::kOmbudsman, "close_without_publication",
                 R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "Enkeltsag"})"),
            "closed");

  auto events = Parse<v1::ListEventsResponse>(Send(verb::get, "/v1/complaints/" + id + "/events", Role::kCaseworker));
  EXPECT_TRUE(events.chain_valid());
  ASSERT_EQ(events.events_size(), 7);
  EXPECT_EQ(events.events(0).kind(), "complaint_registered");
  EXPECT_EQ(events.events(4).actor_role(), "department");
  EXPECT_EQ(events.events(6).payload().fields().at("to").string_value(), "closed");
  EXPECT_EQ(events.first_broken_seq(), 0u);
  // The department's answer is shown in its event, but kept aside in the
  // database: the chained payload holds only its digest.
  EXPECT_EQ(events.events(4).payload().fields().at("input").struct_value().fields().at("department_answer").string_value(),
            "Vi har genoptaget sagen.");
  EXPECT_TRUE(events.events(4).payload().fields().contains("detailsDigest"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE complaint_id = '" + id +
                              "' AND payload::text LIKE '%genoptaget%'"),
            0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_event_details WHERE complaint_id = '" + id +
                              "' AND details::text LIKE '%genoptaget%'"),
            1);

  // Changed behind the server's back, the history names its first broken link.
  database_->Execute("ALTER TABLE complaint_events DISABLE TRIGGER ALL");
  database_->Execute("UPDATE complaint_events SET actor = 'Mallory' WHERE complaint_id = '" + id +
                     "' AND seq = 3");
  auto tampered =
      Parse<v1::ListEventsResponse>(Send(verb::get, "/v1/complaints/" + id + "/events", Role::kCaseworker));
  EXPECT_FALSE(tampered.chain_valid());
  EXPECT_EQ(tampered.first_broken_seq(), 3u);
  EXPECT_THAT(tampered.broken_link(), HasSubstr("event 3"));
  database_->Execute("DELETE FROM complaint_events WHERE complaint_id = '" + id + "' AND seq >= 6");
  auto truncated =
      Parse<v1::ListEventsResponse>(Send(verb::get, "/v1/complaints/" + id + "/events", Role::kCaseworker));
  EXPECT_FALSE(truncated.chain_valid());
  EXPECT_EQ(truncated.first_broken_seq(), 3u);  // still the first broken link
}

TEST_F(TransitionsHttpTest, TheCitizenWithdraws) {
  const std::string id = Register();
  ToHearing(id);
  EXPECT_EQ(Take(id, Role::kCaseworker, "withdraw"), "withdrawn");
}

TEST_F(TransitionsHttpTest, RefusalsAnswerClearlyAndChangeNothing) {
  const std::string id = Register();
  const std::string before = Snapshot(id);

  auto wrong_role = Fire(id, Role::kDepartment, "guide_to_dialogue", R"({"department_has_answered": false})");
  EXPECT_EQ(wrong_role.result(), status::forbidden) << wrong_role.body();

  auto guard = Fire(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": true})");
  EXPECT_EQ(guard.result(), status::unprocessable_entity) << guard.body();
  auto guard_error = Parse<v1::Error>(guard);
  EXPECT_EQ(guard_error.code(), v1::Error::FAILED_PRECONDITION);
  EXPECT_EQ(guard_error.refused_by(), "department_has_not_answered");
  EXPECT_THAT(guard_error.message(), HasSubstr("department_has_not_answered"));

  auto stale = Fire(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})", 99);
  EXPECT_EQ(stale.result(), status::conflict) << stale.body();
  EXPECT_EQ(Parse<v1::Error>(stale).code(), v1::Error::ABORTED);

  auto unknown = Fire(id, Role::kCaseworker, "teleport");
  EXPECT_EQ(unknown.result(), status::not_found) << unknown.body();

  auto wrong_state = Fire(id, Role::kCaseworker, "resolve_informally", R"({"resolution": "x"})");
  EXPECT_EQ(wrong_state.result(), status::unprocessable_entity);

  auto missing_input = Fire(id, Role::kCaseworker, "guide_to_dialogue");
  EXPECT_EQ(missing_input.result(), status::bad_request);
  EXPECT_EQ(Parse<v1::Error>(missing_input).field_violations(0).field(), "input.department_has_answered");

  // A string where a bool belongs is the client's mistake, not a guard's "no".
  auto wrong_type = Fire(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": "true"})");
  EXPECT_EQ(wrong_type.result(), status::bad_request) << wrong_type.body();
  const auto type_error = Parse<v1::Error>(wrong_type);
  EXPECT_EQ(type_error.refused_by(), "");
  ASSERT_EQ(type_error.field_violations_size(), 1);
  EXPECT_EQ(type_error.field_violations(0).field(), "input.department_has_answered");
  EXPECT_THAT(type_error.field_violations(0).description(), HasSubstr("true or false (BOOL)"));

  auto no_version = Send(verb::post, "/v1/complaints/" + id + "/transitions", Role::kCaseworker,
                         R"({"name": "withdraw"})", {{"Content-Type", "application/json"}});
  EXPECT_EQ(no_version.result(), status::bad_request);

  auto bad_if_match = Send(verb::post, "/v1/complaints/" + id + "/transitions", Role::kCaseworker,
                           R"({"name": "withdraw"})",
                           {{"Content-Type", "application/json"}, {"If-Match", "\"seven\""}});
  EXPECT_EQ(bad_if_match.result(), status::bad_request);

  auto unknown_field = Send(verb::post, "/v1/complaints/" + id + "/transitions", Role::kCaseworker,
                            R"({"name": "withdraw", "force": true})",
                            {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}});
  EXPECT_EQ(unknown_field.result(), status::bad_request);

  EXPECT_EQ(Snapshot(id), before);
}

TEST_F(TransitionsHttpTest, AVersionWrittenAroundTheTransitionsIsNeverActedOnFromMemory) {
  // The server keeps the version 2 its transition wrote; a consent then
  // makes version 3 through another path.
  const std::string id = Register();
  Take(id, Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
  auto consent = Send(verb::post, "/v1/complaints/" + id + "/consents", Role::kCaseworker,
                      R"({"kind": "name", "value": "Jens Hansen", "evidence": "Brev"})",
                      {{"Content-Type", "application/json"}, {"If-Match", "\"2\""}});
  ASSERT_EQ(consent.result(), status::ok) << consent.body();
  const std::string before = Snapshot(id);

  auto stale = Fire(id, Role::kCaseworker, "start_written_treatment", R"({"points": ["Svartid"]})", 2);
  EXPECT_EQ(stale.result(), status::conflict) << stale.body();
  EXPECT_EQ(Snapshot(id), before);

  auto current = Fire(id, Role::kCaseworker, "start_written_treatment", R"({"points": ["Svartid"]})", 3);
  ASSERT_EQ(current.result(), status::ok) << current.body();
  const auto after = Parse<v1::Complaint>(current);
  EXPECT_EQ(after.version(), 4u);
  EXPECT_EQ(after.consents_size(), 1) << "the answer is built on version 3, with its consent";
}

TEST_F(TransitionsHttpTest, AnIfMatchThatDisagreesWithTheBodysVersionIsRefused) {
  const std::string id = Register();
  auto response = Send(verb::post, "/v1/complaints/" + id + "/transitions", Role::kCaseworker,
                       R"({"name": "guide_to_dialogue", "expectedVersion": 2, "input": {"department_has_answered": false}})",
                       {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}});
  EXPECT_EQ(response.result(), status::bad_request) << response.body();
  EXPECT_THAT(response.body(), HasSubstr("If-Match names version 1 but the body's expectedVersion is 2"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events"), 1);
}

TEST_F(TransitionsHttpTest, AnotherDepartmentCannotTellTheCaseExists) {
  const std::string id = Register();
  ToHearing(id);
  const std::string other = IssueToken(Role::kDepartment, "SOF");
  auto response = SendHttp(server_->port(), verb::post, "/v1/complaints/" + id + "/transitions",
                           R"({"name": "record_department_answer", "input": {"department_answer": "x"}})",
                           {{"Authorization", "Bearer " + other}, {"Content-Type", "application/json"},
                            {"If-Match", "\"4\""}});
  EXPECT_EQ(response.result(), status::not_found);
  auto missing = SendHttp(server_->port(), verb::post,
                          "/v1/complaints/c0ffee00-0000-4000-8000-000000000001/transitions",
                          R"({"name": "record_department_answer", "input": {"department_answer": "x"}})",
                          {{"Authorization", "Bearer " + other}, {"Content-Type", "application/json"},
                           {"If-Match", "\"4\""}});
  EXPECT_EQ(missing.result(), status::not_found);
  // The same answer as for a case that does not exist, but for the id asked about.
  EXPECT_EQ(Parse<v1::Error>(response).message(), "no complaint " + id);
  EXPECT_EQ(Parse<v1::Error>(missing).message(), "no complaint c0ffee00-0000-4000-8000-000000000001");
  EXPECT_EQ(Parse<v1::Error>(response).code(), Parse<v1::Error>(missing).code());
}

TEST_F(TransitionsHttpTest, ListsAvailableTransitionsWithReasons) {
  const std::string id = Register();
  auto listed = Send(verb::get, "/v1/complaints/" + id + "/transitions", Role::kOmbudsman);
  ASSERT_EQ(listed.result(), status::ok);
  EXPECT_EQ(listed[http::field::etag], "\"1\"");
  auto transitions = Parse<v1::ListTransitionsResponse>(listed);
  EXPECT_EQ(transitions.state(), "received");
  EXPECT_EQ(transitions.transitions_size(), 5);
  for (const auto& transition : transitions.transitions()) EXPECT_TRUE(transition.allowed()) << transition.name();
  // Each input with its schema, for the web workplace to render its form.
  std::map<std::string, v1::AvailableTransition> by_name;
  for (const auto& transition : transitions.transitions()) by_name[transition.name()] = transition;
  const auto& forwarding = by_name.at("assisted_forwarding");
  ASSERT_EQ(forwarding.input_fields_size(), 4);
  EXPECT_EQ(forwarding.input_fields(0).name(), "department_has_answered");
  EXPECT_EQ(forwarding.input_fields(0).type(), v1::InputField::BOOL);
  EXPECT_TRUE(forwarding.input_fields(0).required());
  EXPECT_EQ(forwarding.input_fields(0).label().da(), "Forvaltningen har svaret");
  EXPECT_EQ(forwarding.input_fields(0).label().en(), "The department has answered");
  EXPECT_THAT(listed.body(), HasSubstr(R"("type":"BOOL")"));
  EXPECT_THAT(listed.body(), HasSubstr(R"("inputFields":[)"));

  const std::string other = IssueToken(Role::kDepartment, "SOF");
  auto hidden = SendHttp(server_->port(), verb::get, "/v1/complaints/" + id + "/transitions", "",
                         {{"Authorization", "Bearer " + other}});
  EXPECT_EQ(hidden.result(), status::not_found);
}

TEST_F(TransitionsHttpTest, ConcurrentFiresOfTheSameVersionLetOneWin) {
  const std::string id = Register();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, conflict{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto response = Fire(id, Role::kCaseworker, "guide_to_dialogue",
                           R"({"department_has_answered": false})", 1);
      if (response.result() == status::ok) ++ok;
      if (response.result() == status::conflict) ++conflict;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 7);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events"), 2);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM letters WHERE template <> 'acknowledgement'"), 1);
}

TEST_F(TransitionsHttpTest, AnOwnInitiativeInvestigationFromProposalToClosing) {
  auto created = Send(verb::post, "/v1/investigations", Role::kOmbudsman,
                      R"({"department": "BUF", "subject": "Tilsyn med døgninstitutioner",
                          "description": "Presseomtale af magtanvendelse."})",
                      {{"Content-Type", "application/json"}});
  ASSERT_EQ(created.result(), status::created) << created.body();
  const auto investigation = Parse<v1::Complaint>(created);
  EXPECT_EQ(investigation.workflow(), "own_initiative");
  EXPECT_EQ(investigation.state(), "proposed");
  EXPECT_EQ(investigation.channel(), v1::OWN_INITIATIVE);
  const std::string id = investigation.id();

  EXPECT_EQ(Take(id, Role::kOmbudsman, "decide_to_investigate",
                 R"({"kind": "inspection", "source": "press", "actuality": "høj",
                     "significance": "stor", "complexity": "høj", "citizen_gain": "tryghed",
                     "improvement_potential": "ny praksis"})"),
            "hearing");
  EXPECT_EQ(Take(id, Role::kDepartment, "record_department_answer",
                 R"({"department_answer": "Redegørelse vedlagt."})"),
            "assessment");
  EXPECT_EQ(Take(id, Role::kCaseworker, "conclude",
                 R"({"findings": "Praksis i strid med reglerne", "discrimination_involved": false,
                     "recommendation_made": false, "themes": ["oplysning_af_sagen"]})"),
            "ready_for_publication");
  // Published like a complaint's statement; this one concerns discrimination.
  EXPECT_EQ(Take(id, Role::kCaseworker, "draft_publication",
                 R"({"publication_title": "Tilsyn med døgninstitutioner",
                     "publication_text": "Praksis for magtanvendelse var i strid med reglerne.",
                     "concerns_discrimination": true})"),
            "publication_drafted");
  EXPECT_EQ(Take(id, Role::kCaseworker, "send_pre_publication_notice"), "awaiting_notice_receipt");
  const auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  for (const auto& notice : pending.notices()) {
    ASSERT_EQ(Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment).result(), status::ok);
  }
  EXPECT_EQ(Take(id, Role::kOmbudsman, "approve_publication"), "published");
  auto published = Parse<v1::ListPublicationsResponse>(
      SendHttp(server_->port(), verb::get, "/v1/publications?target=discrimination_page"));
  ASSERT_EQ(published.publications_size(), 1);
  EXPECT_THAT(published.publications(0).targets(), ::testing::ElementsAre("website", "discrimination_page"));

  // Every own-initiative investigation gets a newsletter suggested.
  auto transitions = Parse<v1::ListTransitionsResponse>(
      Send(verb::get, "/v1/complaints/" + id + "/transitions", Role::kOmbudsman));
  // It recommended nothing: it closes, with nothing to follow up.
  ASSERT_EQ(transitions.transitions_size(), 2);
  EXPECT_EQ(transitions.transitions(1).name(), "await_follow_up");
  EXPECT_FALSE(transitions.transitions(1).allowed());
  EXPECT_TRUE(transitions.transitions(0).suggested_input().fields().at("newsletter").bool_value());
  EXPECT_THAT(transitions.transitions(0).suggestion(), HasSubstr("own-initiative"));
  EXPECT_EQ(Take(id, Role::kOmbudsman, "decide_newsletter",
                 R"({"newsletter": true, "newsletter_criteria": ["larger_case", "public_interest"],
                     "newsletter_note": "Tilsynet skal kendes"})"),
            "closed");

  // Without a department it is refused, and a proposal can be dropped.
  auto no_department = Send(verb::post, "/v1/investigations", Role::kOmbudsman,
                            R"({"subject": "x", "description": "y"})", {{"Content-Type", "application/json"}});
  EXPECT_EQ(no_department.result(), status::bad_request);
  auto proposal = Parse<v1::Complaint>(Send(verb::post, "/v1/investigations", Role::kCaseworker,
                                            R"({"department": "TMF", "subject": "x", "description": "y"})",
                                            {{"Content-Type", "application/json"}}));
  EXPECT_EQ(Take(proposal.id(), Role::kOmbudsman, "drop", R"({"reason_not_investigated": "Ikke aktuelt"})"),
            "dropped");
}

TEST_F(TransitionsHttpTest, DiscriminationHotlineContactsEndInGuidanceReferralOrAComplaint) {
  auto open = [&] {
    auto created = Send(verb::post, "/v1/hotline-contacts", Role::kCaseworker,
                        R"({"channel": "PHONE", "subject": "Afvist ved indgangen",
                            "description": "Anonym opringning om afvisning."})",
                        {{"Content-Type", "application/json"}});
    EXPECT_EQ(created.result(), status::created) << created.body();
    const auto contact = Parse<v1::Complaint>(created);
    EXPECT_EQ(contact.workflow(), "discrimination_hotline");
    EXPECT_EQ(Take(contact.id(), Role::kCaseworker, "assess",
                   R"({"possible_illegal_discrimination": true, "ground": "etnicitet"})"),
              "assessed");
    return contact.id();
  };
  EXPECT_EQ(Take(open(), Role::kCaseworker, "guide_on_options", R"({"options_given": "Ligebehandlingsnævnet"})"),
            "guided");
  const std::string referred = open();
  EXPECT_EQ(Take(referred, Role::kCaseworker, "refer",
                 R"({"referred_to": "institut_for_menneskerettigheder",
                     "referral_reason": "Instituttet rådgiver gratis om forskelsbehandling på grund af etnisk oprindelse."})"),
            "referred");
  auto referred_contact = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + referred, Role::kCaseworker));
  EXPECT_EQ(referred_contact.facts().fields().at("referral_kind").string_value(), "human_rights");
  const std::string converted = open();
  auto outside = Fire(converted, Role::kCaseworker, "convert_to_complaint",
                      R"({"within_competence": false, "complaint_id": "x"})");
  EXPECT_EQ(outside.result(), status::unprocessable_entity);
  EXPECT_EQ(Parse<v1::Error>(outside).refused_by(), "fact_in");
  // Only the conversion endpoint converts: it opens the complaint too.
  auto made_up = Fire(converted, Role::kCaseworker, "convert_to_complaint",
                      R"({"within_competence": true, "complaint_id": "c0ffee00-0000-4000-8000-000000000009"})");
  EXPECT_EQ(Parse<v1::Error>(made_up).refused_by(), "converted_complaint_recorded");

  const std::string path = "/v1/hotline-contacts/" + converted + ":convert";
  const long long cases_before = database_->Scalar("SELECT count(*) FROM complaints");
  // The anonymous caller must now be reachable: nothing is opened without.
  auto anonymous = Send(verb::post, path, Role::kCaseworker, R"({"complaint": {}})",
                        {{"Content-Type", "application/json"}, {"If-Match", "\"2\""}});
  EXPECT_EQ(anonymous.result(), status::bad_request) << anonymous.body();
  // A department may not convert at all: the same 403 whatever the id, so
  // it cannot even tell the contact exists.
  const auto department_converts = [&](const std::string& target) {
    auto answer = Send(verb::post, target, Role::kDepartment, R"({"complaint": {}})",
                       {{"Content-Type", "application/json"}, {"If-Match", "\"2\""}});
    return std::make_pair(answer.result(), answer.body());
  };
  const auto refused = department_converts(path);
  EXPECT_EQ(refused.first, status::forbidden);
  EXPECT_EQ(department_converts("/v1/hotline-contacts/c0ffee00-0000-4000-8000-00000000000a:convert"), refused);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints"), cases_before);

  // The caseworker names the department the complaint concerns.
  const std::string body = R"({"complaint": {"department": "KFF",
      "complainant": {"name": "Amira Hassan", "phone": "+45 20 30 40 50"}}})";
  auto done = Send(verb::post, path, Role::kCaseworker, body,
                   {{"Content-Type", "application/json"}, {"If-Match", "\"2\""}});
  ASSERT_EQ(done.result(), status::ok) << done.body();
  const auto conversion = Parse<v1::ConvertHotlineContactResponse>(done);
  EXPECT_EQ(conversion.hotline_contact().state(), "converted_to_complaint");
  EXPECT_EQ(conversion.hotline_contact().facts().fields().at("complaint_id").string_value(),
            conversion.complaint().id());
  EXPECT_EQ(conversion.complaint().workflow(), "complaint");
  EXPECT_EQ(conversion.complaint().state(), "received");
  EXPECT_EQ(conversion.complaint().subject(), "Afvist ved indgangen");
  EXPECT_EQ(conversion.complaint().channel(), v1::PHONE);
  EXPECT_EQ(conversion.complaint().department(), "KFF");
  EXPECT_EQ(done[http::field::location], "/v1/complaints/" + conversion.complaint().id());
  auto events = Parse<v1::ListEventsResponse>(
      Send(verb::get, "/v1/complaints/" + conversion.complaint().id() + "/events", Role::kCaseworker));
  EXPECT_EQ(events.events(0).payload().fields().at("convertedFrom").string_value(), converted);

  // A retry with the old version opens nothing more.
  auto again = Send(verb::post, path, Role::kCaseworker, body,
                    {{"Content-Type", "application/json"}, {"If-Match", "\"2\""}});
  EXPECT_EQ(again.result(), status::conflict) << again.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints"), cases_before + 1);
}

TEST_F(TransitionsHttpTest, WorkflowsAndDiagramsComeFromTheDefinitions) {
  auto list = Parse<v1::ListWorkflowsResponse>(Send(verb::get, "/v1/workflows", Role::kDepartment));
  // complaint v1-v8, own_initiative v1-v4, hotline v1-v3, whistleblower v1-v2, and v1 of newsletter_issue,
  // press_release, klarret_edition and annual_report
  ASSERT_EQ(list.workflows_size(), 21);
  std::set<std::string> names;
  for (const auto& workflow : list.workflows()) {
    names.insert(workflow.name());
    if (workflow.name() == "complaint") {
      EXPECT_EQ(workflow.newest(), workflow.version() == 8);
    }
  }
  EXPECT_EQ(names, (std::set<std::string>{"annual_report", "complaint", "discrimination_hotline", "klarret_edition",
                                          "newsletter_issue", "own_initiative", "press_release",
                                          "whistleblower"}));

  auto definition = Parse<v1::WorkflowDefinition>(
      Send(verb::get, "/v1/workflows/complaint/versions/1", Role::kCaseworker));
  EXPECT_EQ(definition.initial_state(), "received");

  auto mermaid = Parse<v1::Diagram>(
      Send(verb::get, "/v1/workflows/complaint/versions/1/diagram?format=mermaid", Role::kCaseworker));
  EXPECT_THAT(mermaid.source(), HasSubstr("received --> awaiting_dialogue : guide_to_dialogue"));
  auto dot = Parse<v1::Diagram>(
      Send(verb::get, "/v1/workflows/complaint/versions/1/diagram?format=dot", Role::kCaseworker));
  EXPECT_THAT(dot.source(), HasSubstr("digraph \"complaint_v1\""));

  EXPECT_EQ(Send(verb::get, "/v1/workflows/complaint/versions/9", Role::kCaseworker).result(), status::not_found);
  EXPECT_EQ(Send(verb::get, "/v1/workflows/complaint/versions/1/diagram?format=png", Role::kCaseworker).result(),
            status::bad_request);
}

}  // namespace
}  // namespace ombudsflow::testing
