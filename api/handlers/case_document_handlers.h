#pragma once

#include "api/http_api.h"
#include "engine/service/case_document_service.h"

namespace ombudsflow::api {

/// A case's documents: uploaded (multipart/form-data, or the file as the
/// body with its description in the query), listed, described and served.
void AddCaseDocumentRoutes(HttpApi& api, service::CaseDocumentService& documents);

/// Content-Disposition for a file served under `file_name` (RFC 6266): an
/// ASCII fallback and the UTF-8 name (RFC 8187).
[[nodiscard]] std::string AttachmentDisposition(std::string_view file_name);

/// The status an upload's refusal has in HTTP, by its reason: 413 for a
/// file or case over its limit, 415 for a type not kept, 422 for a virus,
/// else as ToProblem says.
[[nodiscard]] http::status UploadStatus(const Error& error);

/// A document's bytes as the API and the workplace serve them: saved as an
/// attachment under its cleaned name, never shown as a page of this site.
[[nodiscard]] HandlerResult DocumentDownloadResponse(const RequestContext& context,
                                                     service::DocumentDownload download);

}  // namespace ombudsflow::api
