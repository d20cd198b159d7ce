#pragma once
// Thin RAII layer over SQLite: a connection, prepared statements, and transactions that roll
// back unless committed, so a failed import leaves the workspace as it was.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cityregions {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement& bind(int index, int64_t v);
  Statement& bind(int index, int v) { return bind(index, static_cast<int64_t>(v)); }
  Statement& bind(int index, double v);
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, std::span<const uint8_t> blob);
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind_null(index);
  }

  // Advances; true when a row is available.
  bool step();
  // Runs to completion (for statements without result rows).
  void run();
  void reset();

  bool is_null(int col) const;
  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL of the current row.
  int type(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::span<const uint8_t> blob(int col) const;
  int columns() const;
  std::string column_name(int col) const;

 private:
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt_;
};

class Database {
 public:
  enum class Mode { open_existing, create };
  Database(const std::filesystem::path& path, Mode mode);

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_.get(), sql); }
  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
  sqlite3* handle() const { return db_.get(); }
  const std::filesystem::path& path() const { return path_; }
  bool table_exists(const std::string& name);
  bool has_column(const std::string& table, const std::string& column);

 private:
  std::filesystem::path path_;
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() was called.
// Inside another transaction it becomes a savepoint, so that library calls that write in a
// transaction of their own can be composed into a larger all-or-nothing step.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
  bool nested_ = false;
};

// Creates `table` with an autoincrement `fid` and the given columns (name, SQL type) and returns
// an INSERT statement binding the columns in that order (from 1).
struct Column {
  std::string name, type;
};
Statement create_table(Database& db, const std::string& table, const std::vector<Column>& columns);

// Quotes an identifier for SQL ("my ""col""").
std::string quote_ident(std::string_view name);

}  // namespace cityregions
