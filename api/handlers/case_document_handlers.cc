#include "api/handlers/case_document_handlers.h"

#include "engine/core/base/text.h"

namespace ombudsflow::api {
namespace {

Problem UploadProblem(Error error) {
  const http::status status = UploadStatus(error);
  Problem problem = ToProblem(std::move(error));
  problem.status = status;
  return problem;
}

// A raw upload's description, from its query.
Result<v1::UploadDocumentRequest> DescriptionFromQuery(const QueryParams& query) {
  v1::UploadDocumentRequest request;
  std::vector<FieldViolation> violations;
  for (const auto& [name, value] : query) {
    if (auto violation = SetUploadField(request, name, value)) violations.push_back(std::move(*violation));
  }
  if (!violations.empty()) {
    return std::unexpected(InvalidArgument("the upload's description is invalid", std::move(violations)));
  }
  return request;
}

}  // namespace

http::status UploadStatus(const Error& error) {
  for (const FieldViolation& violation : error.field_violations) {
    if (violation.reason == service::kFileTooLarge || violation.reason == service::kCaseTotal) {
      return http::status::payload_too_large;
    }
    if (violation.reason == service::kUnsupportedType) return http::status::unsupported_media_type;
    if (violation.reason == service::kInfected) return http::status::unprocessable_entity;
  }
  return ToProblem(error).status;
}

HandlerResult DocumentDownloadResponse(const RequestContext& context, service::DocumentDownload download) {
  auto response = context.ReplyFile(http::status::ok, std::move(download.file));
  if (!response) return response;
  // Saved, and if opened anyway, without scripts, forms or this origin.
  response->set(http::field::content_type, download.document.media_type());
  response->set(http::field::content_disposition, AttachmentDisposition(download.document.file_name()));
  response->set("Content-Security-Policy", "sandbox; default-src 'none'");
  response->set(http::field::cache_control, "private, no-store");
  response->set("X-Document-SHA256", download.document.sha256());
  return response;
}

std::string AttachmentDisposition(std::string_view file_name) {
  std::string fallback;
  for (char c : file_name) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xc0) == 0x80) continue;  // one '_' stands for a whole UTF-8 character
    fallback.push_back(byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\' || c == '%' ? '_' : c);
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + PercentEncoded(file_name, false);
}

void AddCaseDocumentRoutes(HttpApi& api, service::CaseDocumentService& documents) {
  Endpoint upload{[&documents](const RequestContext& context) -> HandlerResult {
    if (context.files == nullptr || context.files->upload == nullptr) {
      return std::unexpected(MakeProblem(http::status::bad_request, ErrorCode::kInvalidArgument,
                                         "an upload's body did not arrive"));
    }
    const std::string& complaint_id = context.path.at("id");
    const std::string key(context.request["Idempotency-Key"]);
    const std::string content_type(context.request[http::field::content_type]);
    Result<service::UploadOutcome> outcome;
    if (AsciiLowercase(content_type).starts_with("multipart/form-data")) {
      outcome = documents.UploadForm(*context.actor, complaint_id, *context.files->upload, content_type, key);
    } else {
      auto description = DescriptionFromQuery(context.query);
      if (!description) return std::unexpected(ToProblem(description.error()));
      outcome = documents.UploadFile(*context.actor, complaint_id, *description, *context.files->upload, key);
    }
    if (!outcome) return std::unexpected(UploadProblem(outcome.error()));
    Response response = context.Reply(outcome->created ? http::status::created : http::status::ok, outcome->document);
    response.set(http::field::location,
                 "/v1/complaints/" + complaint_id + "/documents/" + outcome->document.id());
    if (!outcome->created) response.set("Idempotent-Replayed", "true");
    return response;
  }};
  upload.spools_body = true;
  api.Add(http::verb::post, "/v1/complaints/{id}/documents", std::move(upload));

  api.Add(http::verb::post, "/v1/complaints/{id}/notes",
          {[&documents](const RequestContext& context) -> HandlerResult {
            auto request = context.Body<v1::AddNoteRequest>();
            if (!request) return std::unexpected(request.error());
            auto outcome = documents.AddNote(*context.actor, context.path.at("id"), *request,
                                             std::string(context.request["Idempotency-Key"]));
            if (!outcome) return std::unexpected(UploadProblem(outcome.error()));
            Response response =
                context.Reply(outcome->created ? http::status::created : http::status::ok, outcome->document);
            response.set(http::field::location,
                         "/v1/complaints/" + context.path.at("id") + "/documents/" + outcome->document.id());
            if (!outcome->created) response.set("Idempotent-Replayed", "true");
            return response;
          }});

  api.Add(http::verb::get, "/v1/complaints/{id}/documents",
          {[&documents](const RequestContext& context) -> HandlerResult {
            auto listed = documents.List(*context.actor, context.path.at("id"));
            if (!listed) return std::unexpected(ToProblem(listed.error()));
            return context.Reply(http::status::ok, *listed);
          }});

  api.Add(http::verb::get, "/v1/complaints/{id}/documents/{document}",
          {[&documents](const RequestContext& context) -> HandlerResult {
            auto document = documents.Get(*context.actor, context.path.at("id"), context.path.at("document"));
            if (!document) return std::unexpected(ToProblem(document.error()));
            return context.Reply(http::status::ok, *document);
          }});

  api.Add(http::verb::get, "/v1/complaints/{id}/documents/{document}/content",
          {[&documents](const RequestContext& context) -> HandlerResult {
            auto download = documents.Content(*context.actor, context.path.at("id"), context.path.at("document"));
            if (!download) return std::unexpected(ToProblem(download.error()));
            return DocumentDownloadResponse(context, std::move(*download));
          }});
}

}  // namespace ombudsflow::api
