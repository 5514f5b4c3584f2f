#include "engine/core/letters/newsletter_mail.h"

#include <kainjow/mustache.hpp>

namespace ombudsflow {
namespace {

using Data = kainjow::mustache::data;
using Mustache = kainjow::mustache::mustache;

Data ParagraphList(const std::string& text) {
  Data list{Data::type::list};
  for (const std::string& paragraph : Paragraphs(text)) list.push_back(Data{"text", paragraph});
  return list;
}

}  // namespace

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> paragraphs;
  std::string current;
  std::size_t at = 0;
  const auto flush = [&] {
    const auto first = current.find_first_not_of(" \t\r\n");
    if (first != std::string::npos) {
      const auto last = current.find_last_not_of(" \t\r\n");
      paragraphs.push_back(current.substr(first, last - first + 1));
    }
    current.clear();
  };
  while (at <= text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
    } else {
      current += (current.empty() ? "" : "\n") + line;
    }
    at = end + 1;
  }
  flush();
  return paragraphs;
}

Result<NewsletterTemplates> NewsletterTemplates::Parse(std::string html, std::string text) {
  for (const std::string* source : {&html, &text}) {
    Mustache parsed(*source);
    if (!parsed.is_valid()) {
      return std::unexpected(MakeError(ErrorCode::kInvalidArgument, "newsletter template: " + parsed.error_message()));
    }
  }
  NewsletterTemplates templates;
  templates.html_ = std::move(html);
  templates.text_ = std::move(text);
  return templates;
}

kainjow::mustache::data ContentData(const NewsletterContent& content) {
  Data data{Data::type::object};
  // An empty string is a true section in this mustache: keys are set only
  // when they hold something.
  const auto set_if = [&data](const std::string& key, const std::string& value) {
    if (!value.empty()) data.set(key, value);
  };
  data.set("number", std::to_string(content.number));
  data.set("title", content.title);
  data.set("kind_name", content.kind_name);
  set_if("pdf_url", content.pdf_url);
  data.set("heading", content.heading);
  data.set("introduction", ParagraphList(content.introduction));
  data.set("date", content.date);
  data.set("office_name", content.office_name);
  set_if("web_url", content.web_url);
  Data items{Data::type::list};
  for (const auto& item : content.items) {
    Data entry{Data::type::object};
    entry.set("heading", item.heading);
    entry.set("paragraphs", ParagraphList(item.body));
    items.push_back(entry);
  }
  data.set("items", items);
  return data;
}

NewsletterMail NewsletterTemplates::Render(const NewsletterContent& content, const std::string& unsubscribe_url,
                                           const std::string& list_name) const {
  Data data = ContentData(content);
  if (!list_name.empty()) data.set("list_name", list_name);
  if (!unsubscribe_url.empty()) data.set("unsubscribe_url", unsubscribe_url);
  Mustache html(html_);
  Mustache text(text_);
  // The plain text is not HTML: nothing in it is escaped.
  text.set_custom_escape([](const std::string& value) { return value; });
  return NewsletterMail{.subject = content.office_name + ": " + content.heading,
                        .html = html.render(data),
                        .text = text.render(data)};
}

}  // namespace ombudsflow
