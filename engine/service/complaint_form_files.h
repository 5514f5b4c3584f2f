#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/service/case_document_service.h"
#include "engine/service/spool_file.h"
#include "engine/store/complaint_form_file_store.h"
#include "engine/store/complaint_form_store.h"

namespace ombudsflow::service {

/// The complaint form's documents step: files a citizen adds before the
/// complaint exists, checked, typed and scanned as every upload is the
/// moment they arrive (an infected file is refused, not kept), held with
/// the draft, and made the case's documents when it is sent.
class ComplaintFormFiles {
 public:
  ComplaintFormFiles(store::ComplaintFormFileStore& store, store::ComplaintFormStore& drafts,
                     CaseDocumentService& documents, const Clock& clock, IdGenerator& ids,
                     store::StagedFileLimits limits);

  /// Adds the file in a multipart/form-data body (`content_type` with its
  /// boundary: an optional "title" and the "file") to the draft `token`
  /// names. kInvalidArgument and kResourceExhausted with the field at fault
  /// and the reasons of CaseDocumentService and of the store (and
  /// "infected"); kFailedPrecondition when the draft has expired or was
  /// sent.
  [[nodiscard]] Result<store::StagedFile> Add(std::string_view token, const SpoolFile& body,
                                              const std::string& content_type);

  /// The files of the draft whose case will have id `draft_case_id`.
  [[nodiscard]] Result<std::vector<store::StagedFile>> Of(const std::string& draft_case_id) {
    return store_.Of(draft_case_id);
  }

  /// Removes a file from the draft `token` names; false when it has none
  /// by that id, or the draft was sent.
  [[nodiscard]] Result<bool> Remove(std::string_view token, const std::string& file_id);

  /// Makes the draft's files the documents of the case it opened, each
  /// once however often this runs, then forgets them. A file the case's
  /// checks now refuse is left out and logged; only a failure to keep one
  /// (the database, the disk) stops it, to be done again.
  [[nodiscard]] Result<int> MoveToCase(const std::string& draft_case_id, const std::string& complaint_id);

  /// Deletes the files of expired drafts; whether more are due.
  [[nodiscard]] Result<bool> PurgeExpired();

  [[nodiscard]] const store::StagedFileLimits& limits() const { return limits_; }
  [[nodiscard]] std::uint64_t MaxFileBytes() const { return documents_.limits().max_file_bytes; }

 private:
  store::ComplaintFormFileStore& store_;
  store::ComplaintFormStore& drafts_;
  CaseDocumentService& documents_;
  const Clock& clock_;
  IdGenerator& ids_;
  store::StagedFileLimits limits_;
};

}  // namespace ombudsflow::service
