#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/service/mailer.h"
#include "engine/store/letter_store.h"

namespace ombudsflow::jobs {

/// A letter ready to go: its text, its PDF, and where to.
struct OutgoingLetter {
  std::string id;
  std::string case_number;
  std::string subject;  // one line
  std::string html;
  std::string pdf;
  std::string email;    // for e-mail
  // Documents of the case's file sent with it: attachments to its e-mail,
  // files beside its PDF in a print folder of its own.
  std::vector<store::LetterEnclosure> enclosures = {};
  // A link to Min sag for the e-mail (never the letter, which the journal
  // keeps): made as it leaves; empty for none.
  std::string min_sag_link = {};
};

/// The letter's HTML as its e-mail's body: with a paragraph pointing to
/// Min sag before its end when `link` is given.
[[nodiscard]] std::string EmailBodyOf(const std::string& html, const std::string& link);

/// One way letters leave the office. The letter job calls Send for each
/// due letter of the channel it serves; an error is retried with backoff,
/// then becomes a dead letter the office is alerted to.
///
/// Denmark's Digital Post (the MeMo message format, sent through the
/// municipality's integration) is the channel this interface leaves room
/// for: a DigitalPostChannel would build a MeMo message from the letter
/// (its PDF as the main document, the subject as the title, the citizen's
/// CPR number as the recipient) and hand it to the integration. It is not
/// built yet; see docs/letters.md.
class LetterChannel {
 public:
  virtual ~LetterChannel() = default;
  [[nodiscard]] virtual Result<void> Send(const OutgoingLetter& letter, Timestamp now) = 0;
};

/// E-mail by SMTP (libcurl): the letter as HTML with its PDF attached,
/// upgraded to TLS by STARTTLS whenever the server offers it. Also the
/// server's Mailer, for plain-text messages to a person.
class SmtpChannel : public LetterChannel, public service::Mailer {
 public:
  struct Options {
    std::string url;   // smtp://host:port, or smtps://
    std::string from;  // the office's address
    std::string from_name;
    std::string username = {};
    std::string password = {};
    std::chrono::seconds timeout{30};
    // Refuse to send without TLS (production); off for a loopback test server.
    bool require_tls = false;
  };
  explicit SmtpChannel(Options options);
  [[nodiscard]] const Options& options() const { return options_; }
  [[nodiscard]] Result<void> Send(const OutgoingLetter& letter, Timestamp now) override;
  [[nodiscard]] Result<void> Send(const service::MailMessage& message, Timestamp now) override;

 private:
  // Sends to `to` with the common headers; `fill` adds the body's parts.
  Result<void> Deliver(const std::string& to, const std::string& subject, const std::string& message_id,
                       Timestamp now, const std::function<void(void* mime)>& fill);

  Options options_;
};

/// Print: the PDF goes into a folder the office prints from, or a print
/// service's drop folder, named after the case and the letter
/// (<case>-brev-<id>.pdf); a letter with enclosures as a folder of that
/// name (brev.pdf, bilag-<number>-<name>). Written under a temporary name
/// and renamed, so a reader never sees half a letter.
class PrintFolderChannel : public LetterChannel {
 public:
  explicit PrintFolderChannel(std::filesystem::path folder) : folder_(std::move(folder)) {}
  [[nodiscard]] Result<void> Send(const OutgoingLetter& letter, Timestamp now) override;

 private:
  std::filesystem::path folder_;
};

/// Sets `curl` (a CURL*) to send one message through `options`'s server:
/// its address, timeout, TLS, credentials and envelope sender, to
/// `recipients` (a curl_slist*, which must outlive the transfer).
void SetUpSmtpTransfer(void* curl, const SmtpChannel::Options& options, void* recipients);

/// A message's header lines: Date, From (the office), To, Subject (RFC 2047
/// when it needs it) and Message-ID (`message_id` at the sender's domain).
[[nodiscard]] std::vector<std::string> MailHeaderLines(const SmtpChannel::Options& options, const std::string& to,
                                                       const std::string& subject, const std::string& message_id,
                                                       Timestamp now);

/// RFC 5322's date of `now`, in UTC.
[[nodiscard]] std::string MailDate(Timestamp now);

/// A header value as RFC 2047 encoded words (UTF-8, base64), each at most
/// 75 characters, never splitting a character.
[[nodiscard]] std::string EncodedWords(std::string_view text);

}  // namespace ombudsflow::jobs
