#include "engine/core/documents/case_document_rules.h"

#include <vector>

#include "engine/core/base/file_name.h"
#include "engine/core/base/hex.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/base/text.h"

namespace ombudsflow {
namespace {

bool IsStaff(const Actor& actor) { return IsOfficeStaff(actor.role); }

}  // namespace

Result<DocumentDescription> DescribeUpload(const v1::UploadDocumentRequest& request, const Actor& actor,
                                           const std::string& case_department, Date today) {
  std::vector<FieldViolation> violations;
  DocumentDescription description;
  description.title = Trimmed(request.title());
  if (description.title.empty()) {
    violations.push_back({"title", "a document needs a title", "required"});
  } else if (!IsOneLineOfText(description.title)) {
    violations.push_back({"title", "a title is one line of text", "one_line"});
  }

  if (actor.role == Role::kDepartment) {
    // What a department sends is its own: the office decides the rest.
    if (request.direction() != v1::DOCUMENT_DIRECTION_UNSPECIFIED && request.direction() != v1::DOCUMENT_IN) {
      violations.push_back({"direction", "a department's document is one the office receives", "department_sends_in"});
    }
    if (request.audience() != v1::DOCUMENT_AUDIENCE_UNSPECIFIED && request.audience() != v1::SHARED_WITH_DEPARTMENT) {
      violations.push_back(
          {"audience", "a department's document is shared with it; the office shares it further", "department_audience"});
    }
    description.direction = "in";
    description.audience = "department";
    description.counterpart = case_department;
  } else if (IsStaff(actor)) {
    description.direction = StoredDirectionOf(request.direction());
    if (description.direction.empty()) {
      violations.push_back({"direction", "say whether the document came in, went out or is internal", "required"});
    }
    description.audience = StoredAudienceOf(request.audience());
    if (description.audience.empty()) description.audience = "office";  // shared only when someone says so
    description.counterpart = Trimmed(request.counterpart());
    if (description.direction == "internal") {
      if (description.counterpart.empty()) description.counterpart = "office";
    } else if (description.counterpart.empty() && !description.direction.empty()) {
      violations.push_back({"counterpart", "say who sent or received the document", "required"});
    }
    if (!description.counterpart.empty() && !IsOneLineOfText(description.counterpart)) {
      violations.push_back({"counterpart", "a sender or recipient is one line of text", "one_line"});
    }
  } else {
    return std::unexpected(PermissionDenied("only office staff and departments keep documents on a case"));
  }

  if (request.document_date().empty()) {
    description.document_date = today;
  } else if (auto date = ParseIsoDate(request.document_date()); !date) {
    violations.push_back({"document_date", "a date is YYYY-MM-DD", "invalid"});
  } else if (*date > today) {
    violations.push_back({"document_date", "a document's date cannot be after today", "future_date"});
  } else {
    description.document_date = *date;
  }

  if (auto cleaned = CleanFileName(request.file_name()); !cleaned) {
    violations.push_back({"file_name", "the file needs a name of letters, digits and a type", "invalid_file_name"});
  } else {
    description.file_name = std::move(*cleaned);
  }

  if (!violations.empty()) {
    return std::unexpected(InvalidArgument("the document's description is incomplete", std::move(violations)));
  }
  return description;
}

std::optional<FieldViolation> SetUploadField(v1::UploadDocumentRequest& request, std::string_view name,
                                             std::string_view value) {
  const auto* field = request.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr) {
    return FieldViolation{std::string(name), "a document has no such field", "unknown_field"};
  }
  const auto* reflection = request.GetReflection();
  if (field->type() == google::protobuf::FieldDescriptor::TYPE_ENUM) {
    if (value.empty()) return std::nullopt;  // a form's empty choice: not given
    const auto* enum_value = field->enum_type()->FindValueByName(std::string(value));
    if (enum_value == nullptr || enum_value->number() == 0) {
      return FieldViolation{std::string(name), "not one of the values this field takes", "invalid_enum"};
    }
    reflection->SetEnumValue(&request, field, enum_value->number());
    return std::nullopt;
  }
  reflection->SetString(&request, field, std::string(value));
  return std::nullopt;
}

std::optional<PersonalDataKind> ComplainantNamedIn(std::string_view text, const v1::Complainant& complainant) {
  for (const PersonalDataHit& hit : FindPersonalData(text, complainant)) {
    if (hit.kind == PersonalDataKind::kName || hit.kind == PersonalDataKind::kAddress ||
        hit.kind == PersonalDataKind::kCpr) {
      return hit.kind;
    }
  }
  return std::nullopt;
}

std::optional<FieldViolation> SharedTitleRefusal(const DocumentDescription& description, const Actor& actor,
                                                 const v1::Complainant& complainant) {
  // A department's own upload names whom it likes: the office's sharing is the question.
  if (!IsStaff(actor) || description.audience == "office") return std::nullopt;
  for (const auto& [field, text] : {std::pair<const char*, const std::string*>{"title", &description.title},
                                    {"file_name", &description.file_name}}) {
    if (const auto kind = ComplainantNamedIn(*text, complainant)) {
      return FieldViolation{field,
                            "names the complainant (" + std::string(KindName(*kind)) +
                                "): a document shared with the department is named without their personal data",
                            "names_complainant"};
    }
  }
  return std::nullopt;
}

bool MayListDocument(const Actor& actor, const DocumentFacts& document) {
  if (IsStaff(actor)) return true;
  if (actor.role != Role::kDepartment) return false;
  if (document.audience != "department" && document.audience != "citizen") return false;
  if (document.scan_state == "clean") return true;
  return document.scan_state == "pending" && document.uploaded_by == actor.Id();
}

bool MayReadDocument(const Actor& actor, const DocumentFacts& document) {
  if (!MayListDocument(actor, document)) return false;
  if (document.scan_state == "clean") return true;
  return document.scan_state == "pending" && document.uploaded_by == actor.Id();
}

std::string StoredDirectionOf(v1::DocumentDirection direction) {
  switch (direction) {
    case v1::DOCUMENT_IN: return "in";
    case v1::DOCUMENT_OUT: return "out";
    case v1::DOCUMENT_INTERNAL: return "internal";
    default: return "";
  }
}

std::string StoredAudienceOf(v1::DocumentAudience audience) {
  switch (audience) {
    case v1::OFFICE_ONLY: return "office";
    case v1::SHARED_WITH_DEPARTMENT: return "department";
    case v1::SHARED_WITH_CITIZEN: return "citizen";
    default: return "";
  }
}

v1::DocumentDirection DirectionOf(std::string_view stored) {
  if (stored == "in") return v1::DOCUMENT_IN;
  if (stored == "out") return v1::DOCUMENT_OUT;
  if (stored == "internal") return v1::DOCUMENT_INTERNAL;
  return v1::DOCUMENT_DIRECTION_UNSPECIFIED;
}

v1::DocumentAudience AudienceOf(std::string_view stored) {
  if (stored == "office") return v1::OFFICE_ONLY;
  if (stored == "department") return v1::SHARED_WITH_DEPARTMENT;
  if (stored == "citizen") return v1::SHARED_WITH_CITIZEN;
  return v1::DOCUMENT_AUDIENCE_UNSPECIFIED;
}

v1::ScanState ScanStateOf(std::string_view stored) {
  if (stored == "pending") return v1::SCAN_PENDING;
  if (stored == "clean") return v1::SCAN_CLEAN;
  if (stored == "infected") return v1::SCAN_INFECTED;
  return v1::SCAN_STATE_UNSPECIFIED;
}

std::string UploadFingerprint(const std::string& sha256, const DocumentDescription& description) {
  // Fields separated by a byte none of them may hold.
  const std::string joined = sha256 + '\x1f' + description.title + '\x1f' + description.direction + '\x1f' +
                             description.counterpart + '\x1f' + FormatIsoDate(description.document_date) + '\x1f' +
                             description.audience + '\x1f' + description.file_name;
  return Sha256Hex(joined);
}

}  // namespace ombudsflow
