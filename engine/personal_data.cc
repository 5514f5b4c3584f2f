#include "engine/personal_data.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <regex>

namespace ombudsflow {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsWordByte(unsigned char c) {
  // Letters, digits and every byte of a multi-byte UTF-8 character (Danish
  // letters are letters too).
  return std::isalnum(c) != 0 || c >= 0x80;
}

// Lower case for ASCII and for the Latin-1 letters in UTF-8 (Æ Ø Å É ...),
// byte length preserved so offsets stay valid.
std::string Folded(std::string_view text) {
  std::string folded(text);
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const auto c = static_cast<unsigned char>(folded[i]);
    if (c < 0x80) {
      folded[i] = static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < folded.size()) {
      const auto next = static_cast<unsigned char>(folded[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) folded[i + 1] = static_cast<char>(next + 0x20);
      ++i;
    }
  }
  return folded;
}

std::string DigitsOnly(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (IsDigit(c)) digits += c;
  }
  return digits;
}

// The location of byte `offset`, counting lines and UTF-8 characters.
void Locate(std::string_view text, PersonalDataHit& hit) {
  hit.line = 1;
  hit.column = 1;
  for (std::size_t i = 0; i < hit.offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++hit.line;
      hit.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++hit.column;
    }
  }
}

bool Overlaps(const std::vector<PersonalDataHit>& hits, std::size_t offset, std::size_t size) {
  return std::any_of(hits.begin(), hits.end(), [&](const PersonalDataHit& hit) {
    return offset < hit.offset + hit.text.size() && hit.offset < offset + size;
  });
}

void AddHit(std::vector<PersonalDataHit>& hits, std::string_view text, PersonalDataKind kind,
            std::size_t offset, std::size_t size) {
  if (Overlaps(hits, offset, size)) return;  // the first, most specific finding stands
  hits.push_back({kind, std::string(text.substr(offset, size)), offset, 1, 1});
}

// Every match of `pattern` that is not glued to digits on either side.
void FindDigitPattern(std::string_view text, const std::regex& pattern,
                      const std::function<bool(const std::string&)>& accept, PersonalDataKind kind,
                      std::vector<PersonalDataHit>& hits) {
  const std::string subject(text);
  for (auto it = std::sregex_iterator(subject.begin(), subject.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    const auto offset = static_cast<std::size_t>(it->position());
    const auto size = static_cast<std::size_t>(it->length());
    const bool glued_before = offset > 0 && IsDigit(subject[offset - 1]);
    const bool glued_after = offset + size < subject.size() && IsDigit(subject[offset + size]);
    if (glued_before || glued_after || !accept(it->str())) continue;
    AddHit(hits, text, kind, offset, size);
  }
}

// Whole-word, case-insensitive occurrences of `needle`.
void FindWords(std::string_view text, const std::string& folded_text, std::string_view needle,
               PersonalDataKind kind, std::vector<PersonalDataHit>& hits) {
  const std::string folded_needle = Folded(needle);
  if (folded_needle.size() < 2) return;
  for (std::size_t at = folded_text.find(folded_needle); at != std::string::npos;
       at = folded_text.find(folded_needle, at + 1)) {
    const std::size_t end = at + folded_needle.size();
    const bool starts_word = at == 0 || !IsWordByte(static_cast<unsigned char>(folded_text[at - 1]));
    const bool ends_word = end == folded_text.size() || !IsWordByte(static_cast<unsigned char>(folded_text[end]));
    if (starts_word && ends_word) AddHit(hits, text, kind, at, folded_needle.size());
  }
}

std::vector<std::string> NameParts(std::string_view name) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == ',') {
      if (part.size() >= 2) parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  if (part.size() >= 2) parts.push_back(part);
  return parts;
}

std::string Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::string_view KindName(PersonalDataKind kind) {
  switch (kind) {
    case PersonalDataKind::kCpr: return "cpr";
    case PersonalDataKind::kEmail: return "email";
    case PersonalDataKind::kPhone: return "phone";
    case PersonalDataKind::kName: return "name";
    case PersonalDataKind::kAddress: return "address";
  }
  return "unknown";
}

bool IsPersonalDataKind(std::string_view name) {
  return name == "cpr" || name == "email" || name == "phone" || name == "name" || name == "address";
}

bool IsValidCprDate(int day, int month, int two_digit_year, int seventh) {
  if (two_digit_year < 0 || two_digit_year > 99 || seventh < 0 || seventh > 9) return false;
  int century = 1900;
  if (seventh == 4 || seventh == 9) {
    century = two_digit_year <= 36 ? 2000 : 1900;
  } else if (seventh >= 5 && seventh <= 8) {
    century = two_digit_year <= 57 ? 2000 : 1800;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const std::chrono::year_month_day date{std::chrono::year(century + two_digit_year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  return date.ok();
}

std::vector<PersonalDataHit> FindPersonalData(std::string_view text, const v1::Complainant& complainant) {
  static const std::regex kCpr(R"(\d{6}-?\d{4})");
  static const std::regex kEmail(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})");
  static const std::regex kPhone(R"(((\+45|0045) ?)?\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2})");

  std::vector<PersonalDataHit> hits;
  FindDigitPattern(text, kCpr, [](const std::string& match) {
    const std::string digits = DigitsOnly(match);
    return IsValidCprDate(std::stoi(digits.substr(0, 2)), std::stoi(digits.substr(2, 2)),
                          std::stoi(digits.substr(4, 2)), digits[6] - '0');
  }, PersonalDataKind::kCpr, hits);

  const std::string subject(text);
  for (auto it = std::sregex_iterator(subject.begin(), subject.end(), kEmail); it != std::sregex_iterator(); ++it) {
    AddHit(hits, text, PersonalDataKind::kEmail, static_cast<std::size_t>(it->position()),
           static_cast<std::size_t>(it->length()));
  }
  FindDigitPattern(text, kPhone, [](const std::string&) { return true; }, PersonalDataKind::kPhone, hits);

  // The complainant's own data, whole before parts.
  const std::string folded = Folded(text);
  const std::string address = Trimmed(complainant.postal_address());
  if (!address.empty()) {
    FindWords(text, folded, address, PersonalDataKind::kAddress, hits);
    const std::string street = Trimmed(address.substr(0, address.find_first_of(",\n")));
    if (street != address) FindWords(text, folded, street, PersonalDataKind::kAddress, hits);
  }
  const std::string name = Trimmed(complainant.name());
  if (!name.empty()) {
    FindWords(text, folded, name, PersonalDataKind::kName, hits);
    for (const auto& part : NameParts(name)) FindWords(text, folded, part, PersonalDataKind::kName, hits);
  }
  if (!complainant.email().empty()) {
    FindWords(text, folded, complainant.email(), PersonalDataKind::kEmail, hits);
  }
  const std::string phone_digits = NormalizedPersonalData(PersonalDataKind::kPhone, complainant.phone());
  if (phone_digits.size() >= 6) {
    // Written any way at all: compare the digits of every digit run.
    static const std::regex kDigitRun(R"(\+?\d[\d .-]*\d)");
    for (auto it = std::sregex_iterator(subject.begin(), subject.end(), kDigitRun); it != std::sregex_iterator(); ++it) {
      if (NormalizedPersonalData(PersonalDataKind::kPhone, it->str()) == phone_digits) {
        AddHit(hits, text, PersonalDataKind::kPhone, static_cast<std::size_t>(it->position()),
               static_cast<std::size_t>(it->length()));
      }
    }
  }

  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  for (auto& hit : hits) Locate(text, hit);
  return hits;
}

std::string NormalizedPersonalData(PersonalDataKind kind, std::string_view value) {
  if (kind == PersonalDataKind::kCpr || kind == PersonalDataKind::kPhone) {
    std::string digits = DigitsOnly(value);
    if (kind == PersonalDataKind::kPhone) {
      if (value.find('+') != std::string_view::npos && digits.starts_with("45") && digits.size() == 10) {
        digits.erase(0, 2);
      } else if (digits.starts_with("0045") && digits.size() == 12) {
        digits.erase(0, 4);
      }
    }
    return digits;
  }
  std::string folded = Folded(Trimmed(value));
  // Runs of white space count as one space.
  std::string collapsed;
  for (char c : folded) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += space ? ' ' : c;
  }
  return collapsed;
}

std::string DescribeHit(const PersonalDataHit& hit) {
  std::string where = "line " + std::to_string(hit.line) + ", column " + std::to_string(hit.column) + ": ";
  switch (hit.kind) {
    case PersonalDataKind::kCpr: {
      const std::string digits = DigitsOnly(hit.text);
      return where + "a CPR number (" + digits.substr(0, 6) + "-xxxx)";
    }
    case PersonalDataKind::kEmail: return where + "an e-mail address (" + hit.text + ")";
    case PersonalDataKind::kPhone: return where + "a phone number (" + hit.text + ")";
    case PersonalDataKind::kName: return where + "the complainant's name (" + hit.text + ")";
    case PersonalDataKind::kAddress: return where + "the complainant's address (" + hit.text + ")";
  }
  return where + hit.text;
}

}  // namespace ombudsflow
