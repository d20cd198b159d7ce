#include "store/result_tables.hpp"

#include <array>
#include <regex>

#include "core/error.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace {

// Tables the workspace keeps its own data in, whether they exist yet or not.
constexpr std::array kReserved = {"municipalities", "region_meta", "networks",      "sources",          "users",
                                  "sites",          "audit",       "cases",         "motorway_junctions", "transit_feeds",
                                  "transit_stops",  "result_tables", "grid100m",    "grid250m",         "grid1km",
                                  "artefacts",      "artefact_swaps"};

void ensure_registry(Database& db) {
  if (db.table_exists("result_tables")) return;
  db.exec("CREATE TABLE result_tables (name TEXT PRIMARY KEY, kind TEXT NOT NULL, written_at TEXT NOT NULL)");
  // Results written before the registry existed, recognised by the names the analyses give them.
  db.exec(
      "INSERT INTO result_tables SELECT name, 'result', strftime('%Y-%m-%dT%H:%M:%SZ','now') FROM sqlite_master "
      "WHERE type = 'table' AND (name LIKE 'matrix\\_%' ESCAPE '\\' OR name LIKE 'access\\_%' ESCAPE '\\' OR "
      "name LIKE 'diff\\_%' ESCAPE '\\' OR name LIKE 'ranking\\_%' ESCAPE '\\' OR name = 'enquiry')");
}

}  // namespace

bool is_result_table(Database& db, const std::string& name) {
  if (!db.table_exists("result_tables")) return false;
  auto st = db.prepare("SELECT 1 FROM result_tables WHERE name = ?");
  st.bind(1, name);
  return st.step();
}

void replace_result_table(Database& db, const std::string& name, const std::string& kind) {
  static const std::regex plain("[A-Za-z][A-Za-z0-9_-]{0,62}");
  if (!std::regex_match(name, plain))
    throw Error("'" + name + "': a result table is named with letters, digits, '_' and '-' (at most 63, a letter first)");
  std::string lower = name;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* prefix : {"gpkg_", "rtree_", "sqlite_"})
    if (lower.starts_with(prefix)) throw Error("'" + name + "': names beginning with " + prefix + " belong to the GeoPackage");
  for (const char* reserved : kReserved)
    if (lower == reserved || lower == std::string(reserved) + "_audit")
      throw Error("'" + name + "': the workspace keeps its own data in a table of that name; choose another name");
  ensure_registry(db);
  // SQLite table names are case-insensitive: find an existing table whatever its case.
  auto existing = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = ?");
  existing.bind(1, lower);
  if (existing.step()) {
    const std::string found = existing.text(0);
    existing.reset();
    if (!is_result_table(db, found))
      throw Error("'" + name + "': a table of that name holds other data of the workspace; choose another name");
    gpkg_drop(db, found);
    auto forget = db.prepare("DELETE FROM result_tables WHERE name = ?");
    forget.bind(1, found).run();
  }
  auto reg = db.prepare(
      "INSERT OR REPLACE INTO result_tables VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
  reg.bind(1, name).bind(2, kind).run();
}

}  // namespace cityregions
