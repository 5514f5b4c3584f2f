#include "engine/store/newsletter_store.h"

#include <soci/soci.h>

#include "engine/core/base/hex.h"
#include "engine/core/base/uuid.h"
#include "engine/core/codec/proto_json.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

Error Stale(const std::string& message) { return MakeError(ErrorCode::kAborted, message); }

// Adds one to the day's count of `event`.
void Count(soci::session& session, const std::string& event, long long now_micros, int by = 1) {
  session << "INSERT INTO newsletter_subscription_counts (day, event, count)"
             " VALUES ((" OF_MICROS_TO_TIMESTAMPTZ(":now") " AT TIME ZONE 'UTC')::date, :event, :by)"
             " ON CONFLICT (day, event) DO UPDATE SET count = newsletter_subscription_counts.count + :by2",
      soci::use(now_micros, "now"), soci::use(event, "event"), soci::use(by, "by"), soci::use(by, "by2");
}

constexpr const char* kIssueColumns =
    "i.id::text, i.number, i.workflow, i.workflow_version, i.state, i.version, i.facts::text, i.heading,"
    " i.introduction, " OF_MICROS_OF("i.created_at") ", i.created_by, " OF_MICROS_OF("i.updated_at") ","
    " coalesce(" OF_MICROS_OF("i.released_at") ", -1), coalesce(i.recipients, 0), i.sent_count, i.bounced_count,"
    " i.failed_count,"
    " (SELECT count(*) FROM newsletter_deliveries d WHERE d.issue_id = i.id AND d.state IN ('queued', 'sending', 'ending')),"
    " i.kind, i.to_subscribers::integer, coalesce(i.period_from::text, ''), coalesce(i.period_to::text, ''),"
    " (SELECT count(*) FROM product_documents p WHERE p.issue_id = i.id AND p.pdf IS NOT NULL)";

StoredIssue RowToIssue(const soci::row& row) {
  StoredIssue issue;
  issue.id = row.get<std::string>(0);
  issue.number = row.get<int>(1);
  issue.workflow = row.get<std::string>(2);
  issue.workflow_version = static_cast<std::uint32_t>(row.get<int>(3));
  issue.state = row.get<std::string>(4);
  issue.version = static_cast<std::uint32_t>(row.get<int>(5));
  if (!FromJson(row.get<std::string>(6), issue.facts).ok()) {
    throw std::runtime_error("newsletter issue " + issue.id + ": its facts are not a JSON object");
  }
  issue.heading = row.get<std::string>(7);
  issue.introduction = row.get<std::string>(8);
  issue.created_at = FromUnixMicros(row.get<long long>(9));
  issue.created_by = row.get<std::string>(10);
  issue.updated_at = FromUnixMicros(row.get<long long>(11));
  if (const long long released = row.get<long long>(12); released >= 0) issue.released_at = FromUnixMicros(released);
  issue.recipients = row.get<int>(13);
  issue.sent = row.get<int>(14);
  issue.bounced = row.get<int>(15);
  issue.failed = row.get<int>(16);
  issue.waiting = static_cast<int>(row.get<long long>(17));
  issue.kind = row.get<std::string>(18);
  issue.to_subscribers = row.get<int>(19) != 0;
  issue.period_from = row.get<std::string>(20);
  issue.period_to = row.get<std::string>(21);
  issue.has_pdf = row.get<long long>(22) > 0;
  return issue;
}

std::vector<NewsletterItem> ItemsOf(soci::session& session, const std::string& issue_id) {
  std::vector<NewsletterItem> items;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT coalesce(n.complaint_id::text, ''), coalesce(n.carried_revision, -1), n.heading,"
                          " n.body, coalesce(c.case_number, '')"
                          " FROM newsletter_items n LEFT JOIN complaints c ON c.id = n.complaint_id"
                          " WHERE n.issue_id = :id::uuid ORDER BY n.position",
       soci::use(issue_id, "id"));
  for (const soci::row& row : rows) {
    NewsletterItem item;
    if (std::string complaint = row.get<std::string>(0); !complaint.empty()) item.complaint_id = complaint;
    if (const int revision = row.get<int>(1); revision >= 0) item.carried_revision = static_cast<std::uint32_t>(revision);
    item.heading = row.get<std::string>(2);
    item.body = row.get<std::string>(3);
    item.case_number = row.get<std::string>(4);
    items.push_back(std::move(item));
  }
  return items;
}

std::optional<StoredIssue> SelectIssue(soci::session& session, const std::string& where, const std::string& key) {
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kIssueColumns + " FROM newsletter_issues i WHERE " + where,
       soci::use(key, "key"));
  for (const soci::row& row : rows) {
    StoredIssue issue = RowToIssue(row);
    issue.items = ItemsOf(session, issue.id);
    soci::rowset<std::string> lists =
        (session.prepare << "SELECT list_id::text FROM product_lists WHERE issue_id = :id::uuid ORDER BY list_id",
         soci::use(issue.id, "id"));
    issue.list_ids.assign(lists.begin(), lists.end());
    return issue;
  }
  return std::nullopt;
}

// Writes the step's state, facts and version, and its event; false when the
// issue is no longer at `expected_version`.
bool WriteStep(soci::session& session, const std::string& id, std::uint32_t expected_version, const IssueStep& step) {
  const long long at = ToUnixMicros(step.at);
  const int expected = static_cast<int>(expected_version);
  const std::string facts = ToJson(step.facts, false);
  soci::statement update =
      (session.prepare << "UPDATE newsletter_issues SET state = :state, facts = :facts::jsonb, version = version + 1,"
                          " updated_at = " OF_MICROS_TO_TIMESTAMPTZ(":at") " WHERE id = :id::uuid AND version = :expected",
       soci::use(step.to_state, "state"), soci::use(facts, "facts"), soci::use(at, "at"), soci::use(id, "id"),
       soci::use(expected, "expected"));
  update.execute(true);
  if (update.get_affected_rows() != 1) return false;
  session << "INSERT INTO newsletter_issue_events (issue_id, transition, from_state, to_state, actor, at)"
             " VALUES (:id::uuid, :transition, :from, :to, :actor, " OF_MICROS_TO_TIMESTAMPTZ(":at") ")",
      soci::use(id, "id"), soci::use(step.transition, "transition"), soci::use(step.from_state, "from"),
      soci::use(step.to_state, "to"), soci::use(step.actor, "actor"), soci::use(at, "at");
  return true;
}

}  // namespace

Result<SignUpOutcome> NewsletterStore::SignUp(const std::string& new_id, const std::string& email, const std::string& consent_text,
                                       const std::string& language, const std::string& confirm_token_hash,
                                       Timestamp confirm_expires_at, const std::string& unsubscribe_token,
                                       Timestamp now, std::chrono::seconds remail_after) {
  return database_.Run("newsletter sign-up", [&](soci::session& session) -> Result<SignUpOutcome> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(confirm_expires_at);
    const long long remail_before = ToUnixMicros(now - remail_after);
    std::string state;
    long long mailed = 0;
    soci::indicator found = soci::i_null;
    session << "SELECT state, " OF_MICROS_OF("confirmation_mailed_at")
               " FROM newsletter_subscribers WHERE email = :email FOR UPDATE",
        soci::use(email, "email"), soci::into(state, found), soci::into(mailed);
    if (session.got_data()) {
      if (state == "confirmed") return SignUpOutcome::kAlreadyConfirmed;
      if (mailed > remail_before) return SignUpOutcome::kMailedRecently;
      session << "UPDATE newsletter_subscribers SET consent_text = :consent, consent_language = :language,"
                 " signed_up_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ", confirm_token_hash = :hash,"
                 " confirm_expires_at = " OF_MICROS_TO_TIMESTAMPTZ(":expires") ","
                 " confirmation_mailed_at = " OF_MICROS_TO_TIMESTAMPTZ(":now2") " WHERE email = :email",
          soci::use(consent_text, "consent"), soci::use(language, "language"), soci::use(at, "now"),
          soci::use(confirm_token_hash, "hash"), soci::use(expires, "expires"), soci::use(at, "now2"),
          soci::use(email, "email");
    } else {
      session << "INSERT INTO newsletter_subscribers (id, email, state, consent_text, consent_language,"
                 " signed_up_at, confirm_token_hash, confirm_expires_at, confirmation_mailed_at, unsubscribe_token)"
                 " VALUES (:id::uuid, :email, 'pending', :consent, :language, " OF_MICROS_TO_TIMESTAMPTZ(":now") ","
                 " :hash, " OF_MICROS_TO_TIMESTAMPTZ(":expires") ", " OF_MICROS_TO_TIMESTAMPTZ(":now2") ", :unsubscribe)",
          soci::use(new_id, "id"), soci::use(email, "email"), soci::use(consent_text, "consent"),
          soci::use(language, "language"), soci::use(at, "now"), soci::use(confirm_token_hash, "hash"),
          soci::use(expires, "expires"), soci::use(at, "now2"), soci::use(unsubscribe_token, "unsubscribe");
      Count(session, "signed_up", at);
    }
    transaction.commit();
    return SignUpOutcome::kMailConfirmation;
  });
}

Result<bool> NewsletterStore::Confirm(const std::string& token_hash, Timestamp now) {
  return database_.Run("newsletter confirm", [&](soci::session& session) -> Result<bool> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    soci::statement update =
        (session.prepare << "UPDATE newsletter_subscribers SET state = 'confirmed',"
                            " confirmed_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ", confirm_token_hash = NULL,"
                            " confirm_expires_at = NULL"
                            " WHERE confirm_token_hash = :hash AND state = 'pending'"
                            " AND confirm_expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now2"),
         soci::use(at, "now"), soci::use(token_hash, "hash"), soci::use(at, "now2"));
    update.execute(true);
    const bool confirmed = update.get_affected_rows() == 1;
    if (confirmed) Count(session, "confirmed", at);
    transaction.commit();
    return confirmed;
  });
}

Result<bool> NewsletterStore::IsSubscribed(const std::string& unsubscribe_token) {
  return database_.Run("newsletter subscriber", [&](soci::session& session) -> Result<bool> {
    int found = 0;
    session << "SELECT count(*) FROM newsletter_subscribers WHERE unsubscribe_token = :token",
        soci::use(unsubscribe_token, "token"), soci::into(found);
    return found > 0;
  });
}

Result<bool> NewsletterStore::Unsubscribe(const std::string& unsubscribe_token, Timestamp now) {
  return database_.Run("newsletter unsubscribe", [&](soci::session& session) -> Result<bool> {
    soci::transaction transaction(session);
    // Its deliveries go with it (ON DELETE CASCADE): one being sent now is
    // aborted before its end, since it can no longer be marked sent.
    soci::statement remove = (session.prepare << "DELETE FROM newsletter_subscribers WHERE unsubscribe_token = :token",
                              soci::use(unsubscribe_token, "token"));
    remove.execute(true);
    const bool removed = remove.get_affected_rows() == 1;
    if (removed) Count(session, "unsubscribed", ToUnixMicros(now));
    transaction.commit();
    return removed;
  });
}

Result<std::optional<SubscriberRecord>> NewsletterStore::SubscriberByEmail(const std::string& email) {
  return database_.Run("newsletter subscriber", [&](soci::session& session) -> Result<std::optional<SubscriberRecord>> {
    SubscriberRecord record;
    long long signed_up = 0;
    long long confirmed = -1;
    session << "SELECT email, state, consent_text, consent_language, " OF_MICROS_OF("signed_up_at") ","
               " coalesce(" OF_MICROS_OF("confirmed_at") ", -1) FROM newsletter_subscribers WHERE email = :email",
        soci::use(email, "email"), soci::into(record.email), soci::into(record.state), soci::into(record.consent_text),
        soci::into(record.consent_language), soci::into(signed_up), soci::into(confirmed);
    if (!session.got_data()) return std::optional<SubscriberRecord>();
    record.signed_up_at = FromUnixMicros(signed_up);
    if (confirmed >= 0) record.confirmed_at = FromUnixMicros(confirmed);
    return std::optional<SubscriberRecord>(std::move(record));
  });
}

Result<bool> NewsletterStore::RemoveSubscriber(const std::string& email, Timestamp now) {
  return database_.Run("newsletter remove subscriber", [&](soci::session& session) -> Result<bool> {
    soci::transaction transaction(session);
    soci::statement remove =
        (session.prepare << "DELETE FROM newsletter_subscribers WHERE email = :email", soci::use(email, "email"));
    remove.execute(true);
    const bool removed = remove.get_affected_rows() == 1;
    if (removed) Count(session, "unsubscribed", ToUnixMicros(now));
    transaction.commit();
    return removed;
  });
}

Result<int> NewsletterStore::ExpirePending(Timestamp now) {
  return database_.Run("newsletter expire pending", [&](soci::session& session) -> Result<int> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    soci::statement remove =
        (session.prepare << "DELETE FROM newsletter_subscribers WHERE state = 'pending'"
                            " AND confirm_expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now"),
         soci::use(at, "now"));
    remove.execute(true);
    const int removed = static_cast<int>(remove.get_affected_rows());
    if (removed > 0) Count(session, "expired", at, removed);
    transaction.commit();
    return removed;
  });
}

Result<SubscriberCounts> NewsletterStore::Counts() {
  return database_.Run("newsletter counts", [&](soci::session& session) -> Result<SubscriberCounts> {
    SubscriberCounts counts;
    session << "SELECT count(*) FILTER (WHERE state = 'confirmed'), count(*) FILTER (WHERE state = 'pending')"
               " FROM newsletter_subscribers",
        soci::into(counts.confirmed), soci::into(counts.pending);
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT event, sum(count)::integer FROM newsletter_subscription_counts GROUP BY event");
    for (const soci::row& row : rows) counts.events[row.get<std::string>(0)] = row.get<int>(1);
    return counts;
  });
}

Result<StoredIssue> NewsletterStore::CreateIssue(const NewIssue& issue, Timestamp now) {
  return database_.Run("create newsletter issue", [&](soci::session& session) -> Result<StoredIssue> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    const int version = static_cast<int>(issue.workflow_version);
    const int to_subscribers = issue.to_subscribers ? 1 : 0;
    // One number after another within the kind: the lock makes two at once
    // wait, not clash.
    session << "LOCK TABLE newsletter_issues IN SHARE ROW EXCLUSIVE MODE";
    session << "INSERT INTO newsletter_issues (id, kind, number, workflow, workflow_version, state, version, heading,"
               " introduction, created_at, created_by, updated_at, to_subscribers, period_from, period_to)"
               " VALUES (:id::uuid, :kind, (SELECT coalesce(max(number), 0) + 1 FROM newsletter_issues WHERE kind = :kind2),"
               " :workflow, :wversion, :state, 1, :heading, :introduction, " OF_MICROS_TO_TIMESTAMPTZ(":now") ", :by, "
               OF_MICROS_TO_TIMESTAMPTZ(":now2") ", :to_subscribers::integer::boolean, nullif(:from, '')::date,"
               " nullif(:to, '')::date)",
        soci::use(issue.id, "id"), soci::use(issue.kind, "kind"), soci::use(issue.kind, "kind2"),
        soci::use(issue.workflow, "workflow"), soci::use(version, "wversion"), soci::use(issue.state, "state"),
        soci::use(issue.heading, "heading"), soci::use(issue.introduction, "introduction"), soci::use(at, "now"),
        soci::use(issue.created_by, "by"), soci::use(at, "now2"), soci::use(to_subscribers, "to_subscribers"),
        soci::use(issue.period_from, "from"), soci::use(issue.period_to, "to");
    auto created = SelectIssue(session, "i.id = :key::uuid", issue.id);
    transaction.commit();
    if (!created) return std::unexpected(MakeError(ErrorCode::kInternal, "the new issue was not read back"));
    return *created;
  });
}

Result<StoredIssue> NewsletterStore::Issue(const std::string& id) {
  if (!IsUuid(id)) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such newsletter issue"));
  return database_.Run("newsletter issue", [&](soci::session& session) -> Result<StoredIssue> {
    auto issue = SelectIssue(session, "i.id = :key::uuid", id);
    if (!issue) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such newsletter issue"));
    return *issue;
  });
}

Result<StoredIssue> NewsletterStore::ReleasedIssue(const std::string& kind, int number) {
  return database_.Run("released newsletter issue", [&](soci::session& session) -> Result<StoredIssue> {
    std::string id;
    session << "SELECT id::text FROM newsletter_issues WHERE kind = :kind AND number = :number"
               " AND released_at IS NOT NULL",
        soci::use(kind, "kind"), soci::use(number, "number"), soci::into(id);
    if (!session.got_data()) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such newsletter issue"));
    auto issue = SelectIssue(session, "i.id = :key::uuid", id);
    if (!issue) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such newsletter issue"));
    return *issue;
  });
}

Result<std::vector<StoredIssue>> NewsletterStore::Issues(int limit) {
  return database_.Run("newsletter issues", [&](soci::session& session) -> Result<std::vector<StoredIssue>> {
    std::vector<StoredIssue> issues;
    soci::rowset<soci::row> rows = (session.prepare << std::string("SELECT ") + kIssueColumns +
                                                           " FROM newsletter_issues i ORDER BY i.number DESC LIMIT :limit",
                                    soci::use(limit, "limit"));
    for (const soci::row& row : rows) issues.push_back(RowToIssue(row));
    return issues;
  });
}

Result<std::vector<StoredIssue>> NewsletterStore::ReleasedIssues(int limit, const std::string& kind) {
  return database_.Run("released newsletter issues", [&](soci::session& session) -> Result<std::vector<StoredIssue>> {
    std::vector<StoredIssue> issues;
    {
      soci::rowset<soci::row> rows =
          (session.prepare << std::string("SELECT ") + kIssueColumns +
                                  " FROM newsletter_issues i WHERE i.released_at IS NOT NULL"
                                  " AND (:kind = '' OR i.kind = :kind2) ORDER BY i.released_at DESC LIMIT :limit",
           soci::use(kind, "kind"), soci::use(kind, "kind2"), soci::use(limit, "limit"));
      for (const soci::row& row : rows) issues.push_back(RowToIssue(row));
    }
    for (StoredIssue& issue : issues) issue.items = ItemsOf(session, issue.id);
    return issues;
  });
}

namespace {

constexpr const char* kCandidateSelect =
    "SELECT c.id::text, c.case_number, coalesce(p.title, ''), coalesce(p.body, ''),"
    " (p.published_at IS NOT NULL)::integer,"
    " coalesce((s.facts ->> 'publication_revision')::numeric::integer, 0),"
    " (SELECT count(*) FROM newsletter_items n JOIN newsletter_issues i ON i.id = n.issue_id"
    "   WHERE n.complaint_id = c.id AND i.released_at IS NOT NULL)::integer"
    " FROM case_state s JOIN complaints c ON c.id = s.id"
    " LEFT JOIN publications p ON p.complaint_id = c.id";

NewsletterCandidate RowToCandidate(const soci::row& row) {
  return {row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3),
          row.get<int>(4) != 0, static_cast<std::uint32_t>(row.get<int>(5)), row.get<int>(6)};
}

}  // namespace

Result<std::vector<NewsletterCandidate>> NewsletterStore::Candidates(int limit) {
  return database_.Run("newsletter candidates", [&](soci::session& session) -> Result<std::vector<NewsletterCandidate>> {
    std::vector<NewsletterCandidate> candidates;
    soci::rowset<soci::row> rows =
        (session.prepare << std::string(kCandidateSelect) +
                                " WHERE s.facts -> 'newsletter' = 'true'::jsonb ORDER BY c.created_at DESC, c.id"
                                " LIMIT :limit",
         soci::use(limit, "limit"));
    for (const soci::row& row : rows) candidates.push_back(RowToCandidate(row));
    return candidates;
  });
}

Result<std::vector<NewsletterCandidate>> NewsletterStore::ThemeCases(const std::vector<std::string>& themes,
                                                                     const std::string& from, const std::string& to,
                                                                     int limit) {
  return database_.Run("klarret cases", [&](soci::session& session) -> Result<std::vector<NewsletterCandidate>> {
    std::vector<NewsletterCandidate> cases;
    std::string joined;
    for (const std::string& theme : themes) joined += (joined.empty() ? "" : ",") + theme;
    soci::rowset<soci::row> rows =
        (session.prepare << std::string(kCandidateSelect) +
                                " WHERE p.published_at IS NOT NULL AND EXISTS (SELECT 1 FROM report_case_themes t"
                                "   WHERE t.complaint_id = c.id AND t.theme = ANY (string_to_array(:themes, ','))"
                                "   AND t.day BETWEEN :from::date AND :to::date)"
                                " ORDER BY p.published_at, c.id LIMIT :limit",
         soci::use(joined, "themes"), soci::use(from, "from"), soci::use(to, "to"), soci::use(limit, "limit"));
    for (const soci::row& row : rows) cases.push_back(RowToCandidate(row));
    return cases;
  });
}

Result<std::optional<NewsletterCandidate>> NewsletterStore::CaseByNumber(const std::string& case_number) {
  return database_.Run("newsletter case", [&](soci::session& session) -> Result<std::optional<NewsletterCandidate>> {
    soci::rowset<soci::row> rows =
        (session.prepare << std::string(kCandidateSelect) + " WHERE c.case_number = :number",
         soci::use(case_number, "number"));
    for (const soci::row& row : rows) return std::optional<NewsletterCandidate>(RowToCandidate(row));
    return std::optional<NewsletterCandidate>();
  });
}

Result<void> NewsletterStore::SaveContent(const std::string& id, std::uint32_t expected_version,
                                          const std::string& heading, const std::string& introduction,
                                          const std::vector<NewsletterItem>& items, bool to_subscribers,
                                          const std::vector<std::string>& list_ids, const IssueStep& step) {
  return database_.Run("save newsletter issue", [&](soci::session& session) -> Result<void> {
    soci::transaction transaction(session);
    if (!WriteStep(session, id, expected_version, step)) {
      return std::unexpected(Stale("the issue was changed meanwhile: open it again"));
    }
    const int subscribers = to_subscribers ? 1 : 0;
    session << "UPDATE newsletter_issues SET heading = :heading, introduction = :introduction,"
               " to_subscribers = :subscribers::integer::boolean WHERE id = :id::uuid",
        soci::use(heading, "heading"), soci::use(introduction, "introduction"), soci::use(subscribers, "subscribers"),
        soci::use(id, "id");
    session << "DELETE FROM product_lists WHERE issue_id = :id::uuid", soci::use(id, "id");
    for (const std::string& list_id : list_ids) {
      try {
        session << "INSERT INTO product_lists (issue_id, list_id) VALUES (:id::uuid, :list::uuid)"
                   " ON CONFLICT DO NOTHING",
            soci::use(id, "id"), soci::use(list_id, "list");
      } catch (const soci::soci_error& error) {
        if (SqlState(error) != kForeignKeyViolation) throw;
        Error unknown = MakeError(ErrorCode::kInvalidArgument, "a chosen list does not exist");
        unknown.field_violations.push_back({"lists", "names no distribution list", "unknown_list"});
        return std::unexpected(std::move(unknown));
      }
    }
    session << "DELETE FROM newsletter_items WHERE issue_id = :id::uuid", soci::use(id, "id");
    int position = 0;
    for (const NewsletterItem& item : items) {
      ++position;
      const std::string complaint = item.complaint_id.value_or("");
      const int revision = item.carried_revision ? static_cast<int>(*item.carried_revision) : -1;
      session << "INSERT INTO newsletter_items (issue_id, position, complaint_id, carried_revision, heading, body)"
                 " VALUES (:id::uuid, :position, nullif(:complaint, '')::uuid, nullif(:revision, -1), :heading, :body)",
          soci::use(id, "id"), soci::use(position, "position"), soci::use(complaint, "complaint"),
          soci::use(revision, "revision"), soci::use(item.heading, "heading"), soci::use(item.body, "body");
    }
    transaction.commit();
    return {};
  });
}

Result<void> NewsletterStore::ApplyStep(const std::string& id, std::uint32_t expected_version, const IssueStep& step) {
  return database_.Run("newsletter issue step", [&](soci::session& session) -> Result<void> {
    soci::transaction transaction(session);
    // The cases the guards read must be as they were read: held still to
    // the commit, so a revision drafted meanwhile waits or refuses.
    for (const auto& [complaint_id, version] : step.case_versions) {
      int now_version = -1;
      const int read = static_cast<int>(version);
      session << "SELECT version FROM case_state WHERE id = :id::uuid FOR SHARE", soci::use(complaint_id, "id"),
          soci::into(now_version);
      if (now_version != read) {
        return std::unexpected(Stale("a case the issue writes about changed meanwhile: try again"));
      }
    }
    if (step.requires_no_hold) {
      int holds = 0;
      session << "SELECT count(*) FROM publication_holds WHERE lifted_at IS NULL", soci::into(holds);
      if (holds > 0) return std::unexpected(Stale("a publication hold was set meanwhile"));
    }
    if (!WriteStep(session, id, expected_version, step)) {
      return std::unexpected(Stale("the issue was changed meanwhile: open it again"));
    }
    if (step.releases) {
      const long long at = ToUnixMicros(step.at);
      soci::statement queue =
          (session.prepare << "INSERT INTO newsletter_deliveries (issue_id, subscriber_id, state, next_attempt_at)"
                              " SELECT :id::uuid, s.id, 'queued', " OF_MICROS_TO_TIMESTAMPTZ(":now")
                              " FROM newsletter_subscribers s, newsletter_issues i"
                              " WHERE s.state = 'confirmed' AND i.id = :id2::uuid AND i.to_subscribers",
           soci::use(id, "id"), soci::use(at, "now"), soci::use(id, "id2"));
      queue.execute(true);
      // The lists' members by address: one on two lists, or a subscriber
      // as well, gets one copy.
      soci::statement to_lists =
          (session.prepare << "INSERT INTO newsletter_deliveries (issue_id, email, state, next_attempt_at)"
                              " SELECT DISTINCT :id::uuid, m.email, 'queued', " OF_MICROS_TO_TIMESTAMPTZ(":now")
                              " FROM product_lists l JOIN distribution_list_members m ON m.list_id = l.list_id"
                              " WHERE l.issue_id = :id2::uuid AND NOT EXISTS (SELECT 1 FROM newsletter_deliveries d"
                              "   JOIN newsletter_subscribers s ON s.id = d.subscriber_id"
                              "   WHERE d.issue_id = :id3::uuid AND s.email = m.email)",
           soci::use(id, "id"), soci::use(at, "now"), soci::use(id, "id2"), soci::use(id, "id3"));
      to_lists.execute(true);
      const int recipients = static_cast<int>(queue.get_affected_rows() + to_lists.get_affected_rows());
      if (!step.document_html.empty()) {
        session << "INSERT INTO product_documents (issue_id, html) VALUES (:id::uuid, :html)"
                   " ON CONFLICT (issue_id) DO UPDATE SET html = excluded.html, pdf = NULL, rendered_at = NULL",
            soci::use(id, "id"), soci::use(step.document_html, "html");
      }
      session << "UPDATE newsletter_issues SET released_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ","
                 " recipients = :recipients WHERE id = :id::uuid",
          soci::use(at, "now"), soci::use(recipients, "recipients"), soci::use(id, "id");
    }
    transaction.commit();
    return {};
  });
}

Result<std::vector<ClaimedDelivery>> NewsletterStore::Claim(const std::string& claim, Timestamp now,
                                                            Timestamp lease_until, int limit) {
  return database_.Run("claim newsletter deliveries", [&](soci::session& session) -> Result<std::vector<ClaimedDelivery>> {
    const long long at = ToUnixMicros(now);
    const long long until = ToUnixMicros(lease_until);
    std::vector<ClaimedDelivery> claimed;
    soci::rowset<soci::row> rows =
        (session.prepare
             << "WITH due AS (SELECT id FROM newsletter_deliveries"
                "   WHERE next_attempt_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now1")
                "   AND (state = 'queued' OR (state IN ('sending', 'ending') AND lease_until <= " OF_MICROS_TO_TIMESTAMPTZ(":now2") "))"
                "   ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)"
                " UPDATE newsletter_deliveries d SET state = 'sending', claim = :claim::uuid, attempts = d.attempts + 1,"
                "   lease_until = " OF_MICROS_TO_TIMESTAMPTZ(":until")
                " FROM due WHERE d.id = due.id"
                " RETURNING d.id, d.issue_id::text, coalesce(d.subscriber_id::text, ''),"
                "   coalesce(d.email, (SELECT s.email FROM newsletter_subscribers s WHERE s.id = d.subscriber_id), ''),"
                "   coalesce((SELECT s.unsubscribe_token FROM newsletter_subscribers s WHERE s.id = d.subscriber_id), ''),"
                "   d.attempts,"
                "   coalesce((SELECT min(dl.name) FROM product_lists pl JOIN distribution_lists dl ON dl.id = pl.list_id"
                "     JOIN distribution_list_members m ON m.list_id = dl.id"
                "     WHERE pl.issue_id = d.issue_id AND m.email = d.email), ''), d.message_token",
         soci::use(at, "now1"), soci::use(at, "now2"), soci::use(limit, "limit"), soci::use(claim, "claim"),
         soci::use(until, "until"));
    for (const soci::row& row : rows) {
      claimed.push_back({row.get<long long>(0), row.get<std::string>(1), row.get<std::string>(2),
                         row.get<std::string>(3), row.get<std::string>(4), row.get<int>(5), row.get<std::string>(6),
                         row.get<std::string>(7)});
    }
    return claimed;
  });
}

Result<bool> NewsletterStore::MarkEnding(const ClaimedDelivery& delivery, const std::string& claim,
                                         Timestamp lease_until) {
  return database_.Run("newsletter delivery ending", [&](soci::session& session) -> Result<bool> {
    const long long until = ToUnixMicros(lease_until);
    soci::statement update =
        (session.prepare << "UPDATE newsletter_deliveries SET state = 'ending', lease_until = "
                            OF_MICROS_TO_TIMESTAMPTZ(":until")
                            " WHERE id = :delivery AND state = 'sending' AND claim = :claim::uuid",
         soci::use(until, "until"), soci::use(delivery.id, "delivery"), soci::use(claim, "claim"));
    update.execute(true);
    return update.get_affected_rows() == 1;
  });
}

Result<bool> NewsletterStore::MarkSent(const ClaimedDelivery& delivery, const std::string& claim, Timestamp now) {
  return database_.Run("newsletter delivery sent", [&](soci::session& session) -> Result<bool> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    soci::statement update =
        (session.prepare << "UPDATE newsletter_deliveries SET state = 'sent', sent_at = " OF_MICROS_TO_TIMESTAMPTZ(":now")
                            ", lease_until = NULL, last_error = NULL"
                            " WHERE id = :delivery AND state = 'ending' AND claim = :claim::uuid",
         soci::use(at, "now"), soci::use(delivery.id, "delivery"), soci::use(claim, "claim"));
    update.execute(true);
    if (update.get_affected_rows() != 1) return false;
    session << "UPDATE newsletter_issues SET sent_count = sent_count + 1 WHERE id = :issue::uuid",
        soci::use(delivery.issue_id, "issue");
    transaction.commit();
    return true;
  });
}

Result<void> NewsletterStore::Retry(const ClaimedDelivery& delivery, const std::string& claim,
                                    Timestamp next_attempt_at, const std::string& error, bool reached_end) {
  return database_.Run("newsletter delivery retry", [&](soci::session& session) -> Result<void> {
    const long long next = ToUnixMicros(next_attempt_at);
    const std::string from = reached_end ? "ending" : "sending";
    session << "UPDATE newsletter_deliveries SET state = 'queued', lease_until = NULL,"
               " next_attempt_at = " OF_MICROS_TO_TIMESTAMPTZ(":next") ", last_error = left(:error, 500)"
               " WHERE id = :delivery AND state = :from AND claim = :claim::uuid",
        soci::use(next, "next"), soci::use(error, "error"), soci::use(delivery.id, "delivery"), soci::use(from, "from"),
        soci::use(claim, "claim");
    return {};
  });
}

Result<void> NewsletterStore::Fail(const ClaimedDelivery& delivery, const std::string& claim, const std::string& error,
                                   bool reached_end) {
  return database_.Run("newsletter delivery failed", [&](soci::session& session) -> Result<void> {
    soci::transaction transaction(session);
    const std::string from = reached_end ? "ending" : "sending";
    soci::statement update =
        (session.prepare << "UPDATE newsletter_deliveries SET state = 'failed', lease_until = NULL,"
                            " last_error = left(:error, 500)"
                            " WHERE id = :delivery AND state = :from AND claim = :claim::uuid",
         soci::use(error, "error"), soci::use(delivery.id, "delivery"), soci::use(from, "from"),
         soci::use(claim, "claim"));
    update.execute(true);
    if (update.get_affected_rows() == 1) {
      session << "UPDATE newsletter_issues SET failed_count = failed_count + 1 WHERE id = :issue::uuid",
          soci::use(delivery.issue_id, "issue");
    }
    transaction.commit();
    return {};
  });
}

Result<void> NewsletterStore::Bounce(const ClaimedDelivery& delivery, const std::string& claim, Timestamp now) {
  return database_.Run("newsletter hard bounce", [&](soci::session& session) -> Result<void> {
    soci::transaction transaction(session);
    if (delivery.subscriber_id.empty()) {
      // A list member's address: the office keeps its lists, and is told
      // by the failed delivery; the member stays until they remove it.
      soci::statement update =
          (session.prepare << "UPDATE newsletter_deliveries SET state = 'failed', lease_until = NULL,"
                              " last_error = 'the address does not exist (hard bounce)'"
                              " WHERE id = :delivery AND state = 'sending' AND claim = :claim::uuid",
           soci::use(delivery.id, "delivery"), soci::use(claim, "claim"));
      update.execute(true);
      if (update.get_affected_rows() == 1) {
        session << "UPDATE newsletter_issues SET bounced_count = bounced_count + 1 WHERE id = :issue::uuid",
            soci::use(delivery.issue_id, "issue");
      }
      transaction.commit();
      return {};
    }
    soci::statement remove = (session.prepare << "DELETE FROM newsletter_subscribers WHERE id = :id::uuid",
                              soci::use(delivery.subscriber_id, "id"));
    remove.execute(true);
    if (remove.get_affected_rows() == 1) {
      Count(session, "bounced", ToUnixMicros(now));
      session << "UPDATE newsletter_issues SET bounced_count = bounced_count + 1 WHERE id = :issue::uuid",
          soci::use(delivery.issue_id, "issue");
    }
    transaction.commit();
    return {};
  });
}

Result<LateBounceOutcome> NewsletterStore::LateBounce(const ProductDelivery& delivery, const std::string& address,
                                                      bool hard, const std::string& reason, Timestamp retry_at,
                                                      int max_attempts, Timestamp now) {
  if (!IsUuid(delivery.issue_id)) return LateBounceOutcome::kIgnored;
  return database_.Run("newsletter late bounce", [&](soci::session& session) -> Result<LateBounceOutcome> {
    soci::transaction transaction(session);
    // The subscriber is locked before the delivery, in the order an
    // unsubscription's cascade takes them.
    std::string subscriber;
    soci::indicator has_subscriber = soci::i_null;
    session << "SELECT subscriber_id::text FROM newsletter_deliveries WHERE id = :delivery",
        soci::use(delivery.delivery_id, "delivery"), soci::into(subscriber, has_subscriber);
    if (!session.got_data()) return LateBounceOutcome::kIgnored;
    if (has_subscriber == soci::i_ok) {
      int locked = 0;
      session << "SELECT 1 FROM newsletter_subscribers WHERE id = :id::uuid FOR UPDATE", soci::use(subscriber, "id"),
          soci::into(locked);
      if (!session.got_data()) return LateBounceOutcome::kIgnored;  // left already
    } else {
      subscriber.clear();
    }
    std::string state;
    std::string email;
    int attempts = 0;
    session << "SELECT d.state, coalesce(d.email, s.email, ''), d.attempts"
               " FROM newsletter_deliveries d LEFT JOIN newsletter_subscribers s ON s.id = d.subscriber_id"
               " WHERE d.id = :delivery AND d.issue_id = :issue::uuid AND d.message_token = :token FOR UPDATE OF d",
        soci::use(delivery.delivery_id, "delivery"), soci::use(delivery.issue_id, "issue"),
        soci::use(delivery.message_token, "token"), soci::into(state), soci::into(email), soci::into(attempts);
    // A report naming another address than the delivery's, or without its
    // token, is nobody's to heed.
    if (!session.got_data() || email != address) return LateBounceOutcome::kIgnored;
    // The server's 250 may be on its way to this row's "sent".
    if (state == "ending") return LateBounceOutcome::kNotYet;
    if (state != "sent") return LateBounceOutcome::kIgnored;
    const long long at = ToUnixMicros(now);
    LateBounceOutcome outcome = LateBounceOutcome::kFailed;
    std::string counter = "failed_count = failed_count + 1";
    if (hard && !subscriber.empty()) {
      // Its deliveries go with it (ON DELETE CASCADE); the counts stay.
      session << "DELETE FROM newsletter_subscribers WHERE id = :id::uuid", soci::use(subscriber, "id");
      Count(session, "bounced", at);
      outcome = LateBounceOutcome::kRemoved;
      counter = "bounced_count = bounced_count + 1";
    } else if (hard || attempts >= max_attempts) {
      session << "UPDATE newsletter_deliveries SET state = 'failed', sent_at = NULL, last_error = left(:reason, 500)"
                 " WHERE id = :delivery",
          soci::use(reason, "reason"), soci::use(delivery.delivery_id, "delivery");
      if (hard) counter = "bounced_count = bounced_count + 1";
    } else {
      const long long retry = ToUnixMicros(retry_at);
      session << "UPDATE newsletter_deliveries SET state = 'queued', sent_at = NULL, claim = NULL,"
                 " next_attempt_at = " OF_MICROS_TO_TIMESTAMPTZ(":retry") ", last_error = left(:reason, 500)"
                 " WHERE id = :delivery",
          soci::use(retry, "retry"), soci::use(reason, "reason"), soci::use(delivery.delivery_id, "delivery");
      outcome = LateBounceOutcome::kRequeued;
      counter.clear();
    }
    // It was counted sent when the server took it; it did not arrive.
    session << "UPDATE newsletter_issues SET sent_count = sent_count - 1" + (counter.empty() ? "" : ", " + counter) +
                   " WHERE id = :issue::uuid",
        soci::use(delivery.issue_id, "issue");
    transaction.commit();
    return outcome;
  });
}

Result<std::optional<std::string>> NewsletterStore::DocumentPdf(const std::string& issue_id) {
  if (!IsUuid(issue_id)) return std::optional<std::string>();
  return database_.Run("product document", [&](soci::session& session) -> Result<std::optional<std::string>> {
    std::string pdf;
    soci::indicator present = soci::i_null;
    session << "SELECT encode(pdf, 'hex') FROM product_documents WHERE issue_id = :id::uuid AND pdf IS NOT NULL",
        soci::use(issue_id, "id"), soci::into(pdf, present);
    if (!session.got_data() || present != soci::i_ok) return std::optional<std::string>();
    auto bytes = HexDecode(pdf);
    if (!bytes) return std::unexpected(MakeError(ErrorCode::kInternal, "a product's PDF did not read back"));
    return std::optional<std::string>(std::move(*bytes));
  });
}

Result<std::vector<PendingDocument>> NewsletterStore::PendingDocuments(int limit) {
  return database_.Run("pending product documents", [&](soci::session& session) -> Result<std::vector<PendingDocument>> {
    std::vector<PendingDocument> pending;
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT p.issue_id::text, p.html, p.attempts FROM product_documents p"
                            " JOIN newsletter_issues i ON i.id = p.issue_id"
                            " WHERE p.pdf IS NULL AND p.attempts < 8 ORDER BY i.released_at, p.issue_id LIMIT :limit",
         soci::use(limit, "limit"));
    for (const soci::row& row : rows) pending.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<int>(2)});
    return pending;
  });
}

Result<void> NewsletterStore::SaveDocumentPdf(const std::string& issue_id, const std::string& pdf, Timestamp now) {
  return database_.Run("save product document", [&](soci::session& session) -> Result<void> {
    const std::string encoded = HexEncode(pdf);
    const long long at = ToUnixMicros(now);
    session << "UPDATE product_documents SET pdf = decode(:pdf, 'hex'), rendered_at = "
               OF_MICROS_TO_TIMESTAMPTZ(":now") ", attempts = attempts + 1, last_error = NULL WHERE issue_id = :id::uuid",
        soci::use(encoded, "pdf"), soci::use(at, "now"), soci::use(issue_id, "id");
    return {};
  });
}

Result<void> NewsletterStore::DocumentFailed(const std::string& issue_id, const std::string& error) {
  return database_.Run("product document failed", [&](soci::session& session) -> Result<void> {
    session << "UPDATE product_documents SET attempts = attempts + 1, last_error = left(:error, 500)"
               " WHERE issue_id = :id::uuid",
        soci::use(error, "error"), soci::use(issue_id, "id");
    return {};
  });
}

}  // namespace ombudsflow::store
