#include "api/server/server.h"

#include "api/citizen/citizen_door.h"

#include <curl/curl.h>
#include <unistd.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <mutex>
#include <optional>

#include "api/handlers/complaint_handlers.h"
#include "api/server/release.h"
#include "api/handlers/consent_handlers.h"
#include "api/handlers/case_document_handlers.h"
#include "api/handlers/min_sag_handlers.h"
#include "api/handlers/whistleblower_handlers.h"
#include "api/handlers/document_handlers.h"
#include "api/handlers/enquiry_handlers.h"
#include "api/handlers/health_handlers.h"
#include "api/handlers/notice_handlers.h"
#include "api/handlers/office_handlers.h"
#include "api/handlers/report_handlers.h"
#include "api/handlers/session_handlers.h"
#include "api/handlers/transition_handlers.h"
#include "api/handlers/webhook_handlers.h"
#include "api/handlers/workflow_handlers.h"
#include "api/http_server.h"
#include "api/metrics.h"
#include "api/request_log.h"
#include "api/web/product_documents.h"
#include "api/web/web_routes.h"
#include "engine/core/base/calendar.h"
#include "engine/core/workflow/meanings.h"
#include "engine/core/citizens/citizen_stage.h"
#include "engine/jobs/audit_anchor_writer.h"
#include "engine/jobs/citizen_notification_worker.h"
#include "engine/jobs/bounce_reader.h"
#include "engine/jobs/newsletter_sender.h"
#include "engine/jobs/product_document_job.h"
#include "engine/jobs/survey_inviter.h"
#include "engine/jobs/delivery_worker.h"
#include "engine/jobs/letter_channels.h"
#include "engine/jobs/document_scan_job.h"
#include "engine/jobs/periodic_job.h"
#include "engine/jobs/letter_worker.h"
#include "engine/jobs/pdf_renderer.h"
#include "engine/jobs/retention_worker.h"
#include "engine/jobs/tally_compactor.h"
#include "engine/jobs/timer_worker.h"
#include "engine/service/alert_service.h"
#include "engine/service/audit_anchor_line.h"
#include "engine/service/complaint_service.h"
#include "engine/service/consent_service.h"
#include "engine/service/document_service.h"
#include "engine/service/enquiry_service.h"
#include "engine/service/holiday_file.h"
#include "engine/service/hotline_service.h"
#include "engine/service/letter_service.h"
#include "engine/service/notice_service.h"
#include "engine/service/office_service.h"
#include "engine/service/citizen_mitid_service.h"
#include "engine/service/oidc_service.h"
#include "engine/service/publication_service.h"
#include "engine/service/report_service.h"
#include "engine/service/retention_service.h"
#include "engine/service/system_clock.h"
#include "engine/service/token_service.h"
#include "engine/service/transition_service.h"
#include "engine/service/user_service.h"
#include "engine/service/webhook_service.h"
#include "engine/service/workflow_files.h"
#include "engine/service/workflow_labels.h"
#include "engine/store/alert_store.h"
#include "engine/store/audit_anchor_store.h"
#include "engine/store/complaint_store.h"
#include "engine/store/database.h"
#include "engine/store/case_document_store.h"
#include "engine/store/content_store.h"
#include "engine/store/document_store.h"
#include "engine/store/enquiry_store.h"
#include "engine/store/letter_store.h"
#include "engine/store/migrator.h"
#include "engine/store/running_servers_store.h"
#include "engine/store/notice_store.h"
#include "engine/store/notification_listener.h"
#include "engine/store/office_store.h"
#include "engine/store/citizen_identity_store.h"
#include "engine/store/complaint_form_file_store.h"
#include "engine/store/oidc_store.h"
#include "engine/store/operations_store.h"
#include "engine/store/publication_store.h"
#include "engine/store/report_store.h"
#include "engine/store/retention_store.h"
#include "engine/store/session_store.h"
#include "engine/store/token_store.h"
#include "engine/store/transition_store.h"
#include "engine/store/distribution_list_store.h"
#include "engine/store/survey_store.h"
#include "engine/store/newsletter_store.h"
#include "engine/store/subscriber_access_store.h"
#include "engine/store/press_store.h"
#include "engine/service/press_service.h"
#include "engine/service/distribution_list_service.h"
#include "engine/service/survey_service.h"
#include "engine/service/newsletter_service.h"
#include "engine/store/user_store.h"
#include "engine/store/whistleblower_store.h"
#include "engine/store/webhook_store.h"

namespace ombudsflow::server {
namespace {

// Why the server could not be built; Build turns it into an Error after
// everything built so far has been torn down again.
struct BuildFailure {
  std::string message;
};

template <class T, class E>
T Must(std::expected<T, E> result, const std::string& what);

// A template file of `folder`, whole.
Result<std::string> ReadTemplate(const std::string& folder, const char* name) {
  std::ifstream in(std::filesystem::path(folder) / name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return std::unexpected(MakeError(ErrorCode::kInvalidArgument, folder + "/" + name + " cannot be read"));
  return text.str();
}

// The newsletter's e-mail templates in `folder`.
Result<NewsletterTemplates> LoadNewsletterTemplates(const std::string& folder) {
  std::string texts[2];
  const char* names[2] = {"email.html.mustache", "email.txt.mustache"};
  for (int i = 0; i < 2; ++i) {
    std::ifstream in(std::filesystem::path(folder) / names[i], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return std::unexpected(MakeError(ErrorCode::kInvalidArgument, folder + "/" + names[i] + " cannot be read"));
    texts[i] = text.str();
  }
  return NewsletterTemplates::Parse(std::move(texts[0]), std::move(texts[1]));
}

template <class T, class E>
T Must(std::expected<T, E> result, const std::string& what) {
  if (!result) {
    if constexpr (std::is_same_v<E, std::string>) {
      throw BuildFailure{what + result.error()};
    } else {
      throw BuildFailure{what + result.error().message};
    }
  }
  return std::move(*result);
}

std::vector<std::string> ThemeIds(const v1::ThemeVocabulary& themes) {
  std::vector<std::string> ids;
  for (const v1::Theme& theme : themes.theme()) ids.push_back(theme.id());
  return ids;
}

HolidayCalendar OfficeCalendar(const ServeConfig& config) {
  HolidayCalendar calendar = HolidayCalendar::Danish();
  if (config.office.holidays_file) {
    if (auto added = service::AddClosedDaysFromFile(*config.office.holidays_file, calendar); !added) {
      throw BuildFailure{added.error().message};
    }
  }
  return calendar;
}

std::unique_ptr<store::Database> ConnectChecked(const ServeConfig& config, unsigned pool_size) {
  auto database = Must(store::Database::Connect({.conninfo = config.database.conninfo, .pool_size = pool_size}), "");
  const auto migrations = Must(store::ReadMigrations(config.folders.migrations), "");
  auto schema = store::CheckMigrationsApplied(*database, migrations);
  if (!schema) throw BuildFailure{schema.error().message};
  if (!schema->newer.empty()) {
    // A rolling upgrade under way: a newer release migrated, this one still serves.
    spdlog::warn("the schema has {} migration(s) newer than this server ({} to {}), none breaking it",
                 schema->newer.size(), schema->newer.front(), schema->newer.back());
  }
  return database;
}

std::string HostName() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "unknown";
  return name.data();
}

std::string NewestMigration(const ServeConfig& config) {
  return Must(store::ReadMigrations(config.folders.migrations), "").back().name;
}

std::string StyleSources(const LetterCatalog& catalog) {
  std::string sources;
  for (const std::string& hash : catalog.StyleHashes()) sources += (sources.empty() ? "" : " ") + hash;
  return sources;
}

// The public contacts that name a department, by its code.
std::map<std::string, v1::PublicContact, std::less<>> DepartmentContacts(const v1::PublicContactList& list) {
  std::map<std::string, v1::PublicContact, std::less<>> contacts;
  for (const v1::PublicContact& contact : list.contact()) {
    if (!contact.department().empty()) contacts.emplace(contact.department(), contact);
  }
  return contacts;
}

std::optional<service::RateLimiter> RateLimiterOf(unsigned per_minute, unsigned burst) {
  if (per_minute == 0) return std::nullopt;
  return std::optional<service::RateLimiter>(std::in_place, static_cast<int>(per_minute), static_cast<int>(burst));
}

void InitialiseCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

// Every part, in the order it is built; members are destroyed in reverse.
// Adding a service or a job is one member here (and, for a job, one line
// in Start and Wait).
struct Server::Parts {
  explicit Parts(const ServeConfig& given);

  const ServeConfig config;

  // What is read from files at start: a gap stops the start, not a page.
  const HolidayCalendar calendar = OfficeCalendar(config);
  const service::WorkflowFolder folder =
      Must(service::LoadWorkflowFolder(config.folders.workflows), "the workflow definitions are invalid:\n");
  const RuleRegistry& rules = folder.rules;
  const WorkflowCatalog& workflows = folder.catalog;
  service::LetterTemplates letter_templates =
      Must(service::LoadLetterDirectory(config.folders.letters, workflows), "the letter templates are invalid: ");
  const LetterOffice letterhead = letter_templates.office;
  const std::string letter_style_src = StyleSources(letter_templates.catalog);
  const api::web::MessageCatalog messages =
      Must(api::web::MessageCatalog::Load(config.folders.web_templates + "/messages"), "the workplace's texts are invalid: ");
  const api::web::PageTemplates templates =
      Must(api::web::PageTemplates::Load(config.folders.web_templates, messages), "the workplace's templates are invalid: ");
  const api::web::StaticAssets assets =
      Must(api::web::StaticAssets::Load(config.folders.web_static), "the workplace's static files are missing: ");
  const service::WorkflowLabels labels = Must(service::WorkflowLabels::Load(config.folders.workflows, workflows), "");
  const api::citizen::CitizenTexts citizen_texts = Must(
      api::citizen::CitizenTexts::Load(config.folders.citizen_templates + "/messages"), "the citizens' texts are invalid: ");
  const api::web::PageTemplates citizen_templates =
      Must(api::web::PageTemplates::Load(config.folders.citizen_templates,
                                         [this](std::string_view key) { return citizen_texts.HasKey(key); }),
           "the citizens' templates are invalid: ");

  // Two pools: requests', and the background jobs' own.
  std::unique_ptr<store::Database> database = ConnectChecked(config, config.database.request_pool);
  std::unique_ptr<store::Database> jobs_database =
      Must(store::Database::Connect({.conninfo = config.database.conninfo, .pool_size = config.database.jobs_pool}), "");

  service::SystemClock clock;
  service::UuidGenerator ids;
  api::ServerMetrics metrics;

  // Sign-in and credentials.
  store::TokenStore token_store{*database};
  service::TokenService tokens{token_store, clock, config.limits.token_cache};
  // Revocations reach every server at once through the database.
  store::NotificationListener revocations{
      config.database.conninfo, "ombudsflow_token_revoked",
      {.notified = [this](const std::string& hash) { tokens.Forget(hash); },
       .listening = [this](bool listening) { tokens.SetListening(listening); }}};
  store::UserStore user_store{*database};
  store::SessionStore session_store{*database};
  // Every password this server hashes or checks takes a turn here.
  service::PasswordHasher password_hasher{config.limits.password_hash};
  service::SessionService sessions{session_store, user_store, password_hasher, clock, config.limits.sessions,
                                   config.limits.session_cache};
  store::NotificationListener ended_sessions{
      config.database.conninfo, service::SessionService::kSessionEndedChannel,
      {.notified = [this](const std::string& hash) { sessions.Forget(hash); },
       .listening = [this](bool listening) { sessions.SetListening(listening); }}};
  store::OidcStore oidc_store{*database};
  std::optional<service::OidcService> oidc;
  service::UserService users{user_store, clock, password_hasher};

  // The office and its letters.
  store::OfficeStore office_store{*database};
  service::OfficeService office{office_store, clock};
  // Letters name the department in full; the office's list is cached.
  const service::LetterService letters{std::move(letter_templates), calendar,
                                       [this](const std::string& code) -> Result<std::string> {
                                         auto departments = office.Departments();
                                         if (!departments) return std::unexpected(departments.error());
                                         for (const auto& department : *departments) {
                                           if (department.code == code) return department.name;
                                         }
                                         // Not (or no longer) in the list: its code.
                                         return code;
                                       },
                                       folder.referrals};

  // Cases: intake, transitions, and what hangs off them.
  service::CaseCache case_cache{config.database.case_cache};
  store::ComplaintStore complaint_store{*database, {.office_time_zone = config.office.time_zone}};
  store::TransitionStore transition_store{*database, config.office.time_zone};
  // Each complaint is acknowledged with a letter saying what happens next.
  service::ComplaintService complaints{complaint_store, workflows, clock, ids, &case_cache, &letters, &calendar};
  const service::TransitionOptions transition_options{
      .notice_period_days = config.office.notice_period_days,
      .case_cache = &case_cache,
      .letters = &letters,
      .tally = [this](const service::TransitionTally& tally) { metrics.Count(tally); }};
  service::TransitionService transitions{transition_store, complaint_store, workflows, rules, calendar,
                                         clock, transition_options};
  service::AssignmentService assignments{transition_store, user_store, rules, calendar, clock};
  service::ClassificationService classification{transition_store, rules, calendar, clock, folder.kle};
  service::ConsentService consents{transition_store, rules, calendar, clock, ids};
  service::HotlineService hotline{complaints, transitions};
  store::DocumentStore document_store{*database};
  service::DocumentService documents{document_store};
  // The case file's documents: bytes in PostgreSQL, scanned by clamd.
  const service::DocumentLimits document_limits{.max_file_bytes = config.documents.max_file_bytes,
                                                .max_case_bytes = config.documents.max_case_bytes,
                                                .allowed_types = config.documents.allowed_types,
                                                .spool_directory = config.documents.spool_folder};
  store::PostgresContentStore document_contents;
  const service::ClamdScanner clamd{config.documents.clamd_socket, config.documents.clamd_timeout};
  store::CaseDocumentStore case_document_store{*database, document_contents};
  service::CaseDocumentService case_documents{case_document_store, transition_store, clamd, clock, ids,
                                              document_limits};
  // Documents kept while clamd was away are scanned on the jobs' pool.
  store::CaseDocumentStore scan_store{*jobs_database, document_contents};
  service::CaseDocumentService scan_documents{scan_store, transition_store, clamd, clock, ids, document_limits};
  jobs::DocumentScanJob document_scans{scan_documents, config.documents.scan_interval};
  // The citizens' own door: the public complaint form.
  store::ComplaintFormStore complaint_form_store{*database};
  store::CitizenIdentityStore citizen_identities{*database};
  // The form's documents step: files held with the draft until it is sent.
  store::ComplaintFormFileStore complaint_form_file_store{*database, document_contents};
  service::ComplaintFormFiles complaint_form_files{complaint_form_file_store, complaint_form_store, case_documents,
                                                   clock, ids, store::StagedFileLimits{}};
  service::ComplaintFormService complaint_form{complaint_form_store, citizen_identities, complaint_form_files,
                                               complaints, office, &letters, workflows, clock,
                                               config.limits.complaint_form};
  // A draft's answers and files are personal data: gone within minutes of
  // expiring, however quiet the form is.
  jobs::PeriodicJob complaint_form_purge{"complaint form purge", std::chrono::minutes(5),
                                         [this] { return complaint_form.PurgeExpired(); }};
  // Min sag: the citizen's own page of their case.
  store::CitizenLinkStore citizen_links{*database};
  store::CitizenLetterStore citizen_letters{*database};
  store::CitizenNotificationStore citizen_notifications{*database};
  service::MinSagService min_sag{citizen_links, citizen_letters, citizen_notifications, complaint_store, complaints,
                                 case_documents, labels, &letters, clock, config.limits.min_sag};
  jobs::PeriodicJob min_sag_purge{"min sag purge", std::chrono::minutes(5), [this] { return min_sag.PurgeExpired(); }};
  // The discrimination hotline's public form.
  service::HotlineFormService hotline_form{complaints, complaint_store, clock, config.limits.hotline_form};
  // The whistleblower channel: reports, their way back in, the identity.
  store::WhistleblowerStore whistleblower_store{*database};
  service::WhistleblowerService whistleblower{whistleblower_store, complaints,    complaint_store, min_sag,
                                              citizen_links,       transition_store, user_store,   password_hasher,
                                              rules,               calendar,         clock,        config.limits.whistleblower};
  // Citizens' MitID, when the municipality's broker is configured.
  std::optional<service::CitizenMitidService> citizen_mitid;
  store::EnquiryStore enquiry_store{*database};
  service::EnquiryService enquiries{enquiry_store, letters, clock, ids};
  store::ReportStore report_store{*database};
  service::ReportService reports{report_store, folder.themes, folder.kle, WorkflowMeanings(workflows.All()), clock,
                                 {.year_start = config.office.year_start}};
  store::PublicationStore publication_store{*database};
  service::PublicationService publications{publication_store};
  store::AlertStore alert_store{*database};
  service::AlertService alerts{alert_store, clock};
  store::NoticeStore notice_store{*database};
  service::NoticeService notices{notice_store, clock};
  store::WebhookStore webhook_store{*database};
  service::WebhookService webhooks{webhook_store, clock, config.webhooks.policy};

  // E-mail by SMTP: letters (the letter job) and one-time links, sent while
  // the administrator waits.
  std::optional<jobs::SmtpChannel> smtp;
  // The newsletter: subscribers, issues, their release.
  const NewsletterTemplates newsletter_templates = Must(LoadNewsletterTemplates(config.folders.newsletter_templates),
                                                        "the newsletter's templates are invalid: ");
  // The products' published document, and the press release's template.
  const std::string product_document_template =
      Must(ReadTemplate(config.folders.newsletter_templates, "document.html.mustache"),
           "the products' document template: ");
  const std::string press_release_start =
      Must(ReadTemplate(config.folders.newsletter_templates, "press_release.txt.mustache"),
           "the press release's template: ");
  store::NewsletterStore newsletter_store{*database};
  std::optional<service::NewsletterService> newsletter;
  store::DistributionListStore distribution_list_store{*database};
  // The satisfaction survey: its public door, and its job on the jobs' pool.
  store::SurveyStore survey_store{*database};
  std::optional<service::SurveyService> survey;
  service::DistributionListService distribution_lists{distribution_list_store, clock, ids};
  // Who may see the subscribers' addresses.
  store::SubscriberAccessStore subscriber_access_store{*database};
  service::SubscriberAccessService subscriber_access{subscriber_access_store, newsletter_store, clock, ids};
  // The press log.
  store::PressStore press_store{*database};
  service::PressService press{press_store, transition_store, complaint_store, clock, ids};

  // The HTTP API and the workplace on it.
  std::optional<service::RateLimiter> token_rates =
      RateLimiterOf(config.limits.per_token_per_minute, config.limits.per_token_burst);
  std::optional<service::RateLimiter> anonymous_rates =
      RateLimiterOf(config.limits.anonymous_per_minute, config.limits.anonymous_burst);
  api::HttpApi http_api{tokens};
  const api::web::Workplace workplace{
      messages, templates, assets, labels,
      api::web::WorkplaceOptions{.secure_cookies = config.listening.secure_cookies,
                                 .oidc = config.oidc.has_value(),
                                 .session_idle = sessions.settings().idle_timeout,
                                 .time_zone = config.office.time_zone,
                                 .embed_origins = config.listening.embed_publications_in,
                                 .public_url = config.listening.public_url.value_or(""),
                                 .letter_style_src = letter_style_src}};
  const api::web::WorkflowDiagrams diagrams{workplace};
  const api::citizen::CitizenDoor citizen_door{citizen_texts, citizen_templates, assets,
                                               {.secure_cookies = config.listening.secure_cookies,
                                                .office = &letters.Office(),
                                                .mitid = config.citizen_oidc.has_value()}};
  api::HttpApi metrics_api{tokens};

  // Listeners; the request workers run handlers off the I/O threads.
  net::io_context io{static_cast<int>(config.listening.io_threads)};
  net::thread_pool workers{config.database.request_pool};
  std::optional<api::HttpServer> http_server;
  std::optional<api::HttpServer> metrics_server;
  std::optional<net::signal_set> signals;
  std::string public_url;

  // Background jobs, on the jobs' pool: timers fire the same transitions
  // through stores of their own.
  store::TransitionStore timer_transition_store{*jobs_database, config.office.time_zone};
  store::ComplaintStore timer_complaint_store{*jobs_database, {.office_time_zone = config.office.time_zone}};
  service::TransitionService timer_transitions{timer_transition_store, timer_complaint_store, workflows,
                                               rules, calendar, clock, transition_options};
  jobs::TimerWorker timers{timer_transitions, config.timers.interval, config.timers.batch};
  store::WebhookStore delivery_store{*jobs_database};
  std::optional<jobs::DeliveryWorker> deliveries;
  store::TransitionStore retention_cases{*jobs_database, config.office.time_zone};
  store::RetentionStore retention_store{*jobs_database};
  service::RetentionService retention{retention_cases, retention_store, workflows, rules, calendar, clock,
                                      std::chrono::days(config.office.retention_days)};
  jobs::RetentionWorker retention_worker{retention, std::chrono::hours(24)};
  // This server in the running servers' table, which `migrate` reads before
  // a contract migration: announced at Start and every 15 s, gone at stop.
  store::RunningServersStore running_servers{*jobs_database};
  const store::RunningServer self{.id = ids.NewId(),
                                  .release = std::string(api::Release()),
                                  .newest_migration = NewestMigration(config),
                                  .host = HostName(),
                                  .pid = static_cast<int>(::getpid())};
  jobs::PeriodicJob presence{"running server", std::chrono::seconds(15), [this]() -> Result<bool> {
                               if (auto announced = running_servers.Announce(self); !announced) {
                                 return std::unexpected(announced.error());
                               }
                               return false;
                             }};
  // The reports' tallies, folded into their daily sums.
  store::ReportStore compactor_store{*jobs_database};
  jobs::TallyCompactor tally_compactor{compactor_store, std::chrono::seconds(5)};
  // The audit anchor: checkpoints of the chain heads in a file outside the database.
  store::AuditAnchorStore anchor_store{*jobs_database};
  std::unique_ptr<jobs::AuditAnchorWriter> anchor_writer;
  // Letters: PDF by WeasyPrint, then e-mail or print.
  store::LetterStore letter_store{*jobs_database, document_contents};
  jobs::WeasyPrintRenderer pdf_renderer{config.letters.weasyprint};
  std::optional<jobs::PrintFolderChannel> print;
  std::optional<jobs::LetterWorker> letter_worker;
  // E-mails to citizens carry a link to Min sag made as they leave.
  store::CitizenLinkStore job_citizen_links{*jobs_database};
  store::CitizenNotificationStore job_citizen_notifications{*jobs_database};
  std::optional<jobs::CitizenNotificationWorker> citizen_notifier;
  store::NewsletterStore job_newsletter_store{*jobs_database};
  std::optional<jobs::NewsletterSender> newsletter_sender;
  std::optional<jobs::BounceReader> bounce_reader;
  std::optional<jobs::ProductDocumentJob> product_documents;
  store::SurveyStore job_survey_store{*jobs_database};
  std::optional<service::SurveyService> job_survey;
  std::optional<jobs::SurveyInviter> survey_inviter;
  store::OperationsStore operations_store{*jobs_database};

 private:
  void AddRoutes();
  void Listen();
  void WireJobs();
};

Server::Parts::Parts(const ServeConfig& given) : config(given) {
  // Min sag names every stage a case can be in, in every language.
  for (std::string_view stage : kCitizenStages) {
    for (const std::string& key : {"stage_" + std::string(stage), "stage_" + std::string(stage) + "_text"}) {
      if (!citizen_texts.HasKey(key)) {
        throw BuildFailure{"the citizens' texts are invalid: " + config.folders.citizen_templates +
                           "/messages has no \"" + key + "\""};
      }
    }
  }
  if (config.oidc) oidc.emplace(*config.oidc, oidc_store, user_store, sessions, clock);
  if (config.citizen_oidc) {
    citizen_mitid.emplace(*config.citizen_oidc, oidc_store, citizen_identities, complaint_store, citizen_links,
                          complaint_form, min_sag, labels, clock, service::CitizenMitidSettings{});
  }
  if (config.letters.smtp) {
    InitialiseCurlOnce();
    const auto& smtp_config = *config.letters.smtp;
    smtp.emplace(jobs::SmtpChannel::Options{.url = smtp_config.url,
                                            .from = smtp_config.from.empty() ? letterhead.email : smtp_config.from,
                                            .from_name = letterhead.name,
                                            .username = smtp_config.username,
                                            .password = smtp_config.password,
                                            .require_tls = smtp_config.require_tls});
  }
  newsletter.emplace(newsletter_store, transition_store, workflows, rules, calendar, clock, ids,
                     smtp ? &*smtp : nullptr,
                     service::NewsletterService::Options{.public_url = {},
                                                         .office_name = letterhead.name,
                                                         .notice_period_days = config.office.notice_period_days,
                                                         .year_start = config.office.year_start,
                                                         .starting_texts = {{"press_release", press_release_start}},
                                                         .theme_ids = ThemeIds(folder.themes)});
  survey.emplace(survey_store, service::SurveyedEndings(workflows, labels), clock, nullptr,
                 service::SurveyService::Options{.public_url = {}, .office_name = letterhead.name});
  AddRoutes();
  Listen();
  WireJobs();
}

void Server::Parts::AddRoutes() {
  http_api.TrustProxies(config.listening.trusted_proxies);
  if (token_rates) http_api.LimitRates(*token_rates, clock);
  if (anonymous_rates) http_api.LimitAnonymous(*anonymous_rates, clock);
  api::AddHealthRoutes(http_api, *database);
  api::AddComplaintRoutes(http_api, complaints);
  api::AddTransitionRoutes(http_api, transitions);
  api::AddDocumentRoutes(http_api, documents, transitions);
  api::AddCaseDocumentRoutes(http_api, case_documents);
  api::AddMinSagRoutes(http_api, case_documents, min_sag);
  api::AddEnquiryRoutes(http_api, enquiries);
  api::AddReportRoutes(http_api, reports);
  api::AddWorkflowRoutes(http_api, workflows);
  api::AddNoticeRoutes(http_api, notices);
  api::AddWebhookRoutes(http_api, webhooks);
  api::AddConsentRoutes(http_api, consents);
  api::AddHotlineRoutes(http_api, hotline);
  api::AddOfficeRoutes(http_api, office);
  api::AddPublicationRoutes(http_api, publications);
  api::AddAlertRoutes(http_api, alerts);
  const api::SessionRouteOptions session_routes{.secure_cookies = config.listening.secure_cookies};
  api::AddSessionRoutes(http_api, sessions, session_routes);
  api::AddOidcRoutes(http_api, oidc ? &*oidc : nullptr, sessions, session_routes);
  api::AddAssignmentRoutes(http_api, assignments);
  api::AddClassificationRoutes(http_api, classification);
  api::web::AddWebRoutes(http_api, workplace,
                         api::web::WebServices{sessions, complaints, transitions, notices, office, users, assignments, classification,
                                               publications, webhooks, tokens, alerts, documents, case_documents, enquiries, reports,
                                               workflows, clock, smtp ? &*smtp : nullptr, &pdf_renderer, &min_sag,
                                               &whistleblower},
                         diagrams);
  api::citizen::AddMitidPages(http_api, citizen_door, citizen_mitid ? &*citizen_mitid : nullptr,
                              std::chrono::duration_cast<std::chrono::seconds>(config.limits.min_sag.session_idle));
  api::citizen::AddComplaintFormPages(http_api, citizen_door, complaint_form, DepartmentContacts(folder.contacts));
  api::citizen::AddMinSagPages(
      http_api, citizen_door, min_sag, clock,
      [this](const std::string& code) {
        auto name = letters.DepartmentName(code);
        return name ? *name : code;
      },
      citizen_mitid ? &*citizen_mitid : nullptr);
  api::citizen::AddWhistleblowerPages(
      http_api, citizen_door, whistleblower,
      std::chrono::duration_cast<std::chrono::seconds>(config.limits.min_sag.session_idle));
  api::AddWhistleblowerRoutes(http_api, whistleblower);
  api::citizen::AddHotlinePages(http_api, citizen_door, hotline_form);
  // The feed before the issue pages' /nyhedsbrev/{number}: the first match wins.
  api::citizen::AddAtomFeed(http_api, publications, *newsletter, [this] { return public_url; }, letterhead.name);
  api::citizen::AddNewsletterPages(http_api, citizen_door, *newsletter);
  api::citizen::AddSurveyPages(http_api, citizen_door, *survey);
  api::web::AddDistributionListPages(http_api, workplace, distribution_lists);
  api::web::AddSubscriberPages(http_api, workplace, subscriber_access);
  api::web::AddNewsletterPages(http_api, workplace, *newsletter, distribution_lists, newsletter_templates,
                               folder.themes);
  newsletter->SetDocumentOf(api::web::ProductDocuments(workplace, reports, product_document_template));
  api::web::AddPressPages(http_api, workplace, press, users);
  api::AddMetricsRoutes(metrics_api, metrics);
  if (const auto unpoliced = http_api.Unpoliced(); !unpoliced.empty()) {
    std::string message = "these routes have no row in the authorization policy (api/route_policy.cc):";
    for (const auto& route : unpoliced) message += "\n" + std::string(http::to_string(route.method)) + " " + route.pattern;
    throw BuildFailure{message};
  }
}

void Server::Parts::Listen() {
  const auto& listening = config.listening;
  const auto bind = [this](const std::string& what, const api::HttpApi& api, api::HttpServer::Options options,
                           std::optional<api::HttpServer>& into) {
    try {
      into.emplace(io, workers, api, std::move(options));
    } catch (const boost::system::system_error& error) {
      throw BuildFailure{"cannot listen on " + what + ": " + error.code().message()};
    }
  };
  bind(listening.endpoint.address().to_string() + ":" + std::to_string(listening.endpoint.port()), http_api,
       api::HttpServer::Options{.listen = listening.endpoint,
                                .body_limit = listening.body_limit,
                                // A multipart body holds the file and a few short fields.
                                .upload_body_limit = config.documents.max_file_bytes + 1024 * 1024,
                                .spool_directory = config.documents.spool_folder,
                                .upload_idle_timeout = config.documents.upload_idle_timeout,
                                .upload_timeout = config.documents.upload_timeout,
                                .max_uploads = config.documents.max_uploads,
                                .read_timeout = listening.request_timeout,
                                .idle_timeout = listening.idle_timeout,
                                .max_connections = api::HttpServer::ConnectionCap(listening.max_connections),
                                .max_connections_per_address = listening.max_connections_per_address,
                                .connection_limit_exempt = listening.connection_limit_exempt},
       http_server);
  if (listening.metrics) {
    bind("the metrics address", metrics_api, api::HttpServer::Options{.listen = *listening.metrics, .max_connections = 64},
         metrics_server);
  }
  // Metrics and the request log see every request the public listener answers.
  metrics.ReadAtScrape({.open_connections = [this] { return http_server->open_connections(); },
                        .pool = [this] { return database->Stats(); },
                        .pool_size = config.database.request_pool,
                        .operations = [this] { return operations_store.Snapshot(); }});
  const api::RequestObserver request_log = listening.request_log ? api::RequestLogger(clock) : api::RequestObserver();
  http_api.ObserveRequestsWith([this, request_log](const api::RequestRecord& record) {
    metrics.Observe(record);
    if (request_log) request_log(record);
  });
  const auto bound = http_server->local_endpoint();
  public_url = listening.public_url.value_or(
      "http://" + (bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string()) +
      ":" + std::to_string(bound.port()));
  if (oidc && config.oidc->redirect_url.empty()) oidc->SetRedirectUrl(public_url + "/v1/auth/oidc/callback");
  newsletter->SetPublicUrl(public_url);
  survey->SetPublicUrl(public_url);
  if (citizen_mitid && config.citizen_oidc->redirect_url.empty()) {
    citizen_mitid->SetRedirectUrl(public_url + "/mitid/callback");
  }
}

void Server::Parts::WireJobs() {
  try {
    deliveries.emplace(delivery_store, clock,
                       jobs::DeliveryWorker::Options{
                           .interval = config.webhooks.interval,
                           .batch_size = config.webhooks.batch,
                           .concurrency = config.webhooks.concurrency,
                           .timeout = config.webhooks.timeout,
                           .lease = config.webhooks.lease,
                           .policy = config.webhooks.policy,
                           .public_base_url = public_url,
                           .ca_file = config.webhooks.ca_file,
                           .delivered = [this](std::chrono::microseconds lag) { metrics.ObserveDeliveryLag(lag); }});
  } catch (const boost::system::system_error& error) {
    throw BuildFailure{"cannot read --webhook-ca-file: " + error.code().message()};
  }
  // Everything is wired before anything starts: the timers and the request
  // workers call these from their own threads.
  transitions.OnNoticesWritten([this] { deliveries->Wake(); });
  timer_transitions.OnNoticesWritten([this] { deliveries->Wake(); });
  if (config.audit_anchor) {
    auto key = Must(service::ReadAnchorSecretKey(config.audit_anchor->key_file), "");
    anchor_writer = Must(jobs::AuditAnchorWriter::Open(anchor_store, clock,
                                                       {.path = config.audit_anchor->path,
                                                        .key = std::move(key),
                                                        .interval = config.audit_anchor->interval}),
                         "");
  }
  std::map<std::string, jobs::LetterChannel*> channels;
  if (smtp) channels["email"] = &*smtp;
  if (config.letters.print_folder) {
    std::error_code unreadable;
    if (!std::filesystem::is_directory(*config.letters.print_folder, unreadable)) {
      throw BuildFailure{"--print-folder " + *config.letters.print_folder + " is not a folder"};
    }
    print.emplace(*config.letters.print_folder);
    channels["print"] = &*print;
  }
  letter_worker.emplace(letter_store, pdf_renderer, channels, clock,
                        jobs::LetterWorker::Options{.interval = config.letters.interval});
  const auto link_to_min_sag = [this](const std::string& complaint_id) -> Result<std::string> {
    auto token = service::MintCitizenLink(job_citizen_links, clock, config.limits.min_sag.link_lifetime, complaint_id);
    if (!token) return std::unexpected(token.error());
    return public_url + service::MinSagLinkPath(*token);
  };
  letter_worker->LinkToMinSag(link_to_min_sag);
  product_documents.emplace(job_newsletter_store, pdf_renderer, clock, config.letters.interval);
  newsletter->OnReleased([this] {
    product_documents->Wake();
    if (newsletter_sender) newsletter_sender->Wake();
  });
  if (smtp) {
    newsletter_sender.emplace(
        job_newsletter_store, newsletter_templates,
        [this](const store::StoredIssue& issue) -> Result<NewsletterContent> { return newsletter->ContentOf(issue); },
        [this](const std::string& token) { return newsletter->UnsubscribeUrl(token); }, smtp->options(), clock, ids,
        jobs::NewsletterSender::Options{.interval = config.newsletter.interval,
                                        .batch_size = config.newsletter.batch,
                                        .lease = config.newsletter.lease,
                                        .per_second = config.newsletter.per_second});

    if (!config.newsletter.bounce_maildir.empty()) {
      const std::filesystem::path maildir = config.newsletter.bounce_maildir;
      for (const char* sub : {"new", "cur"}) {
        if (!std::filesystem::is_directory(maildir / sub)) {
          throw BuildFailure{"--bounce-maildir " + maildir.string() + " is not a Maildir (it has no " + sub + "/)"};
        }
      }
      bounce_reader.emplace(job_newsletter_store, clock,
                            jobs::BounceReader::Options{.maildir = maildir, .interval = config.newsletter.interval});
    }
    job_survey.emplace(job_survey_store, service::SurveyedEndings(workflows, labels), clock, &*smtp,
                       service::SurveyService::Options{.public_url = public_url, .office_name = letterhead.name});
    survey_inviter.emplace(*job_survey, config.newsletter.survey_interval);
    citizen_notifier.emplace(
        job_citizen_notifications, *smtp, link_to_min_sag, letterhead.name, clock,
        jobs::CitizenNotificationWorker::Options{
            .link_days = static_cast<int>(config.limits.min_sag.link_lifetime / std::chrono::hours(24))});
  }
}

std::expected<std::unique_ptr<Server>, Error> Server::Build(const ServeConfig& config) {
  try {
    return std::unique_ptr<Server>(new Server(std::make_unique<Parts>(config)));
  } catch (const BuildFailure& failure) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, failure.message));
  } catch (const std::exception& error) {
    // A database driver's, a file system's or a thread's failure at start.
    return std::unexpected(MakeError(ErrorCode::kInternal, std::string("the server could not start: ") + error.what()));
  }
}

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Server::~Server() {
  if (started_ && !stopped_) {
    Drain();
    Wait();
  }
}

void Server::DrainOnSignals(std::function<void()> draining) {
  Parts& p = *parts_;
  p.signals.emplace(p.io, SIGINT, SIGTERM);
  p.signals->async_wait([this, draining = std::move(draining)](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    if (draining) draining();
    spdlog::info("signal {}: draining (at most {} ms)", signal, parts_->config.listening.drain_timeout.count());
    Drain();
  });
}

void Server::Start() {
  Parts& p = *parts_;
  started_ = true;
  p.deliveries->Start();
  p.letter_worker->Start();
  p.timers.Start();
  if (p.config.office.retention_days > 0) p.retention_worker.Start();
  p.presence.Start();
  p.tally_compactor.Start();
  p.document_scans.Start();
  p.complaint_form_purge.Start();
  p.min_sag_purge.Start();
  if (p.citizen_notifier) p.citizen_notifier->Start();
  if (p.newsletter_sender) p.newsletter_sender->Start();
  if (p.bounce_reader) p.bounce_reader->Start();
  p.product_documents->Start();
  if (p.survey_inviter) p.survey_inviter->Start();
  if (p.anchor_writer) p.anchor_writer->Start();
  p.http_server->Start();
  if (p.metrics_server) p.metrics_server->Start();
  const auto bound = p.http_server->local_endpoint();
  spdlog::info("ombudsflow listening on {}:{} ({} I/O threads, {} database connections for requests and {} for "
               "jobs, {} workflow definitions)",
               bound.address().to_string(), bound.port(), p.config.listening.io_threads, p.config.database.request_pool,
               p.config.database.jobs_pool, p.workflows.size());
  if (p.metrics_server) {
    const auto metrics_bound = p.metrics_server->local_endpoint();
    spdlog::info("metrics on {}:{}", metrics_bound.address().to_string(), metrics_bound.port());
  }
  for (unsigned i = 0; i < p.config.listening.io_threads; ++i) io_threads_.emplace_back([&p] { p.io.run(); });
}

void Server::Drain() {
  if (draining_.exchange(true)) return;  // one drain: a second would stop the context early
  Parts& p = *parts_;
  // On an I/O thread, so it never races the listeners' own handlers.
  net::post(p.io, [&p] {
    if (p.signals) p.signals->cancel();
    const auto deadline = p.config.listening.drain_timeout;
    if (p.metrics_server) p.metrics_server->Drain(deadline, [] {});
    p.http_server->Drain(deadline, [&p] { p.io.stop(); });
  });
}

void Server::Wait() {
  if (!started_ || stopped_) return;
  Parts& p = *parts_;
  for (auto& thread : io_threads_) thread.join();
  io_threads_.clear();
  p.timers.Stop();
  p.retention_worker.Stop();
  p.tally_compactor.Stop();
  p.presence.Stop();
  if (auto left = p.running_servers.Leave(p.self.id); !left) {
    spdlog::warn("could not remove this server from running_servers ({}); it stops counting after {} s",
                 left.error().message, store::kServerSilenceAllowed.count());
  }
  p.document_scans.Stop();
  p.complaint_form_purge.Stop();
  p.min_sag_purge.Stop();
  if (p.citizen_notifier) p.citizen_notifier->Stop();
  if (p.newsletter_sender) p.newsletter_sender->Stop();
  if (p.bounce_reader) p.bounce_reader->Stop();
  p.product_documents->Stop();
  if (p.survey_inviter) p.survey_inviter->Stop();
  p.letter_worker->Stop();
  p.workers.join();  // no request changes a case or wakes the delivery worker after this
  // The drain may have stopped the I/O threads before the listeners' close
  // ran, or with connections still open (its deadline passed). Close them
  // all and run the context here until every session has ended: their
  // frames refer to the listeners, which are destroyed before the context.
  p.http_server->CloseAll();
  if (p.metrics_server) p.metrics_server->CloseAll();
  p.io.restart();
  p.io.poll();
  const auto open = [&p] {
    return p.http_server->open_connections() + (p.metrics_server ? p.metrics_server->open_connections() : 0);
  };
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (open() > 0 && std::chrono::steady_clock::now() < until) p.io.run_one_for(std::chrono::milliseconds(100));
  if (open() > 0) spdlog::error("{} connections did not end after they were closed", open());
  if (p.anchor_writer) p.anchor_writer->Stop();
  p.deliveries->Stop();
  stopped_ = true;
}

net::ip::tcp::endpoint Server::local_endpoint() const { return parts_->http_server->local_endpoint(); }

std::optional<net::ip::tcp::endpoint> Server::metrics_endpoint() const {
  if (!parts_->metrics_server) return std::nullopt;
  return parts_->metrics_server->local_endpoint();
}

std::vector<api::ServedRoute> Server::Routes() const { return parts_->http_api.Routes(); }

}  // namespace ombudsflow::server
