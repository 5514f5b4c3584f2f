#include "engine/store/transition_store.h"

#include <charconv>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "engine/core/base/iso_date.h"
#include "engine/core/base/uuid.h"
#include "engine/core/codec/proto_json.h"
#include "engine/core/policy/access_policy.h"
#include "engine/store/complaint_rows.h"
#include "engine/store/effects/writer_binds.h"
#include "engine/store/tally_sql.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

// What a case change records besides its state: facts, complaint points,
// consents and the assignee, as one JSON object the statement takes apart.
std::string RecordedJson(const v1::Complaint& after) {
  v1::Complaint recorded;
  *recorded.mutable_facts() = after.facts();
  *recorded.mutable_points() = after.points();
  *recorded.mutable_consents() = after.consents();
  recorded.set_assignee_id(after.assignee_id());
  return ToJson(recorded, false);
}

// What a transition's statement writes besides the case and its event: the
// effect writers with rows (effects/), the event's free texts kept aside,
// and the themes it tags. Each shape gets its own statement: every table a
// statement names is opened and locked on each run, rows or not, and most
// transitions write only the case and its event.
struct WriteShape {
  std::vector<const EffectWriter*> writers;
  bool details = false;  // the event's free texts, kept aside
  bool themes = false;   // KlarRet themes tagged

  static WriteShape Of(const EffectRows& rows, const AuditEvent& event, const std::vector<Tally>& tallies) {
    return WriteShape{.writers = WritersWithRows(rows),
                      .details = event.details_json.has_value(),
                      .themes = std::any_of(tallies.begin(), tallies.end(),
                                            [](const Tally& tally) { return tally.measure == "themes"; })};
  }
  [[nodiscard]] std::string Key() const {
    return "write_outcome" + WritersKey(writers) + (details ? "_d" : "") + (themes ? "_t" : "");
  }
};

std::string WriteSql(const WriteShape& shape) {
  std::string sql =
      "WITH u AS ("
      "  UPDATE case_state SET state = :state, version = version + 1,"
      "    workflow_version = :workflow_version::integer,"
      "    facts = coalesce(r.recorded->'facts', '{}'), points = coalesce(r.recorded->'points', '[]'),"
      "    consents = coalesce(r.recorded->'consents', '[]'),"
      "    assignee = nullif(r.recorded->>'assigneeId', '')::uuid,"
      "    deadline_at = CASE WHEN :keep_deadline::integer = 1 THEN deadline_at"
      "      WHEN :has_due::integer = 1"
      "      THEN ((:due_date::date + 1)::timestamp AT TIME ZONE :tz) END,"
      "    timeout_transition = CASE WHEN :keep_timeout::integer = 1 THEN timeout_transition"
      "      ELSE nullif(:timeout, '') END,"
      "    updated_at = " OF_MICROS_TO_TIMESTAMPTZ(":updated_at") ","
      "    state_entered_at = " OF_MICROS_TO_TIMESTAMPTZ(":state_entered_at") ","
      "    last_event_hash = :chain_head"
      "  FROM (SELECT :recorded::jsonb AS recorded) r"
      "  WHERE id = :id::uuid AND version = :expected::integer"
      "  RETURNING id, deadline_at),"
      " e AS ("
      "  INSERT INTO complaint_events (complaint_id, seq, occurred_at, actor_role, actor,"
      "    kind, payload, hash, hash_scheme)"
      "  SELECT u.id, :seq::integer, " OF_MICROS_TO_TIMESTAMPTZ(":event_at") ","
      "    :actor_role, :actor, :kind, :payload::json, :hash, :hash_scheme::smallint FROM u"
      "  RETURNING complaint_id, seq),"
      // The event's tallies, on its office day, read from its own payload.
      " t AS (" +
      TallyDeltasInsert("e JOIN complaints c ON c.id = e.complaint_id",
                        "(" OF_MICROS_TO_TIMESTAMPTZ(":tally_at") " AT TIME ZONE :tally_tz)::date", "c.workflow",
                        "c.department", "tally_payload") +
      ")";
  if (shape.themes) {
    // The themes report links each theme to its cases.
    sql +=
        ", th AS ("
        "  INSERT INTO report_case_themes (complaint_id, theme, day, department)"
        "  SELECT DISTINCT e.complaint_id, x.t->>1,"
        "    (" OF_MICROS_TO_TIMESTAMPTZ(":theme_at") " AT TIME ZONE :theme_tz)::date, coalesce(c.department, '')"
        "  FROM e JOIN complaints c ON c.id = e.complaint_id,"
        "    json_array_elements(:theme_payload::json->'tallies') AS x(t)"
        "  WHERE x.t->>0 = 'themes'"
        "  ON CONFLICT (complaint_id, theme) DO NOTHING)";
  }
  if (shape.details) {
    sql +=
        ", ed AS ("
        "  INSERT INTO complaint_event_details (complaint_id, seq, details)"
        "  SELECT e.complaint_id, e.seq, :details::json FROM e)";
  }
  return sql + WritersSql(shape.writers) +
         " SELECT (SELECT count(*) FROM e)::integer,"
         "   coalesce((SELECT (extract(epoch FROM deadline_at) * 1000000)::bigint FROM u), -1), " +
         WritersCounted(shape.writers);
}

// What a write did: the deadline it set (or -1) and the webhook deliveries
// it queued.
struct Written {
  long long deadline = -1;
  int deliveries_queued = 0;
};

// The transition write of one shape, prepared once per connection: planning
// it cost as much as running it. Execute() binds by reference.
class WriteOutcomeStatement {
 public:
  WriteOutcomeStatement(soci::session& session, const WriteShape& shape) : statement_(session) {
    statement_.exchange(soci::use(state_, "state"));
    statement_.exchange(soci::use(workflow_version_, "workflow_version"));
    statement_.exchange(soci::use(keep_deadline_, "keep_deadline"));
    statement_.exchange(soci::use(has_due_, "has_due"));
    statement_.exchange(soci::use(due_date_, "due_date"));
    statement_.exchange(soci::use(time_zone_, "tz"));
    statement_.exchange(soci::use(keep_deadline_, "keep_timeout"));
    statement_.exchange(soci::use(timeout_, "timeout"));
    statement_.exchange(soci::use(at_, "updated_at"));
    statement_.exchange(soci::use(hash_, "chain_head"));
    statement_.exchange(soci::use(recorded_, "recorded"));
    statement_.exchange(soci::use(id_, "id"));
    statement_.exchange(soci::use(expected_version_, "expected"));
    statement_.exchange(soci::use(seq_, "seq"));
    statement_.exchange(soci::use(at_, "event_at"));
    statement_.exchange(soci::use(actor_role_, "actor_role"));
    statement_.exchange(soci::use(actor_, "actor"));
    statement_.exchange(soci::use(kind_, "kind"));
    statement_.exchange(soci::use(payload_, "payload"));
    statement_.exchange(soci::use(hash_, "hash"));
    statement_.exchange(soci::use(hash_scheme_, "hash_scheme"));
    statement_.exchange(soci::use(state_entered_at_, "state_entered_at"));
    statement_.exchange(soci::use(at_, "tally_at"));
    statement_.exchange(soci::use(time_zone_, "tally_tz"));
    statement_.exchange(soci::use(payload_, "tally_payload"));
    if (shape.themes) {
      statement_.exchange(soci::use(at_, "theme_at"));
      statement_.exchange(soci::use(time_zone_, "theme_tz"));
      statement_.exchange(soci::use(payload_, "theme_payload"));
    }
    if (shape.details) statement_.exchange(soci::use(details_, "details"));
    writers_.Exchange(statement_, shape.writers);
    statement_.exchange(soci::into(written_));
    statement_.exchange(soci::into(deadline_));
    statement_.exchange(soci::into(deliveries_));
    statement_.alloc();
    statement_.prepare(WriteSql(shape));
    statement_.define_and_bind();
  }

  // Nullopt when the case was no longer at the expected version.
  std::optional<Written> Execute(const TransitionOutcome& outcome, const EffectRows& rows,
                                 const std::string& time_zone) {
    const v1::Complaint& after = outcome.after;
    const AuditEvent& event = outcome.event;
    state_ = after.state();
    workflow_version_ = static_cast<int>(after.workflow_version());
    recorded_ = RecordedJson(after);
    has_due_ = outcome.due_date ? 1 : 0;
    keep_deadline_ = outcome.keep_deadline ? 1 : 0;
    // A real date either way: PostgreSQL folds the cast even where unused.
    due_date_ = FormatIsoDate(outcome.due_date.value_or(Date{}));
    time_zone_ = time_zone;
    timeout_ = outcome.timeout_transition;
    at_ = ToUnixMicros(event.occurred_at);
    state_entered_at_ = after.has_state_enter_time() ? TimeUtil::TimestampToMicroseconds(after.state_enter_time())
                                                     : at_;
    hash_ = event.hash;
    hash_scheme_ = event.hash_scheme;
    id_ = after.id();
    expected_version_ = static_cast<int>(after.version()) - 1;
    seq_ = static_cast<int>(event.seq);
    actor_role_ = event.actor_role;
    actor_ = event.actor;
    kind_ = event.kind;
    payload_ = event.payload_json;
    details_ = event.details_json.value_or("");
    writers_.Set(rows, at_, actor_);
    written_ = 0;
    deadline_ = -1;
    deliveries_ = 0;
    statement_.execute(true);
    if (written_ == 0) return std::nullopt;
    return Written{deadline_, deliveries_};
  }

 private:
  std::string state_, recorded_, due_date_, time_zone_, timeout_, hash_, id_, actor_role_, actor_, kind_,
      payload_, details_;
  int workflow_version_ = 0, has_due_ = 0, keep_deadline_ = 0, expected_version_ = 0, seq_ = 0, written_ = 0,
      deliveries_ = 0, hash_scheme_ = kAuditHashScheme;
  long long at_ = 0, state_entered_at_ = 0, deadline_ = -1;
  WriterBinds writers_;
  soci::statement statement_;
};

std::string CaseSelect(bool with_office);
StoredCase ToStoredCase(const soci::row& row, bool with_office);

// Reading a case, prepared once per connection (a one-off query is planned
// and its row described on every call).
class LoadCaseStatement {
 public:
  explicit LoadCaseStatement(soci::session& session)
      : statement_((session.prepare << CaseSelect(false) + "WHERE c.id = :id::uuid",
                    soci::use(id_, "id"), soci::into(row_))) {}

  std::optional<StoredCase> Execute(const std::string& id) {
    id_ = id;
    statement_.execute(true);
    if (!statement_.got_data()) return std::nullopt;
    return ToStoredCase(row_, false);
  }

 private:
  std::string id_;
  soci::row row_;
  soci::statement statement_;
};

std::optional<Written> WriteOutcome(Connection& connection, const TransitionOutcome& outcome,
                                      const std::string& time_zone) {
  const EffectRows rows = RowsOf(outcome.after, outcome.effects);
  const WriteShape shape = WriteShape::Of(rows, outcome.event, outcome.tallies);
  return connection.Prepared<WriteOutcomeStatement>(shape.Key(), shape).Execute(outcome, rows, time_zone);
}

AppliedTransition Applied(const TransitionOutcome& outcome, const Written& written) {
  AppliedTransition applied{outcome.after, written.deliveries_queued};
  if (written.deadline >= 0) {
    *applied.complaint.mutable_deadline_time() = TimeUtil::MicrosecondsToTimestamp(written.deadline);
  }
  return applied;
}

// The office's state: an active publication hold, and the delegations not
// yet ended at :office_now.
constexpr const char* kOfficeColumns =
    "coalesce((SELECT reason FROM publication_holds WHERE lifted_at IS NULL), ''),"
    " (SELECT coalesce(json_agg(json_build_array(d.deputy,"
    "   (extract(epoch FROM d.starts_at) * 1000000)::bigint,"
    "   (extract(epoch FROM d.ends_at) * 1000000)::bigint, d.granted_by)), '[]')::text"
    "   FROM delegations d WHERE d.revoked_at IS NULL AND d.ends_at > "
    OF_MICROS_TO_TIMESTAMPTZ(":office_now") ")";

// The case's columns and, after them, its notices with their receipt, and
// (for the batch jobs, which do not know what their guards read) the office.
// The notices about case `case_id` (an SQL expression) with their receipt,
// as one JSON array.
std::string NoticesColumn(const std::string& case_id) {
  return "(SELECT coalesce(json_agg(json_build_array(n.notice, n.delivered_at IS NOT NULL,"
         "   n.acknowledged_at IS NOT NULL, coalesce(n.payload->>'publicationDate', ''),"
         "   coalesce(n.payload->>'publicationRevision', '0'))"
         "   ORDER BY n.created_at), '[]')::text"
         "   FROM notices n WHERE n.complaint_id = " + case_id + ")";
}

std::string CaseSelect(bool with_office) {
  return std::string("SELECT ") + kComplaintColumns + ", " + NoticesColumn("c.id") +
         (with_office ? std::string(", ") + kOfficeColumns : std::string()) + " FROM" + kComplaintTables;
}

google::protobuf::ListValue ParseList(const std::string& json, const std::string& what) {
  google::protobuf::ListValue list;
  if (!FromJson(json, list).ok()) {
    throw std::runtime_error("unreadable " + what);
  }
  return list;
}

OfficeState ToOfficeState(const soci::row& row, std::size_t first) {
  OfficeState office;
  if (std::string hold = row.get<std::string>(first); !hold.empty()) office.publication_hold = std::move(hold);
  const auto delegations = ParseList(row.get<std::string>(first + 1), "delegations");
  for (const auto& delegation : delegations.values()) {
    const auto& fields = delegation.list_value().values();
    if (fields.size() != 4) continue;
    office.delegations.push_back(
        {fields[0].string_value(), FromUnixMicros(static_cast<std::int64_t>(fields[1].number_value())),
         FromUnixMicros(static_cast<std::int64_t>(fields[2].number_value())), fields[3].string_value()});
  }
  return office;
}

std::vector<NoticeReceipt> ToNotices(const std::string& json) {
  std::vector<NoticeReceipt> receipts;
  const auto notices = ParseList(json, "notices");
  for (const auto& notice : notices.values()) {
    const auto& fields = notice.list_value().values();
    if (fields.size() != 5) continue;
    std::uint32_t revision = 0;
    const std::string& text = fields[4].string_value();
    std::from_chars(text.data(), text.data() + text.size(), revision);
    receipts.push_back({fields[0].string_value(), fields[1].bool_value(), fields[2].bool_value(),
                        ParseIsoDate(fields[3].string_value()), revision});
  }
  return receipts;
}

StoredCase ToStoredCase(const soci::row& row, bool with_office) {
  StoredCase stored{RowToComplaint(row), row.get<std::string>(kLastEventHashColumn),
                    ToNotices(row.get<std::string>(kComplaintColumnCount)), {}};
  if (with_office) stored.office = ToOfficeState(row, kComplaintColumnCount + 1);
  return stored;
}

// A case's notices alone, for a transition whose case came from memory.
class LoadNoticesStatement {
 public:
  explicit LoadNoticesStatement(soci::session& session)
      : statement_((session.prepare << "SELECT " + NoticesColumn(":id::uuid"), soci::use(id_, "id"),
                    soci::into(json_))) {}

  std::vector<NoticeReceipt> Execute(const std::string& id) {
    id_ = id;
    statement_.execute(true);
    return ToNotices(json_);
  }

 private:
  std::string id_, json_;
  soci::statement statement_;
};

// A case's file: every journal entry's number, kind, direction and
// counterpart, and an uploaded document's scan and audience.
class LoadCaseFileStatement {
 public:
  explicit LoadCaseFileStatement(soci::session& session)
      : statement_((session.prepare <<
                        "SELECT coalesce(json_agg(json_build_array(j.document_number, j.document_kind, j.direction,"
                        "  j.counterpart, coalesce(d.scan_state, ''), coalesce(d.audience, ''),"
                        "  d.id IS NOT NULL AND d.content_id IS NULL, coalesce(d.title, ''),"
                        "  coalesce(d.file_name, '')) ORDER BY j.document_number), '[]')"
                        " FROM journal j LEFT JOIN case_documents d ON d.journal_id = j.id"
                        " WHERE j.complaint_id = :id::uuid",
                    soci::use(id_, "id"), soci::into(json_))) {}

  CaseFile Execute(const std::string& id) {
    id_ = id;
    statement_.execute(true);
    CaseFile file;
    const google::protobuf::ListValue entries = ParseList(json_, "case file");  // kept: iterated below
    for (const auto& entry : entries.values()) {
      const auto& fields = entry.list_value().values();
      if (fields.size() != 9) continue;
      file.push_back({static_cast<std::int32_t>(fields[0].number_value()), fields[1].string_value(),
                      fields[2].string_value(), fields[3].string_value(), fields[4].string_value(),
                      fields[5].string_value(), fields[6].bool_value(), fields[7].string_value(),
                      fields[8].string_value()});
    }
    return file;
  }

 private:
  std::string id_, json_;
  soci::statement statement_;
};

}  // namespace

TransitionStore::TransitionStore(Database& database, std::string office_time_zone)
    : database_(database), office_time_zone_(std::move(office_time_zone)) {}

Result<StoredCase> TransitionStore::Load(const std::string& id) {
  if (!IsUuid(id)) return std::unexpected(NoSuchCase(id));
  return database_.RunPrepared("load case", [&](Connection& connection) -> Result<StoredCase> {
    auto stored = connection.Prepared<LoadCaseStatement>("load_case").Execute(id);
    if (!stored) return std::unexpected(NoSuchCase(id));
    return std::move(*stored);
  });
}

Result<std::string> TransitionStore::DepartmentOf(const std::string& id) {
  // Malformed ids take the same round trip as well-formed ones.
  const std::string key = IsUuid(id) ? id : "00000000-0000-0000-0000-000000000000";
  return database_.Run("read a case's department", [&](soci::session& session) -> Result<std::string> {
    std::string department;
    // A hotline contact may not name a department yet.
    session << "SELECT coalesce(department, '') FROM complaints WHERE id = :id::uuid", soci::use(key, "id"),
        soci::into(department);
    if (!session.got_data() || !IsUuid(id)) return std::unexpected(NoSuchCase(id));
    return department;
  });
}

Result<std::string> TransitionStore::ComplainantEmailOf(const std::string& id) {
  const std::string key = IsUuid(id) ? id : "00000000-0000-0000-0000-000000000000";
  return database_.Run("read a case's e-mail address", [&](soci::session& session) -> Result<std::string> {
    std::string email;
    session << "SELECT coalesce(complainant_email, '') FROM complaints WHERE id = :id::uuid", soci::use(key, "id"),
        soci::into(email);
    if (!session.got_data() || !IsUuid(id)) return std::unexpected(NoSuchCase(id));
    return email;
  });
}

Result<bool> TransitionStore::ReadBySignIn(const std::string& id) {
  if (!IsUuid(id)) return false;
  return database_.Run("is a case read by sign-in", [&](soci::session& session) -> Result<bool> {
    int found = 0;
    session << "SELECT count(*) FROM whistleblower_reports WHERE complaint_id = :id::uuid", soci::use(id, "id"),
        soci::into(found);
    return found > 0;
  });
}

Result<OfficeState> TransitionStore::Office(Timestamp now) {
  return database_.Run("read the office's state", [&](soci::session& session) -> Result<OfficeState> {
    const long long now_micros = ToUnixMicros(now);
    soci::row row;
    session << std::string("SELECT ") + kOfficeColumns, soci::use(now_micros, "office_now"), soci::into(row);
    return ToOfficeState(row, 0);
  });
}

Result<std::vector<NoticeReceipt>> TransitionStore::Notices(const std::string& id) {
  if (!IsUuid(id)) return std::unexpected(NoSuchCase(id));
  return database_.RunPrepared("load notices", [&](Connection& connection) -> Result<std::vector<NoticeReceipt>> {
    return connection.Prepared<LoadNoticesStatement>("load_notices").Execute(id);
  });
}

Result<CaseFile> TransitionStore::CaseFileOf(const std::string& id) {
  if (!IsUuid(id)) return std::unexpected(NoSuchCase(id));
  return database_.RunPrepared("load case file", [&](Connection& connection) -> Result<CaseFile> {
    return connection.Prepared<LoadCaseFileStatement>("load_case_file").Execute(id);
  });
}

Result<AppliedTransition> TransitionStore::Apply(const TransitionOutcome& outcome) {
  return database_.RunPrepared("apply transition", [&](Connection& connection) -> Result<AppliedTransition> {
    std::optional<Written> written;
    try {
      written = WriteOutcome(connection, outcome, office_time_zone_);
    } catch (const soci::soci_error& error) {
      // Departments are data: a notice to one that does not exist (a
      // forwarding to a made-up code) is the caller's mistake, and the one
      // statement wrote nothing.
      if (SqlState(error) != kForeignKeyViolation || ConstraintName(error) != "notices_department_fkey") throw;
      return std::unexpected(InvalidArgument(
          "the transition sends a notice to a department that does not exist",
          {{"department", "is not a known department code"}}));
    }
    if (!written) {
      return std::unexpected(MakeError(ErrorCode::kAborted,
                                       "the case changed while this transition was evaluated; "
                                       "re-read it and try again"));
    }
    return Applied(outcome, *written);
  });
}

Result<int> TransitionStore::FireDue(Timestamp now, int limit, const TimeoutDecider& decide,
                                     const std::function<void(const TransitionOutcome&)>& written) {
  return database_.RunPrepared("fire due timers", [&](Connection& connection) -> Result<int> {
    soci::session& session = connection.session();
    const long long now_micros = ToUnixMicros(now);
    soci::transaction transaction(session);
    std::vector<StoredCase> due;
    {
      soci::rowset<soci::row> rows =
          (session.prepare << CaseSelect(true) + "WHERE s.deadline_at <= " +
                                  OF_MICROS_TO_TIMESTAMPTZ(":now") +
                                  " ORDER BY s.deadline_at LIMIT :limit::integer"
                                  " FOR UPDATE OF s SKIP LOCKED",
           soci::use(now_micros, "office_now"), soci::use(now_micros, "now"), soci::use(limit, "limit"));
      for (const auto& row : rows) due.push_back(ToStoredCase(row, true));
    }
    std::vector<TransitionOutcome> fired;
    for (const auto& stored : due) {
      auto outcome = decide(stored);
      if (!outcome) {
        // A broken definition must not block the other timers: log and skip.
        spdlog::error("timer of case {} cannot fire: {}", stored.complaint.case_number(),
                      outcome.error().message);
        continue;
      }
      if (WriteOutcome(connection, *outcome, office_time_zone_)) fired.push_back(std::move(*outcome));
    }
    transaction.commit();
    if (written) {
      for (const auto& outcome : fired) written(outcome);
    }
    return static_cast<int>(fired.size());
  });
}

Result<int> TransitionStore::MigrateAll(const std::string& workflow, std::uint32_t from_version,
                                        Timestamp now, const MigrationDecider& decide) {
  return database_.RunPrepared("migrate cases", [&](Connection& connection) -> Result<int> {
    soci::session& session = connection.session();
    const int version = static_cast<int>(from_version);
    const long long now_micros = ToUnixMicros(now);
    soci::transaction transaction(session);
    std::vector<StoredCase> cases;
    {
      soci::rowset<soci::row> rows =
          (session.prepare << CaseSelect(true) + "WHERE c.workflow = :workflow"
                                  " AND s.workflow_version = :version::integer ORDER BY c.created_at"
                                  " FOR UPDATE OF s",
           soci::use(now_micros, "office_now"), soci::use(workflow, "workflow"), soci::use(version, "version"));
      for (const auto& row : rows) cases.push_back(ToStoredCase(row, true));
    }
    int moved = 0;
    for (const auto& stored : cases) {
      auto outcome = decide(stored);
      if (!outcome) return std::unexpected(outcome.error());  // rolls back every move
      if (!*outcome) continue;
      if (!WriteOutcome(connection, **outcome, office_time_zone_)) {
        return std::unexpected(Internal("a locked case changed during the migration"));
      }
      ++moved;
    }
    transaction.commit();
    return moved;
  });
}

}  // namespace ombudsflow::store
