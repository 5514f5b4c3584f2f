#pragma once

#include <google/protobuf/struct.pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/core/base/time.h"

namespace ombudsflow {

// What a transition asks the outside world to do, as typed values. The
// store writes each kind with one writer of its own, in the same
// transaction as the case change; the case it concerns is the outcome's.

/// A letter from a template (templates/letters/), to the citizen or to the
/// department. The action names it; the service renders it before the
/// outcome is written (LetterService), so a letter that cannot be rendered
/// whole refuses the transition.
struct Letter {
  std::string template_name = {};
  std::string recipient = "citizen";  // or "department"
  // Filled when rendered: the variant the recipient's needs chose, how it
  // goes out ("email", "print", "department_notice") and its text.
  std::string variant = {};
  bool interpreter_note = false;
  std::string channel = {};
  std::string subject = {};
  std::string html = {};
  std::string body = {};  // the body alone, for a preview; not stored
  // Documents of the case's file sent with it (their document numbers):
  // attached to its e-mail, printed after it.
  std::vector<std::int32_t> enclosures = {};
};

/// A notice to a department: listed for it to pull, and pushed where it
/// has a webhook endpoint.
struct DepartmentNotice {
  std::string department = {};
  std::string notice = {};  // "hearing", "pre_publication", ...
  // Pre-publication notices: the earliest publication the notice period
  // allows, and the revision of the draft the department receives.
  std::optional<Date> publication_date = {};
  std::optional<std::uint32_t> publication_revision = {};
  // What else the department reads, in lowerCamelCase: the selected
  // complaint points and the facts the definition names.
  google::protobuf::Struct details = {};
};

/// Something a person in the office must look at.
struct OfficeAlert {
  std::string role = {};   // who: "caseworker", "ombudsman", ...
  std::string about = {};  // what, as a short key
  std::string reason = {};
};

/// The case's publication drafted, published or withdrawn.
struct PublicationChange {
  enum class Stage { kAwaitingApproval, kPublished, kWithdrawn };
  Stage stage = Stage::kAwaitingApproval;
  std::string title = {};
  std::string text = {};
  std::vector<std::string> targets = {};
};

/// A document the office received on the case (the department's answer),
/// registered in the case's journal.
struct ReceivedDocument {
  std::string kind = {};         // "department_answer", ...
  std::string counterpart = {};  // a department's code, or "citizen"
  std::string subject = {};
  std::string text = {};         // what is hashed
};

/// A document of the case's file shared wider: with the department, or
/// with the citizen (and so the department too). Never narrowed.
struct DocumentShared {
  std::int32_t number = 0;   // its document number
  std::string audience = {};  // "department" or "citizen"
};

using Effect =
    std::variant<Letter, DepartmentNotice, OfficeAlert, PublicationChange, ReceivedDocument, DocumentShared>;

}  // namespace ombudsflow
