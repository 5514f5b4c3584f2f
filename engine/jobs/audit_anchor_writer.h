#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "engine/core/base/time.h"
#include "engine/jobs/periodic_job.h"
#include "engine/service/audit_anchor_line.h"
#include "engine/store/audit_anchor_store.h"

namespace ombudsflow::jobs {

/// The audit anchor's writer (`serve --audit-anchor`): every `interval` a
/// checkpoint of the cases whose chain head changed since the one before,
/// appended to a file outside the database as signed lines (O_APPEND, then
/// fsync) of at most `heads_per_line` heads each. The file's first
/// checkpoint holds every case; `audit verify --anchor` folds them. One file
/// per server: servers sharing a database each keep their own.
class AuditAnchorWriter {
 public:
  struct Options {
    std::string path;
    service::AnchorKey key;
    std::chrono::milliseconds interval{60'000};
    int heads_per_line = 1000;
  };

  /// Opens (or creates, mode 0600) the file and goes on from its last
  /// checkpoint. kFailedPrecondition when the file ends in a line that is
  /// incomplete or that this key did not sign: it gets no more lines, the
  /// server needs a new file (the old one still verifies as it is).
  [[nodiscard]] static Result<std::unique_ptr<AuditAnchorWriter>> Open(store::AuditAnchorStore& store,
                                                                       const Clock& clock, Options options);
  ~AuditAnchorWriter();
  AuditAnchorWriter(const AuditAnchorWriter&) = delete;
  AuditAnchorWriter& operator=(const AuditAnchorWriter&) = delete;

  /// One checkpoint now; how many heads it wrote. Nothing is written when no
  /// head changed (but a file's first checkpoint is always written).
  [[nodiscard]] Result<std::size_t> Checkpoint();

  void Start();
  /// Finishes the checkpoint in progress, writes a last one, and stops.
  void Stop();

 private:
  AuditAnchorWriter(store::AuditAnchorStore& store, const Clock& clock, Options options, int fd);
  Result<void> Append(service::AnchorCheckpoint checkpoint);

  store::AuditAnchorStore& store_;
  const Clock& clock_;
  Options options_;
  int fd_;
  std::mutex mutex_;  // one checkpoint at a time
  std::uint64_t number_ = 0;  // the file's last line
  std::string previous_;      // its digest
  std::uint64_t since_ = 0;   // the next checkpoint reads heads changed from here
  bool broken_ = false;       // a write failed half way: the file ends in an incomplete line
  // Heads already written that the next checkpoint may read again (their
  // change is not older than since_): case id -> (seq, hash, changed by).
  struct Written {
    std::uint32_t seq;
    std::string hash;
    std::uint64_t changed_by;
  };
  std::map<std::string, Written> recent_;
  bool started_ = false;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
