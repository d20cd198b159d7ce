#pragma once
// Result layers: the tables analyses write and replace on their next run (matrices, accessibility
// layers and their municipality means, comparisons, rankings). Their names come from users
// (`matrix --table`, `access --name`, `compare --name`), so a result must never replace the data
// the workspace keeps: municipalities, accounts, sites, the audit trail, GeoPackage metadata.
#include <string>

#include "store/sqlite.hpp"

namespace cityregions {

// Clears the way for the result `name` inside the caller's transaction: refuses a name that is not
// a plain name (letters, digits, '_', '-'; at most 63), a name reserved for the workspace's own
// tables or for GeoPackage/SQLite, and an existing table that no analysis wrote; drops the previous
// result of that name and registers the name (table `result_tables`).
void replace_result_table(Database& db, const std::string& name, const std::string& kind);

// Whether `name` is a registered result.
bool is_result_table(Database& db, const std::string& name);

}  // namespace cityregions
