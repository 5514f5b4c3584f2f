#include "engine/store/complaint_rows.h"

#include <google/protobuf/util/time_util.h>

#include <stdexcept>
#include <string>

#include "engine/core/codec/proto_json.h"

namespace ombudsflow::store {

using google::protobuf::util::TimeUtil;

// The columns RowToComplaint reads, with what stands for the description
// and for the recorded facts, points and consents.
#define OF_COMPLAINT_COLUMNS(DESCRIPTION, RECORDED)                                                      \
  " c.id::text, c.case_number, c.workflow, s.workflow_version, s.state, s.version, c.channel,"          \
  " coalesce(c.complainant_name, ''), coalesce(c.complainant_email, ''), coalesce(c.complainant_phone, '')," \
  " coalesce(c.complainant_address, ''), c.language, c.needs_interpreter::int,"                        \
  " c.needs_accessible_format::int, coalesce(c.department, ''), c.subject, " DESCRIPTION ","           \
  " (extract(epoch FROM c.created_at) * 1000000)::bigint,"                                              \
  " (extract(epoch FROM s.updated_at) * 1000000)::bigint, " RECORDED ","                              \
  " coalesce((extract(epoch FROM s.deadline_at) * 1000000)::bigint, -1), s.last_event_hash,"           \
  " coalesce(s.assignee::text, ''),"                                                                    \
  " coalesce((SELECT display_name FROM users WHERE id = s.assignee), ''), c.needs_assistance::int,"       \
  " c.easy_read::int, c.large_print::int, coalesce(c.interpreter_language, ''),"                         \
  " (extract(epoch FROM s.state_entered_at) * 1000000)::bigint"

const char* const kComplaintColumns = OF_COMPLAINT_COLUMNS(
    "c.description", "json_build_object('facts', s.facts, 'points', s.points, 'consents', s.consents)::text");
const char* const kComplaintSummaryColumns = OF_COMPLAINT_COLUMNS("''::text", "NULL::text");

#undef OF_COMPLAINT_COLUMNS

const char* const kComplaintTables = " complaints c JOIN case_state s ON s.id = c.id ";

v1::Complaint RowToComplaint(const soci::row& row) {
  v1::Complaint complaint;
  complaint.set_id(row.get<std::string>(0));
  complaint.set_case_number(row.get<std::string>(1));
  complaint.set_workflow(row.get<std::string>(2));
  complaint.set_workflow_version(static_cast<std::uint32_t>(row.get<int>(3)));
  complaint.set_state(row.get<std::string>(4));
  complaint.set_version(static_cast<std::uint32_t>(row.get<int>(5)));
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  v1::Channel_Parse(row.get<std::string>(6), &channel);
  complaint.set_channel(channel);
  v1::Complainant& complainant = *complaint.mutable_complainant();
  complainant.set_name(row.get<std::string>(7));
  complainant.set_email(row.get<std::string>(8));
  complainant.set_phone(row.get<std::string>(9));
  complainant.set_postal_address(row.get<std::string>(10));
  complainant.set_language(row.get<std::string>(11));
  complainant.set_needs_interpreter(row.get<int>(12) != 0);
  complainant.set_needs_accessible_format(row.get<int>(13) != 0);
  complaint.set_department(row.get<std::string>(14));
  complaint.set_subject(row.get<std::string>(15));
  complaint.set_description(row.get<std::string>(16));
  *complaint.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(17));
  *complaint.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(18));
  // What the case records, as one JSON object PostgreSQL builds; the proto
  // JSON mapping reads it back.
  // (NULL in a summary.)
  if (row.get_indicator(19) != soci::i_null) {
    v1::Complaint recorded;
    if (!FromJson(row.get<std::string>(19), recorded).ok()) {
      throw std::runtime_error("complaint " + complaint.id() + " has unreadable facts, points or consents");
    }
    *complaint.mutable_facts() = std::move(*recorded.mutable_facts());
    *complaint.mutable_points() = std::move(*recorded.mutable_points());
    *complaint.mutable_consents() = std::move(*recorded.mutable_consents());
  }
  if (const long long deadline = row.get<long long>(20); deadline >= 0) {
    *complaint.mutable_deadline_time() = TimeUtil::MicrosecondsToTimestamp(deadline);
  }
  complaint.set_assignee_id(row.get<std::string>(22));
  complaint.set_assignee_name(row.get<std::string>(23));
  complainant.set_needs_assistance(row.get<int>(24) != 0);
  complainant.set_easy_read(row.get<int>(25) != 0);
  complainant.set_large_print(row.get<int>(26) != 0);
  complainant.set_interpreter_language(row.get<std::string>(27));
  *complaint.mutable_state_enter_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(28));
  return complaint;
}

}  // namespace ombudsflow::store
