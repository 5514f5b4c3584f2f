#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/rules/personal_data.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/documents.pb.h"

namespace ombudsflow {

/// A document's description as it is kept: the request's, checked,
/// completed and cleaned.
struct DocumentDescription {
  std::string title;
  std::string direction;    // "in", "out", "internal"
  std::string counterpart;  // "citizen", a department's code, "office"
  Date document_date{};
  std::string audience;     // "office", "department", "citizen"
  std::string file_name;    // cleaned
};

/// Checks and completes the description of a document `actor` uploads on a
/// case of `case_department`, on `today`. Office staff say what it is;
/// a department's upload is always one it sends in, from itself, shared
/// with it, and only the office shares it with the citizen. Every problem
/// is a field violation in one kInvalidArgument.
[[nodiscard]] Result<DocumentDescription> DescribeUpload(const v1::UploadDocumentRequest& request, const Actor& actor,
                                                         const std::string& case_department, Date today);

/// The complainant's personal data that `text` names, a department may
/// never read: their name or address, or a CPR number; nullopt for none.
[[nodiscard]] std::optional<PersonalDataKind> ComplainantNamedIn(std::string_view text,
                                                                 const v1::Complainant& complainant);

/// Why a document the office shares (audience department or citizen) may
/// not be kept under its title or file name: either names the complainant
/// (ComplainantNamedIn), which its department never reads on a notice
/// either. nullopt when it may.
[[nodiscard]] std::optional<FieldViolation> SharedTitleRefusal(const DocumentDescription& description,
                                                               const Actor& actor,
                                                               const v1::Complainant& complainant);

/// Sets the field `name` of an upload's description from a form field or
/// query parameter: text as given, an enum by its name ("DOCUMENT_IN").
/// A violation for an unknown field or enum name.
[[nodiscard]] std::optional<FieldViolation> SetUploadField(v1::UploadDocumentRequest& request, std::string_view name,
                                                           std::string_view value);

/// What decides who sees a kept document.
struct DocumentFacts {
  std::string audience;             // "office", "department", "citizen"
  std::string scan_state;           // "pending", "clean", "infected"
  std::string uploaded_by;          // Actor::Id() of its uploader
};

/// Whether `actor`, already allowed on the document's case, may know of
/// the document: office staff of every one; a department of those shared
/// with it that are clean or its own upload; nobody else.
[[nodiscard]] bool MayListDocument(const Actor& actor, const DocumentFacts& document);

/// Whether `actor` may read its bytes: as MayListDocument, and only a clean
/// document, or a pending one by its own uploader. Never an infected one.
[[nodiscard]] bool MayReadDocument(const Actor& actor, const DocumentFacts& document);

/// The stored words for the API's names ("in", "department"; "" for an
/// unspecified one), and back.
[[nodiscard]] std::string StoredDirectionOf(v1::DocumentDirection direction);
[[nodiscard]] std::string StoredAudienceOf(v1::DocumentAudience audience);
[[nodiscard]] v1::DocumentDirection DirectionOf(std::string_view stored);
[[nodiscard]] v1::DocumentAudience AudienceOf(std::string_view stored);
[[nodiscard]] v1::ScanState ScanStateOf(std::string_view stored);

/// A fingerprint of an upload (its bytes' hash and its description), so
/// that a retry with the same Idempotency-Key is told from a new upload.
[[nodiscard]] std::string UploadFingerprint(const std::string& sha256, const DocumentDescription& description);

}  // namespace ombudsflow
