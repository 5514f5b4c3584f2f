// The Atom feed (RFC 4287) of what the office publishes: the statements on
// the website and the newsletter's issues, newest first, for the
// municipality's website to embed. Only what is already public goes in: a
// statement's title, department and text, an issue's heading and items;
// never a case's person, its id or a subscriber.
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <ctime>

#include "api/citizen/citizen_door.h"
#include "api/web/web_routes.h"
#include "engine/core/base/uuid.h"
#include "engine/service/newsletter_service.h"
#include "engine/service/publication_service.h"

namespace ombudsflow::api::citizen {
namespace {

constexpr int kMostEntries = 50;

// `text` as XML character data: markup escaped, and the characters XML 1.0
// cannot hold (controls other than tab and line breaks) left out.
std::string XmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string Rfc3339(Timestamp at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(at));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

struct Entry {
  std::string id;
  std::string title;
  std::string link;
  Timestamp updated;
  std::string category;
  std::string text;
};

std::string EntryXml(const Entry& entry) {
  return "<entry>\n<id>" + XmlText(entry.id) + "</id>\n<title type=\"text\">" + XmlText(entry.title) +
         "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"" + XmlText(entry.link) + "\"/>\n<updated>" +
         Rfc3339(entry.updated) + "</updated>\n<category term=\"" + XmlText(entry.category) +
         "\"/>\n<content type=\"text\">" + XmlText(entry.text) + "</content>\n</entry>\n";
}

}  // namespace

void AddAtomFeed(HttpApi& api, service::PublicationService& publications, service::NewsletterService& newsletter,
                 std::function<std::string()> public_url, std::string office_name) {
  api.Add(http::verb::get, "/feed.atom",
          Endpoint{[&publications, &newsletter, public_url, office_name](const RequestContext& context) -> HandlerResult {
                     const std::string base = public_url();
                     std::vector<Entry> entries;
                     PublicationQuery query;
                     query.page_size = kMostEntries;
                     auto listed = publications.List(/*reader=*/nullptr, query);
                     if (!listed) return std::unexpected(ToProblem(listed.error()));
                     for (const v1::Publication& publication : listed->page.publications()) {
                       if (!publication.has_publish_time()) continue;
                       std::string text = publication.text();
                       if (!publication.department().empty()) text = publication.department() + "\n\n" + text;
                       entries.push_back(
                           {"urn:uuid:" + NameBasedUuid("ombudsflow publication:" + publication.id()),
                            publication.title(), base + "/publications",
                            FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                                publication.publish_time())),
                            "udtalelse", std::move(text)});
                     }
                     auto issues = newsletter.ReleasedIssues(kMostEntries);
                     if (!issues) return std::unexpected(ToProblem(issues.error()));
                     for (const auto& issue : *issues) {
                       std::string text = issue.introduction;
                       for (const auto& item : issue.items) text += "\n\n" + item.heading + "\n\n" + item.body;
                       const NewsletterContent content = newsletter.ContentOf(issue);
                       entries.push_back({"urn:uuid:" + NameBasedUuid("ombudsflow newsletter issue:" + issue.id),
                                          content.title + ": " + issue.heading, content.web_url, *issue.released_at,
                                          issue.kind == "newsletter" ? "nyhedsbrev" : issue.kind, std::move(text)});
                     }
                     std::sort(entries.begin(), entries.end(),
                               [](const Entry& a, const Entry& b) { return a.updated > b.updated; });
                     if (entries.size() > kMostEntries) entries.resize(kMostEntries);
                     const Timestamp updated = entries.empty() ? Timestamp{} : entries.front().updated;
                     std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                       "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"da\">\n<id>" +
                                       XmlText(base + "/feed.atom") + "</id>\n<title type=\"text\">" +
                                       XmlText(office_name) + "</title>\n<subtitle type=\"text\">" +
                                       XmlText("Udtalelser, nyhedsbreve og publikationer fra " + office_name) +
                                       "</subtitle>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"" +
                                       XmlText(base + "/feed.atom") + "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
                                       XmlText(base + "/nyhedsbrev") + "\"/>\n<updated>" + Rfc3339(updated) +
                                       "</updated>\n<author><name>" + XmlText(office_name) + "</name></author>\n";
                     for (const Entry& entry : entries) xml += EntryXml(entry);
                     xml += "</feed>\n";
                     Response response{http::status::ok, context.request.version()};
                     response.set(http::field::content_type, "application/atom+xml; charset=utf-8");
                     response.set(http::field::cache_control, "public, max-age=300");
                     response.set("X-Content-Type-Options", "nosniff");
                     response.keep_alive(context.request.keep_alive());
                     response.body() = std::move(xml);
                     response.prepare_payload();
                     return response;
                   },
                   /*page=*/false});
}

}  // namespace ombudsflow::api::citizen
