#include <iostream>

#include "api/cli/cli_common.h"
#include "engine/service/audit_verification.h"
#include "engine/store/complaint_store.h"
#include "engine/store/database.h"

namespace ombudsflow::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: ombudsflow audit verify --db CONNINFO (--case ID | --all)\n"
    "Verifies cases' audit chains: seqs without a gap, each hash its event's, ending at the case's\n"
    "version and recorded head. Prints the first broken link of each broken chain; exits 1 when any\n"
    "is broken.";

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
  if (args.empty() || args[0] != "verify") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << kUsage << std::endl;
      return kExitOk;
    }
    PrintError("expected 'audit verify' (see 'ombudsflow audit --help')");
    return kExitUsage;
  }
  po::options_description options("audit verify options");
  options.add_options()
      ("help,h", "show this help")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)")
      ("case", po::value<std::string>(), "verify this case's chain")
      ("all", "verify every case's chain");
  po::variables_map values;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (auto done = ParseArgs(rest, options, nullptr, kUsage, values)) return *done;
  if ((values.count("case") > 0) == (values.count("all") > 0)) {
    PrintError("give exactly one of --case ID and --all");
    return kExitUsage;
  }
  auto database = OpenDatabase(values);
  if (!database) return database.error();
  store::ComplaintStore complaints(**database, {});
  service::AuditVerification verification(complaints);
  if (values.count("case") > 0) {
    auto report = verification.Verify(values["case"].as<std::string>());
    if (!report) {
      PrintError(report.error().message);
      return kExitFailure;
    }
    PrintReport(*report, true);
    return report->broken ? kExitFailure : kExitOk;
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
  return broken > 0 ? kExitFailure : kExitOk;
}

}  // namespace ombudsflow::cli
