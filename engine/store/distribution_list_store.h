#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A member of a distribution list: a professional address the office keeps.
struct ListMember {
  std::string id;
  std::string name;
  std::string email;
  std::string organisation;
};

/// A named list the office sends its products to (sql/0047_products.sql).
struct DistributionList {
  std::string id;
  std::string name;
  std::string description;
  int members = 0;
  std::vector<ListMember> member_list = {};  // read only for one list
};

/// The office's distribution lists and their members.
class DistributionListStore {
 public:
  explicit DistributionListStore(Database& database) : database_(database) {}

  /// Every list, by name, with its member count.
  [[nodiscard]] Result<std::vector<DistributionList>> Lists();
  /// One list with its members by name; kNotFound when there is none.
  [[nodiscard]] Result<DistributionList> List(const std::string& id);
  /// kAlreadyExists when a list has the name.
  [[nodiscard]] Result<void> CreateList(const std::string& id, const std::string& name, const std::string& description,
                                        const std::string& by, Timestamp now);
  /// kAlreadyExists when the address is on the list; kNotFound without the list.
  [[nodiscard]] Result<void> AddMember(const std::string& list_id, const ListMember& member, const std::string& by,
                                       Timestamp now);
  /// Deletes the member; whether there was one.
  [[nodiscard]] Result<bool> RemoveMember(const std::string& list_id, const std::string& member_id);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
