// The letter catalogue on its own: loading refuses what would leave a hole
// or an unescaped value, rendering names the hole, and the citizen's needs
// choose the variant.
#include "engine/core/letters/letter_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/letters/letter_data.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const kLayout = "<html lang=\"{{lang}}\"><title>{{subject}}</title>{{{body}}}</html>";

std::map<std::string, std::string> Files(const std::string& purpose, const std::string& text) {
  std::map<std::string, std::string> files{{"layout.mustache", kLayout}};
  for (std::string_view variant : kCitizenVariants) files[std::string(variant) + "/" + purpose + ".mustache"] = text;
  return files;
}

TEST(LetterCatalog, AnUnknownPlaceholderIsRefusedWithItsFileAndName) {
  auto loaded = LetterCatalog::Load(Files("closing", "Subject {{case_number}}\n<p>{{citizen.age}}</p>"),
                                    LetterSpecimen({"resolution"}));
  ASSERT_FALSE(loaded.has_value());
  EXPECT_THAT(loaded.error(), HasSubstr(".mustache: unknown placeholder 'citizen.age'"));
  auto fact = LetterCatalog::Load(Files("closing", "Subject\n<p>{{fact.nothing_records_this}}</p>"),
                                  LetterSpecimen({"resolution"}));
  ASSERT_FALSE(fact.has_value());
  EXPECT_THAT(fact.error(), HasSubstr("unknown placeholder 'fact.nothing_records_this'"));
  // In the subject line too.
  auto subject = LetterCatalog::Load(Files("closing", "Subject {{nobody}}\n<p>x</p>"), LetterSpecimen({}));
  ASSERT_FALSE(subject.has_value());
  EXPECT_THAT(subject.error(), HasSubstr("'nobody'"));
}

TEST(LetterCatalog, ACitizenLetterMissingInAVariantIsRefusedNamingTheMissingFile) {
  auto files = Files("closing", "Subject\n<p>x</p>");
  files.erase("da-easy/closing.mustache");
  auto loaded = LetterCatalog::Load(files, LetterSpecimen({}));
  ASSERT_FALSE(loaded.has_value());
  EXPECT_THAT(loaded.error(), HasSubstr("da-easy/closing.mustache: missing"));
}

TEST(LetterCatalog, RefusesUnescapedValuesUnknownVariantsAndAnEmptySubject) {
  auto unescaped = LetterCatalog::Load(Files("closing", "Subject\n<p>{{{subject}}}</p>"), LetterSpecimen({}));
  ASSERT_FALSE(unescaped.has_value());
  EXPECT_THAT(unescaped.error(), HasSubstr("no {{{...}}}"));
  auto files = Files("closing", "Subject\n<p>x</p>");
  files["fr/closing.mustache"] = "Sujet\n<p>x</p>";
  auto variant = LetterCatalog::Load(files, LetterSpecimen({}));
  ASSERT_FALSE(variant.has_value());
  EXPECT_THAT(variant.error(), HasSubstr("fr/closing.mustache: 'fr' is not a variant"));
  auto empty = LetterCatalog::Load(Files("closing", "\n<p>x</p>"), LetterSpecimen({}));
  ASSERT_FALSE(empty.has_value());
  EXPECT_THAT(empty.error(), HasSubstr("the first line (the subject) is empty"));
  auto no_layout = Files("closing", "Subject\n<p>x</p>");
  no_layout.erase("layout.mustache");
  EXPECT_FALSE(LetterCatalog::Load(no_layout, LetterSpecimen({})).has_value());
}

TEST(LetterCatalog, AValueTheCaseLacksIsAHoleNamedWithItsFileAndNothingIsRendered) {
  auto catalog = LetterCatalog::Load(Files("resolved", "Løst\n<p>{{fact.resolution}}</p>"),
                                     LetterSpecimen({"resolution"}));
  ASSERT_TRUE(catalog.has_value()) << catalog.error();
  v1::Complaint complaint;
  complaint.set_case_number("BR-2026-00001");
  LetterContext context{complaint, CitizenAudience(complaint.complainant()), {}, "", Date{}, {}, Date{}, "Anne"};
  auto rendered = catalog->Render("resolved", "da", LetterData(context));
  ASSERT_FALSE(rendered.has_value());
  EXPECT_EQ(rendered.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(rendered.error().message, HasSubstr("da/resolved.mustache: 'fact.resolution' has no value"));
  // An empty text is a hole as well.
  (*complaint.mutable_facts()->mutable_fields())["resolution"].set_string_value("");
  EXPECT_FALSE(catalog->Render("resolved", "da", LetterData(context)).has_value());
  (*complaint.mutable_facts()->mutable_fields())["resolution"].set_string_value("Ny afgørelse");
  auto whole = catalog->Render("resolved", "da", LetterData(context));
  ASSERT_TRUE(whole.has_value()) << whole.error().message;
  EXPECT_THAT(whole->html, HasSubstr("<p>Ny afgørelse</p>"));
  EXPECT_EQ(catalog->Render("nothing", "da", LetterData(context)).error().code, ErrorCode::kNotFound);
}

// Values are escaped in the HTML; the subject line is plain text, on one line.
TEST(LetterCatalog, EscapesValuesInTheLetterAndKeepsTheSubjectOnOneLine) {
  auto catalog = LetterCatalog::Load(Files("closing", "Om {{subject}}\n<p>{{subject}}</p>"), LetterSpecimen({}));
  ASSERT_TRUE(catalog.has_value()) << catalog.error();
  v1::Complaint complaint;
  complaint.set_case_number("BR-2026-00001");
  complaint.set_subject("<script>alert(1)</script>\nBcc: x@example.com & co");
  LetterContext context{complaint, CitizenAudience(complaint.complainant()), {}, "", Date{}, {}, Date{}, "Anne"};
  auto rendered = catalog->Render("closing", "da", LetterData(context));
  ASSERT_TRUE(rendered.has_value()) << rendered.error().message;
  EXPECT_THAT(rendered->html, Not(HasSubstr("<script>")));
  EXPECT_THAT(rendered->html, HasSubstr("&lt;script&gt;"));
  EXPECT_EQ(rendered->subject, "Om <script>alert(1)</script> Bcc: x@example.com & co");
  EXPECT_THAT(rendered->html, HasSubstr("<title>Om &lt;script&gt;"));
}

// The letter page allowed style-src 'unsafe-inline'; it allows the layout's
// style by its hash now, so a letter may carry no other.
TEST(LetterCatalog, HashesTheLayoutsStyleAndRefusesStylesAnywhereElse) {
  auto files = Files("closing", "Subject\n<p>x</p>");
  files["layout.mustache"] = "<html><head><style>p { color: red; }</style></head><body>{{{body}}}</body></html>";
  auto catalog = LetterCatalog::Load(files, LetterSpecimen({}));
  ASSERT_TRUE(catalog.has_value()) << catalog.error();
  // printf 'p { color: red; }' | openssl dgst -sha256 -binary | base64
  EXPECT_THAT(catalog->StyleHashes(),
              ::testing::ElementsAre("'sha256-pckGv9YvNcB5xy+Y4fbqhyo+ib850wyiuWeNbZvLi00='"));

  for (const char* body : {"Subject\n<p style=\"color: red\">x</p>", "Subject\n<STYLE>p {}</STYLE><p>x</p>"}) {
    auto refused = LetterCatalog::Load(Files("closing", body), LetterSpecimen({}));
    ASSERT_FALSE(refused.has_value()) << body;
    EXPECT_THAT(refused.error(), HasSubstr("closing.mustache: a letter's styles are the layout's <style> alone"));
  }
  files["layout.mustache"] = "<html><head><style>p { color: {{lang}}; }</style></head>{{{body}}}</html>";
  auto placeholder = LetterCatalog::Load(files, LetterSpecimen({}));
  ASSERT_FALSE(placeholder.has_value());
  EXPECT_THAT(placeholder.error(), HasSubstr("layout.mustache: no placeholder inside <style>"));
}

TEST(CitizenAudience, TheCitizensNeedsChooseTheVariant) {
  v1::Complainant citizen;
  citizen.set_language("da");
  EXPECT_EQ(CitizenAudience(citizen).variant, "da");
  EXPECT_FALSE(CitizenAudience(citizen).interpreter_note);
  citizen.set_language("en");
  EXPECT_EQ(CitizenAudience(citizen).variant, "en");
  EXPECT_EQ(CitizenAudience(citizen).lang, "en");
  // Neither Danish nor English: Danish, with the interpreter note.
  citizen.set_language("ar");
  EXPECT_EQ(CitizenAudience(citizen).variant, "da");
  EXPECT_TRUE(CitizenAudience(citizen).interpreter_note);
  // Easy-read wins over the language; large print travels along.
  citizen.set_easy_read(true);
  citizen.set_large_print(true);
  EXPECT_EQ(CitizenAudience(citizen).variant, "da-easy");
  EXPECT_TRUE(CitizenAudience(citizen).large_print);
  // A Danish speaker who needs an interpreter (sign language, say) gets the note too.
  v1::Complainant deaf;
  deaf.set_language("da");
  deaf.set_needs_interpreter(true);
  EXPECT_TRUE(CitizenAudience(deaf).interpreter_note);
  EXPECT_EQ(DepartmentAudience().variant, "department");
}

TEST(LetterDate, WritesTheDateInTheLettersLanguage) {
  const Date day{std::chrono::year{2026} / 3 / 5};
  EXPECT_EQ(LetterDate(day, "da"), "5. marts 2026");
  EXPECT_EQ(LetterDate(day, "en"), "5 March 2026");
}

}  // namespace
}  // namespace ombudsflow
