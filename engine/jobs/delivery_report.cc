#include "engine/jobs/delivery_report.h"

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

#include "engine/core/base/text.h"

namespace ombudsflow::jobs {
namespace {

struct Unref {
  void operator()(void* object) const { g_object_unref(object); }
};
template <class T>
using Owned = std::unique_ptr<T, Unref>;

void InitGmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// A GMime object parsed from `text`: a whole message, or (for a field
// group, whose grammar is a header block's) a part of headers only.
Owned<GMimeMessage> ParseMessage(std::string_view text) {
  Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return Owned<GMimeMessage>(g_mime_parser_construct_message(parser.get(), nullptr));
}

Owned<GMimeObject> ParseHeaders(const std::string& block) {
  const std::string text = block + "\n\n";
  Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return Owned<GMimeObject>(g_mime_parser_construct_part(parser.get(), nullptr));
}

std::string Header(GMimeObject* object, const char* name) {
  const char* value = g_mime_object_get_header(object, name);
  return value == nullptr ? std::string() : Trimmed(value);
}

// A leaf part's content, decoded from its transfer encoding.
std::string Content(GMimePart* part) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) return {};
  Owned<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(wrapper, out.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// The field groups of a message/delivery-status body: blocks of header
// lines separated by empty lines; the first is the message's, the others
// one per recipient (RFC 3464 2.1).
std::vector<std::string> Groups(const std::string& body) {
  std::vector<std::string> groups;
  std::string current;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string line = body.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      if (!current.empty()) groups.push_back(std::move(current));
      current.clear();
    } else {
      current += line + "\n";
    }
    start = end + 1;
  }
  if (!current.empty()) groups.push_back(std::move(current));
  return groups;
}

// "rfc822; Name@Example.org" -> "name@example.org".
std::string AddressOf(const std::string& typed) {
  const std::size_t semicolon = typed.find(';');
  return AsciiLowercase(Trimmed(semicolon == std::string::npos ? typed : typed.substr(semicolon + 1)));
}

struct Walk {
  std::optional<DeliveryReport> report;
  std::string message_id;
};

void Visit(GMimeObject* /*parent*/, GMimeObject* part, gpointer data) {
  Walk& walk = *static_cast<Walk*>(data);
  GMimeContentType* type = g_mime_object_get_content_type(part);
  if (GMIME_IS_MESSAGE_PART(part) && g_mime_content_type_is_type(type, "message", "rfc822")) {
    GMimeMessage* returned = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    if (returned != nullptr && walk.message_id.empty()) {
      const char* id = g_mime_message_get_message_id(returned);
      if (id != nullptr) walk.message_id = id;
    }
    return;
  }
  if (!GMIME_IS_PART(part)) return;
  if (g_mime_content_type_is_type(type, "text", "rfc822-headers")) {
    if (walk.message_id.empty()) {
      auto headers = ParseMessage(Content(GMIME_PART(part)) + "\n");
      if (headers) {
        const char* id = g_mime_message_get_message_id(headers.get());
        if (id != nullptr) walk.message_id = id;
      }
    }
    return;
  }
  if (!g_mime_content_type_is_type(type, "message", "delivery-status") || walk.report) return;
  DeliveryReport report;
  const std::vector<std::string> groups = Groups(Content(GMIME_PART(part)));
  for (std::size_t i = 1; i < groups.size(); ++i) {
    auto fields = ParseHeaders(groups[i]);
    if (!fields) continue;
    DeliveryReport::Recipient recipient{
        .address = AddressOf(Header(fields.get(), "Final-Recipient")),
        .original = AddressOf(Header(fields.get(), "Original-Recipient")),
        .action = AsciiLowercase(Header(fields.get(), "Action")),
        .status = Header(fields.get(), "Status"),
        .diagnostic = Header(fields.get(), "Diagnostic-Code")};
    // "5.1.1 (bad destination mailbox)": the code alone.
    recipient.status = recipient.status.substr(0, recipient.status.find_first_of(" \t("));
    if (!recipient.address.empty()) report.recipients.push_back(std::move(recipient));
  }
  walk.report = std::move(report);
}

}  // namespace

std::optional<DeliveryReport> ReadDeliveryReport(std::string_view raw) {
  InitGmime();
  auto message = ParseMessage(raw);
  if (!message) return std::nullopt;
  Walk walk;
  g_mime_message_foreach(message.get(), Visit, &walk);
  if (!walk.report) return std::nullopt;
  walk.report->original_message_id = walk.message_id;
  return walk.report;
}

}  // namespace ombudsflow::jobs
