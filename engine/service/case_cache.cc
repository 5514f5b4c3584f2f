#include "engine/service/case_cache.h"

namespace ombudsflow::service {

std::shared_ptr<const CaseAtVersion> CaseCache::Find(const std::string& id, std::uint32_t version) {
  std::lock_guard lock(mutex_);
  const auto found = slots_.find(id);
  if (found == slots_.end() || found->second.entry->complaint.version() != version) return nullptr;
  recency_.splice(recency_.begin(), recency_, found->second.recency);
  return found->second.entry;
}

void CaseCache::Remember(std::shared_ptr<const CaseAtVersion> entry) {
  if (capacity_ == 0) return;
  const std::string& id = entry->complaint.id();
  std::lock_guard lock(mutex_);
  if (const auto found = slots_.find(id); found != slots_.end()) {
    Slot& slot = found->second;
    if (slot.entry->complaint.version() > entry->complaint.version()) return;
    slot.entry = std::move(entry);
    recency_.splice(recency_.begin(), recency_, slot.recency);
    return;
  }
  if (slots_.size() >= capacity_) {
    slots_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(id);
  slots_.emplace(id, Slot{std::move(entry), recency_.begin()});
}

std::size_t CaseCache::Size() const {
  std::lock_guard lock(mutex_);
  return slots_.size();
}

}  // namespace ombudsflow::service
