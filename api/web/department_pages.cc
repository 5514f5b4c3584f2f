// The department's workplace: its notices, pending and acknowledged;
// reading and acknowledging one; answering a hearing on the complaint
// points put to it. A department sees its own notices only, and of a case
// only what its notices carry: the services answer it with the DEPARTMENT
// view, as they answer the API.
#include <google/protobuf/util/time_util.h>

#include "api/web/form.h"
#include "api/handlers/case_document_handlers.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

using google::protobuf::util::TimeUtil;

std::string NoticeHref(const std::string& id) { return "/department/notices/" + UrlEscaped(id); }

// What the department may do about `notice` now, by what the step that
// does it means, when the case offers that to them.
// A failure to ask is the page's failure, never a form quietly left out.
Result<std::optional<v1::ListTransitionsResponse>> Offered(const WebServices& services, const Actor& actor,
                                                           const v1::Notice& notice, v1::StepMeaning meaning) {
  auto transitions = services.transitions.List(actor, notice.complaint_id());
  if (!transitions) return std::unexpected(transitions.error());
  for (const auto& transition : transitions->transitions()) {
    if (transition.meaning() == meaning && transition.allowed()) return std::move(*transitions);
  }
  return std::nullopt;
}

bool AsksForFollowUp(const v1::Notice& notice) {
  return notice.notice() == "follow_up_requested" || notice.notice() == "follow_up_reminder";
}

// The compliance choices of the follow-up's input schema, as radio buttons.
Data ComplianceOptions(Language language, const v1::ListTransitionsResponse& transitions, std::string_view chosen) {
  Data options{Data::type::list};
  for (const auto& transition : transitions.transitions()) {
    if (transition.meaning() != v1::STEP_RECORD_FOLLOW_UP) continue;
    for (const auto& field : transition.input_fields()) {
      if (field.name() != "compliance") continue;
      for (const auto& choice : field.choices()) {
        Data option{Data::type::object};
        option.set("value", choice.value());
        option.set("label", language == Language::kEnglish ? choice.label().en() : choice.label().da());
        option.set("id", "input-compliance-" + choice.value());
        option.set("checked", choice.value() == chosen);
        options.push_back(option);
      }
    }
  }
  return options;
}

Data NoticeRow(const Workplace& workplace, Language language, const v1::Notice& notice) {
  Data row{Data::type::object};
  row.set("href", NoticeHref(notice.id()));
  row.set("case_number", notice.case_number());
  // A case without a subject (none is registered so) still has a link text.
  row.set("subject", notice.subject().empty() ? notice.case_number() : notice.subject());
  row.set("kind", workplace.Text(language, "notice_" + notice.notice()));
  row.set("sent", workplace.DateTime(language, FromProto(notice.create_time())));
  SetText(row, "respond_by",
          notice.has_respond_by_time() ? workplace.Date(language, FromProto(notice.respond_by_time())) : "");
  SetText(row, "comment", notice.comment());
  row.set("acknowledged", notice.has_acknowledge_time());
  if (notice.has_acknowledge_time()) {
    row.set("acknowledged_at", workplace.DateTime(language, FromProto(notice.acknowledge_time())));
  }
  return row;
}

Result<Data> NoticeList(const Workplace& workplace, Language language, service::NoticeService& notices,
                        const Actor& actor, bool pending_only) {
  NoticeQuery query;
  query.pending_only = pending_only;
  query.page_size = kMaxPageSize;
  auto listed = notices.List(actor, query);
  if (!listed) return std::unexpected(listed.error());
  Data rows{Data::type::list};
  for (const v1::Notice& notice : listed->page.notices()) rows.push_back(NoticeRow(workplace, language, notice));
  return rows;
}

// What the department may do about the hearing now: the answer form's
// transition, when the case offers it to them.
Result<std::optional<v1::ListTransitionsResponse>> Answerable(const WebServices& services, const Actor& actor,
                                                              const v1::Notice& notice) {
  if (notice.notice() != "hearing" && notice.notice() != "hearing_reminder" &&
      notice.notice() != "own_initiative_hearing") {
    return std::nullopt;
  }
  return Offered(services, actor, notice, v1::STEP_ANSWER_HEARING);
}

// The first compliance option's value: where the summary's link for the
// choice puts the focus.
std::string FirstComplianceChoice(const Data& data) {
  const Data* options = data.get("compliance_options");
  if (options == nullptr || options->is_empty_list()) return {};
  const Data* value = options->list_value().front().get("value");
  return value != nullptr && value->is_string() ? value->string_value() : std::string();
}

// What the department typed in the follow-up form, kept when it is refused.
struct FollowUpForm {
  std::string compliance, note;
};

HandlerResult NoticePage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                         http::status status, const std::string& answer, const Error* error,
                         const FollowUpForm& follow_up = {}, const std::string& comment = {},
                         const v1::UploadDocumentRequest* refused_upload = nullptr) {
  const Language language = workplace.LanguageOf(context.request);
  auto found = services.notices.Get(*context.actor, context.path.at("id"));
  if (!found) return std::unexpected(ToProblem(found.error()));
  const v1::Notice& notice = *found;
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/department");
  data.set("notice", NoticeRow(workplace, language, notice));
  data.set("acknowledge_action", NoticeHref(notice.id()) + "/acknowledge");
  data.set("answered", context.query.contains("answered"));
  data.set("followed_up", context.query.contains("followed_up"));
  const auto& payload = notice.payload().fields();
  Data points{Data::type::list};
  if (auto listed = payload.find("points"); listed != payload.end()) {
    for (const auto& value : listed->second.list_value().values()) {
      const auto& point = value.struct_value().fields();
      Data entry{Data::type::object};
      auto number = point.find("number");
      auto text = point.find("text");
      entry.set("number", number == point.end() ? std::string() : std::to_string(static_cast<int>(number->second.number_value())));
      entry.set("text", text == point.end() ? std::string() : text->second.string_value());
      points.push_back(entry);
    }
  }
  data.set("points", points);
  data.set("has_points", !points.is_empty_list());
  const auto text_of = [&](const char* key) {
    auto it = payload.find(key);
    return it == payload.end() ? std::string() : it->second.string_value();
  };
  SetText(data, "publication_title", text_of("publicationTitle"));
  SetText(data, "publication_text", text_of("publicationText"));
  SetText(data, "publication_date", workplace.IsoDate(language, text_of("publicationDate")));
  auto answerable = Answerable(services, *context.actor, notice);
  if (!answerable) return std::unexpected(ToProblem(answerable.error()));
  if (const auto& transitions = *answerable) {
    data.set("can_answer", true);
    data.set("answer_action", NoticeHref(notice.id()) + "/answer");
    data.set("expected_version", std::to_string(transitions->version()));
    data.set("answer", answer);
  }
  // A text to be published takes the department's comment with the receipt.
  data.set("takes_comment", notice.notice() == "pre_publication");
  data.set("typed_comment", comment);

  // The letter that went with it (a hearing's letter), to read and as PDF.
  auto letter = services.documents.NoticeLetter(*context.actor, notice.id());
  if (!letter) return std::unexpected(ToProblem(letter.error()));
  if (*letter) {
    Data shown{Data::type::object};
    shown.set("subject", (*letter)->subject());
    shown.set("document_href", NoticeHref(notice.id()) + "/letter");
    SetText(shown, "pdf_href", (*letter)->pdf_sha256().empty() ? "" : NoticeHref(notice.id()) + "/letter/pdf");
    data.set("letter", shown);
  }
  // The case's documents shared with the department, and the form that
  // adds its own (its statement, the case's documents).
  auto documents = DocumentRows(workplace, language, services.case_documents, *context.actor, notice.complaint_id(),
                                NoticeHref(notice.id()) + "/documents");
  if (!documents) return std::unexpected(ToProblem(documents.error()));
  data.set("has_documents", !documents->is_empty_list());
  data.set("documents", *documents);
  Data upload{Data::type::object};
  upload.set("action", UploadAction(NoticeHref(notice.id()) + "/documents", context));
  upload.set("file_hint", FileHint(workplace, language, services.case_documents.limits().max_file_bytes));
  upload.set("title", refused_upload != nullptr ? refused_upload->title() : std::string());
  upload.set("title_max", MaxLength<v1::UploadDocumentRequest>("title"));
  upload.set("open", refused_upload != nullptr);
  upload.set("choose_again", refused_upload != nullptr);
  data.set("upload", upload);
  SetText(data, "document_saved", DocumentSaved(workplace, language, context));
  if (AsksForFollowUp(notice)) {
    auto offered = Offered(services, *context.actor, notice, v1::STEP_RECORD_FOLLOW_UP);
    if (!offered) return std::unexpected(ToProblem(offered.error()));
    if (const auto& transitions = *offered) {
      data.set("can_follow_up", true);
      data.set("follow_up_action", NoticeHref(notice.id()) + "/follow-up");
      data.set("expected_version", std::to_string(transitions->version()));
      data.set("compliance_options", ComplianceOptions(language, *transitions, follow_up.compliance));
      data.set("follow_up_note", follow_up.note);
    }
  }
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, language, *error,
                                   {{"input.department_answer", {"input-department_answer", "notice_answer_label", "50000"}},
                                    {"comment", {"input-comment", "notice_comment_label", MaxLength<v1::AcknowledgeNoticeRequest>("comment")}},
                                    {"input.compliance", {"input-compliance-" + FirstComplianceChoice(data),
                                                    "notice_follow_up_compliance", "", true}},
                                    {"input.follow_up_note", {"input-follow_up_note", "notice_follow_up_note", "5000"}},
                                    {"file", {"document-file", "document_file",
                                              std::to_string(services.case_documents.limits().max_file_bytes >> 20)}},
                                    {"file_name", {"document-file", "document_file"}},
                                    {"title", {"document-title", "document_title", MaxLength<v1::UploadDocumentRequest>("title")}}},
                                   data));
  }
  return workplace.Render(context, status, "notice", std::move(data),
                          workplace.Text(language, "notice_" + notice.notice()) + " – " + notice.case_number());
}

}  // namespace

void AddDepartmentPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/department", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            Data data = workplace.PageData(context.request, context.actor, context.session_id, "/department");
            auto pending = NoticeList(workplace, language, services.notices, *context.actor, true);
            if (!pending) return std::unexpected(ToProblem(pending.error()));
            auto all = NoticeList(workplace, language, services.notices, *context.actor, false);
            if (!all) return std::unexpected(ToProblem(all.error()));
            data.set("no_pending", pending->is_empty_list());
            data.set("pending", *pending);
            data.set("no_notices", all->is_empty_list());
            data.set("notices", *all);
            return workplace.Render(context, http::status::ok, "department", std::move(data),
                                    workplace.Text(language, "department_title"));
          }));

  api.Add(http::verb::get, "/department/notices/{id}",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return NoticePage(workplace, services, context, http::status::ok, {}, nullptr);
          }));

  // The department adds its statement and the case's documents.
  Endpoint upload = Page([&workplace, services](const RequestContext& context) -> HandlerResult {
    auto notice = services.notices.Get(*context.actor, context.path.at("id"));
    if (!notice) return std::unexpected(ToProblem(notice.error()));
    auto upload = UploadFromPage(services, context, notice->complaint_id());
    if (!upload) return std::unexpected(ToProblem(upload.error()));
    if (upload->outcome) {
      return SeeOther(context.request, NoticeHref(notice->id()) + "?document=" +
                                           std::to_string(upload->outcome->document.document_number()) + "#documents");
    }
    // The page again, the form open with what was typed.
    return NoticePage(workplace, services, context, UploadStatus(upload->outcome.error()), {},
                      &upload->outcome.error(), {}, {}, &upload->typed);
  });
  upload.spools_body = true;
  api.Add(http::verb::post, "/department/notices/{id}/documents", std::move(upload));

  api.Add(http::verb::get, "/department/notices/{id}/documents/{document}",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto notice = services.notices.Get(*context.actor, context.path.at("id"));
            if (!notice) return std::unexpected(ToProblem(notice.error()));
            auto download =
                services.case_documents.Content(*context.actor, notice->complaint_id(), context.path.at("document"));
            if (!download) return std::unexpected(ToProblem(download.error()));
            return DocumentDownloadResponse(context, std::move(*download));
          }));

  // The letter that went with a notice, as sent: framed in the notice page.
  api.Add(http::verb::get, "/department/notices/{id}/letter",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto letter = services.documents.NoticeLetter(*context.actor, context.path.at("id"));
            if (!letter) return std::unexpected(ToProblem(letter.error()));
            if (!*letter) return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound, "no such letter"));
            return LetterDocument(workplace, context.request, (*letter)->html());
          }));

  api.Add(http::verb::get, "/department/notices/{id}/letter/pdf",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto pdf = services.documents.NoticeLetterPdf(*context.actor, context.path.at("id"));
            if (!pdf) return std::unexpected(ToProblem(pdf.error()));
            return LetterPdfResponse(context.request, std::move(*pdf), "brev");
          }));

  api.Add(http::verb::post, "/department/notices/{id}/acknowledge",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            v1::AcknowledgeNoticeRequest request;
            request.set_comment(form->Get("comment"));
            auto acknowledged = services.notices.Acknowledge(*context.actor, context.path.at("id"), request);
            if (acknowledged) return SeeOther(context.request, NoticeHref(acknowledged->id()));
            if (acknowledged.error().code == ErrorCode::kInvalidArgument) {
              return NoticePage(workplace, services, context, http::status::bad_request, {}, &acknowledged.error(), {},
                                request.comment());
            }
            return std::unexpected(ToProblem(acknowledged.error()));
          }));

  api.Add(http::verb::post, "/department/notices/{id}/answer",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto notice = services.notices.Get(*context.actor, context.path.at("id"));
            if (!notice) return std::unexpected(ToProblem(notice.error()));
            auto step = services.transitions.StepFor(*context.actor, notice->complaint_id(), v1::STEP_ANSWER_HEARING);
            if (!step) return std::unexpected(ToProblem(step.error()));
            v1::TransitionRequest request;
            request.set_name(*step);
            const std::string answer = form->Get("department_answer");
            if (!answer.empty()) (*request.mutable_input()->mutable_fields())["department_answer"].set_string_value(answer);
            const std::string version = form->Get("expected_version");
            request.set_expected_version(static_cast<std::uint32_t>(std::strtoul(version.c_str(), nullptr, 10)));
            auto fired = services.transitions.Fire(*context.actor, notice->complaint_id(), request);
            if (fired) {
              // An answer shows the hearing was received: no second click to
              // say so. (Its receipt failing leaves the answer recorded.)
              (void)services.notices.Acknowledge(*context.actor, notice->id());
              return SeeOther(context.request, NoticeHref(notice->id()) + "?answered=1");
            }
            if (fired.error().code == ErrorCode::kInvalidArgument || fired.error().code == ErrorCode::kAborted) {
              return NoticePage(workplace, services, context, HttpStatusFor(fired.error().code), answer, &fired.error());
            }
            return std::unexpected(ToProblem(fired.error()));
          }));

  // The department reports how it followed up a recommendation.
  api.Add(http::verb::post, "/department/notices/{id}/follow-up",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto notice = services.notices.Get(*context.actor, context.path.at("id"));
            if (!notice) return std::unexpected(ToProblem(notice.error()));
            if (!AsksForFollowUp(*notice)) {
              return std::unexpected(ToProblem(NotFound("this notice asks for no follow-up")));
            }
            const FollowUpForm typed{form->Get("compliance"), form->Get("follow_up_note")};
            auto step = services.transitions.StepFor(*context.actor, notice->complaint_id(), v1::STEP_RECORD_FOLLOW_UP);
            if (!step) return std::unexpected(ToProblem(step.error()));
            v1::TransitionRequest request;
            request.set_name(*step);
            auto& input = *request.mutable_input()->mutable_fields();
            if (!typed.compliance.empty()) input["compliance"].set_string_value(typed.compliance);
            if (!typed.note.empty()) input["follow_up_note"].set_string_value(typed.note);
            const std::string version = form->Get("expected_version");
            request.set_expected_version(static_cast<std::uint32_t>(std::strtoul(version.c_str(), nullptr, 10)));
            auto fired = services.transitions.Fire(*context.actor, notice->complaint_id(), request);
            if (fired) {
              (void)services.notices.Acknowledge(*context.actor, notice->id());
              return SeeOther(context.request, NoticeHref(notice->id()) + "?followed_up=1");
            }
            if (fired.error().code == ErrorCode::kInvalidArgument || fired.error().code == ErrorCode::kAborted) {
              return NoticePage(workplace, services, context, HttpStatusFor(fired.error().code), {}, &fired.error(),
                                typed);
            }
            return std::unexpected(ToProblem(fired.error()));
          }));
}

}  // namespace ombudsflow::api::web
