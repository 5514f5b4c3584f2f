#pragma once

#include "api/http_api.h"
#include "api/web/workflow_diagrams.h"
#include "api/web/workplace.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/service/min_sag_service.h"
#include "engine/service/distribution_list_service.h"
#include "engine/service/newsletter_service.h"
#include "engine/service/press_service.h"
#include "engine/service/subscriber_access_service.h"
#include "engine/service/whistleblower_service.h"
#include "engine/service/mailer.h"
#include "engine/service/alert_service.h"
#include "engine/service/assignment_service.h"
#include "engine/service/classification_service.h"
#include "engine/service/complaint_service.h"
#include "engine/service/document_service.h"
#include "engine/service/enquiry_service.h"
#include "engine/service/notice_service.h"
#include "engine/service/office_service.h"
#include "engine/service/publication_service.h"
#include "engine/service/report_service.h"
#include "engine/service/webhook_service.h"
#include "engine/service/session_service.h"
#include "engine/service/token_service.h"
#include "engine/jobs/pdf_renderer.h"
#include "engine/service/case_document_service.h"
#include "engine/service/transition_service.h"
#include "engine/service/user_service.h"

namespace ombudsflow::api::web {

/// The services the pages call: the same ones the API's handlers call.
struct WebServices {
  service::SessionService& sessions;
  service::ComplaintService& complaints;
  service::TransitionService& transitions;
  service::NoticeService& notices;
  service::OfficeService& office;
  service::UserService& users;
  service::AssignmentService& assignments;
  service::ClassificationService& classification;
  service::PublicationService& publications;
  service::WebhookService& webhooks;
  service::TokenService& tokens;
  service::AlertService& alerts;
  service::DocumentService& documents;
  service::CaseDocumentService& case_documents;
  service::EnquiryService& enquiries;
  service::ReportService& reports;
  const WorkflowCatalog& workflows;
  const Clock& clock;
  service::Mailer* mail = nullptr;  // none when the server sends no e-mail
  jobs::PdfRenderer* pdf = nullptr;  // none: nothing is printed (the aktliste)
  service::MinSagService* min_sag = nullptr;  // none: no conversation with the citizen
  service::WhistleblowerService* whistleblower = nullptr;  // none: no reporter's identity to show
};

/// Serves the web workplace: its pages, its static files, and its error
/// pages (HttpApi::RenderPageErrorsWith). Who may see each page is the
/// route policy's, as for the API.
void AddWebRoutes(HttpApi& api, const Workplace& workplace, WebServices services, const WorkflowDiagrams& diagrams);

/// The newsletter's issues in the workplace (api/web/newsletter_pages.cc).
void AddNewsletterPages(HttpApi& api, const Workplace& workplace, service::NewsletterService& newsletter,
                        service::DistributionListService& lists, const NewsletterTemplates& templates,
                        const v1::ThemeVocabulary& themes);

/// The distribution lists (api/web/distribution_list_pages.cc); added
/// before the newsletter's pages, whose "/newsletters/{id}" would take them.
void AddDistributionListPages(HttpApi& api, const Workplace& workplace, service::DistributionListService& lists);

/// The subscribers' numbers and the permission to look an address up
/// (api/web/subscriber_pages.cc); added before the newsletter's pages.
void AddSubscriberPages(HttpApi& api, const Workplace& workplace, service::SubscriberAccessService& access);
/// The subscribers' numbers for a page: confirmed, pending, and what
/// happened since the list began.
[[nodiscard]] Data SubscriberCountsData(const Workplace& workplace, Language language,
                                        const store::SubscriberCounts& counts);

/// The press log (api/web/press_pages.cc).
void AddPressPages(HttpApi& api, const Workplace& workplace, service::PressService& press,
                   service::UserService& users);

// Each group of pages (api/web/*_pages.cc).
void AddSignInPages(HttpApi& api, const Workplace& workplace, service::SessionService& sessions);
void AddQueuePages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddIntakePages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddCasePages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddCaseDocumentPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddCitizenMessagePages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddReporterIdentityPages(HttpApi& api, const Workplace& workplace, const WebServices& services);

/// What the case page says of a whistleblower's identity (empty for a
/// case that is no report): given or not, and whether the person may
/// have it shown.
[[nodiscard]] Result<Data> ReporterIdentitySection(const WebServices& services, const Actor& actor,
                                                   const v1::Complaint& complaint);

/// The case page's conversation with the citizen on Min sag (empty for
/// anyone but office staff): the messages, the form to write (holding
/// `typed`, with `error` beside it and in `page`'s summary), the links.
[[nodiscard]] Result<Data> CitizenConversation(const Workplace& workplace, Language language,
                                               const WebServices& services, const Actor& actor,
                                               const v1::Complaint& complaint, const std::string& typed,
                                               const Error* error, Data& page);

/// The case page of /cases/{id} (context.path's "id"), answered with
/// `status`; `extend` adds to its data last (an upload form's errors).
[[nodiscard]] HandlerResult CasePage(const Workplace& workplace, const WebServices& services,
                                     const RequestContext& context, http::status status,
                                     const std::function<void(Language, Data&)>& extend = {});

/// A case's documents as a page lists them for `actor`, each readable one
/// linking to `href_base`/<its id>.
[[nodiscard]] Result<Data> DocumentRows(const Workplace& workplace, Language language,
                                        service::CaseDocumentService& documents, const Actor& actor,
                                        const std::string& complaint_id, const std::string& href_base);
/// A page's upload, read from its form: the outcome (refusals a person can
/// act on among them) and what was typed, to show the form again.
struct PageUpload {
  Result<service::UploadOutcome> outcome;
  v1::UploadDocumentRequest typed;
};
/// Reads the form a page posted (RequestContext::files) and keeps its
/// document on `complaint_id`; an error for what no form can mend (the
/// case gone, the database away, a malformed body).
[[nodiscard]] Result<PageUpload> UploadFromPage(const WebServices& services, const RequestContext& context,
                                                const std::string& complaint_id);
/// The form that adds a note to the case, with what was typed and its
/// errors (the summary also into `page`'s "errors") when it was refused.
[[nodiscard]] Data NoteForm(const Workplace& workplace, Language language, const std::string& complaint_id,
                            const v1::AddNoteRequest* typed, const Error* error, Data& page);
/// An upload form's action: `path` with the session's CSRF token (its body
/// is read only once the caller is known) and a fresh upload key.
[[nodiscard]] std::string UploadAction(const std::string& path, const RequestContext& context);
/// The upload key an upload form was shown with (empty: none).
[[nodiscard]] std::string UploadKeyOf(const RequestContext& context);
/// The file input's hint, with the largest file allowed.
[[nodiscard]] std::string FileHint(const Workplace& workplace, Language language, std::uint64_t max_file_bytes);
/// "The document is saved as document no. N." after an upload (?document=N), or "".
[[nodiscard]] std::string DocumentSaved(const Workplace& workplace, Language language, const RequestContext& context);
/// The form that adds a document to the case, filled with `values`, with
/// `error`'s problems beside their fields when there are any.
[[nodiscard]] Data DocumentUploadForm(const Workplace& workplace, Language language, const RequestContext& context,
                                      const std::string& complaint_id, const v1::UploadDocumentRequest& values,
                                      const Error* error, std::uint64_t max_file_bytes);
void AddDepartmentPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddApprovalPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddPublicationPages(HttpApi& api, const Workplace& workplace, service::PublicationService& publications);
void AddAdminPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddTokenPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddOwnTokenPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddSetPasswordPages(HttpApi& api, const Workplace& workplace, service::UserService& users);
void AddWebhookPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddOfficePages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddEnquiryPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddReportPages(HttpApi& api, const Workplace& workplace, const WebServices& services);
void AddWorkflowPages(HttpApi& api, const Workplace& workplace, const WebServices& services,
                      const WorkflowDiagrams& diagrams);

/// Whether `actor` may open the page at `pattern` (its GET row of the
/// route policy): a page links only where the link leads somewhere.
[[nodiscard]] bool MayOpen(const Actor& actor, std::string_view pattern);

/// Whether `actor` may post the form at `pattern` (its POST row): a page
/// offers only the forms that would be taken.
[[nodiscard]] bool MayPost(const Actor& actor, std::string_view pattern);

/// A page route's endpoint.
[[nodiscard]] inline Endpoint Page(std::function<HandlerResult(const RequestContext&)> handle) {
  return Endpoint{std::move(handle), /*page=*/true};
}

/// A page route's endpoint that answers from memory (Endpoint::from_memory).
[[nodiscard]] inline Endpoint MemoryPage(std::function<HandlerResult(const RequestContext&)> handle) {
  Endpoint endpoint = Page(std::move(handle));
  endpoint.from_memory = true;
  return endpoint;
}

/// The case's notices to departments (only those of `only_kind` unless it
/// is empty), each with when it was sent, delivered and acknowledged.
/// Everyone's display name by the actor id the audit records ("user:<id>"),
/// or why the users cannot be read (api/web/actor_names.cc).
[[nodiscard]] Result<std::map<std::string, std::string>> NamesByActor(service::UserService& users);
[[nodiscard]] std::map<std::string, std::string> NamesByActor(const std::vector<store::UserRecord>& users);
/// The name of `actor_id` in `names`, or the page's word for someone unknown.
[[nodiscard]] std::string NameOf(const std::map<std::string, std::string>& names, const std::string& actor_id,
                                 const Workplace& workplace, Language language);

/// One row of a token list: its name, role, department, dates, state and
/// whether it may still be revoked, at `revoke_action` (api/web/token_rows.cc).
[[nodiscard]] Data TokenRow(const Workplace& workplace, Language language, const store::TokenRecord& token,
                            Timestamp now, const std::string& revoke_action);

/// The case's journal rows for the case page (api/web/journal_rows.cc).
[[nodiscard]] Result<Data> JournalRows(const Workplace& workplace, Language language,
                                       service::DocumentService& documents, const Actor& actor,
                                       const std::string& complaint_id);

[[nodiscard]] Result<Data> NoticeReceipts(const Workplace& workplace, Language language,
                                          service::NoticeService& notices, const Actor& actor,
                                          const std::string& complaint_id, std::string_view only_kind = {});

/// A page drawn, or the error page for why it could not be.
[[nodiscard]] inline HandlerResult PageOrProblem(Result<Response> page) {
  if (!page) return std::unexpected(ToProblem(page.error()));
  return std::move(*page);
}

/// States that end a case in every workflow that has them.
[[nodiscard]] std::vector<std::string> FinishedStates(const WorkflowCatalog& workflows);

/// The municipality's departments as a select's options, `selected`
/// chosen.
[[nodiscard]] Result<Data> DepartmentOptions(service::OfficeService& office, std::string_view selected);

/// A whole number of days as a form gives it ("30"), or nullopt.
[[nodiscard]] std::optional<std::chrono::days> ParseDays(std::string_view text);

/// The roles a person or a token may have, as a select's options.
[[nodiscard]] Data RoleOptions(const Workplace& workplace, Language language, std::string_view selected);

/// The error summary's entries for `error`'s field violations: each links
/// to the form field whose id is the violation's path with '.' as '-'.
[[nodiscard]] Data ErrorSummary(const Error& error);

/// The most characters field `path` ("complainant.name") of `message` may
/// hold, as the proto declares it (max_length): what a form's "too long"
/// message says, so it never drifts from the limit the service applies.
/// "" when it declares none.
[[nodiscard]] std::string MaxLengthOf(const google::protobuf::Descriptor& message, std::string_view path);
template <class T>
[[nodiscard]] std::string MaxLength(std::string_view path) {
  return MaxLengthOf(*T::descriptor(), path);
}

/// A form's field as its errors name it: the id of the control the
/// summary's link focuses, the message key of the field's label, and its
/// most characters (for "too long").
struct FormField {
  std::string control_id;
  std::string label_key;
  std::string max = {};
  bool chosen = false;  // picked from options: "choose", never "fill in"
};

/// `error` in the person's language, for a form of fixed fields (`fields`,
/// by violation path): the summary's entries, each linking to its field's
/// control, and, in `page`, each field's message as "<path with '.' and
/// '-' as '_'>_error" for the form to show beside it. A violation of a
/// path the form does not have keeps the service's words.
[[nodiscard]] Data FieldErrors(const Workplace& workplace, Language language, const Error& error,
                               const std::map<std::string, FormField, std::less<>>& fields, Data& page);

/// `text` cut into plain and marked pieces at the personal-data findings
/// for `field` ({text, mark, blocks} each), every piece escaped by the
/// template like any other value.
[[nodiscard]] Data MarkedText(const std::string& text, const std::string& field,
                              const google::protobuf::RepeatedPtrField<v1::PersonalDataFinding>& findings);

/// A letter's own HTML as it was sent, for a workplace page's frame: its
/// values escaped by its templates, it runs no script, loads nothing, and
/// applies no style but the letter layout's; only the workplace frames it.
[[nodiscard]] Response LetterDocument(const Workplace& workplace, const Request& request, const std::string& html);

/// A letter's PDF, as archived and sent, to open in the browser's viewer;
/// `filename` needs no quoting (digits and letters only).
[[nodiscard]] Response LetterPdfResponse(const Request& request, std::string pdf, const std::string& filename);

/// The case's fact `name` as text, or "" when it is unset or not a text.
[[nodiscard]] std::string FactText(const v1::Complaint& complaint, const std::string& name);

}  // namespace ombudsflow::api::web
