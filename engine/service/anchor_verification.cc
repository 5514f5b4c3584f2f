#include "engine/service/anchor_verification.h"

#include <set>
#include <utility>

#include "engine/service/audit_anchor_line.h"

namespace ombudsflow::service {

Result<AnchorSummary> AnchorVerification::Verify(std::istream& file, const std::string& only_case,
                                                 const std::function<void(const AnchorFinding&)>& on_finding) {
  AnchorSummary summary;
  const auto found = [&](AnchorFinding finding) {
    ++summary.findings;
    on_finding(finding);
  };
  // A line that fails leaves the next one no digest to follow: it is
  // checked by its number alone.
  std::optional<std::string> previous_digest = std::string();
  std::uint64_t previous_number = 0;
  std::set<std::pair<std::string, std::uint32_t>> reported;
  for (std::string text; std::getline(file, text);) {
    const std::uint64_t at = ++summary.lines;
    auto read = ReadCheckpoint(text, public_key_);
    if (!read) {
      found({.line = at, .complaint_id = {}, .seq = 0, .reason = read.error().message});
      previous_digest.reset();
      ++previous_number;
      continue;
    }
    const AnchorCheckpoint& checkpoint = read->checkpoint;
    if (checkpoint.number != previous_number + 1 ||
        (previous_digest && checkpoint.previous != *previous_digest)) {
      found({.line = at,
             .complaint_id = {},
             .seq = 0,
             .reason = "checkpoint line " + std::to_string(checkpoint.number) +
                       " does not follow the line before it: a line was taken out, added or moved"});
    }
    previous_digest = read->digest;
    previous_number = checkpoint.number;

    std::vector<ChainHead> heads;
    for (const ChainHead& head : checkpoint.heads) {
      if (only_case.empty() || head.complaint_id == only_case) heads.push_back(head);
    }
    auto stored = store_.Lookup(heads);
    if (!stored) return std::unexpected(stored.error());
    summary.heads += heads.size();
    for (std::size_t i = 0; i < heads.size(); ++i) {
      const auto missing = AnchoredHeadMissing(heads[i], (*stored)[i]);
      if (!missing || !reported.emplace(heads[i].complaint_id, heads[i].seq).second) continue;
      found({.line = at, .complaint_id = heads[i].complaint_id, .seq = heads[i].seq, .reason = *missing});
    }
  }
  return summary;
}

}  // namespace ombudsflow::service
