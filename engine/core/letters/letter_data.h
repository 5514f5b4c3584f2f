#pragma once

#include <kainjow/mustache.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/time.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// Who the office is, as every letter's head and foot says it
/// (templates/letters/office.json).
struct LetterOffice {
  std::string name;
  std::string address;
  std::string phone;
  std::string email;
  std::string web;
};

/// How a letter to the citizen is written, chosen by the citizen's needs:
/// easy-read Danish for an easy-read need; English for "en"; Danish
/// otherwise, with a note on getting an interpreter when the citizen
/// needs one or writes in another language.
struct LetterAudience {
  std::string variant;  // "da", "en", "da-easy" or "department"
  std::string lang;     // the document's BCP 47 language
  bool interpreter_note = false;
  bool large_print = false;
};
[[nodiscard]] LetterAudience CitizenAudience(const v1::Complainant& citizen);
[[nodiscard]] LetterAudience DepartmentAudience();

/// What a letter says besides the case itself.
struct LetterContext {
  const v1::Complaint& complaint;  // as the transition leaves it
  LetterAudience audience;
  LetterOffice office;
  std::string department_name;    // "Børne- og Ungdomsforvaltningen"
  Date today;
  std::optional<Date> deadline;   // the new state's deadline, if it has one
  Date reply_by;                  // when the office answers at the latest
  std::string signer;             // who signs: the person who fired it
  // The body of the referral registry the case was referred to (fact
  // referred_to), when it is one; the caller looks it up.
  const v1::ReferralBody* referral = nullptr;
  // The documents of the case's file sent with it, by document number.
  std::vector<std::int32_t> enclosures = {};
};

/// The values a template may use. Texts a case may lack are given only when
/// present, each with a has_… flag to test: a template that uses one
/// outside its test fails to render rather than leave a hole.
///   office.{name,address,phone,email,web}, date, reply_by, case_number,
///   subject, has_citizen_name, citizen.name, has_citizen_address,
///   citizen.address, has_department, department.{code,name}, has_deadline,
///   deadline, lang_da, lang_en, to_department, points[{number,text}],
///   has_points, selected_points[...], has_selected_points,
///   assessments[{number,text,outcome,reasoning,has_recommendation,
///   recommendation}], has_assessments, fact.<name> for each fact, signer,
///   interpreter_note, interpreter_language, large_print, lang,
///   has_referral, referral.{name,handles,has_handles,has_address,
///   address_lines[{line}],has_phone,phone,has_email,email,has_web,web,
///   has_reason,reason}: the body referred to, from the registry, or the
///   free-text name older definitions recorded (referral_authority);
///   has_enclosures, enclosure_numbers ("3" or "3, 5"): the case's
///   documents sent with the letter; has_journal_number, journal_number
///   ("27.24.00-K01"): the case's KLE journal number once it has one.
[[nodiscard]] kainjow::mustache::data LetterData(const LetterContext& context);

/// LetterData for a case where everything is filled and every fact in
/// `fact_names` recorded: what the catalogue validates templates with.
[[nodiscard]] kainjow::mustache::data LetterSpecimen(const std::vector<std::string>& fact_names);

/// "30. november 2026" in Danish, "30 November 2026" in English.
[[nodiscard]] std::string LetterDate(Date date, const std::string& lang);

}  // namespace ombudsflow
