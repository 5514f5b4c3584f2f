#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/content_store.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A file a citizen added to a complaint form not yet sent.
struct StagedFile {
  std::string id;
  std::string title;  // empty: none given
  std::string file_name;
  std::string media_type;
  std::uint64_t size_bytes = 0;
  std::int64_t content_id = 0;
};

/// How many files, and bytes, the forms may hold.
struct StagedFileLimits {
  int files_per_draft = 10;
  std::uint64_t bytes_per_draft = 50ull * 1024 * 1024;
  // All drafts together: a flood of uploads ends here, not at the disk's end.
  std::uint64_t bytes_in_all = 2ull * 1024 * 1024 * 1024;
};

/// Refusal reasons of Keep's kResourceExhausted, in its field violation.
inline constexpr std::string_view kFormFileCount = "form_file_count";
inline constexpr std::string_view kFormFileBytes = "form_file_bytes";
inline constexpr std::string_view kFormFilesBusy = "form_files_busy";

/// The complaint form's files (sql/0043_complaint_form_files.sql), their
/// bytes in a ContentStore.
class ComplaintFormFileStore {
 public:
  ComplaintFormFileStore(Database& database, ContentStore& contents) : database_(database), contents_(contents) {}

  /// Keeps `file` (its id set), its `file.size_bytes` bytes read by `read`,
  /// with the draft whose key hash is `draft_key_hash`, in one transaction
  /// under the draft's lock. kFailedPrecondition when the draft has expired
  /// or was sent; kResourceExhausted (kFormFileCount, kFormFileBytes,
  /// kFormFilesBusy) past a limit.
  [[nodiscard]] Result<void> Keep(const std::string& draft_key_hash, const StagedFile& file, const ReadAt& read,
                                  const std::string& sha256, Timestamp now, const StagedFileLimits& limits);

  /// The draft's files (by the id its case will get), in the order added.
  [[nodiscard]] Result<std::vector<StagedFile>> Of(const std::string& draft_case_id);

  /// Removes one of the draft's files and its bytes; false when it has none
  /// by that id.
  [[nodiscard]] Result<bool> Remove(const std::string& draft_case_id, const std::string& file_id);

  /// Passes a file's bytes to `sink`, chunk by chunk.
  [[nodiscard]] Result<void> ReadContent(std::int64_t content_id,
                                         const std::function<Result<void>(std::string_view)>& sink);

  /// Removes up to `limit` files of drafts expired at `now`, and their
  /// bytes; how many.
  [[nodiscard]] Result<int> PurgeExpired(Timestamp now, int limit);

 private:
  Database& database_;
  ContentStore& contents_;
};

}  // namespace ombudsflow::store
