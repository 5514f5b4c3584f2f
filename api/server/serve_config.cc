#include "api/server/serve_config.h"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <type_traits>

#include "api/server/secret_masking.h"

namespace ombudsflow::server {
namespace {

namespace po = boost::program_options;

// "HOST:PORT" with a numeric address ("[::1]:8080" for IPv6).
std::optional<net::ip::tcp::endpoint> ParseEndpoint(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const unsigned long port = std::stoul(port_text);
  if (port > 65535) return std::nullopt;
  boost::system::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return std::nullopt;
  return net::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

[[noreturn]] void Refuse(const std::string& message) { throw po::error(message); }

// One row per option: its name, where its value goes, its default, its
// range and its help. The value is checked and stored when po::notify runs,
// defaults included, so a default outside its own range fails every start.
class OptionTable {
 public:
  explicit OptionTable(po::options_description& options) : options_(options) {}

  template <class T, class Store>
  void Number(const char* name, T fallback, T low, T high, const char* help, Store store) {
    const std::string range = " (from " + std::to_string(low) + " to " + std::to_string(high) + ")";
    options_.add_options()(name, po::value<T>()->default_value(fallback)->notifier([=, name = std::string(name)](T value) {
      if (value < low || value > high) {
        Refuse("--" + name + " must be from " + std::to_string(low) + " to " + std::to_string(high));
      }
      store(value);
    }), (std::string(help) + range).c_str());
  }

  template <class Store>
  void Text(const char* name, const std::string& fallback, const char* help, Store store) {
    options_.add_options()(name, po::value<std::string>()->default_value(fallback)->notifier(store), help);
  }

  // Unset unless given; `store` sees only given values.
  template <class Store>
  void OptionalText(const char* name, const char* help, Store store) {
    options_.add_options()(name, po::value<std::string>()->notifier(store), help);
  }

  void Switch(const char* name, const char* help, bool* field) {
    options_.add_options()(name, po::bool_switch(field), help);
  }

  void Boolean(const char* name, bool fallback, const char* help, bool* field) {
    options_.add_options()(name, po::value<bool>(field)->default_value(fallback), help);
  }

 private:
  po::options_description& options_;
};

template <class Rep, class Period>
auto Into(std::chrono::duration<Rep, Period>* field) {
  return [field](unsigned value) { *field = std::chrono::duration<Rep, Period>(value); };
}

template <class T, class Field>
  requires std::is_arithmetic_v<Field>
auto Into(Field* field) {
  return [field](T value) { *field = static_cast<Field>(value); };
}

auto Into(std::string* field) {
  return [field](const std::string& value) { *field = value; };
}

auto Into(std::optional<std::string>* field) {
  return [field](const std::string& value) { *field = value; };
}

constexpr unsigned kMaxRate = 1'000'000;

// The raw texts of options whose meaning depends on others; resolved after
// the table (Resolve).
struct Pending {
  std::optional<std::string> db, oidc_issuer, oidc_client_id, oidc_secret_file, oidc_redirect_url;
  std::optional<std::string> citizen_oidc_issuer, citizen_oidc_client_id, citizen_oidc_secret_file,
      citizen_oidc_redirect_url;
  std::optional<std::string> audit_anchor, audit_anchor_key;
  unsigned audit_anchor_interval = 0;
  std::string smtp_url, smtp_from, smtp_username, smtp_password_file;
  bool smtp_require_tls = false;
  std::string print_folder;
  // Where each secret is read from, for `config check`.
  std::vector<std::string> secrets;
};

// systemd's credential `name` (LoadCredential=), when the unit passes it.
std::optional<std::string> Credential(const std::string& name) {
  const char* folder = std::getenv("CREDENTIALS_DIRECTORY");
  if (folder == nullptr || *folder == '\0') return std::nullopt;
  const std::filesystem::path path = std::filesystem::path(folder) / name;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  return path.string();
}

void DescribeOptions(po::options_description& options, ServeConfig& c, Pending& p) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  OptionTable t(options);
  options.add_options()("help,h", "show this help");
  t.OptionalText("db", "PostgreSQL connection string (or OMBUDSFLOW_DB)", Into(&p.db));

  // Where it listens, and how it treats connections.
  t.Text("listen", "127.0.0.1:8080", "HOST:PORT to listen on; port 0 picks a free one", [&c](const std::string& text) {
    auto endpoint = ParseEndpoint(text);
    if (!endpoint) Refuse("--listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:8080");
    c.listening.endpoint = *endpoint;
  });
  t.OptionalText("metrics-listen",
                 "HOST:PORT of a second listener serving GET /metrics (Prometheus text format) without a token; "
                 "keep it off the public network. Unset: no metrics listener",
                 [&c](const std::string& text) {
                   c.listening.metrics = ParseEndpoint(text);
                   if (!c.listening.metrics) {
                     Refuse("--metrics-listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:9464");
                   }
                 });
  t.OptionalText("public-url",
                 "this server's address as departments and people reach it, for the links in webhooks and "
                 "set-password links (default: http://LISTEN; for pages, the address the browser used)",
                 Into(&c.listening.public_url));
  t.Number<unsigned>("threads", 2, 1, 256, "I/O threads", Into<unsigned>(&c.listening.io_threads));
  t.Number<std::size_t>("body-limit", 1024 * 1024, 1024, std::size_t{1} << 30, "largest request body accepted, in bytes",
                        Into<std::size_t>(&c.listening.body_limit));
  t.Number<unsigned>("request-timeout-seconds", 30, 1, 3600, "time a client has to send one request's headers and body",
                     Into(&c.listening.request_timeout));
  t.Number<unsigned>("idle-timeout-seconds", 60, 1, 3600,
                     "how long a keep-alive connection may wait for its next request", Into(&c.listening.idle_timeout));
  t.Number<unsigned>("drain-timeout-ms", 10000, 0, 600'000,
                     "on SIGTERM, how long requests in flight may take to finish before the server stops",
                     Into(&c.listening.drain_timeout));
  t.Number<std::size_t>("max-connections", 4096, 1, 1'000'000,
                        "open HTTP connections at most (lowered to stay below the descriptor limit); "
                        "further ones wait until one closes",
                        Into<std::size_t>(&c.listening.max_connections));
  t.Number<std::size_t>(
      "max-connections-per-address", 256, 0, 1'000'000,
      "open HTTP connections one client address may have (0: no limit); further ones are closed at once, "
      "unread. Near --max-connections, connections idling between requests are closed first, those of "
      "the address with the most connections before others",
      Into<std::size_t>(&c.listening.max_connections_per_address));
  t.Text("connection-limit-exempt", "127.0.0.1 ::1",
         "addresses and networks (ADDRESS/PREFIX, separated by spaces) without the per-address limit: a "
         "proxy in front speaks for many clients. Empty: none",
         [&c](const std::string& text) {
           auto set = api::AddressSet::Parse(text);
           if (!set) Refuse("--connection-limit-exempt: " + set.error());
           c.listening.connection_limit_exempt = std::move(*set);
         });
  t.Text("trusted-proxies", "",
         "addresses and networks of the reverse proxies in front, e.g. '10.0.0.0/8,::1': their "
         "X-Forwarded-For names the client (for the address limits) and their X-Forwarded-Proto: https "
         "makes cookies Secure; from any other peer both headers are ignored",
         [&c](const std::string& text) {
           auto proxies = TrustedProxies::Parse(text);
           if (!proxies) Refuse(proxies.error().message);
           c.listening.trusted_proxies = std::move(*proxies);
         });
  t.Boolean("request-log", true,
            "one JSON line per request on stderr: request id, route template, status, duration, user id",
            &c.listening.request_log);
  t.Switch("secure-cookies",
           "mark every cookie Secure on every answer (without it: on answers to requests that came over TLS, "
           "as a trusted proxy's X-Forwarded-Proto says)",
           &c.listening.secure_cookies);
  t.OptionalText("embed-publications-in",
                 "origins whose pages may frame the public /publications page, e.g. 'https://www.kk.dk'",
                 [&c](const std::string& text) {
                   // Origins only: they go into a header, so nothing that could end it.
                   std::istringstream origins(text);
                   for (std::string origin; origins >> origin;) {
                     const bool scheme = origin.starts_with("https://") || origin.starts_with("http://");
                     if (!scheme || origin.find_first_of(";,'\"\\") != std::string::npos) {
                       Refuse("--embed-publications-in takes origins such as https://www.kk.dk, separated by spaces");
                     }
                   }
                   c.listening.embed_publications_in = text;
                 });
  t.Switch("print-routes", "print every route with its authorization policy (METHOD PATTERN ACCESS ROLES) and exit",
           &c.print_routes);

  // What it reads at start.
  t.Text("workflows", OMBUDSFLOW_WORKFLOWS_DIR, "folder of workflow definitions", Into(&c.folders.workflows));
  t.Text("letters", OMBUDSFLOW_LETTERS_DIR, "the letter templates (layout, office.json, one folder per variant)",
         Into(&c.folders.letters));
  t.Text("web-templates", OMBUDSFLOW_WEB_TEMPLATES_DIR, "the workplace's page templates, with its texts in messages/",
         Into(&c.folders.web_templates));
  t.Text("citizen-templates", OMBUDSFLOW_CITIZEN_TEMPLATES_DIR,
         "the citizens' pages' templates (the public complaint form), with their texts in messages/, one file a "
         "language",
         Into(&c.folders.citizen_templates));
  t.Text("newsletter-templates", OMBUDSFLOW_NEWSLETTER_TEMPLATES_DIR,
         "the newsletter's e-mail templates (email.html.mustache, email.txt.mustache)",
         Into(&c.folders.newsletter_templates));
  t.Text("web-static", OMBUDSFLOW_WEB_STATIC_DIR, "the workplace's static files (CSS, JS, the vendored design system)",
         Into(&c.folders.web_static));
  t.Text("migrations", OMBUDSFLOW_SQL_DIR, "folder of migrations the database must have applied",
         Into(&c.folders.migrations));

  // The database.
  t.Number<unsigned>("db-pool", 16, 1, 1000, "database connections for requests, and worker threads to use them",
                     Into<unsigned>(&c.database.request_pool));
  t.Number<unsigned>("jobs-db-pool", 2, 1, 100,
                     "database connections of their own for timers and webhook deliveries, so background "
                     "work never takes one from a request",
                     Into<unsigned>(&c.database.jobs_pool));
  t.Number<std::size_t>("case-cache", 20'000, 0, 10'000'000,
                        "how many cases to keep in memory at their newest version, so a transition that names "
                        "the version it saw skips reading the case (0: none)",
                        Into<std::size_t>(&c.database.case_cache));

  // The office.
  t.Text("time-zone", "Europe/Copenhagen", "the office's time zone; case numbers count per year in it",
         Into(&c.office.time_zone));
  t.OptionalText("holidays", "file of extra closed days (YYYY-MM-DD per line) for working-day deadlines",
                 Into(&c.office.holidays_file));
  t.Text("reporting-year-start", "01-01",
         "MM-DD: the day the office's reporting year begins (e.g. 04-01); a report asked for without "
         "days covers the year today falls in",
         [&c](const std::string& text) {
           auto start = ParseYearStart(text);
           if (!start) Refuse("--reporting-year-start must be a month and day as MM-DD, such as 04-01 (not 29 February)");
           c.office.year_start = *start;
         });
  t.Number<unsigned>("notice-period-days", 5, 0, 365,
                     "calendar days a department has between a pre-publication notice and the earliest publication",
                     Into<unsigned>(&c.office.notice_period_days));
  t.Number<unsigned>("retention-days", 1825, 0, 36'500,
                     "pseudonymise cases closed (unchanged) longer than this, once at start and then daily; the "
                     "office's retention period (default five years; 0: only by `ombudsflow retention run`)",
                     Into<unsigned>(&c.office.retention_days));

  // Limits on clients and sign-ins.
  t.Number<unsigned>("rate-limit-per-minute", 1200, 0, kMaxRate,
                     "requests a minute each token may make on average (0: no limit); beyond it, 429 with Retry-After",
                     Into<unsigned>(&c.limits.per_token_per_minute));
  t.Number<unsigned>("rate-burst", 200, 1, kMaxRate,
                     "requests a token may make at once before its per-minute rate applies",
                     Into<unsigned>(&c.limits.per_token_burst));
  t.Number<unsigned>("anonymous-rate-limit-per-minute", 600, 0, kMaxRate,
                     "requests a minute one address may make without valid credentials, health probes aside (0: no "
                     "limit; behind a proxy, name it in --trusted-proxies, or every client shares its address)",
                     Into<unsigned>(&c.limits.anonymous_per_minute));
  t.Number<unsigned>("anonymous-rate-burst", 100, 1, kMaxRate,
                     "such requests an address may make at once before its per-minute rate applies",
                     Into<unsigned>(&c.limits.anonymous_burst));
  t.Number<unsigned>("complaint-form-min-seconds", 20, 0, 3600,
                     "the public complaint form is refused when sent sooner than this after it was started (a robot)",
                     [&c](unsigned seconds) { c.limits.complaint_form.minimum_fill = std::chrono::seconds(seconds); });
  t.Number<unsigned>("complaint-form-posts-per-minute", 30, 1, kMaxRate,
                     "pages of the public complaint form one address may post a minute on average; beyond it, 429",
                     [&c](unsigned rate) { c.limits.complaint_form.posts_per_minute = static_cast<int>(rate); });
  t.Number<unsigned>("complaint-form-posts-burst", 60, 1, kMaxRate,
                     "such pages an address may post at once before its per-minute rate applies",
                     [&c](unsigned burst) { c.limits.complaint_form.posts_burst = static_cast<int>(burst); });
  t.Number<unsigned>("complaint-form-sends-burst", 5, 1, 1000,
                     "complaints one address may send at once through the public form; then one a minute",
                     [&c](unsigned burst) { c.limits.complaint_form.sends_burst = static_cast<int>(burst); });
  t.Number<unsigned>("complaint-form-sends-per-email", 3, 1, 1000,
                     "complaints the public form sends to one e-mail address in 24 hours (each is acknowledged there)",
                     [&c](unsigned sends) { c.limits.complaint_form.sends_per_email_per_day = static_cast<int>(sends); });
  t.Number<unsigned>("complaint-form-uploads-per-minute", 4, 1, kMaxRate,
                     "documents one address may add to public complaint forms a minute on average (each up to "
                     "--document-max-mib); beyond it, 429 before the body is read",
                     [&c](unsigned rate) { c.limits.complaint_form.uploads_per_minute = static_cast<int>(rate); });
  t.Number<unsigned>("complaint-form-uploads-burst", 12, 1, kMaxRate,
                     "such documents an address may add at once before its per-minute rate applies",
                     [&c](unsigned burst) { c.limits.complaint_form.uploads_burst = static_cast<int>(burst); });
  t.Number<unsigned>("complaint-form-max-drafts", 100'000, 1, 100'000'000,
                     "public complaint forms kept under way at once; beyond it a new one is refused (503)",
                     [&c](unsigned drafts) { c.limits.complaint_form.max_drafts = drafts; });
  t.Number<unsigned>("min-sag-link-days", 30, 1, 365,
                     "days a link to Min sag in an e-mail opens the case",
                     [&c](unsigned days) { c.limits.min_sag.link_lifetime = std::chrono::hours(24 * days); });
  t.Number<unsigned>("min-sag-session-minutes", 30, 1, 24 * 60,
                     "minutes a browser stays on Min sag after its last page",
                     [&c](unsigned minutes) { c.limits.min_sag.session_idle = std::chrono::minutes(minutes); });
  t.Number<unsigned>("min-sag-tries-per-minute", 10, 1, kMaxRate,
                     "links to Min sag an address may try a minute (a guess is a try)",
                     [&c](unsigned rate) { c.limits.min_sag.opens_per_minute = static_cast<int>(rate); });
  t.Number<unsigned>("min-sag-tries-burst", 20, 1, kMaxRate, "links to Min sag an address may try at once",
                     [&c](unsigned burst) { c.limits.min_sag.opens_burst = static_cast<int>(burst); });
  t.Number<unsigned>("whistleblower-reports-per-minute", 2, 1, kMaxRate,
                     "whistleblower reports an address may send a minute (held in memory only, never written)",
                     [&c](unsigned rate) { c.limits.whistleblower.reports_per_minute = static_cast<int>(rate); });
  t.Number<unsigned>("whistleblower-reports-burst", 5, 1, kMaxRate, "whistleblower reports an address may send at once",
                     [&c](unsigned burst) { c.limits.whistleblower.reports_burst = static_cast<int>(burst); });
  t.Number<unsigned>("whistleblower-lockout-minutes", 15, 1, 24 * 60,
                     "minutes a whistleblower report stays locked after five wrong passwords",
                     [&c](unsigned minutes) { c.limits.whistleblower.lockout = std::chrono::minutes(minutes); });
  t.Number<unsigned>("hotline-form-sends-per-minute", 2, 1, kMaxRate,
                     "contacts the discrimination hotline's public form takes from one address a minute",
                     [&c](unsigned rate) { c.limits.hotline_form.sends_per_minute = static_cast<int>(rate); });
  t.Number<unsigned>("hotline-form-sends-burst", 5, 1, kMaxRate,
                     "contacts the discrimination hotline's public form takes from one address at once",
                     [&c](unsigned burst) { c.limits.hotline_form.sends_burst = static_cast<int>(burst); });
  t.Number<unsigned>("token-cache-seconds", 30, 0, 3600,
                     "how long an authenticated token is trusted without asking the database; a revoked "
                     "token is forgotten at once on every server (LISTEN/NOTIFY), and nothing is trusted "
                     "while that notification connection is down",
                     Into(&c.limits.token_cache));
  t.Number<unsigned>("session-cache-seconds", 30, 0, 300,
                     "how long a signed-in browser's session is trusted without asking the database; an "
                     "ended session is forgotten at once on every server (LISTEN/NOTIFY), as a revoked token is",
                     Into(&c.limits.session_cache));
  t.Number<unsigned>("session-idle-minutes", 30, 1, 1440, "a web session unused this long ends",
                     [&c](unsigned minutes) { c.limits.sessions.idle_timeout = std::chrono::minutes(minutes); });
  t.Number<unsigned>("session-hours", 10, 1, 168, "a web session ends this long after sign-in, used or not",
                     [&c](unsigned hours) { c.limits.sessions.absolute_timeout = std::chrono::hours(hours); });
  t.Number<unsigned>("sign-in-failures", 5, 1, 1000,
                     "sign-in attempts one account may have from one address in 15 minutes before they are refused "
                     "for a while (a right password clears them)",
                     Into<unsigned>(&c.limits.sessions.account_failures));
  t.Number<unsigned>("sign-in-address-failures", 50, 1, 100'000,
                     "failed sign-ins one address may have in 15 minutes, over all accounts, before it is refused",
                     Into<unsigned>(&c.limits.sessions.address_failures));
  t.Number<unsigned>("sign-in-successes", 30, 1, 100'000,
                     "successful sign-ins one account may have in 15 minutes (each costs Argon2id's memory and time)",
                     Into<unsigned>(&c.limits.sessions.account_sign_ins));
  t.Number<unsigned>("password-hash-concurrency", 1, 1, 64,
                     "passwords hashed or checked at once (Argon2id: 64 MiB and most of a core each, for about 0.1 s)",
                     Into<unsigned>(&c.limits.password_hash.concurrency));
  t.Number<unsigned>("password-hash-queue", 8, 0, 1000,
                     "sign-ins that may wait for their turn at the password hash; further ones get 429 with "
                     "Retry-After",
                     Into<unsigned>(&c.limits.password_hash.queue));
  t.Number<unsigned>("password-hash-wait-ms", 2000, 0, 60'000,
                     "how long a sign-in may wait for its turn before it gets 429 with Retry-After",
                     Into(&c.limits.password_hash.max_wait));
  t.OptionalText("oidc-issuer",
                 "sign people in with this OpenID Connect provider (its issuer URL, https; http only on loopback)",
                 Into(&p.oidc_issuer));
  t.OptionalText("oidc-client-id", "this server's client id at the provider", Into(&p.oidc_client_id));
  t.OptionalText("oidc-client-secret-file", "a file holding the client secret (or set OMBUDSFLOW_OIDC_CLIENT_SECRET)",
                 Into(&p.oidc_secret_file));
  t.OptionalText("oidc-redirect-url",
                 "where the provider sends people back (default: PUBLIC-URL/v1/auth/oidc/callback)",
                 Into(&p.oidc_redirect_url));
  t.OptionalText("citizen-oidc-issuer",
                 "citizens sign in with MitID at the complaint form and Min sag through this OpenID Connect "
                 "broker (the municipality's)",
                 Into(&p.citizen_oidc_issuer));
  t.OptionalText("citizen-oidc-client-id", "this server's client id at the citizens' broker",
                 Into(&p.citizen_oidc_client_id));
  t.OptionalText("citizen-oidc-client-secret-file",
                 "a file holding the citizens' broker's client secret (or set OMBUDSFLOW_CITIZEN_OIDC_CLIENT_SECRET)",
                 Into(&p.citizen_oidc_secret_file));
  t.OptionalText("citizen-oidc-redirect-url",
                 "where the citizens' broker sends people back (default: PUBLIC-URL/mitid/callback)",
                 Into(&p.citizen_oidc_redirect_url));

  // Background work.
  t.Number<unsigned>("timer-interval-ms", 1000, 1, 3'600'000, "how often to look for passed deadlines",
                     Into(&c.timers.interval));
  t.Number<unsigned>("timer-batch", 50, 1, 10'000, "how many due cases one claim takes", Into<unsigned>(&c.timers.batch));
  t.Number<unsigned>("webhook-interval-ms", 1000, 1, 3'600'000,
                     "how often to look for due webhook deliveries (new notices go out at once)",
                     Into(&c.webhooks.interval));
  t.Number<unsigned>("webhook-batch", 32, 1, 1000, "how many deliveries one claim takes; they are sent concurrently",
                     Into<unsigned>(&c.webhooks.batch));
  t.Number<unsigned>("webhook-concurrency", 2, 1, 64,
                     "delivery rounds in flight at once (none holds a database connection while it sends)",
                     Into<unsigned>(&c.webhooks.concurrency));
  t.Number<unsigned>("webhook-timeout-ms", 10000, 100, 600'000,
                     "how long one delivery attempt may take, connect to answer", Into(&c.webhooks.timeout));
  t.Number<unsigned>("webhook-lease-ms", 30000, 1100, 3'600'000,
                     "how long a claimed delivery is kept from other servers; if this one dies mid-send, "
                     "the delivery goes out again after it (at least --webhook-timeout-ms plus 1000)",
                     Into(&c.webhooks.lease));
  t.OptionalText("webhook-ca-file",
                 "PEM file of certificate authorities to trust for https webhooks besides the system's",
                 [&c](const std::string& file) { c.webhooks.ca_file = file; });
  t.Switch("webhook-allow-loopback", "let webhook URLs reach loopback addresses (tests, single-host setups)",
           &c.webhooks.policy.allow_loopback);
  t.Switch("webhook-allow-private",
           "let webhook URLs reach private network addresses (receivers inside the municipality)",
           &c.webhooks.policy.allow_private);
  t.Text("smtp-url", "",
         "the SMTP server letters go out through by e-mail, e.g. smtp://mail.example.dk:587 (STARTTLS "
         "when offered); empty: e-mail letters wait",
         Into(&p.smtp_url));
  t.Text("smtp-from", "", "the sender address of letters (default: office.json's e-mail)", Into(&p.smtp_from));
  t.Text("smtp-username", "", "SMTP user name, if the server wants one", Into(&p.smtp_username));
  t.Text("smtp-password-file", "", "a file holding the SMTP password", Into(&p.smtp_password_file));
  t.Boolean("smtp-require-tls", false, "send e-mail only over TLS (refuse a server that offers no STARTTLS)",
            &p.smtp_require_tls);
  t.Text("print-folder", "",
         "the folder printed letters' PDFs go to (the office's, or a print service's drop folder); "
         "empty: printed letters wait",
         Into(&p.print_folder));
  t.Text("weasyprint", "weasyprint", "the WeasyPrint program that renders letters as PDF/UA",
         Into(&c.letters.weasyprint));
  t.Number<unsigned>("letter-interval-ms", 1000, 1, 3'600'000, "how often the letter job looks for letters to send",
                     Into(&c.letters.interval));
  t.Number<unsigned>("newsletter-interval-ms", 2000, 1, 3'600'000,
                     "how often the newsletter job looks for recipients to send to (a sent issue starts at once)",
                     Into(&c.newsletter.interval));
  t.Number<unsigned>("newsletter-batch", 50, 1, 10'000, "how many recipients one claim takes",
                     Into<unsigned>(&c.newsletter.batch));
  t.Number<unsigned>("newsletter-per-second", 10, 0, 100'000,
                     "newsletter e-mails a second from this server, as the mail server allows; 0: as fast as it takes them",
                     [&c](unsigned rate) { c.newsletter.per_second = rate; });
  t.Number<unsigned>("newsletter-lease-ms", 60000, 1000, 3'600'000,
                     "how long claimed recipients are kept from other servers, renewed as a message's end goes; a "
                     "claim taken over stops its message before its end",
                     Into(&c.newsletter.lease));
  t.Text("bounce-maildir", "",
         "the Maildir the office's mail server delivers bounces to the products' sender address to; each new "
         "delivery report is heeded (a hard bounce takes the address off the list) and every mail moved to cur/; "
         "empty: only refusals while sending are heeded",
         Into(&c.newsletter.bounce_maildir));
  t.Number<unsigned>("survey-interval-ms", 60000, 100, 86'400'000,
                     "how often the satisfaction survey's job looks for closed cases to mail a link to",
                     Into(&c.newsletter.survey_interval));
  t.Number<unsigned>("document-max-mib", 25, 1, 1024, "the largest document a case keeps, in MiB",
                     [&c](unsigned mib) { c.documents.max_file_bytes = std::uint64_t{mib} << 20; });
  t.Number<unsigned>("case-documents-max-mib", 500, 1, 1'048'576, "all of one case's documents at most, in MiB",
                     [&c](unsigned mib) { c.documents.max_case_bytes = std::uint64_t{mib} << 20; });
  t.Text("document-types", "",
         "the media types a case keeps, separated by spaces, as libmagic names them (application/pdf ...); "
         "empty: PDF, DOCX, ODT, XLSX, JPEG, PNG, TIFF, plain text and e-mail",
         [&c](const std::string& text) {
           std::istringstream words(text);
           for (std::string type; words >> type;) c.documents.allowed_types.push_back(type);
         });
  t.Text("spool-folder", "/tmp",
         "where uploads and downloads are spooled as unnamed files (a file system with O_TMPFILE: ext4, xfs, "
         "tmpfs)",
         Into(&c.documents.spool_folder));
  t.Number<unsigned>("upload-idle-timeout-seconds", 30, 1, 3600, "how long an upload may send nothing",
                     Into(&c.documents.upload_idle_timeout));
  t.Number<unsigned>("upload-timeout-seconds", 600, 1, 86'400, "how long one upload may take in all",
                     Into(&c.documents.upload_timeout));
  t.Number<std::size_t>("max-uploads", 16, 1, 4096,
                        "uploads received at once, over all connections (each spools up to --document-max-mib "
                        "to --spool-folder); beyond, a 503 with Retry-After",
                        Into<std::size_t>(&c.documents.max_uploads));
  t.Text("clamd-socket", "/var/run/clamav/clamd.ctl",
         "ClamAV's daemon's local socket; every document is scanned there, and waits for its scan while "
         "clamd cannot be reached",
         Into(&c.documents.clamd_socket));
  t.Number<unsigned>("clamd-timeout-ms", 60'000, 100, 3'600'000, "how long one scan may take",
                     Into(&c.documents.clamd_timeout));
  t.Number<unsigned>("scan-interval-ms", 30'000, 10, 3'600'000,
                     "how often documents waiting for their scan are offered to clamd again",
                     Into(&c.documents.scan_interval));
  t.OptionalText("audit-anchor",
                 "append signed checkpoints of the cases' audit chain heads to this file, outside the database "
                 "(one file per server; keep it where the database's logins cannot rewrite it), for "
                 "`audit verify --anchor`; needs --audit-anchor-key",
                 Into(&p.audit_anchor));
  t.OptionalText("audit-anchor-key", "the anchor's Ed25519 secret key file (made by `ombudsflow audit anchor-key`)",
                 Into(&p.audit_anchor_key));
  t.Number<unsigned>("audit-anchor-interval-seconds", 60, 1, 86'400,
                     "how often to write a checkpoint of the heads changed since the last",
                     Into<unsigned>(&p.audit_anchor_interval));
  t.Text("log-level", "info", "trace, debug, info, warn or error", [&c](const std::string& level) {
    if (level != "trace" && level != "debug" && level != "info" && level != "warn" && level != "error") {
      Refuse("--log-level must be trace, debug, info, warn or error");
    }
    c.log_level = level;
  });
}

// The first line of `file`, or nullopt when it cannot be read.
std::optional<std::string> FirstLine(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return line;
}

// Options that only make sense together, and the secrets they name.
std::expected<void, ConfigStop> Resolve(Pending& p, ServeConfig& c) {
  const auto usage = [](std::string text) { return std::unexpected(ConfigStop{ConfigStop::Kind::kUsage, std::move(text)}); };
  const auto failure = [](std::string text) {
    return std::unexpected(ConfigStop{ConfigStop::Kind::kFailure, std::move(text)});
  };
  if (p.db) {
    c.database.conninfo = *p.db;
  } else if (const char* env = std::getenv("OMBUDSFLOW_DB"); env != nullptr && *env != '\0') {
    c.database.conninfo = env;
  } else {
    return usage("no database given: pass --db CONNINFO or set OMBUDSFLOW_DB");
  }
  if (c.webhooks.lease < c.webhooks.timeout + std::chrono::milliseconds(1000)) {
    return usage("--webhook-lease-ms must be at least --webhook-timeout-ms plus 1000, or a slow "
                 "delivery would be claimed again while it is still being sent");
  }
  // An identity provider's settings from its options; `what` names them.
  const auto provider = [&](const std::string& prefix, const std::string& environment, const std::string& issuer,
                            const std::optional<std::string>& client_id, const std::optional<std::string>& secret_file,
                            const std::optional<std::string>& redirect_url,
                            std::string scope) -> std::expected<service::OidcSettings, std::string> {
    service::OidcSettings oidc{.issuer = issuer, .scope = std::move(scope)};
    if (!client_id) return std::unexpected("--" + prefix + "-issuer needs --" + prefix + "-client-id");
    oidc.client_id = *client_id;
    const std::optional<std::string> file = secret_file ? secret_file : Credential(prefix + "-client-secret");
    if (file) {
      auto secret = FirstLine(*file);
      if (!secret) return std::unexpected("cannot read the client secret from --" + prefix + "-client-secret-file");
      oidc.client_secret = *secret;
      p.secrets.push_back(prefix + " client secret: the file " + *file);
    } else if (const char* secret = std::getenv(environment.c_str()); secret != nullptr) {
      oidc.client_secret = secret;
      p.secrets.push_back(prefix + " client secret: the environment's " + environment);
    }
    if (oidc.client_secret.empty()) {
      return std::unexpected("--" + prefix + "-issuer needs the client secret: --" + prefix +
                             "-client-secret-file or " + environment);
    }
    // Unset: the server's public URL's callback, once it is bound.
    if (redirect_url) oidc.redirect_url = *redirect_url;
    return oidc;
  };
  if (p.oidc_issuer) {
    auto oidc = provider("oidc", "OMBUDSFLOW_OIDC_CLIENT_SECRET", *p.oidc_issuer, p.oidc_client_id,
                         p.oidc_secret_file, p.oidc_redirect_url, "openid email profile");
    if (!oidc) return oidc.error().starts_with("cannot") ? failure(oidc.error()) : usage(oidc.error());
    c.oidc = std::move(*oidc);
  }
  if (p.citizen_oidc_issuer) {
    // A citizen's name, for the form; nothing else is asked of MitID.
    auto oidc = provider("citizen-oidc", "OMBUDSFLOW_CITIZEN_OIDC_CLIENT_SECRET", *p.citizen_oidc_issuer,
                         p.citizen_oidc_client_id, p.citizen_oidc_secret_file, p.citizen_oidc_redirect_url,
                         "openid profile");
    if (!oidc) return oidc.error().starts_with("cannot") ? failure(oidc.error()) : usage(oidc.error());
    c.citizen_oidc = std::move(*oidc);
  }
  if (p.audit_anchor && !p.audit_anchor_key) p.audit_anchor_key = Credential("audit-anchor-key");
  if (p.audit_anchor) {
    if (!p.audit_anchor_key) return usage("--audit-anchor needs --audit-anchor-key");
    p.secrets.push_back("audit anchor key: the file " + *p.audit_anchor_key);
    c.audit_anchor = ServeConfig::AuditAnchor{.path = *p.audit_anchor,
                                              .key_file = *p.audit_anchor_key,
                                              .interval = std::chrono::seconds(p.audit_anchor_interval)};
  } else if (p.audit_anchor_key) {
    return usage("--audit-anchor-key needs --audit-anchor FILE");
  }
  if (!p.smtp_url.empty()) {
    ServeConfig::Smtp smtp{.url = p.smtp_url, .from = p.smtp_from, .username = p.smtp_username,
                           .require_tls = p.smtp_require_tls};
    if (p.smtp_password_file.empty()) p.smtp_password_file = Credential("smtp-password").value_or("");
    if (!p.smtp_password_file.empty()) {
      auto password = FirstLine(p.smtp_password_file);
      if (!password) return failure("cannot read --smtp-password-file " + p.smtp_password_file);
      smtp.password = *password;
      p.secrets.push_back("smtp password: the file " + p.smtp_password_file);
    }
    c.letters.smtp = std::move(smtp);
  }
  if (!p.print_folder.empty()) c.letters.print_folder = p.print_folder;
  c.database.passfile = Credential("pgpass");
  if (c.database.passfile) {
    p.secrets.push_back("database password: libpq's password file " + *c.database.passfile);
  } else if (ConninfoHasPassword(c.database.conninfo)) {
    p.secrets.push_back("database password: in the connection string");
  }
  return {};
}

// An option's value as text, as a config file would give it.
std::string ValueText(const po::variable_value& value) {
  const boost::any& any = value.value();
  if (const auto* text = boost::any_cast<std::string>(&any)) return *text;
  if (const auto* number = boost::any_cast<unsigned>(&any)) return std::to_string(*number);
  if (const auto* size = boost::any_cast<std::size_t>(&any)) return std::to_string(*size);
  if (const auto* flag = boost::any_cast<bool>(&any)) return *flag ? "true" : "false";
  return "?";
}

std::set<std::string> Named(const po::parsed_options& parsed) {
  std::set<std::string> names;
  for (const auto& option : parsed.options) names.insert(option.string_key);
  return names;
}

// Every option's effective value and its source, secrets masked.
std::vector<EffectiveOption> Effective(const po::options_description& options, const po::variables_map& values,
                                       const std::set<std::string>& from_flags, const ServeConfig& config) {
  std::vector<EffectiveOption> effective;
  for (const auto& option : options.options()) {
    const std::string& name = option->long_name();
    if (name == "help") continue;
    EffectiveOption row{name, "", "unset"};
    if (values.count(name) > 0) {
      row.value = ValueText(values[name]);
      row.source = from_flags.contains(name) ? "flag" : values[name].defaulted() ? "default" : "file";
    }
    if (name == "db") {
      if (row.source == "unset") row.source = "environment OMBUDSFLOW_DB";
      row.value = MaskConninfo(config.database.conninfo);
    }
    if (name == "smtp-url" && !row.value.empty()) row.value = MaskUrl(row.value);
    effective.push_back(std::move(row));
  }
  return effective;
}

}  // namespace

std::expected<ServeSettings, ConfigStop> ReadServeSettings(const std::vector<std::string>& args) {
  ServeSettings settings;
  ServeConfig& config = settings.config;
  Pending pending;
  po::options_description options("serve options");
  DescribeOptions(options, config, pending);
  // Only on the command line: a config file names no other.
  po::options_description command_line_only("where the options are");
  command_line_only.add_options()("config", po::value<std::string>(),
                                  "read options from this file, one `name = value` a line, named as the flags "
                                  "are (deploy/ombudsflow.conf.example); a flag overrides the file");
  po::options_description command_line;
  command_line.add(command_line_only).add(options);
  std::set<std::string> from_flags;
  po::variables_map values;
  try {
    const po::parsed_options flags = po::command_line_parser(args).options(command_line).run();
    from_flags = Named(flags);
    // Stored first, so each flag keeps its value over the file's.
    po::store(flags, values);
    if (values.count("help") > 0) {
      std::ostringstream text;
      text << "usage: ombudsflow serve [--config FILE] --db CONNINFO [--listen HOST:PORT] [--workflows DIR] "
              "[--threads N]\n\n"
           << command_line << "\n";
      return std::unexpected(ConfigStop{ConfigStop::Kind::kHelp, text.str()});
    }
    if (values.count("config") > 0) {
      const std::string& path = values["config"].as<std::string>();
      std::ifstream file(path);
      if (!file) {
        return std::unexpected(ConfigStop{ConfigStop::Kind::kFailure, "cannot read the config file " + path});
      }
      try {
        po::store(po::parse_config_file(file, options), values);
      } catch (const po::error& error) {
        return std::unexpected(ConfigStop{ConfigStop::Kind::kUsage, path + ": " + error.what()});
      }
    }
    po::notify(values);
  } catch (const po::error& error) {
    return std::unexpected(ConfigStop{ConfigStop::Kind::kUsage, std::string(error.what()) + " (see --help)"});
  }
  // A command line is readable by every user of the machine (/proc).
  const auto on_command_line = [&](const char* name, bool (*has_password)(const std::string&)) {
    return from_flags.contains(name) && has_password(values[name].as<std::string>());
  };
  if (on_command_line("db", ConninfoHasPassword) || on_command_line("smtp-url", UrlHasPassword)) {
    return std::unexpected(ConfigStop{
        ConfigStop::Kind::kUsage,
        "a password on the command line can be read by every user of this machine: put the database's in a "
        "password file (libpq's passfile, or the systemd credential pgpass), the SMTP server's in "
        "--smtp-password-file, or either in the --config file"});
  }
  if (auto resolved = Resolve(pending, config); !resolved) return std::unexpected(resolved.error());
  settings.options = Effective(command_line, values, from_flags, config);
  settings.secrets = std::move(pending.secrets);
  return settings;
}

std::expected<ServeConfig, ConfigStop> ParseServeConfig(const std::vector<std::string>& args) {
  auto settings = ReadServeSettings(args);
  if (!settings) return std::unexpected(settings.error());
  return std::move(settings->config);
}

}  // namespace ombudsflow::server
