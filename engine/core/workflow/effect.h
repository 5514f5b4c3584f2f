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

/// A letter to the citizen, from a template, with the accessibility needs
/// that travel with every letter.
struct Letter {
  std::string template_name = {};
  std::string language = {};
  bool needs_interpreter = false;
  bool needs_accessible_format = false;
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

using Effect = std::variant<Letter, DepartmentNotice, OfficeAlert, PublicationChange>;

}  // namespace ombudsflow
