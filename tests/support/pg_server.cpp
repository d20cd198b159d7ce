#include "support/pg_server.hpp"

#include <unistd.h>

#include <cstdlib>
#include <random>
#include <stdexcept>

namespace cityregions::test {

namespace {
const std::string kBin = "/usr/lib/postgresql/15/bin/";

void run(const std::string& cmd) {
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("command failed: " + cmd);
}
}  // namespace

PgServer::PgServer() {
  const auto data = tmp_.path() / "data";
  run("chown postgres " + tmp_.path().string());
  run("runuser -u postgres -- " + kBin + "initdb -D " + data.string() +
      " -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 > " + (tmp_.path() / "initdb.log").string() + " 2>&1");
  std::random_device rd;
  for (int attempt = 0; attempt < 5 && !started_; ++attempt) {
    port_ = 20000 + static_cast<int>(rd() % 20000);
    const std::string cmd = "runuser -u postgres -- " + kBin + "pg_ctl -D " + data.string() + " -l " +
                            (tmp_.path() / "server.log").string() + " -w -o \"-c listen_addresses=127.0.0.1 -p " +
                            std::to_string(port_) + " -k " + tmp_.path().string() + " -c fsync=off\" start > /dev/null";
    started_ = std::system(cmd.c_str()) == 0;
  }
  if (!started_) throw std::runtime_error("could not start PostgreSQL; see " + (tmp_.path() / "server.log").string());
}

PgServer::~PgServer() {
  if (started_)
    (void)std::system(("runuser -u postgres -- " + kBin + "pg_ctl -D " + (tmp_.path() / "data").string() +
                       " -m immediate stop > /dev/null 2>&1")
                          .c_str());
}

std::string PgServer::sql(const std::string& statements) {
  const auto script = tmp_.path() / "script.sql";
  const auto out = tmp_.path() / "out.txt";
  write_file(script, statements);
  run(kBin + "psql -X -q -v ON_ERROR_STOP=1 -At -F, -h 127.0.0.1 -p " + std::to_string(port_) +
      " -U postgres -d postgres -f " + script.string() + " > " + out.string() + " 2> " + (tmp_.path() / "psql.err").string() +
      " || (cat " + (tmp_.path() / "psql.err").string() + " >&2; false)");
  return read_file(out);
}

}  // namespace cityregions::test
