#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::service {

/// A case as of one version: the complaint and its audit chain head.
struct CaseAtVersion {
  v1::Complaint complaint;
  std::string last_event_hash;
};

/// The cases this server read or wrote lately, each at the newest version
/// it saw. Every change to a case bumps its version, so a version names one
/// content for good: an entry is never wrong about its version, only
/// superseded, and a lookup for any other version misses. That is what lets
/// a transition that names the version it saw (If-Match) skip reading the
/// case; its write still checks the version in the database, which catches
/// changes made elsewhere (another server, a consent, a timer).
///
/// Bounded: the case used least recently goes first. Thread-safe.
class CaseCache {
 public:
  /// Capacity 0 turns it off: nothing is kept, every lookup misses.
  explicit CaseCache(std::size_t capacity) : capacity_(capacity) {}

  /// The case at exactly `version`, or null.
  [[nodiscard]] std::shared_ptr<const CaseAtVersion> Find(const std::string& id,
                                                          std::uint32_t version);

  /// Keeps `entry` unless a newer version of the case is already kept
  /// (writes can finish out of order across threads).
  void Remember(std::shared_ptr<const CaseAtVersion> entry);

  [[nodiscard]] std::size_t Size() const;

 private:
  struct Slot {
    std::shared_ptr<const CaseAtVersion> entry;
    std::list<std::string>::iterator recency;
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<std::string> recency_;  // most recently used first
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace ombudsflow::service
