#pragma once

#include <cstddef>
#include <optional>
#include <set>
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
[[nodiscard]] std::optional<PersonalDataKind> PersonalDataKindNamed(std::string_view name);

/// The organisation's own contact points, which are nobody's personal data:
/// the departments' official mailboxes and switchboards, the office's own,
/// the bodies it refers citizens to (the deployment's data,
/// workflows/public_contacts.textproto and referrals.textproto). Kept as
/// NormalizedPersonalData gives them.
struct PublicContacts {
  std::set<std::string> emails;
  std::set<std::string> phones;

  /// Adds `email` and `phone` (either may be empty), normalised.
  void Add(std::string_view email, std::string_view phone);
};

/// One place in a text where personal data appears.
struct PersonalDataHit {
  PersonalDataKind kind;
  std::string text;        // as it appears
  std::size_t offset = 0;  // in bytes
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in characters (UTF-8 code points)
};

/// Finds, in reading order, in one linear pass over `text` (no backtracking
/// regular expressions: a megabyte of hostile text scans in milliseconds):
///  - Danish CPR numbers whose date exists (the seventh digit fixes the
///    century, as the CPR office defines it), their ten digits grouped in
///    any way: 010190-1234, 0101901234, 010190 1234, 010190.1234;
///  - e-mail addresses;
///  - Danish phone numbers: eight digits in any grouping (31 41 59 26,
///    31/41/59/26), with or without +45 or 0045; dates such as 12.03.2026
///    are not phone numbers;
///  - the complainant's name (the whole name, and each part of it), postal
///    address (the whole, its street line, and the street without its
///    number), e-mail and phone (in any grouping).
/// The text is compared after Unicode NFKC, case folding and the removal of
/// zero-width and other format characters, word by word, so "ØLGAARD",
/// "Øl\u200Bgaard" and the genitive "Ølgaards" are all the name Ølgaard.
/// Digit groups of more than twelve digits are some other number. An
/// e-mail address or phone number of `known` is no finding, unless it is
/// the complainant's own.
[[nodiscard]] std::vector<PersonalDataHit> FindPersonalData(std::string_view text,
                                                            const v1::Complainant& complainant,
                                                            const PublicContacts* known = nullptr);

/// Whether DDMMYY with control digit `seventh` (0-9) is a date of birth
/// that exists.
[[nodiscard]] bool IsValidCprDate(int day, int month, int two_digit_year, int seventh);

/// The same value written differently compares equal: case folded, and for
/// numbers only the digits (without a +45 / 0045 prefix) count.
[[nodiscard]] std::string NormalizedPersonalData(PersonalDataKind kind, std::string_view value);

/// The words of `text` as the scanner compares them: folded (NFKC, case,
/// format characters removed) and split at every character that is not a
/// letter or digit ("O'Brien" is "o" and "brien").
[[nodiscard]] std::vector<std::string> FoldedWords(std::string_view text);

/// Whether `hit` says who complained: a CPR number, the complainant's own
/// e-mail address or phone number, or their name or address of two words
/// or more (one word alone, "Skov", is too often a plain word: it is
/// warned about, not refused). Departments never receive these: the
/// office tells them who, where needed, in its letter.
[[nodiscard]] bool IdentifiesComplainant(const PersonalDataHit& hit, const v1::Complainant& complainant);

/// The first hit in `text` that identifies the complainant, described for
/// a refusal ("line 1, column 5: the complainant's name (Jens Hansen)").
[[nodiscard]] std::optional<std::string> ComplainantIdentifiedIn(std::string_view text,
                                                                 const v1::Complainant& complainant,
                                                                 const PublicContacts* known = nullptr);

/// "010190-xxxx": a CPR number as it may be shown anywhere.
[[nodiscard]] std::string MaskedCpr(std::string_view cpr);

/// `text` with every CPR number in it masked: what departments and the
/// public see of any free text, whatever got past the guards.
[[nodiscard]] std::string WithCprNumbersMasked(std::string_view text);

/// The hit as a person reads it in a refusal: "line 2, column 14: a CPR
/// number (010190-xxxx)". CPR numbers are masked.
[[nodiscard]] std::string DescribeHit(const PersonalDataHit& hit);

}  // namespace ombudsflow
