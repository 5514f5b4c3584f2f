// The start page: the office's queues as case lists (after the Ministry of
// Justice's case-list pattern: the case number as a link first, few
// columns, a status tag last, dates in full).
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>

#include "api/list_params.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

using google::protobuf::util::TimeUtil;

// Microseconds since 1970, zero-padded: compared as text, as a time.
std::string SortableTime(const google::protobuf::Timestamp& time) {
  std::string digits = std::to_string(TimeUtil::TimestampToMicroseconds(time));
  return std::string(digits.size() < 20 ? 20 - digits.size() : 0, '0') + digits;
}

struct Queue {
  std::string_view key;        // ?queue=
  std::string_view label_key;  // its name in the catalogue
  std::string_view states_of;  // the labels' queue whose states it lists ("" for none)
  bool overdue = false;
  bool mine = false;        // the signed-in person's cases
  bool unassigned = false;  // cases nobody has
  bool open_only = false;   // finished cases left out
};

// In the order the start page shows them; the first is the default.
constexpr Queue kQueues[] = {
    {"mine", "queue_mine", "", false, true, false, true},
    {"unassigned", "queue_unassigned", "", false, false, true, true},
    {"department", "queue_department", "department"},
    {"overdue", "queue_overdue", "", true},
    {"decision", "queue_decision", "decision"},
    {"approval", "queue_approval", "approval"},
    {"all", "queue_all", ""},
};

// Where a person lands without choosing: the ombudsman (or a deputy) on
// what waits for their approval, else for their decision; everyone else
// (and they, when neither waits) on their own cases.
const Queue* DefaultQueue(Role role, const std::vector<long long>& counts);

const Queue* FindQueue(std::string_view key) {
  for (const Queue& queue : kQueues) {
    if (queue.key == key) return &queue;
  }
  return nullptr;
}

const Queue* DefaultQueue(Role role, const std::vector<long long>& counts) {
  if (IsOmbudsmanOrDeputy(role)) {
    for (std::string_view key : {"approval", "decision"}) {
      for (std::size_t i = 0; i < std::size(kQueues); ++i) {
        if (kQueues[i].key == key && counts[i] > 0) return &kQueues[i];
      }
    }
  }
  return &kQueues[0];
}

// The query a queue asks, narrowed by the page's filters; nullopt when the
// filters rule out every case (a state outside the queue).
std::optional<ComplaintQuery> QueueQuery(const Queue& queue, const service::WorkflowLabels& labels,
                                         const std::vector<std::string>& finished, const Actor& actor,
                                         ComplaintQuery filters) {
  ComplaintQuery query = std::move(filters);
  query.overdue = queue.overdue;
  if (queue.mine) query.assignee_id = actor.user_id.empty() ? "00000000-0000-0000-0000-000000000000" : actor.user_id;
  query.unassigned = queue.unassigned;
  if (queue.open_only) query.excluded_states = finished;
  if (!queue.states_of.empty()) {
    std::vector<std::string> states = labels.StatesInQueue(queue.states_of);
    if (!query.state.empty()) {
      if (std::find(states.begin(), states.end(), query.state) == states.end()) return std::nullopt;
    } else {
      query.states = std::move(states);
    }
  }
  return query;
}

}  // namespace

void AddQueuePages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            if (const std::string home = HomeFor(context.actor->role); home != "/") {
              return SeeOther(context.request, home);
            }
            const Language language = workplace.LanguageOf(context.request);
            // The filter form sends empty fields for "any".
            QueryParams filters;
            std::optional<std::string> queue_key;
            for (const auto& [name, value] : context.query) {
              if (name == "queue") {
                queue_key = value;
              } else if (!value.empty()) {
                filters.emplace(name, value);
              }
            }
            // A case number typed into any search opens that case.
            if (auto typed = filters.find("q"); typed != filters.end()) {
              auto found = services.complaints.IdOfCaseNumber(*context.actor, typed->second);
              if (!found) return std::unexpected(ToProblem(found.error()));
              if (*found) return SeeOther(context.request, "/cases/" + UrlEscaped(**found));
            }
            if (queue_key && FindQueue(*queue_key) == nullptr) {
              return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound,
                                                 "no such queue: " + *queue_key));
            }
            auto parsed = ParseComplaintQuery(filters);
            if (!parsed) return std::unexpected(ToProblem(parsed.error()));
            parsed->page_size = std::min(parsed->page_size == kDefaultPageSize ? 50 : parsed->page_size, kMaxPageSize);

            const std::vector<std::string> finished = FinishedStates(services.workflows);
            Data data = workplace.PageData(context.request, context.actor, context.session_id, "/");
            // Every queue's count in one round trip.
            std::vector<ComplaintQuery> count_queries;
            for (const Queue& each : kQueues) {
              count_queries.push_back(QueueQuery(each, workplace.labels(), finished, *context.actor, {}).value());
            }
            auto counts = services.complaints.Counts(*context.actor, count_queries);
            if (!counts) return std::unexpected(ToProblem(counts.error()));
            const Queue* queue = queue_key ? FindQueue(*queue_key) : DefaultQueue(context.actor->role, *counts);
            // The tabs keep the search and the filters: switching tab searches
            // the same words there.
            std::string kept;
            for (const auto& [name, value] : filters) {
              if (name == "q" || name == "department" || name == "state") kept += "&" + name + "=" + UrlEscaped(value);
            }
            Data queues{Data::type::list};
            for (std::size_t i = 0; i < std::size(kQueues); ++i) {
              Data entry{Data::type::object};
              entry.set("key", std::string(kQueues[i].key));
              entry.set("href", "/?queue=" + std::string(kQueues[i].key) + kept);
              entry.set("label", workplace.Text(language, kQueues[i].label_key));
              entry.set("current", &kQueues[i] == queue);
              entry.set("count", std::to_string((*counts)[i]));
              queues.push_back(entry);
            }
            data.set("queues", queues);
            data.set("queue_key", std::string(queue->key));
            data.set("queue_label", workplace.Text(language, queue->label_key));
            SetText(data, "search", parsed->text);
            if (queue->key == "all") SetText(data, "header_search", parsed->text);

            Data rows{Data::type::list};
            std::optional<PageCursor> next;
            if (auto query = QueueQuery(*queue, workplace.labels(), finished, *context.actor, *parsed)) {
              query->summaries_only = true;  // a row shows no description, facts or points
              auto listed = services.complaints.List(*context.actor, *query);
              if (!listed) return std::unexpected(ToProblem(listed.error()));
              next = listed->next;
              for (const v1::Complaint& complaint : listed->page.complaints()) {
                Data row{Data::type::object};
                // The approval queue's cases open where they are approved.
                row.set("href", "/cases/" + UrlEscaped(complaint.id()) +
                                    (queue->key == "approval" ? "/approval" : ""));
                row.set("case_number", complaint.case_number());
                row.set("subject", complaint.subject());
                row.set("department", complaint.department());
                row.set("state", workplace.StateLabel(language, complaint.workflow(), complaint.state()));
                row.set("received", workplace.Date(language, FromProto(complaint.create_time())));
                // Sortable on the page (static/app.js): times as text that sorts.
                row.set("received_sort", SortableTime(complaint.create_time()));
                row.set("deadline_sort", complaint.has_deadline_time() ? SortableTime(complaint.deadline_time())
                                                                       : std::string("~"));  // none: last
                SetText(row, "assignee", complaint.assignee_name());
                if (complaint.has_deadline_time()) {
                  const Timestamp deadline = FromProto(complaint.deadline_time());
                  row.set("deadline", workplace.DeadlineDate(language, deadline));
                  row.set("overdue", deadline < services.clock.Now());
                }
                rows.push_back(row);
              }
            }
            data.set("no_cases", rows.is_empty_list());
            data.set("searched_no_hits", rows.is_empty_list() && !parsed->text.empty());
            data.set("search_ranked", !rows.is_empty_list() && !parsed->text.empty());
            if (queue->key != "all" && !parsed->text.empty()) data.set("search_all_href", "/?queue=all&q=" + UrlEscaped(parsed->text));
            data.set("cases", rows);
            if (next) {
              std::string href = "/?queue=" + std::string(queue->key) + "&page_token=" + EncodePageToken(*next);
              if (!parsed->department.empty()) href += "&department=" + UrlEscaped(parsed->department);
              if (!parsed->state.empty()) href += "&state=" + UrlEscaped(parsed->state);
              if (!parsed->text.empty()) href += "&q=" + UrlEscaped(parsed->text);
              data.set("next_href", href);
            }

            // The filters: departments and the states of every workflow.
            auto departments = DepartmentOptions(services.office, parsed->department);
            if (!departments) return std::unexpected(ToProblem(departments.error()));
            data.set("departments", *departments);
            Data state_options{Data::type::list};
            std::vector<std::string> seen;
            for (const v1::WorkflowDefinition* definition : services.workflows.All()) {
              if (definition->subject() != v1::SUBJECT_CASE) continue;  // no queue shows a newsletter issue
              for (const auto& state : definition->state()) {
                if (std::find(seen.begin(), seen.end(), state.name()) != seen.end()) continue;
                seen.push_back(state.name());
                Data option{Data::type::object};
                option.set("value", state.name());
                option.set("label", workplace.StateLabel(language, definition->name(), state.name()));
                option.set("selected", state.name() == parsed->state);
                state_options.push_back(option);
              }
            }
            data.set("states", state_options);
            return workplace.Render(context, http::status::ok, "queues", std::move(data),
                                    workplace.Text(language, "queues_title"));
          }));
}

}  // namespace ombudsflow::api::web
