// The case file on the case page: its documents, each with its number,
// and the form that adds one. The form is a plain file input posted as
// multipart/form-data, so it works without JavaScript, and a browser drops
// a file onto it too. Its body is read only once the caller is known, so
// the token against forged posts rides in the form's action, not its body.
#include <openssl/rand.h>

#include <stdexcept>

#include "api/handlers/case_document_handlers.h"
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/core/base/hex.h"

namespace ombudsflow::api::web {
namespace {

std::string CaseDocumentsHref(const std::string& complaint_id) {
  return "/cases/" + UrlEscaped(complaint_id) + "/documents";
}

// "PDF", "Word" ...: what a person calls the type.
std::string TypeName(const Workplace& workplace, Language language, const std::string& media_type) {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"application/pdf", "PDF"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"},
      {"application/vnd.oasis.opendocument.text", "OpenDocument"},
      {"image/jpeg", "JPEG"},
      {"image/png", "PNG"},
      {"image/tiff", "TIFF"}};
  if (const auto name = kNames.find(media_type); name != kNames.end()) return name->second;
  if (media_type == "text/plain") return workplace.Text(language, "document_type_text");
  if (media_type == "message/rfc822") return workplace.Text(language, "document_type_email");
  return media_type;
}

// "12 kB", "1,4 MB": sizes as people read them, in their language's decimals.
std::string SizeText(Language language, std::uint64_t bytes) {
  if (bytes < 1024 * 1024) return std::to_string((bytes + 1023) / 1024) + " kB";
  const std::uint64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
  return std::to_string(tenths / 10) + (language == Language::kDanish ? "," : ".") + std::to_string(tenths % 10) +
         " MB";
}

Data Options(const Workplace& workplace, Language language, const std::vector<std::pair<std::string, std::string>>& choices,
             const std::string& chosen) {
  Data options{Data::type::list};
  for (const auto& [value, key] : choices) {
    Data option{Data::type::object};
    option.set("value", value);
    option.set("label", workplace.Text(language, key));
    option.set("selected", value == chosen);
    options.push_back(option);
  }
  return options;
}

// A refusal the person can mend in the form (a field, the file, the
// room, a reused key); anything else is the error page's.
bool ShownBesideTheForm(const Error& error) {
  return error.code == ErrorCode::kInvalidArgument || error.code == ErrorCode::kFailedPrecondition ||
         error.code == ErrorCode::kResourceExhausted;
}

}  // namespace

Result<Data> DocumentRows(const Workplace& workplace, Language language, service::CaseDocumentService& documents,
                          const Actor& actor, const std::string& complaint_id, const std::string& href_base) {
  auto listed = documents.List(actor, complaint_id);
  if (!listed) return std::unexpected(listed.error());
  Data rows{Data::type::list};
  for (const v1::CaseDocument& document : listed->documents()) {
    Data row{Data::type::object};
    row.set("number", document.document_number() > 0 ? std::to_string(document.document_number()) : "–");
    row.set("title", document.title());
    row.set("file_name", document.file_name());
    const bool own = document.uploaded_by() == actor.Id();
    const bool readable = document.scan_state() == v1::SCAN_CLEAN ||
                          (document.scan_state() == v1::SCAN_PENDING && own);
    if (readable) row.set("href", href_base + "/" + UrlEscaped(document.id()));
    if (document.scan_state() == v1::SCAN_PENDING) row.set("scan", workplace.Text(language, "document_scan_pending"));
    if (document.scan_state() == v1::SCAN_INFECTED) {
      row.set("scan", workplace.Text(language, "document_scan_infected"));
      row.set("infected", true);
    }
    row.set("direction", workplace.Text(language, "journal_" + StoredDirectionOf(document.direction())));
    const std::string counterpart_key = "journal_counterpart_" + document.counterpart();
    row.set("counterpart", workplace.HasText(counterpart_key) ? workplace.Text(language, counterpart_key)
                                                              : document.counterpart());
    row.set("date", workplace.IsoDate(language, document.document_date()));
    // With whom it is shared is the office's to know (a department's view
    // leaves it out).
    if (IsOfficeStaff(actor.role)) {
      row.set("audience", workplace.Text(language, "document_audience_" + StoredAudienceOf(document.audience())));
    }
    row.set("type", TypeName(workplace, language, document.media_type()) + " · " +
                        SizeText(language, document.size_bytes()));
    rows.push_back(row);
  }
  return rows;
}

std::string UploadAction(const std::string& path, const RequestContext& context) {
  // A key per form shown: the same form posted twice (a double click, a
  // reload) keeps one document, not two numbered ones.
  unsigned char key[16];
  if (RAND_bytes(key, sizeof key) != 1) throw std::runtime_error("no randomness for an upload key");
  return path + "?_csrf=" + UrlEscaped(service::SessionService::CsrfToken(context.session_id)) +
         "&upload_key=" + HexEncode(std::string_view(reinterpret_cast<const char*>(key), sizeof key));
}

std::string UploadKeyOf(const RequestContext& context) {
  const auto key = context.query.find("upload_key");
  return key == context.query.end() ? std::string() : key->second.substr(0, 64);
}

std::string FileHint(const Workplace& workplace, Language language, std::uint64_t max_file_bytes) {
  std::string hint = workplace.Text(language, "document_file_hint");
  if (const auto at = hint.find("{{max}}"); at != std::string::npos) hint.replace(at, 7, std::to_string(max_file_bytes >> 20));
  return hint;
}

std::string DocumentSaved(const Workplace& workplace, Language language, const RequestContext& context) {
  const auto saved = context.query.find("document");
  if (saved == context.query.end() || saved->second.empty() || saved->second.size() > 9 ||
      !std::all_of(saved->second.begin(), saved->second.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  return workplace.Text(language, "document_saved") + " " + saved->second + ".";
}

Result<PageUpload> UploadFromPage(const WebServices& services, const RequestContext& context,
                                  const std::string& complaint_id) {
  if (context.files == nullptr || context.files->upload == nullptr) {
    return std::unexpected(InvalidArgument("an upload's body did not arrive"));
  }
  auto form = services.case_documents.ReadForm(*context.files->upload,
                                               std::string(context.request[http::field::content_type]));
  if (!form) return std::unexpected(form.error());
  PageUpload upload{form->violations.empty()
                        ? services.case_documents.UploadFile(*context.actor, complaint_id, form->request, form->file,
                                                             UploadKeyOf(context))
                        : std::unexpected(InvalidArgument("the document's description is incomplete", form->violations)),
                    form->request};
  // The case gone, the database away: the error page, not the form.
  if (!upload.outcome && !ShownBesideTheForm(upload.outcome.error())) return std::unexpected(upload.outcome.error());
  return upload;
}

Data NoteForm(const Workplace& workplace, Language language, const std::string& complaint_id,
              const v1::AddNoteRequest* typed, const Error* error, Data& page) {
  Data form{Data::type::object};
  form.set("action", "/cases/" + UrlEscaped(complaint_id) + "/notes");
  // A key per form shown: posted twice, one note.
  unsigned char key[16];
  if (RAND_bytes(key, sizeof key) != 1) throw std::runtime_error("no randomness for a note key");
  form.set("key", HexEncode(std::string_view(reinterpret_cast<const char*>(key), sizeof key)));
  form.set("title", typed != nullptr ? typed->title() : std::string());
  form.set("text", typed != nullptr ? typed->text() : std::string());
  const std::string title_max = MaxLength<v1::AddNoteRequest>("title");
  const std::string text_max = MaxLength<v1::AddNoteRequest>("text");
  form.set("title_max", title_max);
  form.set("text_max", text_max);
  form.set("open", error != nullptr);
  if (error != nullptr) {
    Data errors = FieldErrors(workplace, language, *error,
                              {{"title", {"note-title", "note_title", title_max}},
                               {"text", {"note-text", "note_text", text_max}}},
                              form);
    page.set("errors", errors);
  }
  return form;
}

Data DocumentUploadForm(const Workplace& workplace, Language language, const RequestContext& context,
                        const std::string& complaint_id, const v1::UploadDocumentRequest& values, const Error* error,
                        std::uint64_t max_file_bytes) {
  Data form{Data::type::object};
  const std::string max_mib = std::to_string(max_file_bytes >> 20);
  form.set("file_hint", FileHint(workplace, language, max_file_bytes));
  form.set("action", UploadAction(CaseDocumentsHref(complaint_id), context));
  // Chosen by default: what came in, kept for the office.
  const v1::DocumentDirection direction =
      values.direction() == v1::DOCUMENT_DIRECTION_UNSPECIFIED ? v1::DOCUMENT_IN : values.direction();
  form.set("directions", Options(workplace, language,
                                 {{v1::DocumentDirection_Name(v1::DOCUMENT_IN), "journal_in"},
                                  {v1::DocumentDirection_Name(v1::DOCUMENT_OUT), "journal_out"},
                                  {v1::DocumentDirection_Name(v1::DOCUMENT_INTERNAL), "journal_internal"}},
                                 v1::DocumentDirection_Name(direction)));
  const v1::DocumentAudience audience =
      values.audience() == v1::DOCUMENT_AUDIENCE_UNSPECIFIED ? v1::OFFICE_ONLY : values.audience();
  form.set("audiences", Options(workplace, language,
                                {{v1::DocumentAudience_Name(v1::OFFICE_ONLY), "document_audience_office"},
                                 {v1::DocumentAudience_Name(v1::SHARED_WITH_DEPARTMENT), "document_audience_department"},
                                 {v1::DocumentAudience_Name(v1::SHARED_WITH_CITIZEN), "document_audience_citizen"}},
                                v1::DocumentAudience_Name(audience)));
  form.set("title", values.title());
  form.set("counterpart", values.counterpart());
  form.set("document_date", values.document_date());
  const std::string title_max = MaxLength<v1::UploadDocumentRequest>("title");
  const std::string counterpart_max = MaxLength<v1::UploadDocumentRequest>("counterpart");
  form.set("title_max", title_max);
  form.set("counterpart_max", counterpart_max);
  if (error != nullptr) {
    form.set("errors", FieldErrors(workplace, language, *error,
                                   {{"file", {"document-file", "document_file", max_mib}},
                                    {"file_name", {"document-file", "document_file", max_mib}},
                                    {"title", {"document-title", "document_title", title_max}},
                                    {"direction", {"document-direction", "journal_direction", "", true}},
                                    {"counterpart",
                                     {"document-counterpart", "journal_counterpart", counterpart_max}},
                                    {"document_date", {"document-date", "document_date"}},
                                    {"audience", {"document-audience", "document_audience", "", true}}},
                                   form));
    form.set("choose_again", true);  // a browser never fills a file input in again
    form.set("open", true);
  }
  return form;
}

void AddCaseDocumentPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  Endpoint upload = Page([&workplace, services](const RequestContext& context) -> HandlerResult {
    const std::string& complaint_id = context.path.at("id");
    auto upload = UploadFromPage(services, context, complaint_id);
    if (!upload) return std::unexpected(ToProblem(upload.error()));
    if (upload->outcome) {
      return SeeOther(context.request, "/cases/" + UrlEscaped(complaint_id) + "?document=" +
                                           std::to_string(upload->outcome->document.document_number()) + "#documents");
    }
    // A refusal the person can act on: on the case, beside the form.
    const Error& error = upload->outcome.error();
    return CasePage(workplace, services, context, UploadStatus(error), [&](Language language, Data& data) {
      Data upload_form = DocumentUploadForm(workplace, language, context, complaint_id, upload->typed, &error,
                                            services.case_documents.limits().max_file_bytes);
      // The summary at the top of the page, each entry linking to its field.
      if (const Data* errors = upload_form.get("errors")) data.set("errors", *errors);
      data.set("upload", upload_form);
    });
  });
  upload.spools_body = true;
  api.Add(http::verb::post, "/cases/{id}/documents", std::move(upload));

  // A note typed on the case page: a document of its own.
  api.Add(http::verb::post, "/cases/{id}/notes", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
    auto form = Form::Read(context.request);
    if (!form) return std::unexpected(form.error());
    const std::string& complaint_id = context.path.at("id");
    v1::AddNoteRequest request;
    request.set_title(form->Get("title"));
    request.set_text(form->Get("text"));
    auto outcome = services.case_documents.AddNote(*context.actor, complaint_id, request, form->Get("note_key"));
    if (outcome) {
      return SeeOther(context.request, "/cases/" + UrlEscaped(complaint_id) + "?document=" +
                                           std::to_string(outcome->document.document_number()) + "#documents");
    }
    if (!ShownBesideTheForm(outcome.error())) return std::unexpected(ToProblem(outcome.error()));
    const Error& error = outcome.error();
    return CasePage(workplace, services, context, UploadStatus(error), [&](Language language, Data& data) {
      data.set("note", NoteForm(workplace, language, complaint_id, &request, &error, data));
    });
  }));

  // A document's bytes, as the API serves them: saved, never shown as a page.
  api.Add(http::verb::get, "/cases/{id}/documents/{document}",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto download =
                services.case_documents.Content(*context.actor, context.path.at("id"), context.path.at("document"));
            if (!download) return std::unexpected(ToProblem(download.error()));
            return DocumentDownloadResponse(context, std::move(*download));
          }));
}

}  // namespace ombudsflow::api::web
