// The public list of published statements, fit to embed in the office's
// website, with the discrimination filter. The service answers the public
// with its PUBLIC view (an allow-list): titles, texts, departments and
// dates; never a case's id or anything of the citizen.
#include <google/protobuf/util/time_util.h>

#include "api/web/web_routes.h"

namespace ombudsflow::api::web {

void AddPublicationPages(HttpApi& api, const Workplace& workplace, service::PublicationService& publications) {
  api.Add(http::verb::get, "/publications", Page([&workplace, &publications](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            PublicationQuery query;
            query.page_size = kMaxPageSize;
            const auto target = context.query.find("target");
            const bool discrimination = target != context.query.end() && target->second == "discrimination_page";
            if (discrimination) query.target = "discrimination_page";
            // Public: nobody's session shows here, even when one is sent.
            auto listed = publications.List(/*reader=*/nullptr, query);
            if (!listed) return std::unexpected(ToProblem(listed.error()));
            Data rows{Data::type::list};
            for (const v1::Publication& publication : listed->page.publications()) {
              Data row{Data::type::object};
              row.set("title", publication.title());
              row.set("text", publication.text());
              row.set("department", publication.department());
              row.set("case_number", publication.case_number());
              if (publication.has_publish_time()) {
                row.set("published", workplace.Date(language, FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                                                                  publication.publish_time()))));
              }
              rows.push_back(row);
            }
            Data data = workplace.PageData(context.request, nullptr, {}, "/publications");
            data.set("publications", rows);
            data.set("none", rows.is_empty_list());
            data.set("discrimination", discrimination);
            Response page = workplace.Render(context.request, http::status::ok, "publications", std::move(data),
                                             workplace.Text(language, "publications_title"));
            // Published texts are public: the office's website may frame them.
            if (!workplace.options().embed_origins.empty()) {
              std::string policy(page["Content-Security-Policy"]);
              const auto at = policy.find("frame-ancestors 'none'");
              if (at != std::string::npos) {
                policy.replace(at, std::string("frame-ancestors 'none'").size(),
                               "frame-ancestors " + workplace.options().embed_origins);
              }
              page.set("Content-Security-Policy", policy);
              page.erase("X-Frame-Options");
            }
            // Shared caches may keep it; Vary (Cookie, Accept-Language,
            // from HtmlResponse) keeps each language apart.
            page.set(http::field::cache_control, "public, max-age=300");
            return page;
          }));
}

}  // namespace ombudsflow::api::web
