#include "store/sqlite.hpp"

#include "core/error.hpp"

namespace cityregions {

namespace {
[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw Error(std::string("database: ") + std::string(what) + ": " + sqlite3_errmsg(db));
}
}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db), stmt_(nullptr, sqlite3_finalize) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK)
    fail(db, "prepare '" + std::string(sql.substr(0, 80)) + "'");
  stmt_.reset(s);
}

Statement& Statement::bind(int i, int64_t v) {
  if (sqlite3_bind_int64(stmt_.get(), i, v) != SQLITE_OK) fail(db_, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (sqlite3_bind_double(stmt_.get(), i, v) != SQLITE_OK) fail(db_, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  if (sqlite3_bind_text(stmt_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::span<const uint8_t> b) {
  if (sqlite3_bind_blob(stmt_.get(), i, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  if (sqlite3_bind_null(stmt_.get(), i) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "step");
}
void Statement::run() {
  while (step()) {
  }
  reset();
}
void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

int Statement::type(int col) const { return sqlite3_column_type(stmt_.get(), col); }
bool Statement::is_null(int c) const { return sqlite3_column_type(stmt_.get(), c) == SQLITE_NULL; }
int64_t Statement::int64(int c) const { return sqlite3_column_int64(stmt_.get(), c); }
double Statement::real(int c) const { return sqlite3_column_double(stmt_.get(), c); }
std::string Statement::text(int c) const {
  const auto* p = sqlite3_column_text(stmt_.get(), c);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), c)))
           : std::string();
}
std::span<const uint8_t> Statement::blob(int c) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_.get(), c));
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), c))};
}
int Statement::columns() const { return sqlite3_column_count(stmt_.get()); }
std::string Statement::column_name(int c) const { return sqlite3_column_name(stmt_.get(), c); }

Database::Database(const std::filesystem::path& path, Mode mode) : path_(path), db_(nullptr, sqlite3_close) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (mode == Mode::create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  db_.reset(db);
  if (rc != SQLITE_OK) throw Error(path.string() + ": cannot open database: " + (db ? sqlite3_errmsg(db) : "out of memory"));
  sqlite3_busy_timeout(db, 5000);
  exec("PRAGMA foreign_keys = ON");
}

void Database::exec(std::string_view sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error("database: " + msg + " in '" + std::string(sql.substr(0, 80)) + "'");
  }
}

bool Database::table_exists(const std::string& name) {
  auto st = prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?");
  st.bind(1, name);
  return st.step();
}

bool Database::has_column(const std::string& table, const std::string& column) {
  auto st = prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
  st.bind(1, table).bind(2, column);
  return st.step();
}

Transaction::Transaction(Database& db) : db_(db), nested_(sqlite3_get_autocommit(db.handle()) == 0) {
  db_.exec(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
}
Transaction::~Transaction() {
  if (!done_)
    sqlite3_exec(db_.handle(), nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK", nullptr, nullptr, nullptr);
}
void Transaction::commit() {
  db_.exec(nested_ ? "RELEASE nested" : "COMMIT");
  done_ = true;
}

Statement create_table(Database& db, const std::string& table, const std::vector<Column>& columns) {
  std::string create = "CREATE TABLE " + quote_ident(table) + " (fid INTEGER PRIMARY KEY AUTOINCREMENT";
  std::string insert = "INSERT INTO " + quote_ident(table) + " (";
  std::string marks;
  for (size_t i = 0; i < columns.size(); ++i) {
    create += ", " + quote_ident(columns[i].name) + " " + columns[i].type;
    insert += (i ? ", " : "") + quote_ident(columns[i].name);
    marks += i ? ", ?" : "?";
  }
  db.exec(create + ")");
  return db.prepare(insert + ") VALUES (" + marks + ")");
}

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace cityregions
