#include "engine/jobs/letter_channels.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <ctime>
#include <fstream>
#include <memory>

#include "engine/core/base/email_address.h"
#include "engine/core/base/file_name.h"

namespace ombudsflow::jobs {
namespace {

Error Unavailable(const std::string& message) { return MakeError(ErrorCode::kUnavailable, message); }

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

}  // namespace

std::string MailDate(Timestamp now) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(now));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return text;
}

namespace {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};

}  // namespace

std::string EncodedWords(std::string_view text) {
  bool plain = true;
  for (unsigned char c : text) plain = plain && c >= 0x20 && c < 0x7f;
  if (plain && text.find("=?") == std::string_view::npos) return std::string(text);
  // 45 bytes of UTF-8 make 60 of base64: "=?UTF-8?B?" + 60 + "?=" is 72.
  std::string words;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = std::min(text.size(), at + 45);
    // Back off to the start of a character.
    while (end < text.size() && end > at && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    words += (words.empty() ? "" : " ") + std::string("=?UTF-8?B?") + Base64(text.substr(at, end - at)) + "?=";
    at = end;
  }
  return words;
}

std::string EmailBodyOf(const std::string& html, const std::string& link) {
  if (link.empty()) return html;
  // The link is ours (a base URL and hex digits): nothing to escape.
  const std::string paragraph =
      "<p style=\"margin-top:2em;border-top:1px solid #ccc;padding-top:1em\">Følg din sag på Min sag: <a href=\"" +
      link + "\">" + link + "</a><br>Follow your case: the same link.</p>";
  const auto end = html.rfind("</body>");
  if (end == std::string::npos) return html + paragraph;
  return html.substr(0, end) + paragraph + html.substr(end);
}

SmtpChannel::SmtpChannel(Options options) : options_(std::move(options)) {}

Result<void> SmtpChannel::Send(const OutgoingLetter& letter, Timestamp now) {
  if (!IsMailboxAddress(letter.email)) {
    return std::unexpected(MakeError(ErrorCode::kInvalidArgument, "not an address to send to: the case's e-mail"));
  }
  return Deliver(letter.email, letter.subject, "letter-" + letter.id + "." + letter.case_number, now,
                 [&letter, html = EmailBodyOf(letter.html, letter.min_sag_link)](void* mime) {
                   curl_mimepart* body = curl_mime_addpart(static_cast<curl_mime*>(mime));
                   curl_mime_data(body, html.data(), html.size());
                   curl_mime_type(body, "text/html; charset=utf-8");
                   curl_mime_encoder(body, "quoted-printable");
                   curl_mimepart* attachment = curl_mime_addpart(static_cast<curl_mime*>(mime));
                   curl_mime_data(attachment, letter.pdf.data(), letter.pdf.size());
                   curl_mime_type(attachment, "application/pdf");
                   curl_mime_filename(attachment, (letter.case_number + "-brev-" + letter.id + ".pdf").c_str());
                   curl_mime_encoder(attachment, "base64");
                   for (const store::LetterEnclosure& enclosure : letter.enclosures) {
                     curl_mimepart* part = curl_mime_addpart(static_cast<curl_mime*>(mime));
                     curl_mime_data(part, enclosure.bytes.data(), enclosure.bytes.size());
                     curl_mime_type(part, enclosure.media_type.c_str());
                     curl_mime_filename(part, enclosure.file_name.c_str());
                     curl_mime_encoder(part, "base64");
                   }
                 });
}

Result<void> SmtpChannel::Send(const service::MailMessage& message, Timestamp now) {
  if (!IsMailboxAddress(message.to)) {
    return std::unexpected(MakeError(ErrorCode::kInvalidArgument, "not an address to send to: the person's e-mail"));
  }
  return Deliver(message.to, message.subject, message.id, now, [&message](void* mime) {
    curl_mimepart* body = curl_mime_addpart(static_cast<curl_mime*>(mime));
    curl_mime_data(body, message.text.data(), message.text.size());
    curl_mime_type(body, "text/plain; charset=utf-8");
    curl_mime_encoder(body, "quoted-printable");
  });
}

void SetUpSmtpTransfer(void* curl, const SmtpChannel::Options& options, void* recipients) {
  CURL* handle = static_cast<CURL*>(curl);
  curl_easy_setopt(handle, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_USE_SSL, options.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!options.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, options.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, options.password.c_str());
  }
  // libcurl copies string options: the temporary may go.
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, ("<" + options.from + ">").c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, static_cast<curl_slist*>(recipients));
}

std::vector<std::string> MailHeaderLines(const SmtpChannel::Options& options, const std::string& to,
                                         const std::string& subject, const std::string& message_id, Timestamp now) {
  const std::string domain = options.from.substr(options.from.find('@') + 1);
  return {"Date: " + MailDate(now), "From: " + EncodedWords(options.from_name) + " <" + options.from + ">",
          "To: <" + to + ">", "Subject: " + EncodedWords(subject),
          "Message-ID: <" + message_id + "@" + domain + ">"};
}

Result<void> SmtpChannel::Deliver(const std::string& to, const std::string& subject, const std::string& message_id,
                                  Timestamp now, const std::function<void(void* mime)>& fill) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return std::unexpected(Unavailable("cannot start libcurl"));
  CURL* handle = curl.get();
  std::unique_ptr<curl_slist, CurlDeleter> recipients(curl_slist_append(nullptr, ("<" + to + ">").c_str()));
  SetUpSmtpTransfer(handle, options_, recipients.get());
  std::unique_ptr<curl_slist, CurlDeleter> headers;
  for (const std::string& header : MailHeaderLines(options_, to, subject, message_id, now)) {
    headers.reset(curl_slist_append(headers.release(), header.c_str()));
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());

  std::unique_ptr<curl_mime, CurlDeleter> mime(curl_mime_init(handle));
  fill(mime.get());
  curl_easy_setopt(handle, CURLOPT_MIMEPOST, mime.get());

  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  const CURLcode sent = curl_easy_perform(handle);
  if (sent != CURLE_OK) {
    return std::unexpected(Unavailable(std::string("SMTP: ") + (error[0] != '\0' ? error : curl_easy_strerror(sent))));
  }
  return {};
}

namespace {

Result<void> WriteWhole(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return std::unexpected(Unavailable("cannot write to the print folder: " + path.string()));
  return {};
}

}  // namespace

Result<void> PrintFolderChannel::Send(const OutgoingLetter& letter, Timestamp /*now*/) {
  namespace fs = std::filesystem;
  const std::string name = letter.case_number + "-brev-" + letter.id;
  std::error_code error;
  if (letter.enclosures.empty()) {
    // One file, under a temporary name until it is whole.
    const fs::path partial = folder_ / ("." + name + ".pdf.partial");
    if (auto written = WriteWhole(partial, letter.pdf); !written) return written;
    fs::rename(partial, folder_ / (name + ".pdf"), error);
    if (error) return std::unexpected(Unavailable("cannot place the letter in the print folder: " + error.message()));
    return {};
  }
  // A letter with enclosures is a folder of its own (brev.pdf, then
  // bilag-<number>-<name>), renamed into place whole, so the print service
  // never takes an enclosure for a letter or sees half of one.
  const fs::path placed = folder_ / name;
  if (fs::exists(placed, error)) return {};  // an earlier attempt placed it; its outcome was lost
  const fs::path partial = folder_ / ("." + name + ".partial");
  fs::remove_all(partial, error);
  if (!fs::create_directory(partial, error) || error) {
    return std::unexpected(Unavailable("cannot write to the print folder " + folder_.string()));
  }
  if (auto written = WriteWhole(partial / "brev.pdf", letter.pdf); !written) return written;
  for (const store::LetterEnclosure& enclosure : letter.enclosures) {
    const std::string file =
        ShortenFileName("bilag-" + std::to_string(enclosure.number) + "-" + enclosure.file_name, kMaxFileNameBytes);
    if (auto written = WriteWhole(partial / file, enclosure.bytes); !written) return written;
  }
  fs::rename(partial, placed, error);
  if (error) return std::unexpected(Unavailable("cannot place the letter in the print folder: " + error.message()));
  return {};
}

}  // namespace ombudsflow::jobs
