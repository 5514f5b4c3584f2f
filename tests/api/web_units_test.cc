// The web workplace's parts without a server: language choice, redirects
// that stay on this server, the message catalogue and templates checked
// on load, static files, form decoding, and the workflows' labels.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/web/form.h"
#include "api/web/messages.h"
#include "api/web/page_templates.h"
#include "api/web/static_assets.h"
#include "api/web/step_question.h"
#include "api/web/workplace.h"
#include "engine/core/base/text.h"
#include "engine/core/letters/product_kind.h"
#include "engine/service/survey_service.h"
#include "engine/service/workflow_files.h"
#include "engine/service/workflow_labels.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow::api::web {
namespace {

using ::testing::HasSubstr;

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("ombudsflow-web-" + std::to_string(::getpid()) + "-" +
                                                             std::to_string(counter_++))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  void Write(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << text;
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(WebLanguageTest, TheChosenLanguageWinsThenAcceptLanguageByQualityThenDanish) {
  EXPECT_EQ(ChooseLanguage("en", "da"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("da", "en"), Language::kDanish);
  EXPECT_EQ(ChooseLanguage("", "en-GB,en;q=0.9,da;q=0.8"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("", "en;q=0.5, da"), Language::kDanish);
  EXPECT_EQ(ChooseLanguage("", "de-DE, fr"), Language::kDanish);
  EXPECT_EQ(ChooseLanguage("xx", ""), Language::kDanish);
  EXPECT_EQ(ChooseLanguage("", "EN"), Language::kEnglish);
}

TEST(WebRedirectTest, OnlyPathsOnThisServerAreFollowed) {
  EXPECT_EQ(LocalPath("/cases/1?x=2"), "/cases/1?x=2");
  EXPECT_EQ(LocalPath("//evil.example/"), "/");
  EXPECT_EQ(LocalPath("/\\evil.example"), "/");
  EXPECT_EQ(LocalPath("https://evil.example"), "/");
  EXPECT_EQ(LocalPath("javascript:alert(1)"), "/");
  EXPECT_EQ(LocalPath("/a\r\nSet-Cookie: x=1"), "/");
  EXPECT_EQ(LocalPath(""), "/");
}

TEST(WebRedirectTest, PathsAndValuesArePercentEncodedAllButUnreserved) {
  EXPECT_EQ(UrlEscaped("/cases/a b?x=\"1\"&y"), "/cases/a%20b%3Fx%3D%221%22%26y");
  EXPECT_EQ(UrlEscaped("æ"), "%C3%A6");
  EXPECT_EQ(PercentEncoded("a/b c~_.-", false), "a%2Fb%20c~_.-");
}

TEST(WebMessagesTest, BothLanguagesMustHaveEveryKey) {
  TempDir dir;
  dir.Write("da.json", R"({"a": "A på dansk", "b": "B"})");
  dir.Write("en.json", R"({"a": "A in English", "c": "C"})");
  auto catalog = MessageCatalog::Load(dir.path());
  ASSERT_FALSE(catalog.has_value());
  EXPECT_THAT(catalog.error(), HasSubstr("en.json lacks \"b\""));
  EXPECT_THAT(catalog.error(), HasSubstr("da.json lacks \"c\""));

  dir.Write("en.json", R"({"a": "A in English", "b": 3})");
  EXPECT_THAT(MessageCatalog::Load(dir.path()).error(), HasSubstr("\"b\" is not a text"));
}

// A catalogue with one text, "hello", in both languages.
std::expected<MessageCatalog, std::string> HelloCatalog() {
  TempDir messages;
  messages.Write("da.json", R"({"hello": "Hej"})");
  messages.Write("en.json", R"({"hello": "Hello"})");
  return MessageCatalog::Load(messages.path());
}

TEST(WebTemplatesTest, AnUnknownMessageKeyOrABrokenTemplateIsRefusedOnLoad) {
  auto catalog = HelloCatalog();
  ASSERT_TRUE(catalog.has_value()) << catalog.error();

  TempDir templates;
  templates.Write("layout.mustache", "<main>{{{content}}}</main>");
  templates.Write("page.mustache", "<h1>{{t.hello}}</h1><p>{{t.goodbye}}</p>");
  auto loaded = PageTemplates::Load(templates.path(), *catalog);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_THAT(loaded.error(), HasSubstr("page.mustache: no message \"goodbye\""));

  templates.Write("page.mustache", "<h1>{{t.hello}}</h1>{{#open}}");
  EXPECT_FALSE(PageTemplates::Load(templates.path(), *catalog).has_value());

  // What a person typed is escaped, quotes included, so it cannot leave
  // an attribute.
  templates.Write("page.mustache", R"(<h1>{{t.hello}}</h1><input value="{{typed}}">)");
  loaded = PageTemplates::Load(templates.path(), *catalog);
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  Data data{Data::type::object};
  data.set("t", catalog->Data(Language::kDanish));
  data.set("typed", "\"><script>alert('x')</script>");
  const std::string html = loaded->Render("page", data);
  EXPECT_EQ(html, "<h1>Hej</h1><input value=\"&quot;&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;\">");
}

TEST(WebTemplatesTest, AnEmptyTextNeitherShowsItsSectionNorBorrowsTheEnclosingValue) {
  auto catalog = HelloCatalog();
  ASSERT_TRUE(catalog.has_value()) << catalog.error();
  TempDir templates;
  templates.Write("layout.mustache", "{{{content}}}");
  templates.Write("page.mustache", "{{#rows}}<{{name}}{{#department}} ({{department}}){{/department}}>{{/rows}}");
  auto loaded = PageTemplates::Load(templates.path(), *catalog);
  ASSERT_TRUE(loaded.has_value()) << loaded.error();

  Data page{Data::type::object};
  page.set("department", "SUF");  // the page is about a department
  Data rows{Data::type::list};
  for (const auto& [name, department] : {std::pair{"Anne", ""}, std::pair{"Bo", "BUF"}}) {
    Data row{Data::type::object};
    row.set("name", name);
    SetText(row, "department", department);
    rows.push_back(row);
  }
  page.set("rows", rows);
  EXPECT_EQ(loaded->Render("page", page), "<Anne><Bo (BUF)>");
}

TEST(WebStaticAssetsTest, ServedFromMemoryGzippedWithAVersionThatFollowsTheContent) {
  TempDir dir;
  dir.Write("app.css", std::string(2000, 'a'));
  dir.Write("fonts/x.woff2", "font");
  auto first = StaticAssets::Load(dir.path());
  ASSERT_TRUE(first.has_value()) << first.error();
  EXPECT_EQ(first->Url("app.css"), "/static/" + first->version() + "/app.css");

  Request request{http::verb::get, "/static/x/app.css", 11};
  request.set(http::field::accept_encoding, "gzip, br");
  Response css = first->Serve(request, first->version(), "app.css");
  EXPECT_EQ(css.result(), http::status::ok);
  EXPECT_EQ(css[http::field::content_encoding], "gzip");
  EXPECT_LT(css.body().size(), 2000u);
  EXPECT_THAT(std::string(css[http::field::cache_control]), HasSubstr("immutable"));
  Response old = first->Serve(request, "0000000000000000", "app.css");
  EXPECT_THAT(std::string(old[http::field::cache_control]), ::testing::Not(HasSubstr("immutable")));
  EXPECT_EQ(first->Serve(request, first->version(), "fonts/x.woff2").body(), "font");
  EXPECT_EQ(first->Serve(request, first->version(), "../etc/passwd").result(), http::status::not_found);

  dir.Write("app.css", std::string(2000, 'b'));
  auto second = StaticAssets::Load(dir.path());
  ASSERT_TRUE(second.has_value());
  EXPECT_NE(first->version(), second->version());
}

TEST(WebFormTest, AFormMustBeUrlEncodedUtf8WithoutNul) {
  Request request{http::verb::post, "/intake", 11};
  request.set(http::field::content_type, "application/x-www-form-urlencoded");
  request.body() = "subject=Svar+p%C3%A5+ans%C3%B8gning&points=1&points=2&empty=";
  auto form = Form::Read(request);
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->Get("subject"), "Svar på ansøgning");
  EXPECT_EQ(form->All("points"), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(form->Has("empty"));
  EXPECT_EQ(form->Get("missing"), "");

  request.body() = "subject=%FF%FE";
  EXPECT_EQ(Form::Read(request).error().status, http::status::bad_request);
  // A NUL, percent-encoded or sent raw by a client that is no browser.
  request.body() = "comment=Ret%00dette";
  EXPECT_EQ(Form::Read(request).error().status, http::status::bad_request);
  request.body() = std::string("comment=Ret\0dette", 17);
  EXPECT_EQ(Form::Read(request).error().status, http::status::bad_request);
  request.body() = std::string("com\0ment=x", 11);
  EXPECT_EQ(Form::Read(request).error().status, http::status::bad_request);
  request.body() = "subject=%ZZ";
  EXPECT_EQ(Form::Read(request).error().status, http::status::bad_request);
  request.set(http::field::content_type, "application/json");
  request.body() = "{}";
  EXPECT_EQ(Form::Read(request).error().status, http::status::unsupported_media_type);
}

TEST(WorkflowLabelsTest, EveryShippedStateAndTransitionHasBothLabelsAndAGapIsRefused) {
  auto catalog = service::LoadWorkflowDirectory(OMBUDSFLOW_WORKFLOWS_DIR, testing::StandardRules(), testing::ShippedReferrals(), testing::ShippedThemes());
  ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
  auto labels = service::WorkflowLabels::Load(OMBUDSFLOW_WORKFLOWS_DIR, *catalog);
  ASSERT_TRUE(labels.has_value()) << labels.error().message;
  EXPECT_EQ(labels->State("complaint", "hearing")->label().da(), "Høring af forvaltningen");
  EXPECT_THAT(labels->StatesInQueue("approval"), ::testing::ElementsAre("awaiting_notice_receipt"));

  TempDir dir;
  std::filesystem::copy(OMBUDSFLOW_WORKFLOWS_DIR, dir.path(), std::filesystem::copy_options::recursive);
  std::ifstream in(dir.path() / "complaint" / "labels.textproto");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The whole entry, which may span lines (its description on the next).
  const std::string entry = "transition { name: \"withdraw\"";
  const auto start = text.find(entry);
  const auto end = text.find(" } }", start);
  ASSERT_NE(end, std::string::npos);
  const std::string withdraw = text.substr(start, end + 4 - start);
  dir.Write("complaint/labels.textproto", std::string(text).erase(start, withdraw.size()));
  auto gap = service::WorkflowLabels::Load(dir.path(), *catalog);
  ASSERT_FALSE(gap.has_value());
  EXPECT_THAT(gap.error().message, HasSubstr("complaint/labels.textproto: transition withdraw (version 1)"));

  // A description in one language only is a gap too.
  ASSERT_NE(withdraw.find(" en: \""), std::string::npos);
  std::string danish_only = withdraw;
  danish_only.erase(danish_only.rfind(" en: \""), danish_only.rfind("\" }") + 1 - danish_only.rfind(" en: \""));
  dir.Write("complaint/labels.textproto", std::string(text).replace(start, withdraw.size(), danish_only));
  gap = service::WorkflowLabels::Load(dir.path(), *catalog);
  ASSERT_FALSE(gap.has_value());
  EXPECT_THAT(gap.error().message, HasSubstr("transition withdraw (version 7) needs a Danish and an English label (and description"));

  // Every state says what Min sag tells the citizen, in a stage it knows.
  EXPECT_EQ(labels->CitizenStage("complaint", "hearing_reminded"), "hearing");
  const std::string stage = "citizen_stage: \"hearing\"";
  const auto hearing = text.find(stage);
  ASSERT_NE(hearing, std::string::npos);
  dir.Write("complaint/labels.textproto", std::string(text).replace(hearing, stage.size(), "citizen_stage: \"hearings\""));
  gap = service::WorkflowLabels::Load(dir.path(), *catalog);
  ASSERT_FALSE(gap.has_value());
  EXPECT_THAT(gap.error().message, HasSubstr("state hearing needs a citizen_stage, one of received, referred"));
}

TEST(ProductKindsTest, EachKindsWorkflowIsShippedForItsSubjectAndTheSurveyFollowsItsEndings) {
  auto catalog = service::LoadWorkflowDirectory(OMBUDSFLOW_WORKFLOWS_DIR, testing::StandardRules(),
                                                testing::ShippedReferrals(), testing::ShippedThemes());
  ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
  for (const ProductKind& kind : ProductKinds()) {
    const v1::WorkflowDefinition* definition = catalog->Newest(kind.workflow);
    ASSERT_NE(definition, nullptr) << kind.kind;
    EXPECT_EQ(definition->subject(), kind.subject) << kind.kind;
    EXPECT_EQ(FindProductKind(kind.kind), &kind);
  }
  EXPECT_EQ(FindProductKind("pamflet"), nullptr);

  // The survey goes out after a case's endings, never after a product's
  // release, a hearing, or a hotline contact that became a complaint.
  auto labels = service::WorkflowLabels::Load(OMBUDSFLOW_WORKFLOWS_DIR, *catalog);
  ASSERT_TRUE(labels.has_value()) << labels.error().message;
  const std::vector<std::string> endings = service::SurveyedEndings(*catalog, *labels);
  const auto surveyed = [&](const std::string& ending) {
    return std::find(endings.begin(), endings.end(), ending) != endings.end();
  };
  EXPECT_TRUE(surveyed("complaint/withdrawn"));
  EXPECT_TRUE(surveyed("discrimination_hotline/guided"));
  EXPECT_FALSE(surveyed("discrimination_hotline/converted_to_complaint"));
  EXPECT_FALSE(surveyed("newsletter_issue/released"));
  EXPECT_FALSE(surveyed("complaint/hearing"));
}

// A listing of steps, each allowed or not, with the answer of a yes-or-no
// input each needs, when it needs one.
v1::AvailableTransition Step(const std::string& name, bool allowed, std::optional<bool> answer,
                             std::vector<std::string> other_required = {}) {
  v1::AvailableTransition step;
  step.set_name(name);
  step.set_allowed(allowed);
  if (answer) {
    auto* deciding = step.add_deciding_inputs();
    deciding->set_name("department_has_answered");
    deciding->mutable_passes_with()->set_bool_value(*answer);
    auto* field = step.add_input_fields();
    field->set_name("department_has_answered");
    field->set_type(v1::InputField::BOOL);
    field->set_required(true);
    field->mutable_question()->set_da("Har forvaltningen haft mulighed for at svare?");
  }
  for (const auto& name : other_required) {
    auto* field = step.add_input_fields();
    field->set_name(name);
    field->set_type(v1::InputField::BOOL);
    field->set_required(true);
  }
  return step;
}

TEST(StepQuestion, AYesOrNoInputThatLeadsToStepsEitherWayIsOneQuestion) {
  v1::ListTransitionsResponse listing;
  *listing.add_transitions() = Step("refer", true, std::nullopt);
  *listing.add_transitions() = Step("guide", true, false);
  *listing.add_transitions() = Step("forward", true, false, {"cannot_manage_alone"});
  *listing.add_transitions() = Step("consider", true, true);
  auto question = FindStepQuestion(listing);
  ASSERT_TRUE(question.has_value());
  EXPECT_EQ(question->input.name(), "department_has_answered");
  EXPECT_EQ(question->input.question().da(), "Har forvaltningen haft mulighed for at svare?");
  ASSERT_EQ(question->yes.size(), 1u);
  EXPECT_EQ(question->yes[0]->name(), "consider");
  ASSERT_EQ(question->no.size(), 2u);
  EXPECT_EQ(question->no[0]->name(), "guide");
  EXPECT_EQ(question->no[1]->name(), "forward");
  // The answer is all guiding needs; forwarding needs more on its form.
  EXPECT_TRUE(AnswerIsAllItNeeds(*question, *question->no[0]));
  EXPECT_FALSE(AnswerIsAllItNeeds(*question, *question->no[1]));
  // An optional input could not be given from the question either.
  v1::AvailableTransition with_optional = Step("guide", true, false);
  auto* note = with_optional.add_input_fields();
  note->set_name("note");
  note->set_type(v1::InputField::TEXT);
  EXPECT_FALSE(AnswerIsAllItNeeds(*question, with_optional));
}

TEST(StepQuestion, IsNoQuestionWhenOneAnswerLeadsNowhereTheCallerMayGo) {
  v1::ListTransitionsResponse listing;
  *listing.add_transitions() = Step("guide", true, false);
  *listing.add_transitions() = Step("consider", false, true);  // not this person's to take
  EXPECT_FALSE(FindStepQuestion(listing).has_value());
  v1::ListTransitionsResponse one_way;
  *one_way.add_transitions() = Step("guide", true, false);
  *one_way.add_transitions() = Step("forward", true, false);
  EXPECT_FALSE(FindStepQuestion(one_way).has_value());
}

}  // namespace
}  // namespace ombudsflow::api::web
