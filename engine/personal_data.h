#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// Kinds of personal data that must not be published without consent
/// (seeds/000 and seeds/002: confidential information stays confidential).
enum class PersonalDataKind { kCpr, kEmail, kPhone, kName, kAddress };

/// "cpr", "email", "phone", "name", "address": the kinds consents name.
[[nodiscard]] std::string_view KindName(PersonalDataKind kind);
[[nodiscard]] bool IsPersonalDataKind(std::string_view name);

/// One place in a text where personal data appears.
struct PersonalDataHit {
  PersonalDataKind kind;
  std::string text;        // as it appears
  std::size_t offset = 0;  // in bytes
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in characters (UTF-8 code points)
};

/// Finds, in reading order:
///  - Danish CPR numbers, DDMMYY-NNNN or DDMMYYNNNN, whose date exists (the
///    seventh digit fixes the century, as the CPR office defines it);
///  - e-mail addresses;
///  - Danish phone numbers: eight digits, grouped or not, with or without
///    +45 or 0045;
///  - the complainant's name (the whole name, and each part of it), postal
///    address (the whole, and its street line), e-mail and phone, compared
///    without regard to case.
/// Digits inside longer digit runs are not CPR or phone numbers.
[[nodiscard]] std::vector<PersonalDataHit> FindPersonalData(std::string_view text,
                                                            const v1::Complainant& complainant);

/// Whether DDMMYY with control digit `seventh` (0-9) is a date of birth
/// that exists.
[[nodiscard]] bool IsValidCprDate(int day, int month, int two_digit_year, int seventh);

/// The same value written differently compares equal: case folded, and for
/// numbers only the digits (without a +45 / 0045 prefix) count.
[[nodiscard]] std::string NormalizedPersonalData(PersonalDataKind kind, std::string_view value);

/// The hit as a person reads it in a refusal: "line 2, column 14: a CPR
/// number (010190-xxxx)". CPR numbers are masked.
[[nodiscard]] std::string DescribeHit(const PersonalDataHit& hit);

}  // namespace ombudsflow
