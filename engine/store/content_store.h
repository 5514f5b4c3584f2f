#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <soci/soci.h>

#include "engine/core/base/error.h"
#include "engine/core/documents/office_container.h"

namespace ombudsflow::store {

/// Where documents' bytes live, apart from what is known of them: written
/// and read in chunks, never whole. PostgreSQL holds them by default
/// (PostgresContentStore); an S3-compatible store can take its place
/// behind this interface (docs/documents.md says how). Each call is given
/// the database session of the caller's transaction, so a content is
/// written in the same transaction as the document that refers to it.
class ContentStore {
 public:
  virtual ~ContentStore() = default;

  /// Writes the `size` bytes that `read` reads; the new content's id.
  /// `sha256` is the bytes' hash (hex), kept beside them.
  [[nodiscard]] virtual std::int64_t Write(soci::session& session, std::uint64_t size, const std::string& sha256,
                                           const ReadAt& read) = 0;

  /// Passes the content's bytes to `sink`, chunk by chunk, in order; stops
  /// at the first error `sink` returns. kNotFound when there is no such
  /// content.
  [[nodiscard]] virtual Result<void> Read(soci::session& session, std::int64_t content_id,
                                          const std::function<Result<void>(std::string_view)>& sink) = 0;

  /// Erases the content (its document stays, with its hash).
  virtual void Erase(soci::session& session, std::int64_t content_id) = 0;
};

/// Contents as rows of document_chunks, chunk_bytes each, sent and read as
/// binary (no hex or escape doubling on the wire).
class PostgresContentStore final : public ContentStore {
 public:
  static constexpr std::size_t kDefaultChunkBytes = 256 * 1024;

  explicit PostgresContentStore(std::size_t chunk_bytes = kDefaultChunkBytes) : chunk_bytes_(chunk_bytes) {}

  std::int64_t Write(soci::session& session, std::uint64_t size, const std::string& sha256,
                     const ReadAt& read) override;
  Result<void> Read(soci::session& session, std::int64_t content_id,
                    const std::function<Result<void>(std::string_view)>& sink) override;
  void Erase(soci::session& session, std::int64_t content_id) override;

 private:
  std::size_t chunk_bytes_;
};

}  // namespace ombudsflow::store
