#include "engine/service/complaint_form_files.h"

#include <spdlog/spdlog.h>

#include "engine/core/base/hex.h"
#include "engine/core/base/text.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::service {
ComplaintFormFiles::ComplaintFormFiles(store::ComplaintFormFileStore& store, store::ComplaintFormStore& drafts,
                                       CaseDocumentService& documents, const Clock& clock, IdGenerator& ids,
                                       store::StagedFileLimits limits)
    : store_(store), drafts_(drafts), documents_(documents), clock_(clock), ids_(ids), limits_(limits) {}

Result<store::StagedFile> ComplaintFormFiles::Add(std::string_view token, const SpoolFile& body,
                                                  const std::string& content_type) {
  if (!IsCitizenToken(token)) return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "no form"));
  auto form = documents_.ReadForm(body, content_type);
  if (!form) return std::unexpected(form.error());
  if (!form->violations.empty()) {
    return std::unexpected(InvalidArgument("the file is missing or invalid", std::move(form->violations)));
  }
  auto described = CaseDocumentService::DescribeCitizenFile(form->request.title(), form->request.file_name());
  if (!described) return std::unexpected(described.error());
  auto checked = documents_.Check(form->file, described->file_name);
  if (!checked) return std::unexpected(checked.error());
  if (checked->infected) {
    // Not kept at all: no case exists yet to quarantine it on.
    spdlog::warn("an infected file was refused at the complaint form: {}", checked->signature);
    return std::unexpected(Error{ErrorCode::kInvalidArgument,
                                 "the file holds a virus",
                                 {{"file", "the file holds a virus", std::string(kInfected)}}});
  }
  store::StagedFile file{.id = ids_.NewId(),
                         // The citizen's own title, or none: the case's
                         // default is given when it is kept there.
                         .title = Trimmed(form->request.title()),
                         .file_name = checked->file_name,
                         .media_type = checked->media_type,
                         .size_bytes = form->file.size()};
  if (auto kept = store_.Keep(Sha256Hex(token), file, form->file.Reader(), checked->sha256, clock_.Now(), limits_);
      !kept) {
    return std::unexpected(kept.error());
  }
  return file;
}

Result<bool> ComplaintFormFiles::Remove(std::string_view token, const std::string& file_id) {
  if (!IsCitizenToken(token)) return false;
  auto draft = drafts_.Find(Sha256Hex(token), clock_.Now());
  if (!draft) return std::unexpected(draft.error());
  if (!*draft || !(*draft)->complaint_id.empty()) return false;
  return store_.Remove((*draft)->case_id, file_id);
}

Result<int> ComplaintFormFiles::MoveToCase(const std::string& draft_case_id, const std::string& complaint_id) {
  auto files = store_.Of(draft_case_id);
  if (!files) return std::unexpected(files.error());
  int moved = 0;
  for (const store::StagedFile& staged : *files) {
    auto spool = SpoolFile::Create(documents_.limits().spool_directory);
    if (!spool) return std::unexpected(spool.error());
    auto read = store_.ReadContent(staged.content_id, [&](std::string_view chunk) { return spool->Append(chunk); });
    if (!read) return std::unexpected(read.error());
    // Its id as the key: sent twice, the case keeps it once.
    auto kept = documents_.KeepFromCitizen(complaint_id, staged.title, staged.file_name, *spool,
                                           "complaint-form-file:" + staged.id);
    if (kept) {
      ++moved;
    } else {
      const ErrorCode code = kept.error().code;
      if (code == ErrorCode::kUnavailable || code == ErrorCode::kInternal) return std::unexpected(kept.error());
      // Refused now (a limit changed, a signature learned since: an
      // infected one is quarantined on the case, with the office's alert).
      spdlog::warn("a complaint form's file was not kept on case {}: {}", complaint_id, kept.error().message);
    }
    // Only the files moved go: one added meanwhile waits for the next move.
    if (auto removed = store_.Remove(draft_case_id, staged.id); !removed) return std::unexpected(removed.error());
  }
  return moved;
}

Result<bool> ComplaintFormFiles::PurgeExpired() {
  constexpr int kBatch = 100;
  auto purged = store_.PurgeExpired(clock_.Now(), kBatch);
  if (!purged) return std::unexpected(purged.error());
  return *purged == kBatch;
}

}  // namespace ombudsflow::service
