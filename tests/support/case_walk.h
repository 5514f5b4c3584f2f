#pragma once

#include <string>
#include <vector>

#include "engine/core/policy/role.h"

namespace ombudsflow::testing {

/// A complete, valid intake request in JSON.
inline constexpr const char* kValidIntakeJson = R"({"channel": "LETTER",
 "complainant": {"name": "Jens Hansen", "email": "jens@example.dk", "language": "da",
                 "needsInterpreter": true, "needsAssistance": true},
 "department": "BUF",
 "subject": "Svar på ansøgning om støtte",
 "description": "Jeg har ikke fået svar i tre måneder."})";

/// One transition request (JSON, as a client sends it) and who sends it.
struct WalkStep {
  Role role;
  std::string json;
};

/// Takes a BUF complaint on complaint v2 from 'received' to 'hearing', with
/// one complaint point ("Svartid") selected.
[[nodiscard]] inline std::vector<WalkStep> StepsToHearing() {
  return {
      {Role::kCaseworker, R"({"name": "consider_solutions", "input": {"department_has_answered": true}})"},
      {Role::kCaseworker, R"({"name": "start_written_treatment", "input": {"points": ["Svartid"]}})"},
      {Role::kOmbudsman, R"({"name": "open_investigation", "input": {"actuality": "a", "significance": "b",
          "complexity": "c", "citizen_gain": "d", "improvement_potential": "e", "selected_points": [1]}})"}};
}

/// From 'hearing' to 'awaiting_notice_receipt': the department answers, the
/// point is assessed, a caseworker drafts `text` and sends the notice.
[[nodiscard]] inline std::vector<WalkStep> StepsToNoticeSent(
    const std::string& text = "Borgerrådgiveren kritiserer BUF for lang sagsbehandlingstid.") {
  return {
      {Role::kDepartment, R"({"name": "record_department_answer", "input": {"department_answer": "Svar"}})"},
      {Role::kCaseworker, R"({"name": "assess_points", "input": {"assessments": [{"number": 1, "outcome": "SERIOUS_CRITICISM"}]}})"},
      {Role::kCaseworker, R"({"name": "draft_publication", "input": {"publication_title": "Lang sagsbehandlingstid",
          "concerns_discrimination": false, "publication_text": ")" + text + R"("}})"},
      {Role::kCaseworker, R"({"name": "send_pre_publication_notice"})"}};
}

}  // namespace ombudsflow::testing
