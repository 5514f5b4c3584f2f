// The publication pipeline over HTTP against the real server: notices pushed
// to a real webhook receiver that checks every signature, the department's
// acknowledgement, the ombudsman's approval under its guards (delegation,
// four eyes, personal data and consent, publication hold), the public list
// of publications and the newsletter decision.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "ombudsflow/v1/alerts.pb.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/error.pb.h"
#include "ombudsflow/v1/publication.pb.h"
#include "ombudsflow/v1/webhooks.pb.h"
#include "tests/support/json_body.h"
#include "tests/support/server_fixture.h"
#include "tests/support/webhook_receiver.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using google::protobuf::util::JsonStringToMessage;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

class PublicationHttpTest : public ServerFixture {
 protected:
  const std::map<std::string, std::string> kJson{{"Content-Type", "application/json"}};

  // A BUF case whose pre-publication notice BUF has acknowledged.
  std::string CaseReadyForApproval(const std::string& text = "Borgerrådgiveren kritiserer BUF for lang sagsbehandlingstid.") {
    const std::string id = CaseInHearing();
    Walk(id, StepsToNoticeSent(text));
    auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
    for (const auto& notice : pending.notices()) {
      EXPECT_EQ(Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment).result(),
                status::ok);
    }
    return id;
  }

  std::string RefusedBy(const HttpResponse& response) {
    EXPECT_EQ(response.result(), status::unprocessable_entity) << response.body();
    return Parse<v1::Error>(response).refused_by();
  }

  HttpResponse Approve(const std::string& id, Role role = Role::kOmbudsman) {
    return FireNow(id, role, "approve_publication");
  }

  HttpResponse Delegate(const std::string& deputy, const std::string& from, const std::string& to) {
    return Send(verb::post, "/v1/delegations", Role::kOmbudsman,
                R"({"deputy": ")" + deputy + R"(", "startTime": ")" + from + R"(", "endTime": ")" + to +
                    R"(", "reason": "Ferie"})",
                kJson);
  }
};

TEST_F(PublicationHttpTest, FromAssessmentToPublicationWithSignedWebhooksToTheDepartment) {
  WebhookReceiver receiver(kSecret);
  auto created = Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                      R"({"department": "BUF", "url": ")" + receiver.Url() + R"(", "secret": ")" + kSecret + R"("})",
                      kJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  EXPECT_EQ(created[http::field::cache_control], "no-store");
  const auto endpoint = Parse<v1::WebhookEndpoint>(created);
  EXPECT_EQ(endpoint.secret(), kSecret);
  // The secret is shown once.
  auto listed = Parse<v1::ListWebhookEndpointsResponse>(Send(verb::get, "/v1/webhook-endpoints", Role::kAdministrator));
  ASSERT_EQ(listed.endpoints_size(), 1);
  EXPECT_TRUE(listed.endpoints(0).secret().empty());

  const std::string id = CaseInHearing();
  ASSERT_TRUE(receiver.WaitUntil([](const auto& got) { return got.size() >= 1; })) << "no hearing webhook";
  Walk(id, StepsToNoticeSent());
  ASSERT_TRUE(receiver.WaitUntil([](const auto& got) { return got.size() >= 2; })) << "no pre-publication webhook";

  const auto requests = receiver.Requests();
  v1::NoticeWebhook webhook;
  ASSERT_TRUE(JsonStringToMessage(requests[1].body, &webhook).ok()) << requests[1].body;
  EXPECT_EQ(webhook.type(), "notice.created");
  EXPECT_EQ(webhook.data().notice(), "pre_publication");
  EXPECT_EQ(webhook.data().complaint_id(), id);
  EXPECT_EQ(requests[1].webhook_id, "msg_" + webhook.data().notice_id());
  EXPECT_FALSE(webhook.data().publication_date().empty());
  // Thin: the report itself is fetched from the link with the department's token.
  EXPECT_THAT(requests[1].body, Not(HasSubstr("kritiserer")));
  const std::string href = webhook.data().href();
  const std::string path = href.substr(href.find("/v1/notices/"));
  auto notice = Parse<v1::Notice>(Send(verb::get, path, Role::kDepartment));
  EXPECT_THAT(notice.payload().fields().at("publicationText").string_value(), HasSubstr("kritiserer BUF"));
  EXPECT_EQ(notice.payload().fields().at("publicationDate").string_value(), webhook.data().publication_date());

  // Pushed and answered 2xx: the department has received it. It acknowledges as well.
  ASSERT_EQ(Send(verb::post, path + ":acknowledge", Role::kDepartment).result(), status::ok);

  // The ombudsman's queue shows the draft; the public does not see it yet.
  EXPECT_EQ(Send(verb::get, "/v1/publications?state=awaiting_approval", Role::kCaseworker).result(), status::forbidden);
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/v1/publications?state=awaiting_approval").result(),
            status::unauthorized);
  auto queue = Parse<v1::ListPublicationsResponse>(
      Send(verb::get, "/v1/publications?state=awaiting_approval", Role::kOmbudsman));
  ASSERT_EQ(queue.publications_size(), 1);
  EXPECT_EQ(queue.publications(0).complaint_id(), id);
  EXPECT_EQ(Parse<v1::ListPublicationsResponse>(SendHttp(server_->port(), verb::get, "/v1/publications"))
                .publications_size(), 0);

  auto approved = Approve(id);
  ASSERT_EQ(approved.result(), status::ok) << approved.body();
  EXPECT_EQ(Parse<v1::Complaint>(approved).state(), "published");

  // Public, no token: the text and where it is published, nothing about the citizen.
  auto published = SendHttp(server_->port(), verb::get, "/v1/publications");
  ASSERT_EQ(published.result(), status::ok) << published.body();
  auto list = Parse<v1::ListPublicationsResponse>(published);
  ASSERT_EQ(list.publications_size(), 1);
  EXPECT_EQ(list.publications(0).title(), "Lang sagsbehandlingstid");
  EXPECT_THAT(list.publications(0).targets(), ::testing::ElementsAre("website"));
  EXPECT_TRUE(list.publications(0).complaint_id().empty());
  EXPECT_THAT(published.body(), Not(HasSubstr("Jens")));
  EXPECT_THAT(published.body(), Not(HasSubstr("jens@example.dk")));
  EXPECT_EQ(Parse<v1::ListPublicationsResponse>(
                SendHttp(server_->port(), verb::get, "/v1/publications?target=discrimination_page"))
                .publications_size(), 0);

  // Serious criticism was found: the engine suggests a newsletter; the person decides.
  auto transitions = Parse<v1::ListTransitionsResponse>(
      Send(verb::get, "/v1/complaints/" + id + "/transitions", Role::kOmbudsman));
  // No recommendation was made: closing is allowed, awaiting a follow-up is not.
  ASSERT_EQ(transitions.transitions_size(), 2);
  const auto& decide = transitions.transitions(0);
  EXPECT_EQ(decide.name(), "decide_newsletter");
  EXPECT_EQ(transitions.transitions(1).name(), "await_follow_up");
  EXPECT_FALSE(transitions.transitions(1).allowed());
  EXPECT_TRUE(decide.suggested_input().fields().at("newsletter").bool_value());
  EXPECT_EQ(decide.suggested_input().fields().at("newsletter_criteria").list_value().values(0).string_value(),
            "serious_criticism");
  EXPECT_THAT(decide.suggestion(), HasSubstr("serious criticism"));
  auto closed = FireNow(id, Role::kOmbudsman, "decide_newsletter",
                        R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "Allerede omtalt"})");
  ASSERT_EQ(closed.result(), status::ok) << closed.body();
  EXPECT_EQ(Parse<v1::Complaint>(closed).state(), "closed");

  // Every webhook was signed correctly, and each notice arrived once.
  for (const auto& request : receiver.Requests()) EXPECT_TRUE(request.signature_valid);
  EXPECT_EQ(receiver.Processed().size(), 2u);
  EXPECT_EQ(receiver.Duplicates(), 0);
  auto deliveries = Parse<v1::ListWebhookDeliveriesResponse>(
      Send(verb::get, "/v1/webhook-endpoints/" + endpoint.id() + "/deliveries", Role::kAdministrator));
  ASSERT_EQ(deliveries.deliveries_size(), 2);
  for (const auto& delivery : deliveries.deliveries()) EXPECT_EQ(delivery.state(), v1::WebhookDelivery::DELIVERED);
}

TEST_F(PublicationHttpTest, UntilTheDepartmentHasTheNoticeNoRoleMayApproveAndRefusalsChangeNothing) {
  const std::string id = CaseInHearing();
  Walk(id, StepsToNoticeSent());  // no webhook endpoint, not acknowledged
  ASSERT_EQ(Delegate(user_ids_.at(Role::kDeputy), "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z").result(), status::created);
  const std::string version = Etag(id);
  const long long rows = RowsWritten();
  for (Role role : {Role::kOmbudsman, Role::kDeputy}) {
    auto refused = Approve(id, role);
    EXPECT_EQ(RefusedBy(refused), "notice_received");
    EXPECT_THAT(Parse<v1::Error>(refused).message(), HasSubstr("not yet received the pre_publication notice"));
  }
  EXPECT_EQ(Approve(id, Role::kCaseworker).result(), status::forbidden);
  EXPECT_EQ(Etag(id), version);
  EXPECT_EQ(RowsWritten(), rows);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM publications WHERE state = 'published'"), 0);
}

TEST_F(PublicationHttpTest, AGoneEndpointIsDisabledTheOfficeAlertedAndTheDepartmentPullsInstead) {
  WebhookReceiver receiver(kSecret);
  receiver.SetDefault(WebhookReceiver::Answer(410));
  ASSERT_EQ(Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                 R"({"department": "BUF", "url": ")" + receiver.Url() + R"(", "secret": ")" + kSecret + R"("})",
                 kJson).result(),
            status::created);
  const std::string id = CaseInHearing();
  ASSERT_TRUE(receiver.WaitUntil([](const auto& got) { return !got.empty(); }));
  // The 410 is recorded after it is answered: wait for the endpoint to be
  // disabled before the next notice, which would otherwise be pushed too.
  const auto endpoint_active = [&] {
    return Parse<v1::ListWebhookEndpointsResponse>(Send(verb::get, "/v1/webhook-endpoints", Role::kAdministrator))
        .endpoints(0)
        .active();
  };
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
       endpoint_active() && std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Walk(id, StepsToNoticeSent());  // the endpoint is gone: nothing more is pushed

  EXPECT_EQ(RefusedBy(Approve(id)), "notice_received");
  auto endpoints = Parse<v1::ListWebhookEndpointsResponse>(Send(verb::get, "/v1/webhook-endpoints", Role::kAdministrator));
  ASSERT_EQ(endpoints.endpoints_size(), 1);
  EXPECT_FALSE(endpoints.endpoints(0).active());

  // The office sees why, and resolves the alert once it has acted.
  EXPECT_EQ(Send(verb::get, "/v1/alerts", Role::kDepartment).result(), status::forbidden);
  auto alerts = Parse<v1::ListOfficeAlertsResponse>(Send(verb::get, "/v1/alerts", Role::kCaseworker));
  ASSERT_EQ(alerts.alerts_size(), 1);
  EXPECT_EQ(alerts.alerts(0).about(), "webhook_endpoint_gone");
  EXPECT_EQ(alerts.alerts(0).complaint_id(), id);
  EXPECT_EQ(alerts.alerts(0).details().fields().at("department").string_value(), "BUF");
  auto resolved = Send(verb::post, "/v1/alerts/" + alerts.alerts(0).id() + ":resolve", Role::kCaseworker);
  ASSERT_EQ(resolved.result(), status::ok) << resolved.body();
  EXPECT_EQ(Parse<v1::OfficeAlert>(resolved).resolved_by(), "user:" + user_ids_.at(Role::kCaseworker));
  EXPECT_EQ(Parse<v1::ListOfficeAlertsResponse>(Send(verb::get, "/v1/alerts", Role::kCaseworker)).alerts_size(), 0);
  EXPECT_EQ(Send(verb::post, "/v1/alerts/99999:resolve", Role::kCaseworker).result(), status::not_found);

  const auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  for (const auto& notice : pending.notices()) {
    ASSERT_EQ(Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment).result(), status::ok);
  }
  auto approved = Approve(id);
  EXPECT_EQ(approved.result(), status::ok) << approved.body();
  EXPECT_EQ(receiver.Requests().size(), 1u);
}

TEST_F(PublicationHttpTest, WebhookEndpointsAreForAdministratorsAndValidated) {
  for (Role role : {Role::kCaseworker, Role::kOmbudsman, Role::kDepartment}) {
    EXPECT_EQ(Send(verb::post, "/v1/webhook-endpoints", role,
                   R"({"department": "BUF", "url": "https://hooks.example.dk/x"})", kJson).result(),
              status::forbidden);
  }
  auto bad = Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                  R"({"department": "BUF", "url": "ftp://hooks.example.dk/x", "secret": "nope"})", kJson);
  ASSERT_EQ(bad.result(), status::bad_request) << bad.body();
  const auto error = Parse<v1::Error>(bad);
  ASSERT_EQ(error.field_violations_size(), 2);
  EXPECT_EQ(error.field_violations(0).field(), "url");
  EXPECT_EQ(error.field_violations(1).field(), "secret");
  // A generated secret when none is given, and one active endpoint per department.
  auto created = Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                      R"({"department": "BUF", "url": "https://hooks.example.dk/x"})", kJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  EXPECT_THAT(Parse<v1::WebhookEndpoint>(created).secret(), ::testing::StartsWith("whsec_"));
  EXPECT_EQ(Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                 R"({"department": "BUF", "url": "https://other.example.dk/x"})", kJson).result(),
            status::conflict);
  const std::string endpoint = Parse<v1::WebhookEndpoint>(created).id();
  auto disabled = Send(verb::post, "/v1/webhook-endpoints/" + endpoint + ":disable", Role::kAdministrator,
                       R"({"reason": "new system"})", kJson);
  ASSERT_EQ(disabled.result(), status::ok) << disabled.body();
  EXPECT_FALSE(Parse<v1::WebhookEndpoint>(disabled).active());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM webhook_endpoints"), 1);
}

// The review's dodge, as it was done: the deputy drafts revision 1, a
// caseworker adds a full stop, the notice is received, the ombudsman
// delegates to the deputy, and the deputy approves. Anyone who wrote any
// revision of the text is refused; the ombudsman, who wrote none, approves.
TEST_F(PublicationHttpTest, AFullStopRevisionDoesNotLetTheFirstDrafterApprove) {
  const std::string id = CaseInHearing();
  const std::string text = "Borgerrådgiveren kritiserer BUF for lang sagsbehandlingstid";
  auto steps = StepsToNoticeSent(text);
  steps[2].role = Role::kDeputy;
  steps.insert(steps.begin() + 3,
               WalkStep{Role::kCaseworker, R"({"name": "revise_publication", "input": {"publication_title":
                   "Lang sagsbehandlingstid", "concerns_discrimination": false, "publication_text": ")" + text + R"(."}})"});
  Walk(id, steps);
  const auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  for (const auto& notice : pending.notices()) {
    ASSERT_EQ(Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment).result(), status::ok);
  }
  ASSERT_EQ(Delegate(user_ids_.at(Role::kDeputy), "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z").result(),
            status::created);
  const std::string before = Etag(id);
  EXPECT_EQ(RefusedBy(Approve(id, Role::kDeputy)), "not_recorded_actor");
  EXPECT_EQ(Etag(id), before) << "a refusal changed the case";
  auto approved = Approve(id);
  ASSERT_EQ(approved.result(), status::ok) << approved.body();
  EXPECT_EQ(Parse<v1::Complaint>(approved).state(), "published");
}

// Nobody delegates to themselves.
TEST_F(PublicationHttpTest, TheOmbudsmanCannotDelegateToThemselves) {
  auto refused = Delegate(user_ids_.at(Role::kOmbudsman), "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z");
  ASSERT_EQ(refused.result(), status::bad_request) << refused.body();
  EXPECT_THAT(refused.body(), HasSubstr("themselves"));
}

TEST_F(PublicationHttpTest, WhoeverDraftedCannotApproveAndADeputyNeedsAnActiveDelegation) {
  // The ombudsman drafts this one.
  const std::string id = CaseInHearing();
  auto steps = StepsToNoticeSent();
  steps[2].role = Role::kOmbudsman;
  Walk(id, steps);
  const auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  for (const auto& notice : pending.notices()) {
    Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment);
  }
  const std::string before = Etag(id);
  EXPECT_EQ(RefusedBy(Approve(id)), "not_recorded_actor");
  // Four eyes compares people: the ombudsman's second token is still the ombudsman.
  const std::string second_token = IssueUserToken(user_ids_.at(Role::kOmbudsman));
  EXPECT_EQ(RefusedBy(SendHttp(server_->port(), verb::post, "/v1/complaints/" + id + "/transitions",
                               R"({"name": "approve_publication"})",
                               {{"Authorization", "Bearer " + second_token},
                                {"Content-Type", "application/json"},
                                {"If-Match", before}})),
            "not_recorded_actor");
  EXPECT_EQ(RefusedBy(Approve(id, Role::kDeputy)), "approver_authorised");
  EXPECT_EQ(Etag(id), before) << "a refusal changed the case";

  // Only the ombudsman delegates, only to a deputy that exists, for a real period.
  EXPECT_EQ(Send(verb::post, "/v1/delegations", Role::kDeputy,
                 R"({"deputy": ")" + user_ids_.at(Role::kDeputy) +
                     R"(", "startTime": "2020-01-01T00:00:00Z", "endTime": "2099-01-01T00:00:00Z", "reason": "x"})",
                 kJson).result(), status::forbidden);
  EXPECT_EQ(Delegate("Nobody", "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z").result(), status::bad_request);
  // A user who is not a deputy, and a deputy who has left, are no one to delegate to.
  EXPECT_EQ(Delegate(user_ids_.at(Role::kCaseworker), "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z").result(),
            status::bad_request);
  const std::string departed = CreateUser(Role::kDeputy, "departed@test.example");
  database_->Execute("UPDATE users SET active = false, deactivated_at = now() WHERE id = '" + departed + "'");
  EXPECT_EQ(Delegate(departed, "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z").result(), status::bad_request);
  EXPECT_EQ(Delegate(user_ids_.at(Role::kDeputy), "2099-01-01T00:00:00Z", "2098-01-01T00:00:00Z").result(), status::bad_request);

  // A delegation that has not started yet does not count.
  ASSERT_EQ(Delegate(user_ids_.at(Role::kDeputy), "2098-01-01T00:00:00Z", "2099-01-01T00:00:00Z").result(), status::created);
  EXPECT_EQ(RefusedBy(Approve(id, Role::kDeputy)), "approver_authorised");

  auto delegated = Delegate(user_ids_.at(Role::kDeputy), "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z");
  ASSERT_EQ(delegated.result(), status::created) << delegated.body();
  const auto delegation = Parse<v1::Delegation>(delegated);
  EXPECT_TRUE(delegation.active());
  auto revoked = Send(verb::post, "/v1/delegations/" + delegation.id() + ":revoke", Role::kOmbudsman);
  ASSERT_EQ(revoked.result(), status::ok) << revoked.body();
  EXPECT_FALSE(Parse<v1::Delegation>(revoked).active());
  EXPECT_EQ(RefusedBy(Approve(id, Role::kDeputy)), "approver_authorised");

  ASSERT_EQ(Delegate(user_ids_.at(Role::kDeputy), "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z").result(), status::created);
  auto approved = Approve(id, Role::kDeputy);
  ASSERT_EQ(approved.result(), status::ok) << approved.body();
  EXPECT_EQ(Parse<v1::Complaint>(approved).state(), "published");
  EXPECT_EQ(Parse<v1::ListDelegationsResponse>(Send(verb::get, "/v1/delegations", Role::kCaseworker))
                .delegations_size(), 3);
}

// (What says who complained, the whole name or their own address, never
// reaches the department without consent, so the notice refuses it first:
// ANoticeCarryingTheComplainantsNameOrACprNumberIsRefused. Here a part of
// the name and another address, which the notice carries as warnings.)
TEST_F(PublicationHttpTest, PersonalDataBlocksApprovalUntilTheCitizensConsentCoversIt) {
  const std::string id = CaseReadyForApproval("Hansen klagede over svartiden.\\nSkriv til hansen.privat@example.dk.");
  auto refused = Approve(id);
  EXPECT_EQ(RefusedBy(refused), "personal_data_cleared");
  const std::string message = Parse<v1::Error>(refused).message();
  EXPECT_THAT(message, HasSubstr("line 1, column 1: the complainant's name (Hansen)"));
  EXPECT_THAT(message, HasSubstr("line 2, column 11: an e-mail address (hansen.privat@example.dk)"));

  const auto record = [&](const std::string& kind, const std::string& value) {
    return Send(verb::post, "/v1/complaints/" + id + "/consents", Role::kCaseworker,
                R"({"kind": ")" + kind + R"(", "value": ")" + value + R"(", "evidence": "Brev af 20. november"})",
                {{"Content-Type", "application/json"}, {"If-Match", Etag(id)}});
  };
  const auto confirm = [&](const HttpResponse& recorded, Role role) {
    const auto complaint = Parse<v1::Complaint>(recorded);
    const std::string consent_id = complaint.consents(complaint.consents_size() - 1).id();
    return Send(verb::post, "/v1/complaints/" + id + "/consents/" + consent_id + ":confirm", role, R"({})",
                {{"Content-Type", "application/json"}, {"If-Match", Etag(id)}});
  };
  // Recorded by a caseworker, confirmed by the ombudsman.
  const auto consent = [&](const std::string& kind, const std::string& value) {
    const auto recorded = record(kind, value);
    EXPECT_EQ(recorded.result(), status::ok) << recorded.body();
    return confirm(recorded, Role::kOmbudsman);
  };
  // Recorded but unconfirmed, a consent covers nothing; the caseworker who
  // recorded it cannot confirm it; a CPR number cannot be consented to.
  const auto unconfirmed = record("name", "Jens Hansen");
  ASSERT_EQ(unconfirmed.result(), status::ok) << unconfirmed.body();
  EXPECT_THAT(Parse<v1::Error>(Approve(id)).message(), HasSubstr("name (Hansen)"));
  EXPECT_EQ(confirm(unconfirmed, Role::kCaseworker).result(), status::forbidden);
  auto cpr = record("cpr", "010190-1234");
  EXPECT_EQ(cpr.result(), status::bad_request);
  EXPECT_THAT(cpr.body(), HasSubstr("never published"));
  // The approval view shows each finding and what covers it.
  auto listed = Parse<v1::ListTransitionsResponse>(Send(verb::get, "/v1/complaints/" + id + "/transitions", Role::kOmbudsman));
  int findings = 0;
  for (const auto& transition : listed.transitions()) {
    for (const auto& finding : transition.personal_data()) {
      ++findings;
      EXPECT_TRUE(finding.blocks()) << finding.text();
      EXPECT_EQ(finding.covered_by(), "");
    }
  }
  EXPECT_EQ(findings, 2);
  // Consent must be exact: the name does not cover the e-mail address.
  auto name_consent = confirm(unconfirmed, Role::kOmbudsman);
  ASSERT_EQ(name_consent.result(), status::ok) << name_consent.body();
  listed = Parse<v1::ListTransitionsResponse>(Send(verb::get, "/v1/complaints/" + id + "/transitions", Role::kOmbudsman));
  std::vector<std::string> covered;
  for (const auto& transition : listed.transitions()) {
    for (const auto& finding : transition.personal_data()) {
      covered.push_back(finding.kind() + ":" + (finding.covered_by().empty() ? "none" : "consent"));
    }
  }
  EXPECT_THAT(covered, ::testing::UnorderedElementsAre("name:consent", "email:none"));
  const std::string still = Parse<v1::Error>(Approve(id)).message();
  EXPECT_THAT(still, Not(HasSubstr("name (Hansen)")));
  EXPECT_THAT(still, HasSubstr("hansen.privat@example.dk"));

  auto email_consent = consent("email", "HANSEN.PRIVAT@example.dk");
  ASSERT_EQ(email_consent.result(), status::ok) << email_consent.body();
  const auto with_consents = Parse<v1::Complaint>(email_consent);
  ASSERT_EQ(with_consents.consents_size(), 2);
  EXPECT_EQ(with_consents.state(), "awaiting_notice_receipt") << "a consent changes no state";

  // Revoked, it blocks again.
  const std::string email_id = with_consents.consents(1).id();
  auto revoked = Send(verb::post, "/v1/complaints/" + id + "/consents/" + email_id + ":revoke", Role::kCaseworker,
                      R"({"reason": "Borgeren har trukket samtykket tilbage"})",
                      {{"Content-Type", "application/json"}, {"If-Match", Etag(id)}});
  ASSERT_EQ(revoked.result(), status::ok) << revoked.body();
  EXPECT_EQ(RefusedBy(Approve(id)), "personal_data_cleared");

  ASSERT_EQ(consent("email", "hansen.privat@example.dk").result(), status::ok);
  auto approved = Approve(id);
  ASSERT_EQ(approved.result(), status::ok) << approved.body();

  // Bad consents change nothing; the audit trail names consents, not the data.
  const std::string version = Etag(id);
  EXPECT_EQ(record("shoe_size", "42").result(), status::bad_request);
  EXPECT_EQ(Send(verb::post, "/v1/complaints/" + id + "/consents", Role::kDepartment,
                 R"({"kind": "name", "value": "x", "evidence": "y"})",
                 {{"Content-Type", "application/json"}, {"If-Match", version}}).result(),
            status::forbidden);
  EXPECT_EQ(Send(verb::post, "/v1/complaints/" + id + "/consents", Role::kCaseworker,
                 R"({"kind": "name", "value": "x", "evidence": "y"})",
                 {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}}).result(),
            status::conflict);
  EXPECT_EQ(Etag(id), version);
  auto events = Send(verb::get, "/v1/complaints/" + id + "/events", Role::kCaseworker);
  EXPECT_THAT(events.body(), HasSubstr("consent_revoked"));
  EXPECT_THAT(events.body(), Not(HasSubstr("JENS@example.dk")));
}

// The review could not correct a draft once drafted. A revision may be made
// before approval, and the department must receive the revised text.
TEST_F(PublicationHttpTest, ARevisedDraftNeedsANewNoticeBeforeApproval) {
  const std::string id = CaseReadyForApproval("Første udkast.");
  const auto revised = FireNow(id, Role::kCaseworker, "revise_publication",
                               R"({"publication_title": "Rettet titel", "publication_text": "Rettet tekst.",)"
                               R"( "concerns_discrimination": false})");
  ASSERT_EQ(revised.result(), status::ok) << revised.body();
  EXPECT_EQ(Parse<v1::Complaint>(revised).state(), "publication_drafted");
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "send_pre_publication_notice").result(), status::ok);
  // The first revision's notice was acknowledged; the second's not yet.
  auto refused = Approve(id);
  EXPECT_EQ(RefusedBy(refused), "notice_received");
  auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  ASSERT_EQ(pending.notices_size(), 1);
  EXPECT_EQ(pending.notices(0).payload().fields().at("publicationText").string_value(), "Rettet tekst.");
  EXPECT_EQ(pending.notices(0).payload().fields().at("publicationRevision").number_value(), 2);
  // One key style, lowerCamelCase, in everything the department receives.
  for (const auto& [key, value] : pending.notices(0).payload().fields()) {
    EXPECT_EQ(key.find('_'), std::string::npos) << key;
  }
  ASSERT_EQ(Send(verb::post, "/v1/notices/" + pending.notices(0).id() + ":acknowledge", Role::kDepartment).result(),
            status::ok);
  ASSERT_EQ(Approve(id).result(), status::ok);
  const std::string published = SendHttp(server_->port(), verb::get, "/v1/publications").body();
  EXPECT_THAT(published, HasSubstr("Rettet tekst."));
  EXPECT_THAT(published, Not(HasSubstr("Første udkast.")));
}

TEST_F(PublicationHttpTest, ANoticeCarryingTheComplainantsNameOrACprNumberIsRefusedAndOtherFindingsAreWarnings) {
  const std::string id = CaseInHearing();
  std::vector<WalkStep> steps = StepsToNoticeSent("Jens Hansen, 010190-1234, klagede til post@example.dk.");
  steps.pop_back();  // stop before the notice
  Walk(id, steps);
  // Before the notice goes out, the listing warns of each finding.
  auto listed = Parse<v1::ListTransitionsResponse>(Send(verb::get, "/v1/complaints/" + id + "/transitions", Role::kCaseworker));
  std::vector<std::string> findings;
  for (const auto& transition : listed.transitions()) {
    if (transition.name() != "send_pre_publication_notice") continue;
    for (const auto& finding : transition.personal_data()) {
      findings.push_back(finding.kind() + (finding.blocks() ? ":blocks:" : ":warns:") + finding.text());
    }
  }
  EXPECT_THAT(findings, ::testing::UnorderedElementsAre("name:blocks:Jens Hansen", "cpr:blocks:010190-xxxx",
                                                        "email:warns:post@example.dk"));
  for (const auto& transition : listed.transitions()) {
    if (transition.name() != "send_pre_publication_notice") continue;
    EXPECT_FALSE(transition.allowed());
    EXPECT_EQ(transition.refused_by(), "notify_department");
  }
  const auto version = Etag(id);
  auto refused = FireNow(id, Role::kCaseworker, "send_pre_publication_notice");
  EXPECT_EQ(RefusedBy(refused), "notify_department");
  EXPECT_THAT(refused.body(), Not(HasSubstr("1234")));
  EXPECT_EQ(Etag(id), version);
  EXPECT_EQ(Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment))
                .notices_size(),
            1);  // the hearing notice only
}

TEST_F(PublicationHttpTest, APublicationHoldStopsEveryApprovalUntilLifted) {
  const std::string id = CaseReadyForApproval();
  EXPECT_EQ(Send(verb::post, "/v1/publication-hold", Role::kCaseworker, R"({"reason": "x"})", kJson).result(),
            status::forbidden);
  EXPECT_EQ(Send(verb::post, "/v1/publication-hold", Role::kOmbudsman, R"({})", kJson).result(),
            status::bad_request);
  auto set = Send(verb::post, "/v1/publication-hold", Role::kOmbudsman,
                  R"({"reason": "Krisestyring: sag i pressen"})", kJson);
  ASSERT_EQ(set.result(), status::ok) << set.body();
  EXPECT_TRUE(Parse<v1::PublicationHold>(set).active());
  EXPECT_EQ(Send(verb::post, "/v1/publication-hold", Role::kOmbudsman, R"({"reason": "again"})", kJson).result(),
            status::conflict);

  auto refused = Approve(id);
  EXPECT_EQ(RefusedBy(refused), "no_publication_hold");
  EXPECT_THAT(Parse<v1::Error>(refused).message(), HasSubstr("Krisestyring"));
  EXPECT_TRUE(Parse<v1::PublicationHold>(Send(verb::get, "/v1/publication-hold", Role::kCaseworker)).active());

  auto lifted = Send(verb::post, "/v1/publication-hold:lift", Role::kOmbudsman, R"({"reason": "Krisen er ovre"})", kJson);
  ASSERT_EQ(lifted.result(), status::ok) << lifted.body();
  EXPECT_FALSE(Parse<v1::PublicationHold>(lifted).active());
  EXPECT_EQ(Send(verb::post, "/v1/publication-hold:lift", Role::kOmbudsman, R"({"reason": "x"})", kJson).result(),
            status::unprocessable_entity);
  auto approved = Approve(id);
  EXPECT_EQ(approved.result(), status::ok) << approved.body();
}

TEST_F(PublicationHttpTest, ThePublicListPagesNewestFirstAndRefusesUnknownFilters) {
  std::vector<std::string> cases;
  for (int i = 0; i < 3; ++i) {
    cases.push_back(CaseReadyForApproval());
    ASSERT_EQ(Approve(cases.back()).result(), status::ok);
  }
  auto first = Parse<v1::ListPublicationsResponse>(
      SendHttp(server_->port(), verb::get, "/v1/publications?page_size=2"));
  ASSERT_EQ(first.publications_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  auto second = Parse<v1::ListPublicationsResponse>(
      SendHttp(server_->port(), verb::get, "/v1/publications?page_size=2&page_token=" + first.next_page_token()));
  ASSERT_EQ(second.publications_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  // Newest first: the first case published is last.
  auto case_number = [&](const std::string& id) {
    return Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker)).case_number();
  };
  EXPECT_EQ(first.publications(0).case_number(), case_number(cases[2]));
  EXPECT_EQ(second.publications(0).case_number(), case_number(cases[0]));

  for (const char* bad : {"/v1/publications?state=draft", "/v1/publications?target=intranet",
                          "/v1/publications?page_token=garbage", "/v1/publications?sort=title"}) {
    auto refused = SendHttp(server_->port(), verb::get, bad);
    EXPECT_EQ(refused.result(), status::bad_request) << bad << ": " << refused.body();
  }
  // A token sent to the public list must be valid.
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/v1/publications", "", {{"Authorization", "Bearer nope"}}).result(),
            status::unauthorized);
}

class NoticePeriodHttpTest : public PublicationHttpTest {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--notice-period-days", "10"}; }
};

TEST_F(NoticePeriodHttpTest, NothingIsApprovedBeforeTheNoticePeriodEnds) {
  const std::string id = CaseReadyForApproval();
  auto refused = Approve(id);
  EXPECT_EQ(RefusedBy(refused), "publication_date_reached");
  EXPECT_THAT(Parse<v1::Error>(refused).message(), HasSubstr("notice period runs until"));
}

}  // namespace
}  // namespace ombudsflow::testing
