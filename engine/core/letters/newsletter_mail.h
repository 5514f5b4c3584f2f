#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <vector>

#include "engine/core/base/error.h"

namespace ombudsflow {

/// A newsletter issue, or another of the office's products (a press
/// release, a KlarRet edition, the annual report), as its e-mail and its web
/// page say it.
struct NewsletterContent {
  int number = 0;
  std::string title;       // what it is, with its number: "Nyhedsbrev nr. 3", "Pressemeddelelse nr. 2"
  std::string kind_name;   // what it is, in a sentence: "nyhedsbrevet", "pressemeddelelsen"
  std::string pdf_url;     // its PDF/UA document, for the products that have one
  std::string heading;
  std::string introduction;
  struct Item {
    std::string heading;
    std::string body;
  };
  std::vector<Item> items;
  std::string date;        // as the office writes it: "7. december 2026"
  std::string office_name;
  std::string web_url;     // the issue on the public site
};

/// The e-mail of an issue to one subscriber.
struct NewsletterMail {
  std::string subject;
  std::string html;
  std::string text;
};

/// The e-mail templates (templates/newsletter/email.html.mustache
/// and email.txt.mustache), read once; rendering is pure and thread-safe.
/// Every text is escaped in the HTML; paragraphs are the text's blank-line
/// separated blocks.
class NewsletterTemplates {
 public:
  /// kInvalidArgument when a template does not parse.
  [[nodiscard]] static Result<NewsletterTemplates> Parse(std::string html, std::string text);

  /// The mail to one recipient: a subscriber, whose mail carries their
  /// `unsubscribe_url`, or a member of a distribution list (no link; the
  /// mail says which list they are on).
  [[nodiscard]] NewsletterMail Render(const NewsletterContent& content, const std::string& unsubscribe_url,
                                      const std::string& list_name = {}) const;

 private:
  std::string html_;
  std::string text_;
};

/// The content as template data, the same for the e-mail and the published
/// document: number, title, kind_name, heading, date, office_name, web_url,
/// pdf_url (when there is one), introduction [{text}], items [{heading,
/// paragraphs [{text}]}].
[[nodiscard]] kainjow::mustache::data ContentData(const NewsletterContent& content);

/// `text`'s paragraphs: blocks separated by blank lines, trimmed.
[[nodiscard]] std::vector<std::string> Paragraphs(const std::string& text);

}  // namespace ombudsflow
