#pragma once
// The audit trail of a workspace (table `audit`): who changed which record of which layer, when,
// and each field's old and new value. Writers call it inside their own transaction.
#include <string>
#include <vector>

#include "store/sqlite.hpp"

namespace cityregions {

struct AuditEntry {
  std::string at, who, action, layer, record, field, old_value, new_value;
};

void ensure_audit_table(Database& db);
void log_audit(Database& db, const std::string& who, const std::string& action, const std::string& layer,
               const std::string& record, const std::string& field = "", const std::string& old_value = "",
               const std::string& new_value = "");
// Newest last; `layer`/`record` "" = all; at most `limit` entries (the newest).
std::vector<AuditEntry> read_audit(Database& db, const std::string& layer = "", const std::string& record = "",
                                   size_t limit = 100000);

}  // namespace cityregions
