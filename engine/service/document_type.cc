#include "engine/service/document_type.h"

#include <magic.h>

#include <algorithm>
#include <memory>

namespace ombudsflow::service {
namespace {

struct MagicCloser {
  void operator()(magic_t cookie) const { magic_close(cookie); }
};
using Magic = std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser>;

// libmagic's handles are not safe to share between threads: one each,
// loaded on first use with the system's database.
Result<magic_t> ThisThreadsMagic() {
  thread_local Magic magic;
  if (magic) return magic.get();
  Magic opened(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
  if (!opened) return std::unexpected(Internal("libmagic: cannot open"));
  if (magic_load(opened.get(), nullptr) != 0) {
    return std::unexpected(Internal(std::string("libmagic: cannot load its database: ") + magic_error(opened.get())));
  }
  magic = std::move(opened);
  return magic.get();
}

}  // namespace

Result<std::string> MediaTypeOf(std::string_view head) {
  auto magic = ThisThreadsMagic();
  if (!magic) return std::unexpected(magic.error());
  const char* type = magic_buffer(*magic, head.data(), head.size());
  if (type == nullptr) return std::unexpected(Internal(std::string("libmagic: ") + magic_error(*magic)));
  return std::string(type);
}

const std::vector<std::string>& DefaultDocumentTypes() {
  static const std::vector<std::string> types = {
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.oasis.opendocument.text",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "image/jpeg",
      "image/png",
      "image/tiff",
      "text/plain",
      "message/rfc822",
  };
  return types;
}

bool IsAllowedDocumentType(std::string_view media_type, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), media_type) != allowed.end();
}

}  // namespace ombudsflow::service
