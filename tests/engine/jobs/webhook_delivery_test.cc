// Notice delivery by webhook against a real PostgreSQL and a real receiver on
// loopback, with the clock in the test's hand: when attempts happen, what the
// receiver gets, and what publication may do meanwhile.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "engine/core/base/calendar.h"
#include "engine/core/webhooks/delivery_schedule.h"
#include "engine/jobs/delivery_worker.h"
#include "engine/service/complaint_service.h"
#include "engine/service/notice_service.h"
#include "engine/service/system_clock.h"
#include "engine/service/transition_service.h"
#include "engine/service/webhook_service.h"
#include "engine/service/workflow_files.h"
#include "engine/store/complaint_store.h"
#include "engine/store/notice_store.h"
#include "engine/store/transition_store.h"
#include "engine/store/webhook_store.h"
#include "tests/support/case_walk.h"
#include "tests/support/fake_clock.h"
#include "tests/support/standard_rules.h"
#include "tests/support/test_database.h"
#include "tests/support/webhook_receiver.h"

namespace ombudsflow::testing {
namespace {

using std::chrono::seconds;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

Actor Person(Role role, std::string name, char n) {
  return Actor{role, role == Role::kDepartment ? "BUF" : "", std::move(name),
               std::string("00000000-0000-4000-8000-00000000000") + n};
}

const Actor kCaseworker = Person(Role::kCaseworker, "Anne", '1');
const Actor kOmbudsman = Person(Role::kOmbudsman, "Ole", '2');
const Actor kDepartment = Person(Role::kDepartment, "BUF", '3');
const Actor kAdministrator = Person(Role::kAdministrator, "Ada", '4');

const Actor& ActorFor(Role role) {
  switch (role) {
    case Role::kOmbudsman: return kOmbudsman;
    case Role::kDepartment: return kDepartment;
    default: return kCaseworker;
  }
}

class WebhookDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Migrated();
    pool_ = database_->Connect(4);
    // Intake records the registering token. These rows are only ever
    // referred to, never authenticated with: a system may hold no office
    // role (sql/0031), so those are stored revoked.
    for (const Actor* actor : {&kCaseworker, &kOmbudsman, &kDepartment, &kAdministrator}) {
      database_->Execute("INSERT INTO api_tokens (id, token_hash, role, department, name, expires_at, issued_by,"
                         " revoked_at) VALUES ('" +
                         actor->token_id + "', repeat('" + actor->token_id.back() + "', 64), '" +
                         std::string(RoleName(actor->role)) + "', nullif('" + actor->department +
                         "', ''), '" + actor->name + "', now() + interval '1 year', 'operator:test', " +
                         (actor->role == Role::kDepartment ? "NULL" : "now()") + ")");
    }
    auto workflows = service::LoadWorkflowDirectory(OMBUDSFLOW_WORKFLOWS_DIR, StandardRules(), ShippedReferrals(), ShippedThemes());
    ASSERT_TRUE(workflows.has_value()) << workflows.error().message;
    workflows_ = std::make_unique<WorkflowCatalog>(std::move(*workflows));
    complaint_store_ = std::make_unique<store::ComplaintStore>(*pool_, store::ComplaintStore::Options{});
    case_store_ = std::make_unique<store::TransitionStore>(*pool_, "UTC");
    notice_store_ = std::make_unique<store::NoticeStore>(*pool_);
    webhook_store_ = std::make_unique<store::WebhookStore>(*pool_);
    complaints_ = std::make_unique<service::ComplaintService>(*complaint_store_, *workflows_, clock_, ids_);
    auto letters = service::LoadLetterDirectory(OMBUDSFLOW_LETTERS_DIR, *workflows_);
    ASSERT_TRUE(letters.has_value()) << letters.error().message;
    letters_ = std::make_unique<service::LetterService>(std::move(*letters), calendar_,
                                                        [](const std::string&) { return std::string("Forvaltningen"); },
                                                        ShippedReferrals());
    transitions_ = std::make_unique<service::TransitionService>(
        *case_store_, *complaint_store_, *workflows_, StandardRules(), calendar_, clock_,
        service::TransitionOptions{.letters = letters_.get()});
    notices_ = std::make_unique<service::NoticeService>(*notice_store_, clock_);
    webhooks_ = std::make_unique<service::WebhookService>(*webhook_store_, clock_,
                                                          AddressPolicy{.allow_loopback = true});
    worker_ = MakeWorker(AddressPolicy{.allow_loopback = true});
  }

  std::unique_ptr<jobs::DeliveryWorker> MakeWorker(AddressPolicy policy) {
    // The middle of the jitter spread: every delay is the nominal one.
    return std::make_unique<jobs::DeliveryWorker>(
        *webhook_store_, clock_,
        jobs::DeliveryWorker::Options{.interval = std::chrono::milliseconds(1000), .batch_size = 32,
                                      .timeout = std::chrono::milliseconds(5000),
                                      .policy = policy, .public_base_url = "https://ombudsflow.test"},
        [] { return 0.5; });
  }

  v1::WebhookEndpoint Register(const std::string& url) {
    v1::CreateWebhookEndpointRequest request;
    request.set_department("BUF");
    request.set_url(url);
    request.set_secret(kSecret);
    auto created = webhooks_->Create(kAdministrator, request);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
    return created.value_or(v1::WebhookEndpoint{});
  }

  std::string NewCase() {
    v1::CreateComplaintRequest intake;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(kValidIntakeJson, &intake).ok());
    auto registered = complaints_->Register(kCaseworker, intake, "");
    if (!registered) {
      std::string why = registered.error().message;
      for (const auto& violation : registered.error().field_violations) {
        why += "; " + violation.field + ": " + violation.description;
      }
      throw std::runtime_error(why);
    }
    return registered->complaint.id();
  }

  void Walk(const std::string& id, const std::vector<WalkStep>& steps) {
    for (const auto& step : steps) {
      v1::TransitionRequest request;
      EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(step.json, &request).ok()) << step.json;
      request.set_expected_version(complaints_->Get(kCaseworker, id).value().version());
      auto fired = transitions_->Fire(ActorFor(step.role), id, request);
      EXPECT_TRUE(fired.has_value()) << step.json << ": " << (fired ? "" : fired.error().message);
    }
  }

  // A BUF complaint taken to 'awaiting_notice_receipt' at the clock's now:
  // BUF gets a hearing notice and a pre-publication notice.
  std::string CaseAwaitingReceipt() {
    const std::string id = NewCase();
    Walk(id, StepsToHearing());
    Walk(id, StepsToNoticeSent());
    return id;
  }

  // The same, but BUF acknowledged the hearing before registering `url`: only
  // the pre-publication notice is pushed.
  std::string CaseWithOnlyItsPrePublicationNoticePushed(const std::string& url, v1::WebhookEndpoint& endpoint) {
    const std::string id = NewCase();
    Walk(id, StepsToHearing());
    auto pending = notices_->List(kDepartment, NoticeQuery{.pending_only = true});
    for (const auto& notice : pending.value().page.notices()) {
      EXPECT_TRUE(notices_->Acknowledge(kDepartment, notice.id()).has_value());
    }
    endpoint = Register(url);
    Walk(id, StepsToNoticeSent());
    return id;
  }

  // Tries to approve; the error (or nothing when approval went through).
  std::optional<Error> Approve(const std::string& id) {
    auto current = complaints_->Get(kOmbudsman, id);
    v1::TransitionRequest request;
    request.set_name("approve_publication");
    request.set_expected_version(current.value().version());
    auto fired = transitions_->Fire(kOmbudsman, id, request);
    if (fired) return std::nullopt;
    return fired.error();
  }

  int RunOnce() {
    auto attempted = worker_->RunOnce();
    EXPECT_TRUE(attempted.has_value()) << attempted.error().message;
    return attempted.value_or(-1);
  }

  std::vector<v1::WebhookDelivery> Deliveries(const std::string& endpoint_id) {
    auto listed = webhooks_->Deliveries(kAdministrator, endpoint_id);
    EXPECT_TRUE(listed.has_value());
    return {listed->deliveries().begin(), listed->deliveries().end()};
  }

  FakeClock clock_;
  service::UuidGenerator ids_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<store::Database> pool_;
  std::unique_ptr<WorkflowCatalog> workflows_;
  std::unique_ptr<store::ComplaintStore> complaint_store_;
  std::unique_ptr<store::TransitionStore> case_store_;
  std::unique_ptr<store::NoticeStore> notice_store_;
  std::unique_ptr<store::WebhookStore> webhook_store_;
  std::unique_ptr<service::ComplaintService> complaints_;
  std::unique_ptr<service::LetterService> letters_;
  std::unique_ptr<service::TransitionService> transitions_;
  std::unique_ptr<service::NoticeService> notices_;
  std::unique_ptr<service::WebhookService> webhooks_;
  std::unique_ptr<jobs::DeliveryWorker> worker_;
};

TEST_F(WebhookDeliveryTest, RetriesAtTheBackoffTimesAndPublicationWaitsForTheFirstTwoHundred) {
  WebhookReceiver receiver(kSecret);
  receiver.SetDefault(WebhookReceiver::Answer(500));
  v1::WebhookEndpoint endpoint;
  const Timestamp sent = clock_.now;
  const std::string id = CaseWithOnlyItsPrePublicationNoticePushed(receiver.Url(), endpoint);

  // Attempt 1 at once, then 30 s, 1 min, 2 min later: nothing in between.
  EXPECT_EQ(RunOnce(), 1);
  const std::vector<std::pair<seconds, int>> timeline = {
      {seconds(29), 0}, {seconds(30), 1}, {seconds(89), 0}, {seconds(90), 1}, {seconds(209), 0}};
  for (const auto& [after, expected] : timeline) {
    clock_.now = sent + after;
    EXPECT_EQ(RunOnce(), expected) << "at +" << after.count() << " s";
    auto refused = Approve(id);
    ASSERT_TRUE(refused.has_value()) << "approved while the receiver fails";
    EXPECT_EQ(refused->refused_by, "notice_received");
  }
  auto deliveries = Deliveries(endpoint.id());
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].attempts(), 3);
  EXPECT_EQ(deliveries[0].last_status(), 500);
  EXPECT_EQ(deliveries[0].state(), v1::WebhookDelivery::PENDING);
  EXPECT_EQ(google::protobuf::util::TimeUtil::TimestampToMicroseconds(deliveries[0].next_attempt_time()),
            ToUnixMicros(sent + seconds(210)));

  receiver.SetDefault(WebhookReceiver::Answer(204));
  clock_.now = sent + seconds(210);
  EXPECT_EQ(RunOnce(), 1);
  EXPECT_FALSE(Approve(id).has_value()) << "the department received the notice";

  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& request : requests) {
    EXPECT_TRUE(request.signature_valid);
    EXPECT_EQ(request.webhook_id, requests[0].webhook_id) << "one id on every retry";
    EXPECT_EQ(request.body, requests[0].body);
  }
  // Each attempt is signed at its own time.
  EXPECT_EQ(std::stoll(requests[1].timestamp) - std::stoll(requests[0].timestamp), 30);
  // The payload is thin: identifiers and a link, no text and no citizen.
  EXPECT_THAT(requests[0].body, ::testing::HasSubstr("\"type\":\"notice.created\""));
  EXPECT_THAT(requests[0].body, ::testing::HasSubstr("\"notice\":\"pre_publication\""));
  EXPECT_THAT(requests[0].body, ::testing::HasSubstr("\"href\":\"https://ombudsflow.test/v1/notices/"));
  EXPECT_EQ(requests[0].body.find("Jens"), std::string::npos);
  EXPECT_EQ(requests[0].body.find("kritiserer"), std::string::npos);

  deliveries = Deliveries(endpoint.id());
  EXPECT_EQ(deliveries[0].state(), v1::WebhookDelivery::DELIVERED);
  EXPECT_EQ(deliveries[0].attempts(), 4);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE delivered_at IS NOT NULL"), 1);
  // Delivered is final: no more attempts.
  clock_.now += std::chrono::hours(24);
  EXPECT_EQ(RunOnce(), 0);
}

TEST_F(WebhookDeliveryTest, RetryAfterFrom503IsHonoured) {
  WebhookReceiver receiver(kSecret);
  receiver.Script({WebhookReceiver::Answer(503, {{"Retry-After", "120"}})});
  v1::WebhookEndpoint endpoint;
  const Timestamp sent = clock_.now;
  CaseWithOnlyItsPrePublicationNoticePushed(receiver.Url(), endpoint);
  EXPECT_EQ(RunOnce(), 1);
  clock_.now = sent + seconds(30);  // the backoff alone would retry now
  EXPECT_EQ(RunOnce(), 0);
  clock_.now = sent + seconds(120);
  EXPECT_EQ(RunOnce(), 1);
  EXPECT_EQ(receiver.Processed().size(), 1u);
}

TEST_F(WebhookDeliveryTest, GoneDisablesTheEndpointAndPublicationThenWaitsForAcknowledgement) {
  WebhookReceiver receiver(kSecret);
  receiver.SetDefault(WebhookReceiver::Answer(410));
  v1::WebhookEndpoint endpoint;
  const std::string id = CaseWithOnlyItsPrePublicationNoticePushed(receiver.Url(), endpoint);
  EXPECT_EQ(RunOnce(), 1);

  auto listed = webhooks_->List(kAdministrator);
  ASSERT_EQ(listed.value().endpoints_size(), 1);
  EXPECT_FALSE(listed->endpoints(0).active());
  EXPECT_THAT(listed->endpoints(0).disabled_reason(), ::testing::HasSubstr("410"));
  EXPECT_EQ(Deliveries(endpoint.id())[0].state(), v1::WebhookDelivery::ABANDONED);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox WHERE kind = 'office_alert'"
                              " AND payload->>'about' = 'webhook_endpoint_gone'"), 1);
  // Nothing more goes to a disabled endpoint, however long we wait.
  clock_.now += std::chrono::hours(72);
  EXPECT_EQ(RunOnce(), 0);
  EXPECT_EQ(receiver.Requests().size(), 1u);

  auto refused = Approve(id);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->refused_by, "notice_received");

  // The department pulls and acknowledges instead.
  auto pending = notices_->List(kDepartment, NoticeQuery{.pending_only = true});
  ASSERT_EQ(pending.value().page.notices_size(), 1);
  ASSERT_TRUE(notices_->Acknowledge(kDepartment, pending->page.notices(0).id()).has_value());
  EXPECT_FALSE(Approve(id).has_value());
}

TEST_F(WebhookDeliveryTest, TheLastFailedAttemptIsADeadLetterWithAnAlert) {
  WebhookReceiver receiver(kSecret);
  receiver.SetDefault(WebhookReceiver::Answer(500));
  v1::WebhookEndpoint endpoint;
  CaseWithOnlyItsPrePublicationNoticePushed(receiver.Url(), endpoint);
  for (int attempt = 1; attempt <= kMaxDeliveryAttempts; ++attempt) {
    EXPECT_EQ(RunOnce(), 1) << "attempt " << attempt;
    clock_.now += std::chrono::hours(13);  // beyond the longest delay
  }
  EXPECT_EQ(RunOnce(), 0);
  const auto deliveries = Deliveries(endpoint.id());
  EXPECT_EQ(deliveries[0].state(), v1::WebhookDelivery::DEAD_LETTER);
  EXPECT_EQ(deliveries[0].attempts(), kMaxDeliveryAttempts);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox WHERE kind = 'office_alert'"
                              " AND payload->>'about' = 'webhook_dead_letter'"), 1);
  EXPECT_TRUE(webhooks_->List(kAdministrator).value().endpoints(0).active())
      << "a dead letter does not disable the endpoint";
}

TEST_F(WebhookDeliveryTest, LoopbackIsRefusedUnlessTheDeploymentAllowsIt) {
  WebhookReceiver receiver(kSecret);
  v1::WebhookEndpoint endpoint;
  CaseWithOnlyItsPrePublicationNoticePushed(receiver.Url(), endpoint);
  worker_ = MakeWorker(AddressPolicy{});
  EXPECT_EQ(RunOnce(), 1);
  const auto deliveries = Deliveries(endpoint.id());
  EXPECT_EQ(deliveries[0].state(), v1::WebhookDelivery::PENDING);
  EXPECT_THAT(deliveries[0].last_error(), ::testing::HasSubstr("loopback"));
  EXPECT_TRUE(receiver.Requests().empty());

  // Registration refuses literal addresses the policy forbids.
  service::WebhookService strict(*webhook_store_, clock_, AddressPolicy{});
  for (const char* url : {"http://127.0.0.1:9/x", "https://10.0.0.5/x", "https://169.254.169.254/",
                          "https://[::1]/x"}) {
    v1::CreateWebhookEndpointRequest request;
    request.set_department("KF");
    request.set_url(url);
    auto refused = strict.Create(kAdministrator, request);
    ASSERT_FALSE(refused.has_value()) << url;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field_violations.at(0).field, "url");
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM webhook_endpoints WHERE department = 'KF'"), 0);
}

TEST_F(WebhookDeliveryTest, NoticesWaitingWhenAnEndpointIsRegisteredAreSentToIt) {
  const std::string id = CaseAwaitingReceipt();
  EXPECT_EQ(RunOnce(), 0);  // no endpoint yet: pull only
  WebhookReceiver receiver(kSecret);
  Register(receiver.Url());
  EXPECT_EQ(RunOnce(), 2);  // the hearing notice and the pre-publication notice
  EXPECT_EQ(receiver.Processed().size(), 2u);
  EXPECT_FALSE(Approve(id).has_value());
}

TEST_F(WebhookDeliveryTest, TwoWorkersSharingTheDatabaseNeverSendTheSameNoticeTwice) {
  WebhookReceiver receiver(kSecret);
  receiver.HoldFrom(0);  // every delivery waits at the latch until released
  Register(receiver.Url());
  for (int i = 0; i < 6; ++i) CaseAwaitingReceipt();  // 12 notices

  auto second_pool = database_->Connect(2);
  store::WebhookStore second_store(*second_pool);
  const jobs::DeliveryWorker::Options options{
      .batch_size = 4, .policy = AddressPolicy{.allow_loopback = true}, .public_base_url = "x"};
  jobs::DeliveryWorker second(second_store, clock_, options, [] { return 0.5; });
  worker_ = std::make_unique<jobs::DeliveryWorker>(*webhook_store_, clock_, options, [] { return 0.5; });

  // The first worker's four are in flight (claimed, committed, unanswered)
  // when the second claims: it gets four others.
  int first_sent = 0, second_sent = 0;
  std::thread first_round([&] { first_sent += RunOnce(); });
  ASSERT_TRUE(receiver.WaitUntilHeld(4));
  std::thread second_round([&] { second_sent += second.RunOnce().value_or(-1); });
  ASSERT_TRUE(receiver.WaitUntilHeld(8));
  receiver.Release();
  first_round.join();
  second_round.join();
  EXPECT_EQ(first_sent, 4);
  EXPECT_EQ(second_sent, 4);
  EXPECT_EQ(receiver.Processed().size(), 8u);
  EXPECT_EQ(receiver.Duplicates(), 0);
  // The rest, taken in turns.
  first_sent += RunOnce();
  second_sent += second.RunOnce().value_or(-1);
  EXPECT_EQ(first_sent + second_sent, 12);
  EXPECT_EQ(RunOnce(), 0);
  EXPECT_EQ(receiver.Requests().size(), 12u);
  EXPECT_EQ(receiver.Duplicates(), 0);
  EXPECT_EQ(receiver.Processed().size(), 12u);
}

TEST_F(WebhookDeliveryTest, NoDatabaseConnectionIsHeldWhileAReceiverTakesItsTime) {
  WebhookReceiver receiver(kSecret);
  receiver.HoldFrom(0);
  Register(receiver.Url());
  CaseAwaitingReceipt();
  // The worker's pool has one connection; the receiver keeps both sends
  // unanswered while that same connection serves something else.
  auto one = database_->Connect(1);
  store::WebhookStore store(*one);
  jobs::DeliveryWorker worker(store, clock_,
                              {.policy = AddressPolicy{.allow_loopback = true}, .public_base_url = "x"},
                              [] { return 0.5; });
  int sent = -1;
  std::thread round([&] { sent = worker.RunOnce().value_or(-1); });
  ASSERT_TRUE(receiver.WaitUntilHeld(2));
  auto listed = store.List();
  EXPECT_TRUE(listed.has_value()) << listed.error().message;
  receiver.Release();
  round.join();
  EXPECT_EQ(sent, 2);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered'"), 2);
}

TEST_F(WebhookDeliveryTest, AClaimWhoseServerDiedIsSentAgainOnlyAfterItsLeaseAndItsLateOutcomeIsIgnored) {
  WebhookReceiver receiver(kSecret);
  Register(receiver.Url());
  CaseAwaitingReceipt();  // two notices
  // A server claims both and dies before recording anything.
  auto orphaned = webhook_store_->Claim(clock_.Now(), 32, std::chrono::seconds(30));
  ASSERT_TRUE(orphaned.has_value());
  ASSERT_EQ(orphaned->size(), 2u);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM webhook_deliveries WHERE claim IS NOT NULL"), 2);

  EXPECT_EQ(RunOnce(), 0) << "sent while another server's claim stood";
  clock_.now += seconds(29);
  EXPECT_EQ(RunOnce(), 0);
  clock_.now += seconds(1);
  EXPECT_EQ(RunOnce(), 2);
  EXPECT_EQ(receiver.Processed().size(), 2u);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered'"
                              " AND attempts = 1 AND claim IS NULL"),
            2);

  // The dead server's outcome arrives late: it no longer counts.
  std::vector<store::AttemptRecord> late;
  for (const auto& delivery : *orphaned) {
    store::AttemptRecord& record = late.emplace_back();
    record.notice_id = delivery.notice_id;
    record.endpoint_id = delivery.endpoint_id;
    record.claim = delivery.claim;
    record.attempted_at = clock_.Now();
    record.status = 500;
    record.error = "late";
    record.decision = DecideAfterAttempt(1, {500, std::nullopt}, clock_.Now(), 0.5);
  }
  EXPECT_EQ(webhook_store_->Record(late).value_or(-1), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered'"
                              " AND last_error IS NULL"),
            2);
}

TEST_F(WebhookDeliveryTest, ASlowReceiverDoesNotHoldUpAnotherDepartmentsNotices) {
  WebhookReceiver slow(kSecret);
  slow.HoldFrom(0);  // BUF's receiver answers nothing until released
  WebhookReceiver fast(kSecret);
  Register(slow.Url());  // BUF
  v1::CreateWebhookEndpointRequest sof;
  sof.set_department("SOF");
  sof.set_url(fast.Url());
  sof.set_secret(kSecret);
  ASSERT_TRUE(webhooks_->Create(kAdministrator, sof).has_value());

  worker_ = std::make_unique<jobs::DeliveryWorker>(
      *webhook_store_, clock_,
      jobs::DeliveryWorker::Options{.interval = std::chrono::milliseconds(20), .concurrency = 2,
                                    .policy = AddressPolicy{.allow_loopback = true}, .public_base_url = "x"},
      [] { return 0.5; });
  worker_->Start();
  const std::string buf_case = NewCase();
  Walk(buf_case, StepsToHearing());  // BUF's hearing notice: held at its receiver
  // Only once BUF's delivery is in flight does SOF's notice exist.
  ASSERT_TRUE(slow.WaitUntilHeld(1));
  const std::string sof_case = NewCase();
  Walk(sof_case, {{Role::kCaseworker, R"({"name": "assisted_forwarding", "input": {"department_has_answered": false,
      "cannot_manage_alone": true, "has_other_help": false, "forwarded_to": "SOF"}})"}});
  ASSERT_TRUE(fast.WaitUntil([](const auto& got) { return !got.empty(); }, std::chrono::seconds(10)))
      << "SOF's notice waited for BUF's receiver";
  EXPECT_TRUE(slow.Processed().empty());
  slow.Release();
  worker_->Stop();
  EXPECT_EQ(slow.Processed().size(), 1u) << "stopping finishes the round in flight";
}

// A throwaway certificate authority and a server certificate for localhost,
// made with the openssl tool.
class TestCertificates {
 public:
  TestCertificates() {
    dir_ = std::filesystem::temp_directory_path() / ("ombudsflow-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const std::string d = dir_.string();
    const std::string script =
        "cd '" + d + "' && "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem"
        " -days 2 -subj '/CN=ombudsflow test CA' && "
        "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr"
        " -subj '/CN=localhost' && "
        "printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n' > ext.cnf && "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2"
        " -extfile ext.cnf";
    if (std::system(("(" + script + ") >/dev/null 2>&1").c_str()) != 0) {
      throw std::runtime_error("openssl could not make the test certificates");
    }
  }
  ~TestCertificates() { std::filesystem::remove_all(dir_); }

  [[nodiscard]] std::string Ca() const { return (dir_ / "ca.pem").string(); }
  [[nodiscard]] WebhookReceiver::TlsFiles Server() const {
    return {(dir_ / "server.pem").string(), (dir_ / "server.key").string()};
  }

 private:
  std::filesystem::path dir_;
};

TEST_F(WebhookDeliveryTest, HttpsDeliveriesVerifyTheReceiversCertificateAndName) {
  TestCertificates certificates;
  WebhookReceiver receiver(kSecret, certificates.Server());
  v1::WebhookEndpoint endpoint;
  CaseWithOnlyItsPrePublicationNoticePushed(receiver.HttpsUrl("localhost"), endpoint);

  // Without our CA the certificate is unknown: no delivery, and the record says why.
  EXPECT_EQ(RunOnce(), 1);
  auto deliveries = Deliveries(endpoint.id());
  EXPECT_EQ(deliveries[0].state(), v1::WebhookDelivery::PENDING);
  EXPECT_THAT(deliveries[0].last_error(), ::testing::HasSubstr("TLS handshake failed"));
  EXPECT_TRUE(receiver.Processed().empty());

  worker_ = std::make_unique<jobs::DeliveryWorker>(
      *webhook_store_, clock_,
      jobs::DeliveryWorker::Options{.policy = AddressPolicy{.allow_loopback = true},
                                    .public_base_url = "https://ombudsflow.test", .ca_file = certificates.Ca()},
      [] { return 0.5; });
  clock_.now += std::chrono::minutes(1);
  EXPECT_EQ(RunOnce(), 1);
  EXPECT_EQ(Deliveries(endpoint.id())[0].state(), v1::WebhookDelivery::DELIVERED);
  ASSERT_EQ(receiver.Processed().size(), 1u);
  EXPECT_TRUE(receiver.Requests().back().signature_valid);
}

TEST_F(WebhookDeliveryTest, HttpsRefusesACertificateForAnotherName) {
  TestCertificates certificates;
  WebhookReceiver receiver(kSecret, certificates.Server());
  v1::WebhookEndpoint endpoint;
  // The certificate names localhost; 127.0.0.1 is not in it.
  CaseWithOnlyItsPrePublicationNoticePushed(receiver.HttpsUrl("127.0.0.1"), endpoint);
  worker_ = std::make_unique<jobs::DeliveryWorker>(
      *webhook_store_, clock_,
      jobs::DeliveryWorker::Options{.policy = AddressPolicy{.allow_loopback = true},
                                    .public_base_url = "https://ombudsflow.test", .ca_file = certificates.Ca()},
      [] { return 0.5; });
  EXPECT_EQ(RunOnce(), 1);
  EXPECT_THAT(Deliveries(endpoint.id())[0].last_error(), ::testing::HasSubstr("TLS handshake failed"));
  EXPECT_TRUE(receiver.Processed().empty());
}

}  // namespace
}  // namespace ombudsflow::testing
