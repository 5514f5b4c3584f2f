#include "engine/core/letters/letter_data.h"

#include <google/protobuf/struct.pb.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace ombudsflow {
namespace {

using kainjow::mustache::data;

// A text a template may show: set when present, with its has_ flag.
void SetOptional(data& values, const std::string& name, const std::string& text) {
  values.set("has_" + name, !text.empty());
  if (!text.empty()) values.set(name, text);
}

// The fact's text when it is a non-empty string, else nullptr.
const std::string* FindFactValue(const v1::Complaint& complaint, const std::string& name) {
  const auto& fields = complaint.facts().fields();
  const auto it = fields.find(name);
  if (it == fields.end() || it->second.kind_case() != google::protobuf::Value::kStringValue ||
      it->second.string_value().empty()) {
    return nullptr;
  }
  return &it->second.string_value();
}

std::string FactText(const google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kStringValue: return value.string_value();
    case google::protobuf::Value::kBoolValue: return value.bool_value() ? "ja" : "nej";
    case google::protobuf::Value::kNumberValue: {
      const double number = value.number_value();
      return number == static_cast<double>(static_cast<long long>(number))
                 ? std::to_string(static_cast<long long>(number))
                 : std::to_string(number);
    }
    case google::protobuf::Value::kListValue: {
      std::string joined;
      for (const auto& item : value.list_value().values()) {
        const std::string text = FactText(item);
        if (!text.empty()) joined += (joined.empty() ? "" : ", ") + text;
      }
      return joined;
    }
    default: return {};
  }
}

std::string OutcomeLabel(v1::ComplaintPoint::Assessment::Outcome outcome, const std::string& lang) {
  const bool english = lang == "en";
  switch (outcome) {
    case v1::ComplaintPoint::Assessment::NO_CRITICISM: return english ? "no criticism" : "ingen kritik";
    case v1::ComplaintPoint::Assessment::CRITICISM: return english ? "criticism" : "kritik";
    case v1::ComplaintPoint::Assessment::SERIOUS_CRITICISM: return english ? "serious criticism" : "alvorlig kritik";
    default: return english ? "not assessed" : "ikke vurderet";
  }
}

data Point(const v1::ComplaintPoint& point) {
  data item{data::type::object};
  item.set("number", std::to_string(point.number()));
  item.set("text", point.text());
  return item;
}

// Where the citizen was referred: the registry's body, in the letter's
// language, or the name an older definition recorded as free text.
void SetReferral(data& values, const LetterContext& context) {
  const bool english = context.audience.lang == "en";
  data referral{data::type::object};
  bool known = false;
  if (const v1::ReferralBody* body = context.referral) {
    known = true;
    referral.set("name", english ? body->name().en() : body->name().da());
    SetOptional(referral, "handles", english ? body->handles().en() : body->handles().da());
    data lines{data::type::list};
    std::string_view address = body->address();
    while (!address.empty()) {
      const std::size_t end = std::min(address.find('\n'), address.size());
      data line{data::type::object};
      line.set("line", std::string(address.substr(0, end)));
      lines.push_back(line);
      address.remove_prefix(std::min(end + 1, address.size()));
    }
    referral.set("has_address", !body->address().empty());
    referral.set("address_lines", lines);
    SetOptional(referral, "phone", body->phone());
    SetOptional(referral, "email", body->email());
    SetOptional(referral, "web", body->web());
  } else if (const auto* named = FindFactValue(context.complaint, "referral_authority")) {
    known = true;
    referral.set("name", *named);
    for (const char* absent : {"handles", "address", "phone", "email", "web"}) {
      referral.set(std::string("has_") + absent, false);
    }
  }
  if (known) {
    const auto* reason = FindFactValue(context.complaint, "referral_reason");
    SetOptional(referral, "reason", reason != nullptr ? *reason : std::string());
  }
  values.set("has_referral", known);
  values.set("referral", referral);
}

}  // namespace

LetterAudience CitizenAudience(const v1::Complainant& citizen) {
  LetterAudience audience;
  audience.large_print = citizen.large_print();
  if (citizen.easy_read()) {
    audience.variant = "da-easy";
    audience.lang = "da";
  } else if (citizen.language() == "en" || citizen.language().starts_with("en-")) {
    audience.variant = "en";
    audience.lang = "en";
  } else {
    audience.variant = "da";
    audience.lang = "da";
  }
  const bool other_language = !citizen.language().empty() && citizen.language() != "da" &&
                              !citizen.language().starts_with("da-") && audience.lang != "en";
  audience.interpreter_note = citizen.needs_interpreter() || other_language;
  return audience;
}

LetterAudience DepartmentAudience() { return LetterAudience{"department", "da", false, false}; }

std::string LetterDate(Date date, const std::string& lang) {
  static constexpr std::array<const char*, 12> kDanish = {"januar", "februar", "marts",     "april",   "maj",      "juni",
                                                          "juli",   "august",  "september", "oktober", "november", "december"};
  static constexpr std::array<const char*, 12> kEnglish = {"January", "February", "March",     "April",   "May",      "June",
                                                           "July",    "August",   "September", "October", "November", "December"};
  const std::chrono::year_month_day day{date};
  const unsigned month = static_cast<unsigned>(day.month()) - 1;
  const std::string number = std::to_string(static_cast<unsigned>(day.day()));
  const std::string year = std::to_string(static_cast<int>(day.year()));
  if (lang == "en") return number + " " + kEnglish[month] + " " + year;
  return number + ". " + kDanish[month] + " " + year;
}

data LetterData(const LetterContext& context) {
  const v1::Complaint& complaint = context.complaint;
  const std::string& lang = context.audience.lang;
  data values{data::type::object};
  data office{data::type::object};
  office.set("name", context.office.name);
  office.set("address", context.office.address);
  office.set("phone", context.office.phone);
  office.set("email", context.office.email);
  office.set("web", context.office.web);
  values.set("office", office);
  values.set("lang", lang);
  // The layout's own words, in the letter's language.
  values.set("lang_da", lang != "en");
  values.set("lang_en", lang == "en");
  values.set("to_department", context.audience.variant == "department");
  values.set("date", LetterDate(context.today, lang));
  values.set("reply_by", LetterDate(context.reply_by, lang));
  values.set("case_number", complaint.case_number());
  values.set("subject", complaint.subject());
  data citizen{data::type::object};
  values.set("has_citizen_name", !complaint.complainant().name().empty());
  if (!complaint.complainant().name().empty()) citizen.set("name", complaint.complainant().name());
  values.set("has_citizen_address", !complaint.complainant().postal_address().empty());
  if (!complaint.complainant().postal_address().empty()) citizen.set("address", complaint.complainant().postal_address());
  values.set("citizen", citizen);
  values.set("has_department", !complaint.department().empty() && !context.department_name.empty());
  data department{data::type::object};
  if (!complaint.department().empty()) department.set("code", complaint.department());
  if (!context.department_name.empty()) department.set("name", context.department_name);
  values.set("department", department);
  values.set("has_deadline", context.deadline.has_value());
  if (context.deadline) values.set("deadline", LetterDate(*context.deadline, lang));
  // The KLE journal number, once the case is journalised (ClassifyCase).
  if (const auto found = complaint.facts().fields().find("journal_number");
      found != complaint.facts().fields().end() && !found->second.string_value().empty()) {
    values.set("has_journal_number", true);
    values.set("journal_number", found->second.string_value());
  } else {
    values.set("has_journal_number", false);
  }
  values.set("has_enclosures", !context.enclosures.empty());
  std::string enclosure_numbers;
  for (const std::int32_t number : context.enclosures) {
    enclosure_numbers += (enclosure_numbers.empty() ? "" : ", ") + std::to_string(number);
  }
  if (!context.enclosures.empty()) values.set("enclosure_numbers", enclosure_numbers);

  data points{data::type::list};
  data selected{data::type::list};
  data assessments{data::type::list};
  for (const auto& point : complaint.points()) {
    points.push_back(Point(point));
    if (point.selection() == v1::ComplaintPoint::SELECTED) selected.push_back(Point(point));
    if (point.has_assessment() && point.assessment().outcome() != v1::ComplaintPoint::Assessment::OUTCOME_UNSPECIFIED) {
      data item = Point(point);
      item.set("outcome", OutcomeLabel(point.assessment().outcome(), lang));
      SetOptional(item, "reasoning", point.assessment().reasoning());
      SetOptional(item, "recommendation", point.assessment().recommendation());
      assessments.push_back(item);
    }
  }
  values.set("has_points", !points.is_empty_list());
  values.set("has_selected_points", !selected.is_empty_list());
  values.set("has_assessments", !assessments.is_empty_list());
  values.set("points", points);
  values.set("selected_points", selected);
  values.set("assessments", assessments);

  data facts{data::type::object};
  for (const auto& [name, value] : complaint.facts().fields()) {
    const std::string text = FactText(value);
    if (!text.empty()) facts.set(name, text);
  }
  values.set("fact", facts);
  values.set("signer", context.signer);
  values.set("interpreter_note", context.audience.interpreter_note);
  const std::string& interpreter_language = complaint.complainant().interpreter_language().empty()
                                                ? complaint.complainant().language()
                                                : complaint.complainant().interpreter_language();
  values.set("has_interpreter_language", !interpreter_language.empty() && interpreter_language != "da");
  if (!interpreter_language.empty()) values.set("interpreter_language", interpreter_language);
  values.set("large_print", context.audience.large_print);
  SetReferral(values, context);
  return values;
}

data LetterSpecimen(const std::vector<std::string>& fact_names) {
  v1::Complaint complaint;
  complaint.set_case_number("BR-2026-00042");
  complaint.set_subject("Svar på ansøgning om fritidsplads");
  complaint.set_department("BUF");
  auto& citizen = *complaint.mutable_complainant();
  citizen.set_name("Karen Borger");
  citizen.set_postal_address("Vestergade 1\n1456 København K");
  citizen.set_language("ar");
  citizen.set_interpreter_language("ar");
  for (int i = 1; i <= 2; ++i) {
    auto& point = *complaint.add_points();
    point.set_number(static_cast<std::uint32_t>(i));
    point.set_text("Klagepunkt " + std::to_string(i));
    point.set_selection(v1::ComplaintPoint::SELECTED);
    point.mutable_assessment()->set_outcome(v1::ComplaintPoint::Assessment::CRITICISM);
    point.mutable_assessment()->set_reasoning("Begrundelse");
    point.mutable_assessment()->set_recommendation("Anbefaling");
  }
  for (const std::string& name : fact_names) {
    (*complaint.mutable_facts()->mutable_fields())[name].set_string_value("(" + name + ")");
  }
  (*complaint.mutable_facts()->mutable_fields())["referral_reason"].set_string_value("(referral_reason)");
  (*complaint.mutable_facts()->mutable_fields())["journal_number"].set_string_value("(journal_number)");
  static const v1::ReferralBody kReferral = [] {
    v1::ReferralBody body;
    body.set_id("specimen");
    body.set_kind(v1::ReferralBody::AUTHORITY);
    body.mutable_name()->set_da("Folketingets Ombudsmand");
    body.mutable_name()->set_en("The Danish Parliamentary Ombudsman");
    body.mutable_handles()->set_da("Klager over statslige myndigheder");
    body.mutable_handles()->set_en("Complaints about state authorities");
    body.set_address("Gammeltorv 22\n1457 København K");
    body.set_phone("+45 33 13 25 12");
    body.set_email("post@ombudsmanden.dk");
    body.set_web("https://www.ombudsmanden.dk");
    return body;
  }();
  const Date day{std::chrono::year{2026} / 11 / 30};
  LetterContext context{complaint,
                        LetterAudience{"da", "da", true, true},
                        LetterOffice{"(office.name)", "(office.address)", "(office.phone)", "(office.email)",
                                     "(office.web)"},
                        "Børne- og Ungdomsforvaltningen",
                        day,
                        day + std::chrono::days(30),
                        day + std::chrono::days(14),
                        "Anne Sagsbehandler",
                        &kReferral,
                        {7}};
  return LetterData(context);
}

}  // namespace ombudsflow
