#include <curl/curl.h>
#include <google/protobuf/stubs/logging.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>
#include <cstdlib>
#include <ctime>
#include <expected>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "api/cli/cli_common.h"
#include "api/handlers/complaint_handlers.h"
#include "api/handlers/consent_handlers.h"
#include "api/handlers/health_handlers.h"
#include "api/handlers/notice_handlers.h"
#include "api/handlers/office_handlers.h"
#include "api/handlers/session_handlers.h"
#include "api/handlers/document_handlers.h"
#include "api/handlers/enquiry_handlers.h"
#include "api/handlers/report_handlers.h"
#include "api/handlers/transition_handlers.h"
#include "api/handlers/webhook_handlers.h"
#include "api/handlers/workflow_handlers.h"
#include "api/http_api.h"
#include "api/web/web_routes.h"
#include "engine/service/workflow_labels.h"
#include "engine/service/user_service.h"
#include "api/http_server.h"
#include "api/http_types.h"
#include "api/metrics.h"
#include "api/request_log.h"
#include "engine/core/base/calendar.h"
#include "engine/jobs/audit_anchor_writer.h"
#include "engine/jobs/delivery_worker.h"
#include "engine/jobs/retention_worker.h"
#include "engine/jobs/tally_compactor.h"
#include "engine/jobs/letter_worker.h"
#include "engine/jobs/timer_worker.h"
#include "engine/service/alert_service.h"
#include "engine/service/complaint_service.h"
#include "engine/service/consent_service.h"
#include "engine/service/holiday_file.h"
#include "engine/service/hotline_service.h"
#include "engine/service/notice_service.h"
#include "engine/service/oidc_service.h"
#include "engine/service/document_service.h"
#include "engine/service/enquiry_service.h"
#include "engine/service/report_service.h"
#include "engine/service/letter_service.h"
#include "engine/service/office_service.h"
#include "engine/service/publication_service.h"
#include "engine/service/retention_service.h"
#include "engine/service/system_clock.h"
#include "engine/service/token_service.h"
#include "engine/service/transition_service.h"
#include "engine/service/webhook_service.h"
#include "engine/service/workflow_files.h"
#include "engine/store/alert_store.h"
#include "engine/store/audit_anchor_store.h"
#include "engine/store/complaint_store.h"
#include "engine/store/database.h"
#include "engine/store/operations_store.h"
#include "engine/store/migrator.h"
#include "engine/store/document_store.h"
#include "engine/store/enquiry_store.h"
#include "engine/store/report_store.h"
#include "engine/store/letter_store.h"
#include "engine/store/notice_store.h"
#include "engine/store/notification_listener.h"
#include "engine/store/office_store.h"
#include "engine/store/publication_store.h"
#include "engine/store/oidc_store.h"
#include "engine/store/retention_store.h"
#include "engine/store/session_store.h"
#include "engine/store/token_store.h"
#include "engine/store/user_store.h"
#include "engine/store/transition_store.h"
#include "engine/store/webhook_store.h"

namespace ombudsflow::cli {
namespace {

// The identity provider's settings from the options, or the exit code.
std::expected<service::OidcSettings, int> OidcSettingsFrom(const po::variables_map& values) {
  service::OidcSettings settings;
  settings.issuer = values["oidc-issuer"].as<std::string>();
  if (values.count("oidc-client-id") == 0) {
    PrintError("--oidc-issuer needs --oidc-client-id");
    return std::unexpected(kExitUsage);
  }
  settings.client_id = values["oidc-client-id"].as<std::string>();
  if (values.count("oidc-client-secret-file") > 0) {
    std::ifstream file(values["oidc-client-secret-file"].as<std::string>());
    if (!file || !std::getline(file, settings.client_secret)) {
      PrintError("cannot read the client secret from --oidc-client-secret-file");
      return std::unexpected(kExitFailure);
    }
  } else if (const char* secret = std::getenv("OMBUDSFLOW_OIDC_CLIENT_SECRET"); secret != nullptr) {
    settings.client_secret = secret;
  }
  if (settings.client_secret.empty()) {
    PrintError("--oidc-issuer needs the client secret: --oidc-client-secret-file or OMBUDSFLOW_OIDC_CLIENT_SECRET");
    return std::unexpected(kExitUsage);
  }
  // Without --oidc-redirect-url, set once the public URL is known.
  if (values.count("oidc-redirect-url") > 0) settings.redirect_url = values["oidc-redirect-url"].as<std::string>();
  return settings;
}

// One line per route: METHOD PATTERN ACCESS [ROLES] [param=value:ROLES].
void PrintRoutes(const std::vector<api::ServedRoute>& routes) {
  const auto roles = [](const std::vector<Role>& list) {
    std::string text;
    for (Role role : list) text += (text.empty() ? "" : ",") + std::string(RoleName(role));
    return text;
  };
  for (const auto& route : routes) {
    std::cout << http::to_string(route.method) << " " << route.pattern << " ";
    if (route.policy == nullptr) {
      std::cout << "no-policy\n";
      continue;
    }
    switch (route.policy->access) {
      case api::Access::kPublic: std::cout << "public"; break;
      case api::Access::kPublicOrSignedIn: std::cout << "public-or-signed-in " << roles(route.policy->roles); break;
      case api::Access::kRoles: std::cout << "roles " << roles(route.policy->roles); break;
    }
    for (const auto& rule : route.policy->query_rules) {
      std::cout << " " << rule.param << "=" << rule.value << ":" << roles(rule.roles);
    }
    std::cout << "\n";
  }
  std::cout.flush();
}

std::optional<net::ip::tcp::endpoint> ParseListen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned long port = 0;
  try {
    std::size_t used = 0;
    port = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port > 65535) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec) return std::nullopt;
  return net::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

}  // namespace

int RunServe(const std::vector<std::string>& args) {
  po::options_description options("serve options");
  options.add_options()
      ("help,h", "show this help")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)")
      ("listen", po::value<std::string>()->default_value("127.0.0.1:8080"),
       "HOST:PORT to listen on; port 0 picks a free one")
      ("metrics-listen", po::value<std::string>(),
       "HOST:PORT of a second listener serving GET /metrics (Prometheus text format) without a token; "
       "keep it off the public network. Unset: no metrics listener")
      ("request-log", po::value<bool>()->default_value(true),
       "one JSON line per request on stderr: request id, route template, status, duration, user id")
      ("workflows", po::value<std::string>()->default_value(OMBUDSFLOW_WORKFLOWS_DIR),
       "folder of workflow definitions")
      ("letters", po::value<std::string>()->default_value(OMBUDSFLOW_LETTERS_DIR),
       "the letter templates (layout, office.json, one folder per variant)")
      ("web-templates", po::value<std::string>()->default_value(OMBUDSFLOW_WEB_TEMPLATES_DIR),
       "the workplace's page templates, with its texts in messages/")
      ("embed-publications-in", po::value<std::string>(),
       "origins whose pages may frame the public /publications page, e.g. 'https://www.kk.dk'")
      ("web-static", po::value<std::string>()->default_value(OMBUDSFLOW_WEB_STATIC_DIR),
       "the workplace's static files (CSS, JS, the vendored design system)")
      ("migrations", po::value<std::string>()->default_value(OMBUDSFLOW_SQL_DIR),
       "folder of migrations the database must have applied")
      ("threads", po::value<unsigned>()->default_value(2), "I/O threads")
      ("db-pool", po::value<unsigned>()->default_value(16),
       "database connections for requests, and worker threads to use them")
      ("jobs-db-pool", po::value<unsigned>()->default_value(2),
       "database connections of their own for timers and webhook deliveries, so background "
       "work never takes one from a request")
      ("body-limit", po::value<std::size_t>()->default_value(1024 * 1024),
       "largest request body accepted, in bytes")
      ("request-timeout-seconds", po::value<unsigned>()->default_value(30),
       "time a client has to send one request's headers and body (1 to 3600)")
      ("idle-timeout-seconds", po::value<unsigned>()->default_value(60),
       "how long a keep-alive connection may wait for its next request (1 to 3600)")
      ("drain-timeout-ms", po::value<unsigned>()->default_value(10000),
       "on SIGTERM, how long requests in flight may take to finish before the server stops")
      ("max-connections", po::value<std::size_t>()->default_value(4096),
       "open HTTP connections at most (lowered to stay below the descriptor limit); "
       "further ones wait until one closes")
      ("max-connections-per-address", po::value<std::size_t>()->default_value(256),
       "open HTTP connections one client address may have (0: no limit); further ones are closed at once, "
       "unread. Near --max-connections, connections idling between requests are closed first, those of "
       "the address with the most connections before others")
      ("connection-limit-exempt", po::value<std::string>()->default_value("127.0.0.1 ::1"),
       "addresses and networks (ADDRESS/PREFIX, separated by spaces) without the per-address limit: a "
       "proxy in front speaks for many clients. Empty: none")
      ("time-zone", po::value<std::string>()->default_value("Europe/Copenhagen"),
       "the office's time zone; case numbers count per year in it")
      ("holidays", po::value<std::string>(),
       "file of extra closed days (YYYY-MM-DD per line) for working-day deadlines")
      ("timer-interval-ms", po::value<unsigned>()->default_value(1000),
       "how often to look for passed deadlines")
      ("token-cache-seconds", po::value<unsigned>()->default_value(30),
       "how long an authenticated token is trusted without asking the database; a revoked "
       "token is forgotten at once on every server (LISTEN/NOTIFY), and nothing is trusted "
       "while that notification connection is down")
      ("session-cache-seconds", po::value<unsigned>()->default_value(30),
       "how long a signed-in browser's session is trusted without asking the database; an "
       "ended session is forgotten at once on every server (LISTEN/NOTIFY), as a revoked token is")
      ("rate-limit-per-minute", po::value<unsigned>()->default_value(1200),
       "requests a minute each token may make on average (0: no limit); beyond it, 429 with Retry-After")
      ("oidc-issuer", po::value<std::string>(),
       "sign people in with this OpenID Connect provider (its issuer URL, https; http only on loopback)")
      ("oidc-client-id", po::value<std::string>(), "this server's client id at the provider")
      ("oidc-client-secret-file", po::value<std::string>(),
       "a file holding the client secret (or set OMBUDSFLOW_OIDC_CLIENT_SECRET)")
      ("oidc-redirect-url", po::value<std::string>(),
       "where the provider sends people back (default: PUBLIC-URL/v1/auth/oidc/callback)")
      ("retention-days", po::value<unsigned>()->default_value(1825),
       "pseudonymise cases closed (unchanged) longer than this, once at start and then daily; the office's "
       "retention period (default five years; 0: only by `ombudsflow retention run`)")
      ("audit-anchor", po::value<std::string>(),
       "append signed checkpoints of the cases' audit chain heads to this file, outside the database "
       "(one file per server; keep it where the database's logins cannot rewrite it), for "
       "`audit verify --anchor`; needs --audit-anchor-key")
      ("audit-anchor-key", po::value<std::string>(),
       "the anchor's Ed25519 secret key file (made by `ombudsflow audit anchor-key`)")
      ("audit-anchor-interval-seconds", po::value<unsigned>()->default_value(60),
       "how often to write a checkpoint of the heads changed since the last (1 to 86400)")
      ("print-routes", po::bool_switch()->default_value(false),
       "print every route with its authorization policy (METHOD PATTERN ACCESS ROLES) and exit")
      ("anonymous-rate-limit-per-minute", po::value<unsigned>()->default_value(600),
       "requests a minute one address may make without valid credentials, health probes aside (0: no "
       "limit; behind a proxy, name it in --trusted-proxies, or every client shares its address)")
      ("anonymous-rate-burst", po::value<unsigned>()->default_value(100),
       "such requests an address may make at once before its per-minute rate applies")
      ("session-idle-minutes", po::value<unsigned>()->default_value(30),
       "a web session unused this long ends (1 to 1440)")
      ("session-hours", po::value<unsigned>()->default_value(10),
       "a web session ends this long after sign-in, used or not (1 to 168)")
      ("secure-cookies", po::bool_switch()->default_value(false),
       "mark every cookie Secure on every answer (without it: on answers to requests that came over TLS, "
       "as a trusted proxy's X-Forwarded-Proto says)")
      ("trusted-proxies", po::value<std::string>()->default_value(""),
       "addresses and networks of the reverse proxies in front, e.g. '10.0.0.0/8,::1': their "
       "X-Forwarded-For names the client (for the address limits) and their X-Forwarded-Proto: https "
       "makes cookies Secure; from any other peer both headers are ignored")
      ("sign-in-failures", po::value<unsigned>()->default_value(5),
       "sign-in attempts one account may have from one address in 15 minutes before they are refused for a "
       "while (a right password clears them)")
      ("sign-in-address-failures", po::value<unsigned>()->default_value(50),
       "failed sign-ins one address may have in 15 minutes, over all accounts, before it is refused")
      ("sign-in-successes", po::value<unsigned>()->default_value(30),
       "successful sign-ins one account may have in 15 minutes (each costs Argon2id's memory and time)")
      ("password-hash-concurrency", po::value<unsigned>()->default_value(1),
       "passwords hashed or checked at once (Argon2id: 64 MiB and most of a core each, for about 0.1 s)")
      ("password-hash-queue", po::value<unsigned>()->default_value(8),
       "sign-ins that may wait for their turn at the password hash; further ones get 429 with Retry-After")
      ("password-hash-wait-ms", po::value<unsigned>()->default_value(2000),
       "how long a sign-in may wait for its turn before it gets 429 with Retry-After")
      ("rate-burst", po::value<unsigned>()->default_value(200),
       "requests a token may make at once before its per-minute rate applies")
      ("timer-batch", po::value<unsigned>()->default_value(50),
       "how many due cases one claim takes")
      ("case-cache", po::value<std::size_t>()->default_value(20'000),
       "how many cases to keep in memory at their newest version, so a transition that names "
       "the version it saw skips reading the case (0: none)")
      ("smtp-url", po::value<std::string>()->default_value(""),
       "the SMTP server letters go out through by e-mail, e.g. smtp://mail.example.dk:587 (STARTTLS "
       "when offered); empty: e-mail letters wait")
      ("smtp-from", po::value<std::string>()->default_value(""),
       "the sender address of letters (default: office.json's e-mail)")
      ("smtp-username", po::value<std::string>()->default_value(""), "SMTP user name, if the server wants one")
      ("smtp-password-file", po::value<std::string>()->default_value(""), "a file holding the SMTP password")
      ("smtp-require-tls", po::value<bool>()->default_value(false),
       "send e-mail only over TLS (refuse a server that offers no STARTTLS)")
      ("print-folder", po::value<std::string>()->default_value(""),
       "the folder printed letters' PDFs go to (the office's, or a print service's drop folder); "
       "empty: printed letters wait")
      ("weasyprint", po::value<std::string>()->default_value("weasyprint"),
       "the WeasyPrint program that renders letters as PDF/UA")
      ("letter-interval-ms", po::value<unsigned>()->default_value(1000),
       "how often the letter job looks for letters to send")
      ("reporting-year-start", po::value<std::string>()->default_value("01-01"),
       "MM-DD: the day the office's reporting year begins (e.g. 04-01); a report asked for without "
       "days covers the year today falls in")
      ("notice-period-days", po::value<unsigned>()->default_value(5),
       "calendar days a department has between a pre-publication notice and the earliest "
       "publication")
      ("public-url", po::value<std::string>(),
       "this server's address as departments and people reach it, for the links in webhooks and "
       "set-password links (default: http://LISTEN; for pages, the address the browser used)")
      ("webhook-interval-ms", po::value<unsigned>()->default_value(1000),
       "how often to look for due webhook deliveries (new notices go out at once)")
      ("webhook-batch", po::value<unsigned>()->default_value(32),
       "how many deliveries one claim takes; they are sent concurrently")
      ("webhook-concurrency", po::value<unsigned>()->default_value(2),
       "delivery rounds in flight at once (none holds a database connection while it sends)")
      ("webhook-timeout-ms", po::value<unsigned>()->default_value(10000),
       "how long one delivery attempt may take, connect to answer")
      ("webhook-lease-ms", po::value<unsigned>()->default_value(30000),
       "how long a claimed delivery is kept from other servers; if this one dies mid-send, "
       "the delivery goes out again after it (at least --webhook-timeout-ms plus 1000)")
      ("webhook-ca-file", po::value<std::string>(),
       "PEM file of certificate authorities to trust for https webhooks besides the system's")
      ("webhook-allow-loopback", po::bool_switch(),
       "let webhook URLs reach loopback addresses (tests, single-host setups)")
      ("webhook-allow-private", po::bool_switch(),
       "let webhook URLs reach private network addresses (receivers inside the municipality)")
      ("log-level", po::value<std::string>()->default_value("info"),
       "trace, debug, info, warn or error");
  po::variables_map values;
  if (auto done = ParseArgs(args, options, nullptr, "usage: ombudsflow serve --db CONNINFO "
                            "[--listen HOST:PORT] [--workflows DIR] [--threads N]", values)) {
    return *done;
  }
  spdlog::set_level(spdlog::level::from_str(values["log-level"].as<std::string>()));
  // Protobuf writes to stderr about what clients send (invalid UTF-8 in a
  // string field, for one): a line per request anyone may send. Such bodies
  // are answered with a 400; their details are debug logging.
  google::protobuf::SetLogHandler([](google::protobuf::LogLevel level, const char* file, int line,
                                     const std::string& message) {
    if (level >= google::protobuf::LOGLEVEL_FATAL) {
      spdlog::critical("protobuf {}:{}: {}", file, line, message);
    } else {
      spdlog::debug("protobuf {}:{}: {}", file, line, message);
    }
  });
  auto conninfo = DatabaseConninfo(values);
  if (!conninfo) return kExitUsage;
  auto listen = ParseListen(values["listen"].as<std::string>());
  if (!listen) {
    PrintError("--listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:8080");
    return kExitUsage;
  }
  const unsigned io_threads = values["threads"].as<unsigned>();
  const unsigned pool_size = values["db-pool"].as<unsigned>();
  const unsigned jobs_pool_size = values["jobs-db-pool"].as<unsigned>();
  if (io_threads == 0 || pool_size == 0 || jobs_pool_size == 0) {
    PrintError("--threads, --db-pool and --jobs-db-pool must be at least 1");
    return kExitUsage;
  }
  const auto webhook_timeout = std::chrono::milliseconds(values["webhook-timeout-ms"].as<unsigned>());
  const auto webhook_lease = std::chrono::milliseconds(values["webhook-lease-ms"].as<unsigned>());
  if (webhook_lease < webhook_timeout + std::chrono::milliseconds(1000)) {
    PrintError("--webhook-lease-ms must be at least --webhook-timeout-ms plus 1000, or a slow "
               "delivery would be claimed again while it is still being sent");
    return kExitUsage;
  }

  const auto year_start = ParseYearStart(values["reporting-year-start"].as<std::string>());
  if (!year_start) {
    PrintError("--reporting-year-start must be a month and day as MM-DD, such as 04-01 (not 29 February)");
    return kExitUsage;
  }

  // Local dates (deadlines, case-number years) follow the office's zone.
  const std::string time_zone = values["time-zone"].as<std::string>();
  setenv("TZ", time_zone.c_str(), 1);
  tzset();
  HolidayCalendar calendar = HolidayCalendar::Danish();
  if (values.count("holidays") > 0) {
    if (auto added = service::AddClosedDaysFromFile(values["holidays"].as<std::string>(), calendar);
        !added) {
      PrintError(added.error().message);
      return kExitFailure;
    }
  }
  auto folder = service::LoadWorkflowFolder(values["workflows"].as<std::string>());
  if (!folder) {
    PrintError("the workflow definitions are invalid:\n" + folder.error().message);
    return kExitFailure;
  }
  const RuleRegistry& rules = folder->rules;
  const WorkflowCatalog* workflows = &folder->catalog;
  auto letter_templates = service::LoadLetterDirectory(values["letters"].as<std::string>(), *workflows);
  if (!letter_templates) {
    PrintError("the letter templates are invalid: " + letter_templates.error().message);
    return kExitFailure;
  }
  auto migrations = store::ReadMigrations(values["migrations"].as<std::string>());
  if (!migrations) {
    PrintError(migrations.error().message);
    return kExitFailure;
  }
  auto database = store::Database::Connect({.conninfo = *conninfo, .pool_size = pool_size});
  if (!database) {
    PrintError(database.error().message);
    return kExitFailure;
  }
  if (auto schema = store::CheckMigrationsApplied(**database, *migrations); !schema) {
    PrintError(schema.error().message);
    return kExitFailure;
  }
  auto jobs_database = store::Database::Connect({.conninfo = *conninfo, .pool_size = jobs_pool_size});
  if (!jobs_database) {
    PrintError(jobs_database.error().message);
    return kExitFailure;
  }

  service::SystemClock clock;
  service::UuidGenerator ids;
  store::TokenStore token_store(**database);
  store::ComplaintStore complaint_store(**database, {.office_time_zone = time_zone});
  store::TransitionStore transition_store(**database, time_zone);
  store::NoticeStore notice_store(**database);
  service::TokenService tokens(token_store, clock,
                              std::chrono::seconds(values["token-cache-seconds"].as<unsigned>()));
  // Revocations reach every server at once through the database.
  store::NotificationListener revocations(
      *conninfo, "ombudsflow_token_revoked",
      {.notified = [&tokens](const std::string& hash) { tokens.Forget(hash); },
       .listening = [&tokens](bool listening) { tokens.SetListening(listening); }});
  service::CaseCache case_cache(values["case-cache"].as<std::size_t>());
  store::OfficeStore office_store(**database);
  service::OfficeService office(office_store, clock);
  const LetterOffice letterhead = letter_templates->office;
  std::string letter_style_src;
  for (const std::string& hash : letter_templates->catalog.StyleHashes()) {
    letter_style_src += (letter_style_src.empty() ? "" : " ") + hash;
  }
  // Letters name the department in full; the office's list is cached.
  const service::LetterService letters(std::move(*letter_templates), calendar, [&office](const std::string& code) {
    auto departments = office.Departments();
    if (departments) {
      for (const auto& department : *departments) {
        if (department.code == code) return department.name;
      }
    }
    return std::string();
  }, folder->referrals);
  // Each complaint is acknowledged with a letter saying what happens next.
  service::ComplaintService complaints(complaint_store, *workflows, clock, ids, &case_cache, &letters);
  api::ServerMetrics metrics;  // what it reads at a scrape is set once the server exists
  const service::TransitionOptions transition_options{
      .notice_period_days = static_cast<int>(values["notice-period-days"].as<unsigned>()),
      .case_cache = &case_cache,
      .letters = &letters,
      .tally = [&metrics](const service::TransitionTally& tally) { metrics.Count(tally); }};
  service::TransitionService transitions(transition_store, complaint_store, *workflows, rules, calendar,
                                         clock, transition_options);
  // Timers fire the same transitions through stores on the jobs' pool.
  store::TransitionStore timer_transition_store(**jobs_database, time_zone);
  store::ComplaintStore timer_complaint_store(**jobs_database, {.office_time_zone = time_zone});
  service::TransitionService timer_transitions(timer_transition_store, timer_complaint_store, *workflows,
                                               rules, calendar, clock, transition_options);
  service::ConsentService consents(transition_store, rules, calendar, clock, ids);
  service::HotlineService hotline(complaints, transitions);
  store::DocumentStore document_store(**database);
  service::DocumentService documents(document_store);
  store::EnquiryStore enquiry_store(**database);
  service::EnquiryService enquiries(enquiry_store, letters, clock, ids);
  store::ReportStore report_store(**database);
  service::ReportService reports(report_store, folder->themes, WorkflowMeanings(workflows->All()), clock,
                                 {.year_start = *year_start});
  store::PublicationStore publication_store(**database);
  service::PublicationService publications(publication_store);
  store::AlertStore alert_store(**database);
  service::AlertService alerts(alert_store, clock);
  service::NoticeService notices(notice_store, clock);
  const AddressPolicy webhook_policy{.allow_loopback = values["webhook-allow-loopback"].as<bool>(),
                                     .allow_private = values["webhook-allow-private"].as<bool>()};
  store::WebhookStore webhook_store(**database);
  service::WebhookService webhooks(webhook_store, clock, webhook_policy);
  store::WebhookStore delivery_store(**jobs_database);

  store::UserStore user_store(**database);
  store::SessionStore session_store(**database);
  // Every password this server hashes or checks takes a turn here.
  service::PasswordHasher password_hasher(service::PasswordHasher::Limits{
      .concurrency = static_cast<int>(std::clamp(values["password-hash-concurrency"].as<unsigned>(), 1u, 64u)),
      .queue = static_cast<int>(std::min(values["password-hash-queue"].as<unsigned>(), 1000u)),
      .max_wait = std::chrono::milliseconds(std::min(values["password-hash-wait-ms"].as<unsigned>(), 60'000u))});
  service::SessionService sessions(
      session_store, user_store, password_hasher, clock,
      service::SessionSettings{
          .idle_timeout = std::chrono::minutes(std::clamp(values["session-idle-minutes"].as<unsigned>(), 1u, 1440u)),
          .absolute_timeout = std::chrono::hours(std::clamp(values["session-hours"].as<unsigned>(), 1u, 168u)),
          .account_failures = static_cast<int>(std::clamp(values["sign-in-failures"].as<unsigned>(), 1u, 1000u)),
          .address_failures =
              static_cast<int>(std::clamp(values["sign-in-address-failures"].as<unsigned>(), 1u, 100'000u)),
          .account_sign_ins = static_cast<int>(std::clamp(values["sign-in-successes"].as<unsigned>(), 1u, 100'000u))},
      std::chrono::seconds(std::min(values["session-cache-seconds"].as<unsigned>(), 300u)));
  store::NotificationListener ended_sessions(
      *conninfo, service::SessionService::kSessionEndedChannel,
      {.notified = [&sessions](const std::string& hash) { sessions.Forget(hash); },
       .listening = [&sessions](bool listening) { sessions.SetListening(listening); }});

  api::HttpApi http_api(tokens);
  auto trusted_proxies = TrustedProxies::Parse(values["trusted-proxies"].as<std::string>());
  if (!trusted_proxies) {
    PrintError(trusted_proxies.error().message);
    return kExitUsage;
  }
  http_api.TrustProxies(std::move(*trusted_proxies));
  std::optional<RateLimiter> rate_limiter;
  if (const unsigned per_minute = values["rate-limit-per-minute"].as<unsigned>(); per_minute > 0) {
    rate_limiter.emplace(static_cast<int>(std::min(per_minute, 1'000'000u)),
                         static_cast<int>(std::clamp(values["rate-burst"].as<unsigned>(), 1u, 1'000'000u)));
    http_api.LimitRates(*rate_limiter, clock);
  }
  std::optional<RateLimiter> anonymous_limiter;
  if (const unsigned per_minute = values["anonymous-rate-limit-per-minute"].as<unsigned>(); per_minute > 0) {
    anonymous_limiter.emplace(
        static_cast<int>(std::min(per_minute, 1'000'000u)),
        static_cast<int>(std::clamp(values["anonymous-rate-burst"].as<unsigned>(), 1u, 1'000'000u)));
    http_api.LimitAnonymous(*anonymous_limiter, clock);
  }
  api::AddHealthRoutes(http_api, **database);
  api::AddComplaintRoutes(http_api, complaints);
  api::AddTransitionRoutes(http_api, transitions);
  api::AddDocumentRoutes(http_api, documents, transitions);
  api::AddEnquiryRoutes(http_api, enquiries);
  api::AddReportRoutes(http_api, reports);
  api::AddWorkflowRoutes(http_api, *workflows);
  api::AddNoticeRoutes(http_api, notices);
  api::AddWebhookRoutes(http_api, webhooks);
  api::AddConsentRoutes(http_api, consents);
  api::AddHotlineRoutes(http_api, hotline);
  api::AddOfficeRoutes(http_api, office);
  api::AddPublicationRoutes(http_api, publications);
  api::AddAlertRoutes(http_api, alerts);
  const api::SessionRouteOptions session_routes{.secure_cookies = values["secure-cookies"].as<bool>()};
  api::AddSessionRoutes(http_api, sessions, session_routes);
  store::OidcStore oidc_store(**database);
  std::optional<service::OidcService> oidc;
  if (values.count("oidc-issuer") > 0) {
    auto settings = OidcSettingsFrom(values);
    if (!settings) return settings.error();
    oidc.emplace(std::move(*settings), oidc_store, user_store, sessions, clock);
  }
  api::AddOidcRoutes(http_api, oidc ? &*oidc : nullptr, sessions, session_routes);

  // The web workplace: its texts, templates, static files and labels are
  // read and checked now, so a gap stops the start rather than a page.
  auto messages = api::web::MessageCatalog::Load(values["web-templates"].as<std::string>() + "/messages");
  if (!messages) {
    PrintError("the workplace's texts are invalid: " + messages.error());
    return kExitFailure;
  }
  auto templates = api::web::PageTemplates::Load(values["web-templates"].as<std::string>(), *messages);
  if (!templates) {
    PrintError("the workplace's templates are invalid: " + templates.error());
    return kExitFailure;
  }
  auto assets = api::web::StaticAssets::Load(values["web-static"].as<std::string>());
  if (!assets) {
    PrintError("the workplace's static files are missing: " + assets.error());
    return kExitFailure;
  }
  auto labels = service::WorkflowLabels::Load(values["workflows"].as<std::string>(), *workflows);
  if (!labels) {
    PrintError(labels.error().message);
    return kExitFailure;
  }
  if (values.count("embed-publications-in") > 0) {
    // Origins only: they go into a header, so nothing that could end it.
    std::istringstream origins(values["embed-publications-in"].as<std::string>());
    for (std::string origin; origins >> origin;) {
      const bool scheme = origin.starts_with("https://") || origin.starts_with("http://");
      if (!scheme || origin.find_first_of(";,'\"\\") != std::string::npos) {
        PrintError("--embed-publications-in takes origins such as https://www.kk.dk, separated by spaces");
        return kExitUsage;
      }
    }
  }
  service::UserService users(user_store, clock, password_hasher);
  service::AssignmentService assignments(transition_store, user_store, rules, calendar, clock);
  api::AddAssignmentRoutes(http_api, assignments);
  const api::web::Workplace workplace(
      *messages, *templates, *assets, *labels,
      api::web::WorkplaceOptions{.secure_cookies = values["secure-cookies"].as<bool>(),
                                 .oidc = oidc.has_value(),
                                 .session_idle = sessions.settings().idle_timeout,
                                 .time_zone = time_zone,
                                 .embed_origins = values.count("embed-publications-in") > 0
                                                      ? values["embed-publications-in"].as<std::string>()
                                                      : std::string(),
                                 .public_url = values.count("public-url") > 0 ? values["public-url"].as<std::string>()
                                                                              : std::string(),
                                 .letter_style_src = letter_style_src});
  // E-mail by SMTP: letters (the letter job, below) and one-time links,
  // sent while the administrator waits.
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::optional<jobs::SmtpChannel> smtp;
  if (const std::string url = values["smtp-url"].as<std::string>(); !url.empty()) {
    std::string password;
    if (const std::string file = values["smtp-password-file"].as<std::string>(); !file.empty()) {
      std::ifstream in(file);
      std::getline(in, password);
      if (!in && password.empty()) {
        PrintError("cannot read --smtp-password-file " + file);
        return kExitFailure;
      }
    }
    const std::string from = values["smtp-from"].as<std::string>();
    smtp.emplace(jobs::SmtpChannel::Options{.url = url,
                                            .from = from.empty() ? letterhead.email : from,
                                            .from_name = letterhead.name,
                                            .username = values["smtp-username"].as<std::string>(),
                                            .password = password,
                                            .require_tls = values["smtp-require-tls"].as<bool>()});
  }
  const auto diagrams = api::web::WorkflowDiagrams::Draw(*workflows, workplace);
  api::web::AddWebRoutes(http_api, workplace,
                         api::web::WebServices{sessions, complaints, transitions, notices, office, users,
                                               assignments, publications, webhooks, tokens, alerts, documents, enquiries, reports, *workflows,
                                               clock, smtp ? &*smtp : nullptr},
                         diagrams);
  if (values["print-routes"].as<bool>()) {
    PrintRoutes(http_api.Routes());
    return kExitOk;
  }
  if (const auto unpoliced = http_api.Unpoliced(); !unpoliced.empty()) {
    std::string message = "these routes have no row in the authorization policy (api/route_policy.cc):";
    for (const auto& route : unpoliced) message += "\n" + std::string(http::to_string(route.method)) + " " + route.pattern;
    PrintError(message);
    return kExitFailure;
  }

  auto connection_limit_exempt = api::AddressSet::Parse(values["connection-limit-exempt"].as<std::string>());
  if (!connection_limit_exempt) {
    PrintError("--connection-limit-exempt: " + connection_limit_exempt.error());
    return kExitUsage;
  }
  net::io_context io(static_cast<int>(io_threads));
  net::thread_pool workers(pool_size);
  std::optional<api::HttpServer> server;
  try {
    server.emplace(io, workers, http_api,
                   api::HttpServer::Options{
                       .listen = *listen,
                       .body_limit = values["body-limit"].as<std::size_t>(),
                       .read_timeout = std::chrono::seconds(
                           std::clamp(values["request-timeout-seconds"].as<unsigned>(), 1u, 3600u)),
                       .idle_timeout = std::chrono::seconds(
                           std::clamp(values["idle-timeout-seconds"].as<unsigned>(), 1u, 3600u)),
                       .max_connections = api::HttpServer::ConnectionCap(
                           values["max-connections"].as<std::size_t>()),
                       .max_connections_per_address = values["max-connections-per-address"].as<std::size_t>(),
                       .connection_limit_exempt = std::move(*connection_limit_exempt)});
  } catch (const boost::system::system_error& error) {
    PrintError("cannot listen on " + values["listen"].as<std::string>() + ": " +
               error.code().message());
    return kExitFailure;
  }
  // Metrics and the request log see every request the public listener answers.
  store::OperationsStore operations_store(**jobs_database);
  metrics.ReadAtScrape({.open_connections = [&server] { return server->open_connections(); },
                        .pool = [&database] { return (*database)->Stats(); },
                        .pool_size = pool_size,
                        .operations = [&operations_store] { return operations_store.Snapshot(); }});
  const api::RequestObserver request_log = values["request-log"].as<bool>() ? api::RequestLogger(clock)
                                                                             : api::RequestObserver();
  http_api.ObserveRequestsWith([&metrics, request_log](const api::RequestRecord& record) {
    metrics.Observe(record);
    if (request_log) request_log(record);
  });
  api::HttpApi metrics_api(tokens);
  api::AddMetricsRoutes(metrics_api, metrics);
  std::optional<api::HttpServer> metrics_server;
  if (values.count("metrics-listen") > 0) {
    auto metrics_listen = ParseListen(values["metrics-listen"].as<std::string>());
    if (!metrics_listen) {
      PrintError("--metrics-listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:9464");
      return kExitUsage;
    }
    try {
      metrics_server.emplace(io, workers, metrics_api, api::HttpServer::Options{.listen = *metrics_listen,
                                                                                .max_connections = 64});
    } catch (const boost::system::system_error& error) {
      PrintError("cannot listen on " + values["metrics-listen"].as<std::string>() + ": " + error.code().message());
      return kExitFailure;
    }
  }
  const auto bound = server->local_endpoint();
  const std::string public_url =
      values.count("public-url") > 0
          ? values["public-url"].as<std::string>()
          : "http://" + (bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                 : bound.address().to_string()) +
                ":" + std::to_string(bound.port());
  if (oidc && values.count("oidc-redirect-url") == 0) oidc->SetRedirectUrl(public_url + "/v1/auth/oidc/callback");
  std::optional<jobs::DeliveryWorker> delivery_worker;
  try {
    delivery_worker.emplace(
        delivery_store, clock,
        jobs::DeliveryWorker::Options{
            .interval = std::chrono::milliseconds(values["webhook-interval-ms"].as<unsigned>()),
            .batch_size = static_cast<int>(std::max(1u, values["webhook-batch"].as<unsigned>())),
            .concurrency = static_cast<int>(std::max(1u, values["webhook-concurrency"].as<unsigned>())),
            .timeout = webhook_timeout,
            .lease = webhook_lease,
            .policy = webhook_policy,
            .public_base_url = public_url,
            .ca_file = values.count("webhook-ca-file") > 0 ? values["webhook-ca-file"].as<std::string>() : "",
            .delivered = [&metrics](std::chrono::microseconds lag) { metrics.ObserveDeliveryLag(lag); }});
  } catch (const boost::system::system_error& error) {
    PrintError("cannot read --webhook-ca-file: " + error.code().message());
    return kExitFailure;
  }
  jobs::DeliveryWorker& deliveries = *delivery_worker;
  jobs::TimerWorker timers(timer_transitions,
                           std::chrono::milliseconds(values["timer-interval-ms"].as<unsigned>()),
                           static_cast<int>(std::max(1u, values["timer-batch"].as<unsigned>())));
  // Everything is wired before anything starts: the timers and the server's
  // workers call OnNoticesWritten's callback from their own threads.
  transitions.OnNoticesWritten([&deliveries] { deliveries.Wake(); });
  timer_transitions.OnNoticesWritten([&deliveries] { deliveries.Wake(); });
  // Retention on the jobs' pool, daily, when the office set a period.
  store::TransitionStore retention_cases(**jobs_database, time_zone);
  store::RetentionStore retention_store(**jobs_database);
  const unsigned retention_days = values["retention-days"].as<unsigned>();
  service::RetentionService retention(retention_cases, retention_store, *workflows, rules, calendar, clock,
                                      std::chrono::days(retention_days));
  jobs::RetentionWorker retention_worker(retention, std::chrono::hours(24));
  // The reports' tallies, folded into their daily sums on the jobs' pool.
  store::ReportStore compactor_store(**jobs_database);
  jobs::TallyCompactor tally_compactor(compactor_store, std::chrono::seconds(5));
  // The audit anchor: checkpoints of the chain heads in a file outside the
  // database, on the jobs' pool.
  store::AuditAnchorStore anchor_store(**jobs_database);
  std::unique_ptr<jobs::AuditAnchorWriter> anchor_writer;
  if (values.count("audit-anchor") > 0) {
    const unsigned interval = values["audit-anchor-interval-seconds"].as<unsigned>();
    if (values.count("audit-anchor-key") == 0 || interval == 0 || interval > 86'400) {
      PrintError("--audit-anchor needs --audit-anchor-key, and --audit-anchor-interval-seconds from 1 to 86400");
      return kExitUsage;
    }
    auto key = service::ReadAnchorSecretKey(values["audit-anchor-key"].as<std::string>());
    if (!key) {
      PrintError(key.error().message);
      return kExitFailure;
    }
    auto opened = jobs::AuditAnchorWriter::Open(anchor_store, clock,
                                                {.path = values["audit-anchor"].as<std::string>(),
                                                 .key = std::move(*key),
                                                 .interval = std::chrono::seconds(interval)});
    if (!opened) {
      PrintError(opened.error().message);
      return kExitFailure;
    }
    anchor_writer = std::move(*opened);
  } else if (values.count("audit-anchor-key") > 0) {
    PrintError("--audit-anchor-key needs --audit-anchor FILE");
    return kExitUsage;
  }
  // Letters: PDF by WeasyPrint, then e-mail or print, on the jobs' pool.
  store::LetterStore letter_store(**jobs_database);
  jobs::WeasyPrintRenderer pdf_renderer(values["weasyprint"].as<std::string>());
  std::map<std::string, jobs::LetterChannel*> letter_channels;
  if (smtp) letter_channels["email"] = &*smtp;
  std::optional<jobs::PrintFolderChannel> print;
  if (const std::string folder = values["print-folder"].as<std::string>(); !folder.empty()) {
    if (!std::filesystem::is_directory(folder)) {
      PrintError("--print-folder " + folder + " is not a folder");
      return kExitFailure;
    }
    print.emplace(folder);
    letter_channels["print"] = &*print;
  }
  jobs::LetterWorker letter_worker(letter_store, pdf_renderer, letter_channels, clock,
                                   {.interval = std::chrono::milliseconds(values["letter-interval-ms"].as<unsigned>())});
  deliveries.Start();
  letter_worker.Start();
  timers.Start();
  if (retention_days > 0) retention_worker.Start();
  tally_compactor.Start();
  if (anchor_writer) anchor_writer->Start();
  server->Start();
  if (metrics_server) metrics_server->Start();

  // SIGTERM: stop accepting, let every request in flight finish and be
  // answered (a 2xx already committed must reach its client), close idle
  // connections, and stop once none is left or the drain deadline passes.
  const auto drain_deadline = std::chrono::milliseconds(values["drain-timeout-ms"].as<unsigned>());
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: draining (at most {} ms)", signal, drain_deadline.count());
    if (metrics_server) metrics_server->Drain(drain_deadline, [] {});
    server->Drain(drain_deadline, [&io] { io.stop(); });
  });

  spdlog::info("ombudsflow listening on {}:{} ({} I/O threads, {} database connections for "
               "requests and {} for jobs, {} workflow definitions)",
               bound.address().to_string(), bound.port(), io_threads, pool_size, jobs_pool_size,
               workflows->size());
  if (metrics_server) {
    const auto metrics_bound = metrics_server->local_endpoint();
    spdlog::info("metrics on {}:{}", metrics_bound.address().to_string(), metrics_bound.port());
  }

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < io_threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  timers.Stop();
  retention_worker.Stop();
  tally_compactor.Stop();
  letter_worker.Stop();
  workers.join();  // no request changes a case or wakes the delivery worker after this
  if (anchor_writer) anchor_writer->Stop();
  deliveries.Stop();
  return kExitOk;
}

}  // namespace ombudsflow::cli
