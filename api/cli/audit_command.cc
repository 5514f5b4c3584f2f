#include <fstream>
#include <iostream>

#include "api/cli/cli_common.h"
#include "engine/service/anchor_verification.h"
#include "engine/service/audit_anchor_line.h"
#include "engine/service/audit_verification.h"
#include "engine/store/audit_anchor_store.h"
#include "engine/store/complaint_store.h"
#include "engine/store/database.h"

namespace ombudsflow::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: ombudsflow audit verify --db CONNINFO (--case ID | --all) [--anchor FILE --anchor-public-key FILE]\n"
    "       ombudsflow audit anchor-key --out FILE\n"
    "verify: checks cases' audit chains: seqs without a gap, each hash its event's, ending at the case's\n"
    "version and recorded head. Prints the first broken link of each broken chain; exits 1 when any\n"
    "is broken. With --anchor, also holds the database to the audit anchor a server wrote (serve\n"
    "--audit-anchor): every line signed by the key, and every anchored head still in the database.\n"
    "anchor-key: writes a new Ed25519 key for the audit anchor to FILE (secret, for serve\n"
    "--audit-anchor-key) and FILE.pub (public, for verify --anchor-public-key).";

constexpr std::string_view kAnchorKeyUsage = "usage: ombudsflow audit anchor-key --out FILE";

int RunAnchorKey(const std::vector<std::string>& args) {
  po::options_description options("audit anchor-key options");
  options.add_options()
      ("help,h", "show this help")
      ("out", po::value<std::string>(), "the secret key's file (mode 0600); the public key goes to FILE.pub");
  po::variables_map values;
  if (auto done = ParseArgs(args, options, nullptr, kAnchorKeyUsage, values)) return *done;
  if (values.count("out") == 0) {
    PrintError("give --out FILE");
    return kExitUsage;
  }
  const std::string out = values["out"].as<std::string>();
  if (auto written = service::WriteAnchorKey(service::NewAnchorKey(), out); !written) {
    PrintError(written.error().message);
    return kExitFailure;
  }
  std::cout << "wrote the anchor's secret key to " << out << " (for serve --audit-anchor-key) and its public key to "
            << out << ".pub (for audit verify --anchor-public-key)" << std::endl;
  return kExitOk;
}

// Holds the database to the anchor file; true when it holds.
std::expected<bool, int> VerifyAnchor(store::Database& database, const po::variables_map& values,
                                      const std::string& only_case) {
  const std::string path = values["anchor"].as<std::string>();
  auto public_key = service::ReadAnchorPublicKey(values["anchor-public-key"].as<std::string>());
  if (!public_key) {
    PrintError(public_key.error().message);
    return std::unexpected(kExitFailure);
  }
  std::ifstream file(path);
  if (!file) {
    PrintError("cannot read the anchor " + path);
    return std::unexpected(kExitFailure);
  }
  store::AuditAnchorStore store(database);
  service::AnchorVerification verification(store, *public_key);
  auto summary = verification.Verify(file, only_case, [&](const service::AnchorFinding& finding) {
    std::cout << "anchor " << path << " line " << finding.line << ": ";
    if (finding.complaint_id.empty()) {
      std::cout << finding.reason << "\n";
    } else {
      std::cout << "case " << finding.complaint_id << " anchored at event " << finding.seq << ": " << finding.reason
                << "\n";
    }
  });
  if (!summary) {
    PrintError(summary.error().message);
    return std::unexpected(kExitFailure);
  }
  // A server writes its file's first checkpoint as it starts: an empty
  // anchor was emptied, or is not the server's.
  const bool empty = summary->lines == 0;
  if (empty) std::cout << "anchor " << path << ": holds no checkpoint\n";
  std::cout << "anchor " << path << ": " << summary->lines << " lines, " << summary->heads << " anchored heads, "
            << summary->findings + (empty ? 1 : 0) << " not held" << std::endl;
  return summary->findings == 0 && !empty;
}

void PrintReport(const service::ChainReport& report, bool always) {
  if (report.broken) {
    std::cout << "case " << report.complaint_id << ": broken at event " << report.broken->seq << ": "
              << report.broken->reason << "\n";
  } else if (always) {
    std::cout << "case " << report.complaint_id << ": the chain holds (" << report.events
              << (report.events == 1 ? " event)\n" : " events)\n");
  }
}

}  // namespace

int RunAudit(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "anchor-key") return RunAnchorKey({args.begin() + 1, args.end()});
  if (args.empty() || args[0] != "verify") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << kUsage << std::endl;
      return kExitOk;
    }
    PrintError("expected 'audit verify' or 'audit anchor-key' (see 'ombudsflow audit --help')");
    return kExitUsage;
  }
  po::options_description options("audit verify options");
  options.add_options()
      ("help,h", "show this help")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)")
      ("case", po::value<std::string>(), "verify this case's chain")
      ("all", "verify every case's chain")
      ("anchor", po::value<std::string>(), "also check the audit anchor file a server wrote (serve --audit-anchor)")
      ("anchor-public-key", po::value<std::string>(), "the anchor key's public half (FILE.pub of audit anchor-key)");
  po::variables_map values;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (auto done = ParseArgs(rest, options, nullptr, kUsage, values)) return *done;
  if ((values.count("case") > 0) == (values.count("all") > 0)) {
    PrintError("give exactly one of --case ID and --all");
    return kExitUsage;
  }
  if ((values.count("anchor") > 0) != (values.count("anchor-public-key") > 0)) {
    PrintError("--anchor and --anchor-public-key go together");
    return kExitUsage;
  }
  auto database = OpenDatabase(values);
  if (!database) return database.error();
  const auto anchor_holds = [&](const std::string& only_case) -> std::expected<bool, int> {
    if (values.count("anchor") == 0) return true;
    return VerifyAnchor(**database, values, only_case);
  };
  store::ComplaintStore complaints(**database, {});
  service::AuditVerification verification(complaints);
  if (values.count("case") > 0) {
    auto report = verification.Verify(values["case"].as<std::string>());
    if (!report) {
      PrintError(report.error().message);
      return kExitFailure;
    }
    PrintReport(*report, true);
    auto anchored = anchor_holds(report->complaint_id);
    if (!anchored) return anchored.error();
    return report->broken || !*anchored ? kExitFailure : kExitOk;
  }
  std::size_t broken = 0;
  auto verified = verification.VerifyAll([&](const service::ChainReport& report) {
    if (report.broken) ++broken;
    PrintReport(report, false);
  });
  if (!verified) {
    PrintError(verified.error().message);
    return kExitFailure;
  }
  std::cout << *verified << " cases verified, " << broken << " with a broken chain" << std::endl;
  auto anchored = anchor_holds("");
  if (!anchored) return anchored.error();
  return broken > 0 || !*anchored ? kExitFailure : kExitOk;
}

}  // namespace ombudsflow::cli
