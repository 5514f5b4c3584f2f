#include "engine/store/distribution_list_store.h"

#include <soci/soci.h>

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<std::vector<DistributionList>> DistributionListStore::Lists() {
  return database_.Run("distribution lists", [&](soci::session& session) -> Result<std::vector<DistributionList>> {
    std::vector<DistributionList> lists;
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT l.id::text, l.name, l.description,"
                            " (SELECT count(*) FROM distribution_list_members m WHERE m.list_id = l.id)::integer"
                            " FROM distribution_lists l ORDER BY l.name");
    for (const soci::row& row : rows) {
      lists.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<int>(3)});
    }
    return lists;
  });
}

Result<DistributionList> DistributionListStore::List(const std::string& id) {
  if (!IsUuid(id)) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such distribution list"));
  return database_.Run("distribution list", [&](soci::session& session) -> Result<DistributionList> {
    DistributionList list;
    session << "SELECT id::text, name, description FROM distribution_lists WHERE id = :id::uuid", soci::use(id, "id"),
        soci::into(list.id), soci::into(list.name), soci::into(list.description);
    if (!session.got_data()) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such distribution list"));
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT id::text, name, email, organisation FROM distribution_list_members"
                            " WHERE list_id = :id::uuid ORDER BY lower(name), email",
         soci::use(id, "id"));
    for (const soci::row& row : rows) {
      list.member_list.push_back(
          {row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3)});
    }
    list.members = static_cast<int>(list.member_list.size());
    return list;
  });
}

Result<void> DistributionListStore::CreateList(const std::string& id, const std::string& name,
                                               const std::string& description, const std::string& by, Timestamp now) {
  return database_.Run("create distribution list", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    try {
      session << "INSERT INTO distribution_lists (id, name, description, created_at, created_by)"
                 " VALUES (:id::uuid, :name, :description, " OF_MICROS_TO_TIMESTAMPTZ(":now") ", :by)",
          soci::use(id, "id"), soci::use(name, "name"), soci::use(description, "description"), soci::use(at, "now"),
          soci::use(by, "by");
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kUniqueViolation) {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists, "a list has this name"));
      }
      throw;
    }
    return {};
  });
}

Result<void> DistributionListStore::AddMember(const std::string& list_id, const ListMember& member,
                                              const std::string& by, Timestamp now) {
  if (!IsUuid(list_id)) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such distribution list"));
  return database_.Run("add list member", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    try {
      session << "INSERT INTO distribution_list_members (id, list_id, name, email, organisation, added_at, added_by)"
                 " VALUES (:id::uuid, :list::uuid, :name, :email, :organisation, " OF_MICROS_TO_TIMESTAMPTZ(":now")
                 ", :by)",
          soci::use(member.id, "id"), soci::use(list_id, "list"), soci::use(member.name, "name"),
          soci::use(member.email, "email"), soci::use(member.organisation, "organisation"), soci::use(at, "now"),
          soci::use(by, "by");
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kUniqueViolation) {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists, "the address is on the list"));
      }
      if (SqlState(error) == kForeignKeyViolation) {
        return std::unexpected(MakeError(ErrorCode::kNotFound, "no such distribution list"));
      }
      throw;
    }
    return {};
  });
}

Result<bool> DistributionListStore::RemoveMember(const std::string& list_id, const std::string& member_id) {
  if (!IsUuid(list_id) || !IsUuid(member_id)) return false;
  return database_.Run("remove list member", [&](soci::session& session) -> Result<bool> {
    soci::statement remove =
        (session.prepare << "DELETE FROM distribution_list_members WHERE id = :id::uuid AND list_id = :list::uuid",
         soci::use(member_id, "id"), soci::use(list_id, "list"));
    remove.execute(true);
    return remove.get_affected_rows() == 1;
  });
}

}  // namespace ombudsflow::store
