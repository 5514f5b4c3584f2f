#include "engine/jobs/smtp_session.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace ombudsflow::jobs {
namespace {

struct CurlDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};

// `bytes` in base64, in lines of 76 characters (RFC 2045).
std::string Base64Lines(std::string_view bytes) {
  std::string out;
  for (std::size_t at = 0; at < bytes.size(); at += 57) {
    const std::size_t take = std::min<std::size_t>(57, bytes.size() - at);
    char line[80];
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(line),
                                        reinterpret_cast<const unsigned char*>(bytes.data() + at),
                                        static_cast<int>(take));
    out.append(line, static_cast<std::size_t>(written));
    out += "\r\n";
  }
  return out;
}

// The last part's bytes, read by libcurl as it sends them: at their end,
// `before_end` decides whether the message's end follows.
struct LastPart {
  std::string bytes;
  std::size_t at = 0;
  const std::function<bool()>* before_end = nullptr;
  bool ran = false;
  bool allowed = false;

  static std::size_t Read(char* buffer, std::size_t size, std::size_t count, void* self) {
    auto* part = static_cast<LastPart*>(self);
    const std::size_t room = size * count;
    if (part->at < part->bytes.size()) {
      const std::size_t n = std::min(room, part->bytes.size() - part->at);
      std::memcpy(buffer, part->bytes.data() + part->at, n);
      part->at += n;
      return n;
    }
    if (!part->ran) {
      part->ran = true;
      part->allowed = (*part->before_end)();
    }
    return part->allowed ? 0 : CURL_READFUNC_ABORT;
  }

  static int Seek(void* self, curl_off_t offset, int origin) {
    auto* part = static_cast<LastPart*>(self);
    // Once the end was decided the message is not sent again.
    if (part->ran || origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > part->bytes.size()) {
      return CURL_SEEKFUNC_CANTSEEK;
    }
    part->at = static_cast<std::size_t>(offset);
    return CURL_SEEKFUNC_OK;
  }
};

// The dialogue as it goes: the command last sent, so a refusal can be
// told apart (a recipient refused, or the server refusing us), and each
// line for a trace, when one is set.
struct Dialogue {
  std::string last_command;
  const std::function<void(std::string_view)>* trace = nullptr;
};

int OnDebug(CURL*, curl_infotype type, char* data, std::size_t size, void* self) {
  if (type != CURLINFO_HEADER_OUT && type != CURLINFO_HEADER_IN) return 0;
  auto* dialogue = static_cast<Dialogue*>(self);
  const std::string_view line(data, size);
  if (type == CURLINFO_HEADER_OUT) {
    // libcurl says QUIT (or RSET) after a refusal: the refusal was to the one before.
    const std::string_view command = line.substr(0, line.find_first_of(" \r\n"));
    if (command != "QUIT" && command != "RSET") dialogue->last_command = command;
  }
  if (*dialogue->trace) (*dialogue->trace)(line);
  return 0;
}

}  // namespace

SmtpSession::SmtpSession(SmtpChannel::Options options) : options_(std::move(options)), curl_(curl_easy_init()) {}

SmtpSession::~SmtpSession() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

BulkOutcome SmtpSession::Send(const BulkMessage& message, Timestamp now, const std::function<bool()>& before_end) {
  BulkOutcome outcome;
  CURL* handle = static_cast<CURL*>(curl_);
  if (handle == nullptr) {
    outcome.error = "cannot start libcurl";
    return outcome;
  }
  // Options are set afresh for each message; the connection stays.
  curl_easy_reset(handle);
  std::unique_ptr<curl_slist, CurlDeleter> recipients(curl_slist_append(nullptr, ("<" + message.to + ">").c_str()));
  SetUpSmtpTransfer(handle, options_, recipients.get());
  std::unique_ptr<curl_slist, CurlDeleter> headers;
  std::vector<std::string> lines = MailHeaderLines(options_, message.to, message.subject, message.message_id, now);
  lines.insert(lines.end(), message.headers.begin(), message.headers.end());
  for (const std::string& line : lines) headers.reset(curl_slist_append(headers.release(), line.c_str()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());

  // multipart/mixed around multipart/alternative (text, then HTML), as
  // libcurl builds it; the HTML part is read through LastPart.
  std::unique_ptr<curl_mime, CurlDeleter> mime(curl_mime_init(handle));
  curl_mime* alternative = curl_mime_init(handle);
  curl_mimepart* text = curl_mime_addpart(alternative);
  curl_mime_data(text, message.text.data(), message.text.size());
  curl_mime_type(text, "text/plain; charset=utf-8");
  curl_mime_encoder(text, "quoted-printable");
  // Encoded here, and of unknown size to libcurl, so it reads the part only
  // as it sends it and asks once more at its end, which is when before_end runs.
  LastPart last{.bytes = Base64Lines(message.html), .at = 0, .before_end = &before_end};
  curl_mimepart* html = curl_mime_addpart(alternative);
  curl_mime_data_cb(html, -1, &LastPart::Read, &LastPart::Seek, nullptr, &last);
  curl_mime_type(html, "text/html; charset=utf-8");
  std::unique_ptr<curl_slist, CurlDeleter> html_headers(
      curl_slist_append(nullptr, "Content-Transfer-Encoding: base64"));
  curl_mime_headers(html, html_headers.release(), 1);
  curl_mimepart* body = curl_mime_addpart(mime.get());
  curl_mime_subparts(body, alternative);
  curl_mime_type(body, "multipart/alternative");
  curl_easy_setopt(handle, CURLOPT_MIMEPOST, mime.get());

  Dialogue dialogue{.last_command = {}, .trace = &trace_};
  curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, &OnDebug);
  curl_easy_setopt(handle, CURLOPT_DEBUGDATA, &dialogue);
  curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  const CURLcode sent = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &outcome.smtp_code);
  outcome.reached_end = last.ran && last.allowed;
  outcome.recipient_refused = !outcome.reached_end && dialogue.last_command == "RCPT" && outcome.smtp_code >= 500 &&
                              outcome.smtp_code < 600;
  outcome.accepted = sent == CURLE_OK && outcome.reached_end;
  if (!outcome.accepted) {
    outcome.error = std::string("SMTP: ") + (error[0] != '\0' ? error : curl_easy_strerror(sent));
  }
  return outcome;
}

}  // namespace ombudsflow::jobs
