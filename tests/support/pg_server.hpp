#pragma once
// A private PostgreSQL 15 server for one test: its own data directory and port on 127.0.0.1,
// started as the postgres user (initdb refuses root), stopped and removed at the end.
#include <filesystem>
#include <string>

#include "support/test_support.hpp"

namespace cityregions::test {

class PgServer {
 public:
  PgServer();
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // Runs SQL through psql; returns its unaligned, comma-separated output. Throws on failure.
  std::string sql(const std::string& statements);
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return tmp_.path(); }

 private:
  TempDir tmp_;
  int port_ = 0;
  bool started_ = false;
};

}  // namespace cityregions::test
