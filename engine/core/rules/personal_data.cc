#include "engine/core/rules/personal_data.h"

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "engine/core/base/text.h"
#include "engine/core/base/text_fold.h"

namespace ombudsflow {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string DigitsOnly(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (IsDigit(c)) digits += c;
  }
  return digits;
}

// Byte ranges in the folded text.
// Byte ranges in the folded text (which FoldForMatching keeps below 2 GiB),
// kept small: a hostile megabyte holds half a million of them.
struct Span {
  Span() = default;
  Span(std::size_t from, std::size_t to) : begin(static_cast<std::uint32_t>(from)), end(static_cast<std::uint32_t>(to)) {}
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// A run of ASCII digits, and how it is joined to the run before it.
struct DigitGroup {
  Span span;
  bool joined_to_previous = false;  // only separators between them
  char separator = 0;               // the first separator before it, when joined
  bool plus_before = false;         // "+45 ..."
};

// Characters people put between the digits of one number: space, hyphen,
// dot, slash, parentheses, and the Unicode dashes NFKC leaves alone.
std::size_t SeparatorLength(std::string_view text, std::size_t at) {
  const char c = text[at];
  if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') return 1;
  // U+2010..U+2015 (hyphens and dashes) and U+2212 (minus sign).
  if (text.substr(at, 2) == "\xE2\x80" && at + 2 < text.size()) {
    const auto third = static_cast<unsigned char>(text[at + 2]);
    if (third >= 0x90 && third <= 0x95) return 3;
  }
  if (text.substr(at, 3) == "\xE2\x88\x92") return 3;
  return 0;
}

// A calendar date written with digits (12.03.2026, 2026-03-12): common in
// the office's texts, and eight digits like a phone number.
bool IsDateShape(const std::vector<DigitGroup>& groups, std::size_t first, std::size_t last,
                 std::string_view text) {
  if (last - first != 2) return false;
  std::size_t sizes[3];
  int values[3];
  for (std::size_t i = 0; i < 3; ++i) {
    const DigitGroup& group = groups[first + i];
    sizes[i] = group.span.end - group.span.begin;
    if (i > 0 && group.separator == ' ') return false;
    if (sizes[i] > 4) return false;
    values[i] = 0;
    for (std::size_t at = group.span.begin; at < group.span.end; ++at) values[i] = values[i] * 10 + (text[at] - '0');
  }
  auto day_month_ok = [](int day, int month) { return day >= 1 && day <= 31 && month >= 1 && month <= 12; };
  if (sizes[0] <= 2 && sizes[1] <= 2 && sizes[2] == 4) return day_month_ok(values[0], values[1]);
  if (sizes[0] == 4 && sizes[1] <= 2 && sizes[2] <= 2) return day_month_ok(values[2], values[1]);
  return false;
}

int TwoDigits(std::string_view digits, std::size_t at) { return (digits[at] - '0') * 10 + (digits[at + 1] - '0'); }

bool IsCprDigits(std::string_view digits) {
  if (digits.size() != 10) return false;
  return IsValidCprDate(TwoDigits(digits, 0), TwoDigits(digits, 2), TwoDigits(digits, 4), digits[6] - '0');
}

bool IsDanishPhoneDigits(std::string_view digits, bool plus_before) {
  if (digits.size() == 8) return true;
  if (digits.size() == 10 && plus_before && digits.starts_with("45")) return true;
  return digits.size() == 12 && digits.starts_with("0045");
}

// One whole-text scan. Findings are kept in folded-text coordinates while
// scanning and mapped back to the source at the end.
class Scanner {
 public:
  Scanner(std::string_view source, const v1::Complainant& complainant)
      : source_(source), folded_(FoldForMatching(source)), text_(folded_.text), complainant_(complainant) {
    Tokenize();
  }

  std::vector<PersonalDataHit> Run() {
    FindNumbers();
    FindEmailAddresses();
    FindComplainantsNameAndAddress();
    FindComplainantsEmail();
    FindComplainantsPhone();
    return Located();
  }

 private:
  // Words (letters and digits, in any script) and digit groups, in one pass.
  void Tokenize() {
    // Most texts are mostly words; a little more room saves regrowing.
    words_.reserve(text_.size() / 6 + 16);
    std::size_t at = 0;
    std::size_t digits_begin = std::string::npos;
    while (at < text_.size()) {
      std::size_t length = 1;
      const auto c = static_cast<unsigned char>(text_[at]);
      const bool word = c < 0x80 ? ((c >= 'a' && c <= 'z') || IsDigit(static_cast<char>(c)))
                                 : IsWordCharacterAt(text_, at, length);
      if (word && (words_.empty() || words_.back().end != at)) words_.push_back({at, at + length});
      else if (word) words_.back().end = at + length;
      const bool digit = IsDigit(text_[at]);
      if (digit && digits_begin == std::string::npos) digits_begin = at;
      if (!digit && digits_begin != std::string::npos) {
        AddDigitGroup({digits_begin, at});
        digits_begin = std::string::npos;
      }
      at += length;
    }
    if (digits_begin != std::string::npos) AddDigitGroup({digits_begin, text_.size()});
    chain_ends_.resize(groups_.size());
    for (std::size_t i = groups_.size(); i-- > 0;) {
      chain_ends_[i] = i + 1 < groups_.size() && groups_[i + 1].joined_to_previous ? chain_ends_[i + 1] : i + 1;
    }
  }

  void AddDigitGroup(Span span) {
    DigitGroup group{span};
    if (!groups_.empty()) {
      // Joined when one to three separator characters stand between.
      std::size_t at = groups_.back().span.end;
      std::size_t count = 0;
      while (at < span.begin && count < 3) {
        const std::size_t length = SeparatorLength(text_, at);
        if (length == 0) break;
        if (count == 0) group.separator = text_[at];
        at += length;
        ++count;
      }
      group.joined_to_previous = at == span.begin && count > 0;
    }
    std::size_t before = span.begin;
    while (before > 0 && text_[before - 1] == ' ') --before;
    group.plus_before = before > 0 && text_[before - 1] == '+';
    groups_.push_back(group);
  }

  // One past the last digit group joined (by separators only) to `group`.
  std::size_t ChainEnd(std::size_t group) const { return chain_ends_[group]; }

  std::size_t Size(std::size_t group) const { return groups_[group].span.end - groups_[group].span.begin; }

  void AppendDigits(std::size_t group, std::string& digits) const {
    digits.append(text_, groups_[group].span.begin, Size(group));
  }

  // "+45" or "0045" opens a number of ten or twelve digits, not eight.
  bool IsPrefixOnly(std::size_t first, std::size_t total) const {
    const Span span = groups_[first].span;
    const std::string_view digits = std::string_view(text_).substr(span.begin, span.end - span.begin);
    const bool prefix = (digits == "45" && groups_[first].plus_before) || digits == "0045";
    return prefix && total == 8;
  }

  Span SpanOf(std::size_t first, std::size_t last) const {
    Span span{groups_[first].span.begin, groups_[last].span.end};
    if (groups_[first].plus_before) span.begin = text_.rfind('+', span.begin);
    return span;
  }

  // CPR and phone numbers, however their digits are grouped: consecutive
  // digit groups joined by separators are tried from each group on, a CPR
  // number (ten digits with a date) before a phone number (eight, with
  // or without +45 / 0045). A group of more than twelve digits is some
  // other number.
  void FindNumbers() {
    std::string digits;
    for (std::size_t i = 0; i < groups_.size(); ++i) {
      const std::size_t chain_end = ChainEnd(i);
      digits.clear();
      for (std::size_t j = i; j < chain_end; ++j) {
        if (digits.size() + Size(j) > 12) break;
        AppendDigits(j, digits);
        if (IsCprDigits(digits)) {
          AddHit(PersonalDataKind::kCpr, SpanOf(i, j));
          i = j;
          break;
        }
        if (IsDanishPhoneDigits(digits, groups_[i].plus_before) && !IsPrefixOnly(i, digits.size()) &&
            !IsDateShape(groups_, i, j, text_)) {
          // A CPR number may still start here ("0101 90 1234").
          if (j + 1 < chain_end && digits.size() + Size(j + 1) == 10) {
            std::string longer = digits;
            AppendDigits(j + 1, longer);
            if (IsCprDigits(longer)) continue;
          }
          AddHit(PersonalDataKind::kPhone, SpanOf(i, j));
          i = j;
          break;
        }
      }
    }
  }

  void FindEmailAddresses() {
    static const re2::RE2 kEmail(R"(([a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}))");
    re2::StringPiece rest(text_);
    re2::StringPiece match;
    while (RE2::FindAndConsume(&rest, kEmail, &match)) {
      const auto begin = static_cast<std::size_t>(match.data() - text_.data());
      AddHit(PersonalDataKind::kEmail, {begin, begin + match.size()});
      if (match.empty()) break;
    }
  }

  void AddNeedle(std::vector<std::string> parts, PersonalDataKind kind, std::size_t min_chars = 2) {
    if (parts.empty() || (parts.size() == 1 && Utf8Length(parts[0]) < min_chars)) return;
    needles_.push_back({kind, std::move(parts)});
  }

  // The complainant's own name and address, sought as word sequences: a
  // needle's words in order with only non-word characters between them, the
  // last word perhaps in the Danish genitive (-s: "Ølgaards", "Kanarievejs").
  // Most specific first: the whole address, its street line, the street
  // without its number, the whole name, each part of the name.
  void FindComplainantsNameAndAddress() {
    const std::string address = Trimmed(complainant_.postal_address());
    if (!address.empty()) {
      AddNeedle(FoldedWords(address), PersonalDataKind::kAddress);
      const std::string street = Trimmed(address.substr(0, address.find_first_of(",\n")));
      AddNeedle(FoldedWords(street), PersonalDataKind::kAddress);
      const auto number = street.find_first_of("0123456789");
      if (number != std::string::npos) AddNeedle(FoldedWords(street.substr(0, number)), PersonalDataKind::kAddress, 3);
    }
    const auto name = FoldedWords(complainant_.name());
    AddNeedle(name, PersonalDataKind::kName);
    // A name of three parts or more is also written shorter: "Jens Hansen"
    // and "Peter Hansen" for Jens Peter Hansen. Two parts still say who.
    if (name.size() >= 3) {
      AddNeedle({name.front(), name.back()}, PersonalDataKind::kName);
      for (std::size_t i = 0; i + 1 < name.size(); ++i) AddNeedle({name[i], name[i + 1]}, PersonalDataKind::kName);
    }
    for (const auto& part : name) AddNeedle({part}, PersonalDataKind::kName);
    if (needles_.empty()) return;

    // One pass over the text's words, whatever the number of needles; a
    // word whose length no needle's first word has (with or without a
    // genitive -s) is passed over without hashing it. A word that may be
    // written with look-alike letters (Cyrillic "а" for "a", "0" for "o")
    // is compared by its confusable skeleton too (UTS #39, ICU).
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_first_word;
    std::unordered_map<std::string, std::vector<std::size_t>> by_first_skeleton;
    std::vector<bool> first_word_length(66, false);
    for (std::size_t n = 0; n < needles_.size(); ++n) {
      by_first_word[needles_[n].parts[0]].push_back(n);
      const std::size_t length = std::min<std::size_t>(needles_[n].parts[0].size(), 64);
      first_word_length[length] = first_word_length[length + 1] = true;
      for (const auto& part : needles_[n].parts) {
        needles_[n].skeletons.push_back(ConfusableSkeleton(part));
        const std::size_t chars = std::min<std::size_t>(Utf8Length(part), 64);
        disguise_length_[chars] = disguise_length_[chars + 1] = true;
      }
      by_first_skeleton[needles_[n].skeletons[0]].push_back(n);
    }
    skeletons_.assign(words_.size(), std::nullopt);
    std::vector<std::size_t> candidates;
    for (std::size_t w = 0; w < words_.size(); ++w) {
      const std::string_view word = WordAt(w);
      const bool disguised = MayBeDisguised(w);
      if (word.size() <= 64 && !first_word_length[word.size()] && !disguised) continue;
      candidates.clear();
      if (auto it = by_first_word.find(word); it != by_first_word.end()) candidates = it->second;
      if (word.size() > 1 && word.back() == 's') {
        if (auto it = by_first_word.find(word.substr(0, word.size() - 1)); it != by_first_word.end()) {
          candidates.insert(candidates.end(), it->second.begin(), it->second.end());
        }
      }
      if (candidates.empty() && disguised) {
        const std::string& skeleton = SkeletonOf(w);
        if (auto it = by_first_skeleton.find(skeleton); it != by_first_skeleton.end()) candidates = it->second;
        if (skeleton.size() > 1 && skeleton.back() == 's') {
          if (auto it = by_first_skeleton.find(skeleton.substr(0, skeleton.size() - 1)); it != by_first_skeleton.end()) {
            candidates.insert(candidates.end(), it->second.begin(), it->second.end());
          }
        }
      }
      std::sort(candidates.begin(), candidates.end());  // most specific first
      for (std::size_t n : candidates) {
        const auto& parts = needles_[n].parts;
        if (w + parts.size() > words_.size()) continue;
        bool equal = true;
        for (std::size_t k = 0; k < parts.size() && equal; ++k) {
          equal = SameWord(w + k, parts[k], needles_[n].skeletons[k], k + 1 == parts.size());
        }
        if (equal) AddHit(needles_[n].kind, {words_[w].begin, words_[w + parts.size() - 1].end});
      }
    }
  }

  // Whether text word `w` is `part`, or (`last`) its genitive in -s, as
  // written or by its confusable skeleton.
  bool SameWord(std::size_t w, const std::string& part, const std::string& skeleton, bool last) {
    const std::string_view have = WordAt(w);
    const auto genitive_of = [](std::string_view word, std::string_view base) {
      return word.size() == base.size() + 1 && word.starts_with(base) && word.back() == 's';
    };
    if (have == part || (last && genitive_of(have, part))) return true;
    if (!MayBeDisguised(w)) return false;
    const std::string& have_skeleton = SkeletonOf(w);
    return have_skeleton == skeleton || (last && genitive_of(have_skeleton, skeleton));
  }

  // A word with a letter beyond a-z or a digit, as long (in characters) as
  // some needle's word: one that look-alike letters could disguise. Plain
  // a-z words are compared as written; skeletons cost an ICU call each.
  bool MayBeDisguised(std::size_t w) const {
    const std::string_view word = WordAt(w);
    const bool plain = std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (plain) return false;
    const std::size_t chars = Utf8Length(word);
    return chars <= 65 && disguise_length_[chars];
  }

  const std::string& SkeletonOf(std::size_t w) {
    if (!skeletons_[w]) skeletons_[w] = ConfusableSkeleton(WordAt(w));
    return *skeletons_[w];
  }

  std::string_view WordAt(std::size_t index) const {
    return std::string_view(text_).substr(words_[index].begin, words_[index].end - words_[index].begin);
  }

  void FindComplainantsEmail() {
    const std::string email = Folded(Trimmed(complainant_.email()));
    if (email.size() < 3) return;
    std::string pattern = "(";
    pattern.append(re2::RE2::QuoteMeta(email)).append(")");
    const re2::RE2 literal(pattern);
    if (!literal.ok()) return;
    re2::StringPiece rest(text_);
    re2::StringPiece match;
    while (RE2::FindAndConsume(&rest, literal, &match)) {
      const auto begin = static_cast<std::size_t>(match.data() - text_.data());
      AddHit(PersonalDataKind::kEmail, {begin, begin + match.size()});
    }
  }

  // The complainant's own number, in any grouping, with or without a
  // country code.
  void FindComplainantsPhone() {
    const std::string phone = NormalizedPersonalData(PersonalDataKind::kPhone, complainant_.phone());
    if (phone.size() < 6) return;
    const std::string with_code = "45" + phone;
    const std::string with_zeros = "0045" + phone;
    std::string digits;
    for (std::size_t i = 0; i < groups_.size(); ++i) {
      const std::size_t chain_end = ChainEnd(i);
      digits.clear();
      for (std::size_t j = i; j < chain_end && digits.size() + Size(j) <= with_zeros.size(); ++j) {
        AppendDigits(j, digits);
        if (digits == phone || digits == with_code || digits == with_zeros) {
          AddHit(PersonalDataKind::kPhone, SpanOf(i, j));
          break;
        }
        if (!phone.starts_with(digits) && !with_code.starts_with(digits) && !with_zeros.starts_with(digits)) break;
      }
    }
  }

  // The first, most specific finding of a stretch of text stands.
  void AddHit(PersonalDataKind kind, Span span) {
    if (span.end <= span.begin) return;
    if (taken_.empty()) taken_.resize(text_.size(), false);
    for (std::size_t at = span.begin; at < span.end; ++at) {
      if (taken_[at]) return;
    }
    std::fill(taken_.begin() + static_cast<std::ptrdiff_t>(span.begin),
              taken_.begin() + static_cast<std::ptrdiff_t>(span.end), true);
    found_.push_back({kind, span});
  }

  // Source offsets, lines and columns, in one pass over the source.
  std::vector<PersonalDataHit> Located() {
    // Folding keeps the order of the text: sorting the small spans sorts the hits.
    std::sort(found_.begin(), found_.end(),
              [](const auto& a, const auto& b) { return a.second.begin < b.second.begin; });
    std::vector<PersonalDataHit> hits;
    hits.reserve(found_.size());
    for (const auto& [kind, span] : found_) {
      const std::size_t begin = folded_.source_begin[span.begin];
      const std::size_t end = folded_.source_end[span.end - 1];
      hits.push_back({kind, std::string(source_.substr(begin, end - begin)), begin, 1, 1});
    }
    std::size_t line = 1;
    std::size_t column = 1;
    std::size_t at = 0;
    for (auto& hit : hits) {
      for (; at < hit.offset; ++at) {
        const auto c = static_cast<unsigned char>(source_[at]);
        if (c == '\n') {
          ++line;
          column = 1;
        } else if ((c & 0xC0) != 0x80) {
          ++column;
        }
      }
      hit.line = line;
      hit.column = column;
    }
    return hits;
  }

  std::string_view source_;
  FoldedText folded_;
  const std::string& text_;
  const v1::Complainant& complainant_;
  std::vector<Span> words_;
  std::vector<DigitGroup> groups_;
  std::vector<std::size_t> chain_ends_;
  struct Needle {
    PersonalDataKind kind;
    std::vector<std::string> parts;
    std::vector<std::string> skeletons = {};  // of each part
  };
  std::vector<bool> disguise_length_ = std::vector<bool>(67, false);  // by characters
  std::vector<std::optional<std::string>> skeletons_;                  // by word, as needed
  std::vector<Needle> needles_;
  std::vector<bool> taken_;  // per folded byte: part of a finding
  std::vector<std::pair<PersonalDataKind, Span>> found_;
};

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

std::optional<PersonalDataKind> PersonalDataKindNamed(std::string_view name) {
  for (auto kind : {PersonalDataKind::kCpr, PersonalDataKind::kEmail, PersonalDataKind::kPhone,
                    PersonalDataKind::kName, PersonalDataKind::kAddress}) {
    if (KindName(kind) == name) return kind;
  }
  return std::nullopt;
}

bool IsPersonalDataKind(std::string_view name) { return PersonalDataKindNamed(name).has_value(); }

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

void PublicContacts::Add(std::string_view email, std::string_view phone) {
  if (!email.empty()) emails.insert(NormalizedPersonalData(PersonalDataKind::kEmail, email));
  if (!phone.empty()) phones.insert(NormalizedPersonalData(PersonalDataKind::kPhone, phone));
}

std::vector<PersonalDataHit> FindPersonalData(std::string_view text, const v1::Complainant& complainant,
                                              const PublicContacts* known) {
  std::vector<PersonalDataHit> hits = Scanner(text, complainant).Run();
  if (known == nullptr || (known->emails.empty() && known->phones.empty())) return hits;
  const std::string own_email = NormalizedPersonalData(PersonalDataKind::kEmail, complainant.email());
  const std::string own_phone = NormalizedPersonalData(PersonalDataKind::kPhone, complainant.phone());
  std::erase_if(hits, [&](const PersonalDataHit& hit) {
    if (hit.kind != PersonalDataKind::kEmail && hit.kind != PersonalDataKind::kPhone) return false;
    const std::string value = NormalizedPersonalData(hit.kind, hit.text);
    const auto& set = hit.kind == PersonalDataKind::kEmail ? known->emails : known->phones;
    const std::string& own = hit.kind == PersonalDataKind::kEmail ? own_email : own_phone;
    return value != own && set.contains(value);
  });
  return hits;
}

bool IdentifiesComplainant(const PersonalDataHit& hit, const v1::Complainant& complainant) {
  switch (hit.kind) {
    case PersonalDataKind::kCpr: return true;
    case PersonalDataKind::kEmail:
    case PersonalDataKind::kPhone: {
      const std::string& own = hit.kind == PersonalDataKind::kEmail ? complainant.email() : complainant.phone();
      return !own.empty() && NormalizedPersonalData(hit.kind, hit.text) == NormalizedPersonalData(hit.kind, own);
    }
    case PersonalDataKind::kName:
    case PersonalDataKind::kAddress: return FoldedWords(hit.text).size() >= 2;
  }
  return false;
}

std::optional<std::string> ComplainantIdentifiedIn(std::string_view text, const v1::Complainant& complainant,
                                                   const PublicContacts* known) {
  for (const auto& hit : FindPersonalData(text, complainant, known)) {
    if (IdentifiesComplainant(hit, complainant)) return DescribeHit(hit);
  }
  return std::nullopt;
}

std::string NormalizedPersonalData(PersonalDataKind kind, std::string_view value) {
  if (kind == PersonalDataKind::kCpr || kind == PersonalDataKind::kPhone) {
    std::string digits = DigitsOnly(Folded(value));
    if (kind == PersonalDataKind::kPhone) {
      if (value.find('+') != std::string_view::npos && digits.starts_with("45") && digits.size() == 10) {
        digits.erase(0, 2);
      } else if (digits.starts_with("0045") && digits.size() == 12) {
        digits.erase(0, 4);
      }
    }
    return digits;
  }
  const std::string folded = Folded(Trimmed(value));
  // Runs of white space count as one space.
  std::string collapsed;
  for (char c : folded) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += space ? ' ' : c;
  }
  if (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

std::vector<std::string> FoldedWords(std::string_view text) {
  const std::string folded = Folded(text);
  std::vector<std::string> words;
  for (std::size_t at = 0; at < folded.size();) {
    std::size_t length = 1;
    if (!IsWordCharacterAt(folded, at, length)) {
      at += length;
      continue;
    }
    std::size_t end = at;
    while (end < folded.size() && IsWordCharacterAt(folded, end, length)) end += length;
    words.push_back(folded.substr(at, end - at));
    at = end;
  }
  return words;
}

std::string MaskedCpr(std::string_view cpr) {
  const std::string digits = DigitsOnly(Folded(cpr));
  return digits.substr(0, 6) + "-xxxx";
}

std::string WithCprNumbersMasked(std::string_view text) {
  // Ten digits are needed for a CPR number; most texts have fewer.
  if (std::count_if(text.begin(), text.end(), IsDigit) < 10 &&
      std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    return std::string(text);
  }
  std::string masked;
  std::size_t at = 0;
  for (const auto& hit : FindPersonalData(text, {})) {
    if (hit.kind != PersonalDataKind::kCpr) continue;
    masked.append(text.substr(at, hit.offset - at));
    masked.append(MaskedCpr(hit.text));
    at = hit.offset + hit.text.size();
  }
  masked.append(text.substr(at));
  return masked;
}

std::string DescribeHit(const PersonalDataHit& hit) {
  std::string where = "line " + std::to_string(hit.line) + ", column " + std::to_string(hit.column) + ": ";
  switch (hit.kind) {
    case PersonalDataKind::kCpr: return where + "a CPR number (" + MaskedCpr(hit.text) + ")";
    case PersonalDataKind::kEmail: return where + "an e-mail address (" + hit.text + ")";
    case PersonalDataKind::kPhone: return where + "a phone number (" + hit.text + ")";
    case PersonalDataKind::kName: return where + "the complainant's name (" + hit.text + ")";
    case PersonalDataKind::kAddress: return where + "the complainant's address (" + hit.text + ")";
  }
  return where + hit.text;
}

}  // namespace ombudsflow
