#include "engine/store/complaint_store.h"

#include "engine/core/base/hex.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/base/uuid.h"
#include "engine/core/codec/proto_json.h"
#include "engine/core/policy/access_policy.h"
#include "engine/store/complaint_rows.h"
#include "engine/store/effects/writer_binds.h"
#include "engine/store/tally_sql.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <stdexcept>

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

v1::Complaint ToComplaint(const NewComplaint& stored, std::string case_number) {
  v1::Complaint complaint;
  complaint.set_id(stored.id);
  complaint.set_case_number(std::move(case_number));
  complaint.set_workflow(stored.workflow);
  complaint.set_workflow_version(stored.workflow_version);
  complaint.set_state(stored.state);
  complaint.set_version(1);
  complaint.set_channel(stored.intake.channel());
  *complaint.mutable_complainant() = stored.intake.complainant();
  complaint.set_department(stored.intake.department());
  complaint.set_subject(stored.intake.subject());
  complaint.set_description(stored.intake.description());
  const auto created = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(stored.created_at));
  *complaint.mutable_create_time() = created;
  *complaint.mutable_update_time() = created;
  *complaint.mutable_state_enter_time() = created;
  *complaint.mutable_facts() = stored.facts;  // present even when empty, as a read shows it
  return complaint;
}

}  // namespace

ComplaintStore::ComplaintStore(Database& database, Options options)
    : database_(database), options_(std::move(options)) {}

Result<v1::Complaint> ComplaintStore::Insert(const NewComplaint& complaint) { return Insert(complaint, {}); }

Result<v1::Complaint> ComplaintStore::Insert(const NewComplaint& complaint, const Acknowledgement& acknowledge) {
  return database_.Run("insert complaint", [&](soci::session& session) -> Result<v1::Complaint> {
    // One transaction when an acknowledgement follows the complaint.
    std::optional<soci::transaction> transaction;
    if (acknowledge) transaction.emplace(session);
    const auto& intake = complaint.intake;
    const auto& complainant = intake.complainant();
    const long long created_micros = ToUnixMicros(complaint.created_at);
    const long long event_micros = ToUnixMicros(complaint.registered_event.occurred_at);
    const int interpreter = complainant.needs_interpreter() ? 1 : 0;
    const int accessible = complainant.needs_accessible_format() ? 1 : 0;
    const int assistance = complainant.needs_assistance() ? 1 : 0;
    const int easy_read = complainant.easy_read() ? 1 : 0;
    const int large_print = complainant.large_print() ? 1 : 0;
    // The complaint as received, registered in the case's journal.
    const std::string document_sha256 = Sha256Hex(intake.subject() + "\n\n" + intake.description());
    const int journalled = intake.channel() == v1::OWN_INITIATIVE ? 0 : 1;
    const int workflow_version = static_cast<int>(complaint.workflow_version);
    const int seq = static_cast<int>(complaint.registered_event.seq);
    const std::string channel = v1::Channel_Name(intake.channel());
    const auto& event = complaint.registered_event;
    const std::string facts = ToJson(complaint.facts, false);
    const int has_due = complaint.due_date ? 1 : 0;
    const std::string due_date = FormatIsoDate(complaint.due_date.value_or(Date{}));
    std::string case_number;
    long long deadline_micros = -1;
    try {
      session << "WITH number AS ("
                 "  INSERT INTO case_number_counters AS c (year, last_number)"
                 "  VALUES (extract(year FROM " OF_MICROS_TO_TIMESTAMPTZ(":year_micros")
                 "          AT TIME ZONE :time_zone)::integer, 1)"
                 "  ON CONFLICT (year) DO UPDATE SET last_number = c.last_number + 1"
                 "  RETURNING year, last_number),"
                 " complaint AS ("
                 "  INSERT INTO complaints (id, case_number, workflow,"
                 "    channel, complainant_name, complainant_email, complainant_phone,"
                 "    complainant_address, language, needs_interpreter, needs_accessible_format, needs_assistance,"
                 "    easy_read, large_print, interpreter_language,"
                 "    department, subject, description, created_at,"
                 "    created_by_token, idempotency_key, idempotency_owner, request_fingerprint)"
                 "  SELECT :id::uuid,"
                 "    'BR-' || number.year || '-' || lpad(number.last_number::text,"
                 "        greatest(5, length(number.last_number::text)), '0'),"
                 "    :workflow, :channel, nullif(:name, ''),"
                 "    nullif(:email, ''), nullif(:phone, ''), nullif(:address, ''), :language,"
                 "    :interpreter::integer::boolean, :accessible::integer::boolean, :assistance::integer::boolean,"
                 "    :easy_read::integer::boolean, :large_print::integer::boolean, nullif(:interpreter_language, ''),"
                 "    nullif(:department, ''), :subject, :description,"
                 "    " OF_MICROS_TO_TIMESTAMPTZ(":created_micros") ","
                 "    nullif(:token, '')::uuid, nullif(:key, ''), nullif(:owner, ''), nullif(:fingerprint, '')"
                 "  FROM number"
                 "  RETURNING id, case_number, created_at),"
                 " state AS ("
                 "  INSERT INTO case_state (id, workflow_version, state, version, facts, last_event_hash,"
                 "    updated_at, created_at, state_entered_at, deadline_at, timeout_transition)"
                 "  SELECT complaint.id, :workflow_version::integer, :state, 1, :facts::jsonb, :chain_head,"
                 "    complaint.created_at, complaint.created_at, complaint.created_at,"
                 "    CASE WHEN :has_due::integer = 1 THEN ((:due_date::date + 1)::timestamp AT TIME ZONE :due_tz) END,"
                 "    nullif(:timeout, '')"
                 "  FROM complaint"
                 "  RETURNING id, deadline_at),"
                 " event AS ("
                 "  INSERT INTO complaint_events (complaint_id, seq, occurred_at, actor_role,"
                 "    actor, kind, payload, hash, hash_scheme)"
                 "  SELECT complaint.id, :seq::integer, " OF_MICROS_TO_TIMESTAMPTZ(":event_micros") ","
                 "    :actor_role, :actor, :kind, :payload::json, :hash, :hash_scheme::smallint"
                 "  FROM complaint"
                 "  RETURNING seq),"
                 // The registration's tallies (report_tallies.h), as a
                 // transition's are kept.
                 " tallied AS (" +
                     TallyDeltasInsert("complaint", "(complaint.created_at AT TIME ZONE :tally_tz)::date",
                                       ":tally_workflow", "nullif(:tally_department, '')", "tally_payload") +
                     "),"
                     " journalled AS (" +
                     JournalInsert("SELECT complaint.id, :journal_seq::integer, complaint.created_at, 'in', 'citizen',"
                                   "  'complaint', :journal_subject, :document_sha256, NULL"
                                   " FROM complaint WHERE :journalled::integer = 1") +
                     ")"
                     " SELECT complaint.case_number,"
                     "   coalesce((SELECT (extract(epoch FROM deadline_at) * 1000000)::bigint FROM state), -1)"
                     " FROM complaint, state, event",
          soci::use(created_micros, "year_micros"), soci::use(options_.office_time_zone, "time_zone"),
          soci::use(complaint.id, "id"), soci::use(complaint.workflow, "workflow"),
          soci::use(workflow_version, "workflow_version"), soci::use(complaint.state, "state"),
          soci::use(channel, "channel"), soci::use(complainant.name(), "name"),
          soci::use(complainant.email(), "email"), soci::use(complainant.phone(), "phone"),
          soci::use(complainant.postal_address(), "address"),
          soci::use(complainant.language(), "language"), soci::use(interpreter, "interpreter"),
          soci::use(accessible, "accessible"), soci::use(assistance, "assistance"),
          soci::use(easy_read, "easy_read"), soci::use(large_print, "large_print"),
          soci::use(complainant.interpreter_language(), "interpreter_language"),
          soci::use(seq, "journal_seq"), soci::use(intake.subject(), "journal_subject"),
          soci::use(document_sha256, "document_sha256"), soci::use(journalled, "journalled"), soci::use(intake.department(), "department"),
          soci::use(intake.subject(), "subject"), soci::use(intake.description(), "description"),
          soci::use(created_micros, "created_micros"),
          soci::use(complaint.created_by_token, "token"),
          soci::use(complaint.idempotency_key, "key"), soci::use(complaint.idempotency_owner, "owner"),
          soci::use(complaint.request_fingerprint, "fingerprint"), soci::use(seq, "seq"),
          soci::use(event_micros, "event_micros"), soci::use(event.actor_role, "actor_role"),
          soci::use(event.actor, "actor"), soci::use(event.kind, "kind"),
          soci::use(event.payload_json, "payload"), soci::use(event.hash, "hash"),
          soci::use(event.hash_scheme, "hash_scheme"),
          soci::use(event.hash, "chain_head"), soci::use(facts, "facts"), soci::use(options_.office_time_zone, "tally_tz"),
          soci::use(complaint.workflow, "tally_workflow"), soci::use(intake.department(), "tally_department"),
          soci::use(event.payload_json, "tally_payload"), soci::use(has_due, "has_due"),
          soci::use(due_date, "due_date"), soci::use(options_.office_time_zone, "due_tz"),
          soci::use(complaint.timeout_transition, "timeout"),
          soci::into(case_number), soci::into(deadline_micros);
    } catch (const soci::soci_error& error) {
      const std::string state = SqlState(error);
      const std::string constraint = ConstraintName(error);
      if (state == kForeignKeyViolation && constraint == "complaints_department_fkey") {
        return std::unexpected(InvalidArgument(
            "the complaint is incomplete or invalid",
            {{"department", "'" + intake.department() + "' is not a known department"}}));
      }
      if (state == kUniqueViolation && constraint == "complaints_idempotency_key") {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists,
                                         "a complaint with this Idempotency-Key exists"));
      }
      if (state == kUniqueViolation && constraint == "complaints_pkey") {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists, "complaint " + complaint.id + " exists"));
      }
      throw;
    }
    v1::Complaint stored = ToComplaint(complaint, std::move(case_number));
    if (deadline_micros >= 0) *stored.mutable_deadline_time() = TimeUtil::MicrosecondsToTimestamp(deadline_micros);
    if (acknowledge) {
      auto letter = acknowledge(stored);
      if (!letter) return std::unexpected(letter.error());  // rolled back: never a complaint unacknowledged
      // Through the same writer as a transition's letters, after this
      // registration's event.
      const EffectRows rows = RowsOf(stored, {*letter});
      const std::vector<const EffectWriter*> writers = WritersWithRows(rows);
      std::string case_id = complaint.id;
      int case_seq = static_cast<int>(complaint.registered_event.seq);
      int written = 0;
      WriterBinds binds;
      soci::statement statement(session);
      statement.exchange(soci::use(case_id, "case_id"));
      statement.exchange(soci::use(case_seq, "case_seq"));
      binds.Exchange(statement, writers);
      statement.exchange(soci::into(written));
      statement.alloc();
      // Run once: no server-side prepare and deallocate around it while
      // the year's case-number row is locked.
      statement.prepare("WITH e AS (SELECT :case_id::uuid AS complaint_id, :case_seq::integer AS seq)" +
                            WritersSql(writers) + " SELECT 1",
                        soci::details::st_one_time_query);
      statement.define_and_bind();
      binds.Set(rows, created_micros, event.actor);
      statement.execute(true);
      transaction->commit();
    }
    return stored;
  });
}

Result<v1::Complaint> ComplaintStore::Find(const std::string& id) {
  if (!IsUuid(id)) return std::unexpected(NoSuchCase(id));
  return database_.Run("find complaint", [&](soci::session& session) -> Result<v1::Complaint> {
    soci::row row;  // one-off query: one round trip
    session << std::string("SELECT ") + kComplaintColumns + " FROM" + kComplaintTables +
                   "WHERE c.id = :id::uuid",
        soci::use(id, "id"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NoSuchCase(id));
    return RowToComplaint(row);
  });
}

Result<std::optional<std::string>> ComplaintStore::IdOfCaseNumber(const std::string& case_number) {
  return database_.Run("find case number", [&](soci::session& session) -> Result<std::optional<std::string>> {
    std::string id;
    session << "SELECT id::text FROM complaints WHERE case_number = :number", soci::use(case_number, "number"),
        soci::into(id);
    if (!session.got_data()) return std::nullopt;
    return id;
  });
}

Result<std::optional<IdempotentComplaint>> ComplaintStore::FindByIdempotencyKey(
    const std::string& owner, const std::string& idempotency_key) {
  return database_.Run(
      "find complaint by idempotency key",
      [&](soci::session& session) -> Result<std::optional<IdempotentComplaint>> {
        Rows rows(session, std::string("SELECT ") + kComplaintColumns +
                                    ", c.request_fingerprint FROM" + kComplaintTables +
                                    "WHERE c.idempotency_owner = :owner AND c.idempotency_key = :key",
             soci::use(owner, "owner"), soci::use(idempotency_key, "key"));
        for (const auto& row : rows) {
          return IdempotentComplaint{RowToComplaint(row), row.get<std::string>(kComplaintColumnCount)};
        }
        return std::nullopt;
      });
}

namespace {

// The states a query asks for, comma-separated (states are identifiers);
// empty for any.
std::string StatesOf(const ComplaintQuery& query) {
  std::string states = query.state;
  for (const std::string& state : query.states) {
    if (!states.empty()) states += ',';
    states += state;
  }
  return states;
}


// The filters List and Count share; unset ones compare against NULL and
// drop out when PostgreSQL plans the one-off statement with the values.
std::string Joined(const std::vector<std::string>& states) {
  std::string joined;
  for (const std::string& state : states) joined += (joined.empty() ? "" : ",") + state;
  return joined;
}

const std::string kComplaintFilters =
    "WHERE (:states_a::text IS NULL OR s.state = ANY(string_to_array(:states_b, ',')))"
    "   AND (:excluded_a::text IS NULL OR s.state <> ALL(string_to_array(:excluded_b, ',')))"
    "   AND (:assignee_a::text IS NULL OR s.assignee = :assignee_b::uuid)"
    "   AND (:unassigned::integer = 0 OR s.assignee IS NULL)"
    "   AND (:department_a::text IS NULL OR c.department = :department_b)"
    "   AND (:overdue::integer = 0 OR s.deadline_at < " OF_MICROS_TO_TIMESTAMPTZ(":now") ")";

}  // namespace

Result<ComplaintPage> ComplaintStore::List(const ComplaintQuery& query) {
  return database_.Run("list complaints", [&](soci::session& session) -> Result<ComplaintPage> {
    const std::string states = StatesOf(query);
    const soci::indicator states_set = states.empty() ? soci::i_null : soci::i_ok;
    const soci::indicator department_set = query.department.empty() ? soci::i_null : soci::i_ok;
    const int has_cursor = query.after ? 1 : 0;
    const long long after_micros = query.after ? ToUnixMicros(query.after->created_at) : 0;
    const std::string after_id =
        query.after ? query.after->id : "00000000-0000-0000-0000-000000000000";
    const int limit = query.page_size + 1;  // one more tells whether a next page exists
    const int overdue = query.overdue ? 1 : 0;
    const long long now_micros = ToUnixMicros(query.now);
    soci::indicator states_ind = states_set, states_ind2 = states_set;
    soci::indicator department_ind = department_set, department_ind2 = department_set;
    const std::string excluded = Joined(query.excluded_states);
    soci::indicator excluded_ind = excluded.empty() ? soci::i_null : soci::i_ok, excluded_ind2 = excluded_ind;
    soci::indicator assignee_ind = query.assignee_id.empty() ? soci::i_null : soci::i_ok, assignee_ind2 = assignee_ind;
    const int unassigned = query.unassigned ? 1 : 0;
    // A search ranks its matches: best first, then newest. Its vector is
    // the caller's: the office's words only for those who may read them.
    const bool search = !query.text.empty();
    const std::string words = query.search_office_words ? "f.office_words" : "f.department_words";
    const std::string rank = "ts_rank(" + words + ", q)::float8";
    // Both tables carry the registration time and id; ordering by the one
    // that is filtered lets its index deliver the rows in order.
    const std::string order = states.empty() ? "c" : "s";
    const std::string by_time = order + ".created_at, " + order + ".id";
    const std::string cursor_after = OF_MICROS_TO_TIMESTAMPTZ(":after_micros") ", :after_id::uuid";
    // A search on no filter ranks in case_search alone and joins only the
    // page: sorting 20,000 narrow rows instead of 20,000 joined ones took a
    // common word's first page from 39 ms to 17 ms on 100,000 cases. A
    // filter must see the joined row before the limit, so it keeps the
    // single join. The filters stay in the statement (every name bound
    // appears in it); unset, they hold for every row.
    const bool unfiltered = states.empty() && excluded.empty() && query.department.empty() &&
                            query.assignee_id.empty() && !query.unassigned && !query.overdue;
    const std::string ranked_page =
        "(SELECT f.id, f.created_at, " + rank + " AS rank FROM case_search f, websearch_to_tsquery('danish', :text) q"
        " WHERE " + words + " @@ q AND (:has_cursor::integer = 0 OR (" + rank + ", f.created_at, f.id) < (:after_rank::float8, " +
        cursor_after + ")) ORDER BY rank DESC, f.created_at DESC, f.id DESC LIMIT :limit::integer) f";
    const std::string sql =
        search && unfiltered
            ? std::string("SELECT ") + (query.summaries_only ? kComplaintSummaryColumns : kComplaintColumns) +
                  ", f.rank FROM " + ranked_page + " JOIN complaints c ON c.id = f.id JOIN case_state s ON s.id = c.id " +
                  kComplaintFilters +
                  " ORDER BY f.rank DESC, f.created_at DESC, f.id DESC"
            : std::string("SELECT ") + (query.summaries_only ? kComplaintSummaryColumns : kComplaintColumns) +
        (search ? ", " + rank : std::string()) + " FROM" + kComplaintTables +
        (search ? " JOIN case_search f ON f.id = c.id, websearch_to_tsquery('danish', :text) q " : "") +
        kComplaintFilters + (search ? " AND " + words + " @@ q" : "") +
        // Ranked by case_search's columns alone, so only a page's rows join.
        (search ? "   AND (:has_cursor::integer = 0 OR (" + rank + ", f.created_at, f.id) < (:after_rank::float8, " +
                      cursor_after + "))"
                      " ORDER BY " + rank + " DESC, f.created_at DESC, f.id DESC"
                : "   AND (:has_cursor::integer = 0 OR (" + by_time + ") < (" + cursor_after + "))"
                      " ORDER BY " + order + ".created_at DESC, " + order + ".id DESC") +
        " LIMIT :limit::integer";
    const double after_rank = query.after && query.after->rank ? *query.after->rank : 0.0;
    std::optional<Rows> rows;
    // Every name bound must appear in the statement: a search binds two more.
    // (SOCI's use() keeps a reference to its name: bind while they live.)
    const auto run = [&](auto&&... extra) {
      rows.emplace(session, sql, soci::use(states, states_ind, "states_a"), soci::use(states, states_ind2, "states_b"),
                   soci::use(query.department, department_ind, "department_a"),
                   soci::use(query.department, department_ind2, "department_b"), soci::use(overdue, "overdue"),
                   soci::use(now_micros, "now"), soci::use(excluded, excluded_ind, "excluded_a"),
                   soci::use(excluded, excluded_ind2, "excluded_b"),
                   soci::use(query.assignee_id, assignee_ind, "assignee_a"),
                   soci::use(query.assignee_id, assignee_ind2, "assignee_b"), soci::use(unassigned, "unassigned"),
                   soci::use(has_cursor, "has_cursor"), soci::use(after_micros, "after_micros"),
                   soci::use(after_id, "after_id"), soci::use(limit, "limit"), std::forward<decltype(extra)>(extra)...);
    };
    if (search) {
      run(soci::use(query.text, "text"), soci::use(after_rank, "after_rank"));
    } else {
      run();
    }
    ComplaintPage page;
    std::vector<double> ranks;
    for (const auto& row : *rows) {
      page.complaints.push_back(RowToComplaint(row));
      if (search) ranks.push_back(row.get<double>(kComplaintColumnCount));
    }
    if (page.complaints.size() > static_cast<std::size_t>(query.page_size)) {
      page.complaints.pop_back();
      const auto& last = page.complaints.back();
      page.next = PageCursor{FromUnixMicros(TimeUtil::TimestampToMicroseconds(last.create_time())),
                             last.id()};
      if (search) page.next->rank = ranks[page.complaints.size() - 1];
    }
    return page;
  });
}

Result<std::map<std::pair<std::string, std::uint32_t>, long long>> ComplaintStore::RunningByVersion(
    const std::vector<std::string>& finished) {
  using Counts = std::map<std::pair<std::string, std::uint32_t>, long long>;
  return database_.Run("count running cases by workflow version", [&](soci::session& session) -> Result<Counts> {
    const std::string excluded = Joined(finished);
    Rows rows(session, "SELECT c.workflow, s.workflow_version, count(*) FROM" + std::string(kComplaintTables) +
                                "WHERE s.state <> ALL(string_to_array(:excluded, ','))"
                                " GROUP BY c.workflow, s.workflow_version",
         soci::use(excluded, "excluded"));
    Counts counts;
    for (const auto& row : rows) {
      counts[{row.get<std::string>(0), static_cast<std::uint32_t>(row.get<int>(1))}] = row.get<long long>(2);
    }
    return counts;
  });
}

Result<long long> ComplaintStore::Count(const ComplaintQuery& query) {
  auto counts = Counts({query});
  if (!counts) return std::unexpected(counts.error());
  return counts->front();
}

Result<std::vector<long long>> ComplaintStore::Counts(const std::vector<ComplaintQuery>& queries) {
  return database_.Run("count complaints", [&](soci::session& session) -> Result<std::vector<long long>> {
    // Each query's values, where the statement can point at them.
    struct Bound {
      std::string states, department, excluded, assignee;
      soci::indicator states_ind, department_ind, excluded_ind, assignee_ind;
      int overdue, unassigned;
      long long now;
    };
    std::vector<Bound> bound;
    bound.reserve(queries.size());
    std::vector<long long> counts(queries.size());
    std::string columns;
    const std::string filter = kComplaintFilters.substr(std::string("WHERE ").size());
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const ComplaintQuery& query = queries[i];
      const auto set = [](const std::string& value) { return value.empty() ? soci::i_null : soci::i_ok; };
      Bound& b = bound.emplace_back(Bound{StatesOf(query), query.department, Joined(query.excluded_states),
                                          query.assignee_id, {}, {}, {}, {}, query.overdue ? 1 : 0,
                                          query.unassigned ? 1 : 0, ToUnixMicros(query.now)});
      b.states_ind = set(b.states);
      b.department_ind = set(b.department);
      b.excluded_ind = set(b.excluded);
      b.assignee_ind = set(b.assignee);
      // The shared filter with this query's own parameter names.
      std::string mine = filter;
      const std::string suffix = "_" + std::to_string(i);
      for (const char* name : {":states_a", ":states_b", ":department_a", ":department_b", ":overdue", ":now",
                               ":excluded_a", ":excluded_b", ":assignee_a", ":assignee_b", ":unassigned"}) {
        const std::string from = name;
        for (auto at = mine.find(from); at != std::string::npos; at = mine.find(from, at + from.size())) {
          const char next = at + from.size() < mine.size() ? mine[at + from.size()] : ' ';
          if (std::isalnum(static_cast<unsigned char>(next)) || next == '_') continue;  // a longer name
          mine.insert(at + from.size(), suffix);
        }
      }
      columns += (i == 0 ? "" : ", ") + std::string("count(*) FILTER (WHERE ") + mine + ")";
    }
    soci::statement statement(session);
    for (std::size_t i = 0; i < bound.size(); ++i) {
      Bound& b = bound[i];
      const std::string suffix = "_" + std::to_string(i);
      statement.exchange(soci::use(b.states, b.states_ind, "states_a" + suffix));
      statement.exchange(soci::use(b.states, b.states_ind, "states_b" + suffix));
      statement.exchange(soci::use(b.department, b.department_ind, "department_a" + suffix));
      statement.exchange(soci::use(b.department, b.department_ind, "department_b" + suffix));
      statement.exchange(soci::use(b.overdue, "overdue" + suffix));
      statement.exchange(soci::use(b.now, "now" + suffix));
      statement.exchange(soci::use(b.excluded, b.excluded_ind, "excluded_a" + suffix));
      statement.exchange(soci::use(b.excluded, b.excluded_ind, "excluded_b" + suffix));
      statement.exchange(soci::use(b.assignee, b.assignee_ind, "assignee_a" + suffix));
      statement.exchange(soci::use(b.assignee, b.assignee_ind, "assignee_b" + suffix));
      statement.exchange(soci::use(b.unassigned, "unassigned" + suffix));
      statement.exchange(soci::into(counts[i]));
    }
    statement.alloc();
    statement.prepare("SELECT " + columns + " FROM" + kComplaintTables, soci::details::st_one_time_query);
    statement.define_and_bind();
    statement.execute(true);
    return counts;
  });
}

namespace {

// The case's events in order of seq, each prev_hash the stored hash before it.
std::vector<AuditEvent> ReadEvents(soci::session& session, const std::string& complaint_id) {
  Rows rows(session, "SELECT e.complaint_id::text, e.seq,"
                          " (extract(epoch FROM e.occurred_at) * 1000000)::bigint,"
                          " e.actor_role, e.actor, e.kind, e.payload::text, e.hash, e.hash_scheme::integer,"
                          " d.details::text"
                          " FROM complaint_events e LEFT JOIN complaint_event_details d"
                          "   ON d.complaint_id = e.complaint_id AND d.seq = e.seq"
                          " WHERE e.complaint_id = :id::uuid ORDER BY e.seq",
       soci::use(complaint_id, "id"));
  std::vector<AuditEvent> events;
  for (const auto& row : rows) {
    AuditEvent event;
    event.complaint_id = row.get<std::string>(0);
    event.seq = static_cast<std::uint32_t>(row.get<int>(1));
    event.occurred_at = FromUnixMicros(row.get<long long>(2));
    event.actor_role = row.get<std::string>(3);
    event.actor = row.get<std::string>(4);
    event.kind = row.get<std::string>(5);
    event.payload_json = row.get<std::string>(6);
    event.prev_hash = events.empty() ? std::string() : events.back().hash;
    event.hash = row.get<std::string>(7);
    event.hash_scheme = row.get<int>(8);
    if (row.get_indicator(9) != soci::i_null) event.details_json = row.get<std::string>(9);
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace

Result<StoredChain> ComplaintStore::Chain(const std::string& complaint_id) {
  if (!IsUuid(complaint_id)) return std::unexpected(NoSuchCase(complaint_id));
  return database_.Run("read a chain", [&](soci::session& session) -> Result<StoredChain> {
    // One snapshot for the anchor and the events.
    soci::transaction snapshot(session);
    session << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    StoredChain chain;
    int version = 0;
    session << "SELECT version, last_event_hash FROM case_state WHERE id = :id::uuid", soci::use(complaint_id, "id"),
        soci::into(version), soci::into(chain.anchor.head);
    if (!session.got_data()) return std::unexpected(NoSuchCase(complaint_id));
    chain.anchor.version = static_cast<std::uint32_t>(version);
    chain.events = ReadEvents(session, complaint_id);
    snapshot.commit();
    return chain;
  });
}

Result<std::vector<std::string>> ComplaintStore::CaseIds(const std::string& after, int limit) {
  const std::string from = after.empty() ? "00000000-0000-0000-0000-000000000000" : after;
  if (!IsUuid(from)) return std::unexpected(InvalidArgument("not a case id: " + after));
  return database_.Run("list case ids", [&](soci::session& session) -> Result<std::vector<std::string>> {
    std::vector<std::string> ids(static_cast<std::size_t>(std::max(1, limit)));
    session << "SELECT id::text FROM case_state WHERE id > :after::uuid ORDER BY id LIMIT :limit",
        soci::use(from, "after"), soci::use(limit, "limit"), soci::into(ids);
    if (!session.got_data()) ids.clear();
    return ids;
  });
}

}  // namespace ombudsflow::store
