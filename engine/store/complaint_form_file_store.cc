#include "engine/store/complaint_form_file_store.h"

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

Error Exhausted(std::string message, std::string_view reason) {
  return Error{ErrorCode::kResourceExhausted, message, {{"file", std::move(message), std::string(reason)}}};
}

}  // namespace

Result<void> ComplaintFormFileStore::Keep(const std::string& draft_key_hash, const StagedFile& file,
                                          const ReadAt& read, const std::string& sha256, Timestamp now,
                                          const StagedFileLimits& limits) {
  return database_.Run("keep complaint form file", [&](soci::session& session) -> Result<void> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    std::string case_id;
    soci::indicator found = soci::i_null;
    session << "SELECT case_id::text FROM complaint_form_drafts WHERE key_hash = :key AND complaint_id IS NULL"
               " AND expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now") " FOR UPDATE",
        soci::use(draft_key_hash, "key"), soci::use(at, "now"), soci::into(case_id, found);
    if (!session.got_data() || found != soci::i_ok) {
      return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the form has expired or was sent"));
    }
    long long files = 0, bytes = 0, all_bytes = 0;
    session << "SELECT count(*), COALESCE(sum(size_bytes), 0)::bigint,"
               " (SELECT COALESCE(sum(size_bytes), 0)::bigint FROM complaint_form_files)"
               " FROM complaint_form_files WHERE draft_case_id = :id::uuid",
        soci::use(case_id, "id"), soci::into(files), soci::into(bytes), soci::into(all_bytes);
    if (files >= limits.files_per_draft) {
      return std::unexpected(Exhausted("a form takes at most " + std::to_string(limits.files_per_draft) + " files",
                                       kFormFileCount));
    }
    if (static_cast<std::uint64_t>(bytes) + file.size_bytes > limits.bytes_per_draft) {
      return std::unexpected(Exhausted("a form's files take at most " + std::to_string(limits.bytes_per_draft) +
                                           " bytes",
                                       kFormFileBytes));
    }
    if (static_cast<std::uint64_t>(all_bytes) + file.size_bytes > limits.bytes_in_all) {
      return std::unexpected(Exhausted("the forms hold all the files they may now", kFormFilesBusy));
    }
    const std::int64_t content_id = contents_.Write(session, file.size_bytes, sha256, read);
    const long long size = static_cast<long long>(file.size_bytes);
    const long long content = content_id;
    session << "INSERT INTO complaint_form_files (id, draft_case_id, title, file_name, media_type, size_bytes,"
               " content_id, created_at) VALUES (:id::uuid, :case::uuid, :title, :name, :type, :size, :content, "
               OF_MICROS_TO_TIMESTAMPTZ(":now") ")",
        soci::use(file.id, "id"), soci::use(case_id, "case"), soci::use(file.title, "title"),
        soci::use(file.file_name, "name"), soci::use(file.media_type, "type"), soci::use(size, "size"),
        soci::use(content, "content"), soci::use(at, "now");
    transaction.commit();
    return {};
  });
}

Result<std::vector<StagedFile>> ComplaintFormFileStore::Of(const std::string& draft_case_id) {
  if (!IsUuid(draft_case_id)) return std::vector<StagedFile>();
  return database_.Run("complaint form files", [&](soci::session& session) -> Result<std::vector<StagedFile>> {
    std::vector<StagedFile> files;
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT id::text, title, file_name, media_type, size_bytes, content_id"
                            " FROM complaint_form_files WHERE draft_case_id = :id::uuid ORDER BY created_at, id",
         soci::use(draft_case_id, "id"));
    for (const soci::row& row : rows) {
      files.push_back({.id = row.get<std::string>(0),
                       .title = row.get<std::string>(1),
                       .file_name = row.get<std::string>(2),
                       .media_type = row.get<std::string>(3),
                       .size_bytes = static_cast<std::uint64_t>(row.get<long long>(4)),
                       .content_id = row.get<long long>(5)});
    }
    return files;
  });
}

Result<bool> ComplaintFormFileStore::Remove(const std::string& draft_case_id, const std::string& file_id) {
  if (!IsUuid(draft_case_id) || !IsUuid(file_id)) return false;
  return database_.Run("remove complaint form file", [&](soci::session& session) -> Result<bool> {
    soci::transaction transaction(session);
    long long content_id = 0;
    session << "DELETE FROM complaint_form_files WHERE id = :file::uuid AND draft_case_id = :draft::uuid"
               " RETURNING content_id",
        soci::use(file_id, "file"), soci::use(draft_case_id, "draft"), soci::into(content_id);
    if (!session.got_data()) return false;
    contents_.Erase(session, content_id);
    transaction.commit();
    return true;
  });
}

Result<void> ComplaintFormFileStore::ReadContent(std::int64_t content_id,
                                                 const std::function<Result<void>(std::string_view)>& sink) {
  return database_.Run("read complaint form file", [&](soci::session& session) -> Result<void> {
    return contents_.Read(session, content_id, sink);
  });
}

Result<int> ComplaintFormFileStore::PurgeExpired(Timestamp now, int limit) {
  return database_.Run("purge complaint form files", [&](soci::session& session) -> Result<int> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    std::vector<long long> contents(static_cast<std::size_t>(std::max(limit, 1)));
    // Rows another server is purging are skipped, not waited for.
    session << "DELETE FROM complaint_form_files WHERE id IN ("
               "  SELECT f.id FROM complaint_form_files f JOIN complaint_form_drafts d ON d.case_id = f.draft_case_id"
               "  WHERE d.expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now")
               "  LIMIT :limit FOR UPDATE OF f SKIP LOCKED) RETURNING content_id",
        soci::use(at, "now"), soci::use(limit, "limit"), soci::into(contents);
    if (!session.got_data()) contents.clear();
    for (const long long content_id : contents) contents_.Erase(session, content_id);
    transaction.commit();
    return static_cast<int>(contents.size());
  });
}

}  // namespace ombudsflow::store
