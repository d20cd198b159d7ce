#include "store/audit.hpp"

#include "store/gpkg.hpp"

namespace cityregions {

void ensure_audit_table(Database& db) {
  if (db.table_exists("audit")) return;
  db.exec(R"(CREATE TABLE audit (fid INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL,
      action TEXT NOT NULL, layer TEXT NOT NULL, record TEXT NOT NULL, field TEXT, old_value TEXT, new_value TEXT))");
  gpkg_register_attributes(db, "audit", "Who changed what, when (old → new)");
}

void log_audit(Database& db, const std::string& who, const std::string& action, const std::string& layer,
               const std::string& record, const std::string& field, const std::string& old_value, const std::string& new_value) {
  ensure_audit_table(db);
  auto st = db.prepare(
      "INSERT INTO audit (at, who, action, layer, record, field, old_value, new_value) "
      "VALUES (strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), nullif(?, ''))");
  st.bind(1, who).bind(2, action).bind(3, layer).bind(4, record).bind(5, field).bind(6, old_value).bind(7, new_value).run();
}

std::vector<AuditEntry> read_audit(Database& db, const std::string& layer, const std::string& record, size_t limit) {
  std::vector<AuditEntry> out;
  if (!db.table_exists("audit")) return out;
  auto st = db.prepare(
      "SELECT at, who, action, layer, record, coalesce(field,''), coalesce(old_value,''), coalesce(new_value,'') FROM "
      "(SELECT * FROM audit WHERE (?1 = '' OR layer = ?1) AND (?2 = '' OR record = ?2) ORDER BY fid DESC LIMIT ?3) ORDER BY fid");
  st.bind(1, layer).bind(2, record).bind(3, static_cast<int64_t>(limit));
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6), st.text(7)});
  return out;
}

}  // namespace cityregions
