#include "core/output_file.hpp"

#include <sqlite3.h>

#include "core/error.hpp"

namespace cityregions {

bool is_workspace_database(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  sqlite3* db = nullptr;
  bool workspace = false;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = 'region_meta'", -1, &st, nullptr) == SQLITE_OK)
      workspace = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return workspace;
}

std::ofstream open_output_file(const std::filesystem::path& path) {
  if (is_workspace_database(path))
    throw Error(path.string() + ": is a workspace's database; write the output to another file");
  std::ofstream out(path, std::ios::trunc);
  if (!out) throw Error(path.string() + ": cannot write");
  return out;
}

}  // namespace cityregions
