#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "api/address_set.h"
#include "engine/net/beast.h"
#include "engine/core/policy/trusted_proxies.h"
#include "engine/core/reports/annual_report.h"
#include "engine/core/webhooks/address_policy.h"
#include "engine/service/complaint_form_service.h"
#include "engine/service/min_sag_service.h"
#include "engine/service/whistleblower_service.h"
#include "engine/service/hotline_form_service.h"
#include "engine/service/oidc_service.h"
#include "engine/service/password_hasher.h"
#include "engine/service/session_service.h"

namespace ombudsflow::server {

/// Everything `serve` is told, checked and typed. ParseServeConfig fills it
/// from one table of options (serve_config.cc): each option's default, its
/// allowed range and its help text sit on one row, and --help prints the
/// table. Nothing else reads the command line or the environment.
struct ServeConfig {
  struct Folders {
    std::string workflows, letters, web_templates, citizen_templates, newsletter_templates, web_static, migrations;
  };
  struct Listening {
    net::ip::tcp::endpoint endpoint;
    std::optional<net::ip::tcp::endpoint> metrics;
    std::optional<std::string> public_url;  // unset: http://the bound address
    unsigned io_threads = 0;
    std::size_t body_limit = 0;
    std::chrono::seconds request_timeout{}, idle_timeout{};
    std::chrono::milliseconds drain_timeout{};
    std::size_t max_connections = 0, max_connections_per_address = 0;
    api::AddressSet connection_limit_exempt;
    TrustedProxies trusted_proxies;
    bool request_log = false;
    bool secure_cookies = false;
    std::string embed_publications_in;  // origins, separated by spaces
  };
  struct Database {
    std::string conninfo;
    // libpq's password file (PGPASSFILE), when it is a systemd credential
    // ("pgpass"); otherwise libpq's own rules find it.
    std::optional<std::string> passfile;
    unsigned request_pool = 0, jobs_pool = 0;
    std::size_t case_cache = 0;
  };
  struct Office {
    std::string time_zone;
    std::optional<std::string> holidays_file;
    YearStart year_start;
    int notice_period_days = 0;
    unsigned retention_days = 0;  // 0: only by `ombudsflow retention run`
  };
  struct Limits {
    unsigned per_token_per_minute = 0, per_token_burst = 0;  // 0 a minute: none
    unsigned anonymous_per_minute = 0, anonymous_burst = 0;
    std::chrono::seconds token_cache{}, session_cache{};
    service::SessionSettings sessions;
    service::PasswordHasher::Limits password_hash;
    service::ComplaintFormSettings complaint_form;
    service::MinSagSettings min_sag;
    service::WhistleblowerSettings whistleblower;
    service::HotlineFormSettings hotline_form;
  };
  struct Timers {
    std::chrono::milliseconds interval{};
    int batch = 0;
  };
  struct Webhooks {
    std::chrono::milliseconds interval{}, timeout{}, lease{};
    int batch = 0, concurrency = 0;
    std::string ca_file;  // empty: the system's authorities only
    AddressPolicy policy;
  };
  struct Smtp {
    std::string url, from, username, password;
    bool require_tls = false;
  };
  struct Letters {
    std::optional<Smtp> smtp;          // unset: e-mail letters wait
    std::optional<std::string> print_folder;  // unset: printed letters wait
    std::string weasyprint;
    std::chrono::milliseconds interval{};
  };
  // The newsletter's sending job.
  struct Newsletter {
    std::chrono::milliseconds interval{}, lease{};
    // How often the satisfaction survey's job looks for closed cases.
    std::chrono::milliseconds survey_interval{};
    int batch = 0;
    double per_second = 0;
    // Where the office's mail server delivers bounces to the sender
    // address (a Maildir); empty: only refusals during sending are heeded.
    std::string bounce_maildir;
  };
  // A case's documents: their limits, where uploads are spooled, and the
  // virus scanner.
  struct Documents {
    std::uint64_t max_file_bytes = 0, max_case_bytes = 0;
    std::vector<std::string> allowed_types;
    std::string spool_folder;
    std::chrono::seconds upload_idle_timeout{}, upload_timeout{};
    std::size_t max_uploads = 0;
    std::string clamd_socket;
    std::chrono::milliseconds clamd_timeout{}, scan_interval{};
  };
  struct AuditAnchor {
    std::string path, key_file;
    std::chrono::seconds interval{};
  };

  Folders folders;
  Listening listening;
  Database database;
  Office office;
  Limits limits;
  Timers timers;
  Webhooks webhooks;
  Letters letters;
  Newsletter newsletter;
  Documents documents;
  std::optional<service::OidcSettings> oidc;
  // Citizens' MitID, through the municipality's OpenID Connect broker.
  std::optional<service::OidcSettings> citizen_oidc;
  std::optional<AuditAnchor> audit_anchor;
  std::string log_level;
  bool print_routes = false;
};

/// Why a command line gives no config: --help (the text to print on
/// standard output, exit 0), or a refusal (the message, exit 2 for a wrong
/// command line, 1 for a secret file that cannot be read).
struct ConfigStop {
  enum class Kind { kHelp, kUsage, kFailure };
  Kind kind;
  std::string text;
};

/// One option's effective value, as `config check` prints it: secrets
/// masked, and where it came from ("flag", "file", "default").
struct EffectiveOption {
  std::string name, value, source;
};

/// A checked config, with what `config check` shows of it: every option's
/// effective value, and where each secret is read from (never the secret).
struct ServeSettings {
  ServeConfig config;
  std::vector<EffectiveOption> options;
  std::vector<std::string> secrets;
};

/// `serve`'s arguments as checked settings. `--config FILE` reads options
/// from FILE (name = value, as the flags are named); a flag overrides the
/// file. OMBUDSFLOW_DB stands in for --db, and OMBUDSFLOW_OIDC_CLIENT_SECRET
/// for --oidc-client-secret-file. A secret file that is not named is looked
/// for among systemd's credentials ($CREDENTIALS_DIRECTORY:
/// oidc-client-secret, citizen-oidc-client-secret, smtp-password,
/// audit-anchor-key, pgpass). A password on the command line (in --db or
/// --smtp-url) is refused: every user of the machine can read it there.
[[nodiscard]] std::expected<ServeSettings, ConfigStop> ReadServeSettings(const std::vector<std::string>& args);

/// ReadServeSettings' config alone.
[[nodiscard]] std::expected<ServeConfig, ConfigStop> ParseServeConfig(const std::vector<std::string>& args);

}  // namespace ombudsflow::server
