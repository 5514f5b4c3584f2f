// The repository's letter templates: they load against the workflows, and
// every one renders whole for a representative case in every variant.
#include "engine/service/letter_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <re2/re2.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "engine/core/workflow/referral_registry.h"
#include "engine/service/workflow_files.h"

namespace ombudsflow::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class LetterTemplatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto folder = LoadWorkflowFolder(OMBUDSFLOW_WORKFLOWS_DIR);
    ASSERT_TRUE(folder.has_value()) << folder.error().message;
    referrals_ = folder->referrals;
    workflows_ = std::make_unique<WorkflowCatalog>(std::move(folder->catalog));
  }

  // A case as the investigation path leaves it: two points, one selected and
  // assessed with a recommendation, and the facts letters quote.
  static v1::Complaint RepresentativeCase() {
    v1::Complaint complaint;
    complaint.set_case_number("BR-2026-00042");
    complaint.set_subject("Svar på ansøgning om fritidsplads");
    complaint.set_department("BUF");
    auto& citizen = *complaint.mutable_complainant();
    citizen.set_name("Karen Borger");
    citizen.set_email("karen@example.dk");
    citizen.set_postal_address("Vestergade 1\n1456 København K");
    citizen.set_language("da");
    auto& first = *complaint.add_points();
    first.set_number(1);
    first.set_text("Sagsbehandlingstiden var for lang");
    first.set_selection(v1::ComplaintPoint::SELECTED);
    first.mutable_assessment()->set_outcome(v1::ComplaintPoint::Assessment::CRITICISM);
    first.mutable_assessment()->set_reasoning("Fire måneder uden svar er for længe.");
    first.mutable_assessment()->set_recommendation("Svar inden for fire uger.");
    auto& second = *complaint.add_points();
    second.set_number(2);
    second.set_text("Ingen vejledning om klageadgang");
    second.set_selection(v1::ComplaintPoint::NOT_SELECTED);
    auto& facts = *complaint.mutable_facts()->mutable_fields();
    facts["referral_authority"].set_string_value("Folketingets Ombudsmand");
    facts["resolution"].set_string_value("Forvaltningen har givet dig en plads fra 1. januar.");
    facts["options_given"].set_string_value("Klage til Ligebehandlingsnævnet.");
    return complaint;
  }

  std::unique_ptr<WorkflowCatalog> workflows_;
  v1::ReferralRegistry referrals_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
};

TEST_F(LetterTemplatesTest, EveryTemplateRendersWholeForARepresentativeCaseInEveryVariant) {
  auto templates = LoadLetterDirectory(OMBUDSFLOW_LETTERS_DIR, *workflows_);
  ASSERT_TRUE(templates.has_value()) << templates.error().message;
  const v1::Complaint complaint = RepresentativeCase();
  std::vector<std::string_view> variants(std::begin(kCitizenVariants), std::end(kCitizenVariants));
  variants.push_back(kDepartmentVariant);
  int rendered_count = 0;
  for (std::string_view variant : variants) {
    const std::vector<std::string> purposes = templates->catalog.Purposes(variant);
    EXPECT_FALSE(purposes.empty()) << variant;
    for (const std::string& purpose : purposes) {
      LetterAudience audience = variant == kDepartmentVariant ? DepartmentAudience() : CitizenAudience(complaint.complainant());
      audience.variant = std::string(variant);
      audience.lang = variant == "en" ? "en" : "da";
      const Date today{std::chrono::year{2026} / 11 / 30};
      LetterContext context{complaint, audience, templates->office, "Børne- og Ungdomsforvaltningen", today,
                            today + std::chrono::days(21), calendar_.AddWorkingDays(today, 10), "Anne Sagsbehandler"};
      auto letter = templates->catalog.Render(purpose, variant, LetterData(context));
      ASSERT_TRUE(letter.has_value()) << variant << "/" << purpose << ": " << letter.error().message;
      const std::string where = std::string(variant) + "/" + purpose;
      EXPECT_FALSE(letter->subject.empty()) << where;
      EXPECT_THAT(letter->html, Not(HasSubstr("{{"))) << where;
      EXPECT_THAT(letter->html, HasSubstr("<html lang=\"" + audience.lang + "\">")) << where;
      EXPECT_THAT(letter->html, HasSubstr("<title>")) << where;
      EXPECT_THAT(letter->html, HasSubstr("BR-2026-00042")) << where;
      EXPECT_THAT(letter->html, HasSubstr("Anne Sagsbehandler")) << where;
      ++rendered_count;
    }
  }
  // 14 citizen letters in three variants, 5 to the department.
  EXPECT_EQ(rendered_count, 14 * 3 + 5);
}

// The hearing letter lists each selected point, and only those; the
// decision gives each point's assessment.
TEST_F(LetterTemplatesTest, TheHearingListsTheSelectedPointsAndTheDecisionAssessesEach) {
  auto templates = LoadLetterDirectory(OMBUDSFLOW_LETTERS_DIR, *workflows_);
  ASSERT_TRUE(templates.has_value()) << templates.error().message;
  const v1::Complaint complaint = RepresentativeCase();
  const Date today{std::chrono::year{2026} / 11 / 30};
  LetterContext context{complaint, DepartmentAudience(), templates->office, "Børne- og Ungdomsforvaltningen", today,
                        today + std::chrono::days(21), today, "Anne"};
  auto hearing = templates->catalog.Render("hearing", kDepartmentVariant, LetterData(context));
  ASSERT_TRUE(hearing.has_value()) << hearing.error().message;
  EXPECT_THAT(hearing->html, HasSubstr("<li>Sagsbehandlingstiden var for lang</li>"));
  EXPECT_THAT(hearing->html, Not(HasSubstr("Ingen vejledning om klageadgang")));
  EXPECT_THAT(hearing->html, HasSubstr("senest 21. december 2026"));
  context.audience = CitizenAudience(complaint.complainant());
  auto decision = templates->catalog.Render("decision", "da", LetterData(context));
  ASSERT_TRUE(decision.has_value()) << decision.error().message;
  EXPECT_THAT(decision->html, HasSubstr("Vurdering: kritik."));
  EXPECT_THAT(decision->html, HasSubstr("Svar inden for fire uger."));
}

// The referral letter quotes the registry's body in the letter's language:
// its name, what it handles, the reason and every way to reach it. A case
// referred under an older definition quotes the name it recorded.
TEST_F(LetterTemplatesTest, TheReferralQuotesTheBodyFromTheRegistryInTheLettersLanguage) {
  auto templates = LoadLetterDirectory(OMBUDSFLOW_LETTERS_DIR, *workflows_);
  ASSERT_TRUE(templates.has_value()) << templates.error().message;
  v1::Complaint complaint = RepresentativeCase();
  auto& facts = *complaint.mutable_facts()->mutable_fields();
  facts.erase("referral_authority");
  facts["referred_to"].set_string_value("datatilsynet");
  facts["referral_reason"].set_string_value("Det handler om dine personoplysninger & deres brug.");
  const v1::ReferralBody* body = FindReferralBody(referrals_, "datatilsynet");
  ASSERT_NE(body, nullptr);
  const Date today{std::chrono::year{2026} / 11 / 30};
  auto render = [&](const std::string& variant, const v1::ReferralBody* referral) {
    LetterAudience audience = CitizenAudience(complaint.complainant());
    audience.variant = variant;
    audience.lang = variant == "en" ? "en" : "da";
    LetterContext context{complaint, audience, templates->office, "", today, std::nullopt, today, "Anne", referral};
    auto letter = templates->catalog.Render("referral", variant, LetterData(context));
    EXPECT_TRUE(letter.has_value()) << variant << ": " << letter.error().message;
    return letter ? letter->html : std::string();
  };
  const std::string danish = render("da", body);
  EXPECT_THAT(danish, HasSubstr("Du kan i stedet kontakte Datatilsynet."));
  EXPECT_THAT(danish, HasSubstr("Det handler om dine personoplysninger &amp; deres brug."));
  EXPECT_THAT(danish, HasSubstr("Carl Jacobsens Vej 35<br>2500 Valby<br>"));
  EXPECT_THAT(danish, HasSubstr("Telefon: +45 33 19 32 00"));
  EXPECT_THAT(danish, HasSubstr("E-mail: dt@datatilsynet.dk"));
  const std::string english = render("en", body);
  EXPECT_THAT(english, HasSubstr("Instead, you can contact The Danish Data Protection Agency."));
  EXPECT_THAT(english, HasSubstr("deals with: Complaints about how an authority"));
  const std::string easy = render("da-easy", body);
  EXPECT_THAT(easy, HasSubstr("Ring til dem på +45 33 19 32 00."));
  // A body with a web address only: no empty contact lines.
  const std::string web_only = render("da", FindReferralBody(referrals_, "advokatvagten"));
  EXPECT_THAT(web_only, HasSubstr("Hjemmeside: https://www.advokatsamfundet.dk"));
  EXPECT_THAT(web_only, Not(HasSubstr("Telefon:")));
  EXPECT_THAT(web_only, Not(HasSubstr("Adresse:")));
  // Referred under complaint v5: the free-text name, nothing invented.
  facts.erase("referred_to");
  facts.erase("referral_reason");
  facts["referral_authority"].set_string_value("Folketingets Ombudsmand");
  const std::string legacy = render("da", nullptr);
  EXPECT_THAT(legacy, HasSubstr("Du kan i stedet kontakte Folketingets Ombudsmand."));
  EXPECT_THAT(legacy, Not(HasSubstr("Hjemmeside:")));
}

// The letterhead is the deployment's data (office.json): every letter in
// every variant carries the configured office's address and phone, and no
// postcode or phone number but the office's, the citizen's and a referral
// body's. (Every letter was headed by an Aarhus address: issue #26.)
TEST_F(LetterTemplatesTest, NoLetterNamesAnAddressOrPhoneButTheConfiguredOfficesAndTheCasesOwn) {
  const std::filesystem::path copy = std::filesystem::temp_directory_path() / ("office-" + std::to_string(::getpid()));
  std::filesystem::remove_all(copy);
  std::filesystem::copy(OMBUDSFLOW_LETTERS_DIR, copy, std::filesystem::copy_options::recursive);
  std::ofstream(copy / "office.json") << R"({"name": "Prøvekontoret", "address": "Prøvevej 1, 9999 Prøveby",
      "phone": "11 22 33 44", "email": "post@proeve.example", "web": "https://proeve.example"})";
  auto templates = LoadLetterDirectory(copy, *workflows_);
  std::filesystem::remove_all(copy);
  ASSERT_TRUE(templates.has_value()) << templates.error().message;
  std::set<std::string> allowed = {"9999 Prøveby", "11 22 33 44", "1456 København"};
  for (const auto& body : referrals_.body()) {
    std::string postcode, phone;
    if (re2::RE2::PartialMatch(body.address(), R"((\d{4} \p{Lu}\p{L}+))", &postcode)) allowed.insert(postcode);
    if (re2::RE2::PartialMatch(body.phone(), R"((\d{2} \d{2} \d{2} \d{2}))", &phone)) allowed.insert(phone);
  }
  v1::Complaint complaint = RepresentativeCase();
  (*complaint.mutable_facts()->mutable_fields())["referred_to"].set_string_value("datatilsynet");
  const Date today{std::chrono::year{2026} / 11 / 30};
  std::vector<std::string_view> variants(std::begin(kCitizenVariants), std::end(kCitizenVariants));
  variants.push_back(kDepartmentVariant);
  int letters = 0;
  for (std::string_view variant : variants) {
    for (const std::string& purpose : templates->catalog.Purposes(variant)) {
      LetterAudience audience = variant == kDepartmentVariant ? DepartmentAudience() : CitizenAudience(complaint.complainant());
      audience.variant = std::string(variant);
      audience.lang = variant == "en" ? "en" : "da";
      LetterContext context{complaint, audience, templates->office, "Børne- og Ungdomsforvaltningen", today,
                            today + std::chrono::days(21), today, "Anne", FindReferralBody(referrals_, "datatilsynet")};
      auto letter = templates->catalog.Render(purpose, variant, LetterData(context));
      ASSERT_TRUE(letter.has_value()) << variant << "/" << purpose << ": " << letter.error().message;
      const std::string where = std::string(variant) + "/" + purpose;
      EXPECT_THAT(letter->html, HasSubstr("Prøvevej 1, 9999 Prøveby")) << where;
      re2::StringPiece rest(letter->html);
      std::string found;
      while (re2::RE2::FindAndConsume(&rest, R"((\d{4} \p{Lu}\p{L}+|\d{2} \d{2} \d{2} \d{2}))", &found)) {
        EXPECT_TRUE(allowed.contains(found)) << where << " names " << found;
      }
      EXPECT_THAT(letter->html, Not(HasSubstr("Aarhus"))) << where;
      ++letters;
    }
  }
  EXPECT_EQ(letters, 14 * 3 + 5);
}

// What ships is Copenhagen's Borgerrådgiveren, the office this was built for.
TEST_F(LetterTemplatesTest, TheShippedLetterheadIsCopenhagensBorgerraadgiver) {
  auto templates = LoadLetterDirectory(OMBUDSFLOW_LETTERS_DIR, *workflows_);
  ASSERT_TRUE(templates.has_value()) << templates.error().message;
  EXPECT_EQ(templates->office.address, "Vester Voldgade 2A, 1552 København V");
}

// A template a workflow queues but the folder lacks stops the load, named.
TEST_F(LetterTemplatesTest, ALetterAWorkflowQueuesWithoutATemplateStopsTheLoad) {
  const std::filesystem::path copy = std::filesystem::temp_directory_path() / ("letters-" + std::to_string(::getpid()));
  std::filesystem::remove_all(copy);
  std::filesystem::copy(OMBUDSFLOW_LETTERS_DIR, copy, std::filesystem::copy_options::recursive);
  std::filesystem::remove(copy / "department" / "hearing.mustache");
  auto templates = LoadLetterDirectory(copy, *workflows_);
  ASSERT_FALSE(templates.has_value());
  EXPECT_THAT(templates.error().message, HasSubstr("letters/department/hearing.mustache: missing"));
  EXPECT_THAT(templates.error().message, HasSubstr("open_investigation"));
  // And an unknown placeholder in a real template names its file.
  std::ofstream(copy / "department" / "hearing.mustache") << "Høring\n<p>{{fact.shoe_size}}</p>\n";
  templates = LoadLetterDirectory(copy, *workflows_);
  ASSERT_FALSE(templates.has_value());
  EXPECT_THAT(templates.error().message, HasSubstr("department/hearing.mustache: unknown placeholder 'fact.shoe_size'"));
  std::filesystem::remove_all(copy);
}

}  // namespace
}  // namespace ombudsflow::service
