// Crash safety (issue 11): imports and result-writing runs killed with SIGKILL at random moments.
// After each kill the workspace must open, pass PRAGMA integrity_check, and hold exactly the state
// before the operation or exactly the state after it — every file compared (the database by its
// rows, artefact files by their bytes), with only the import's time stamps and build id masked.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "store/sqlite.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;
namespace fs = std::filesystem;

namespace {

const std::string kSource = CITYREGIONS_SOURCE_DIR;

// Every table's rows, sorted, with time stamps and 32-digit build ids replaced by placeholders.
std::string database_state(const fs::path& file) {
  Database db(file, Database::Mode::open_existing);
  std::vector<std::string> tables;
  auto st = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name");
  std::string out;
  while (st.step()) {
    tables.push_back(st.text(0));
    out += st.text(1) + "\n";
  }
  static const std::regex stamp(R"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?Z?)"), id(R"(\b[0-9a-f]{32}\b)");
  for (const auto& t : tables) {
    if (t == "sqlite_sequence") continue;
    std::vector<std::string> rows;
    auto r = db.prepare("SELECT * FROM " + quote_ident(t));
    while (r.step()) {
      std::string row;
      for (int c = 0; c < r.columns(); ++c) {
        if (r.is_null(c)) {
          row += "NULL|";
        } else if (r.type(c) == SQLITE_BLOB) {
          const auto b = r.blob(c);
          row += std::to_string(std::hash<std::string_view>{}({reinterpret_cast<const char*>(b.data()), b.size()})) + "|";
        } else {
          row += r.text(c) + "|";
        }
      }
      rows.push_back(std::regex_replace(std::regex_replace(row, stamp, "<time>"), id, "<build>"));
    }
    std::sort(rows.begin(), rows.end());
    out += t + ": " + std::to_string(rows.size()) + " rows\n";
    for (const auto& row : rows) out += row + "\n";
  }
  return out;
}

// The workspace: its database's state and every other file (build id bytes 36–67 of the binary
// artefacts masked: magic 8, version 4, then the id as a text table of 24 + 32 bytes).
std::string workspace_state(const fs::path& ws) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(ws)) {
    if (!e.is_regular_file()) continue;
    const std::string name = fs::relative(e.path(), ws).string();
    // SQLite's own side files: a process killed while it creates its rollback journal leaves an
    // empty one, which SQLite ignores (not hot) and removes with the next write. The database's
    // state is its content as SQLite reads it.
    if (name == "region.gpkg-journal" || name == "region.gpkg-wal" || name == "region.gpkg-shm") continue;
    if (name == "region.gpkg") {
      files[name] = database_state(e.path());
      continue;
    }
    std::string bytes = read_file(e.path());
    if (bytes.size() >= 68 && bytes.compare(0, 2, "CR") == 0) bytes.replace(36, 32, 32, '-');
    files[name] = std::to_string(bytes.size()) + ":" + std::to_string(std::hash<std::string>{}(bytes));
  }
  std::string out;
  for (const auto& [name, content] : files) out += "== " + name + "\n" + content + "\n";
  return out;
}

bool integrity_ok(const fs::path& ws) {
  Database db(ws / "region.gpkg", Database::Mode::open_existing);
  auto st = db.prepare("PRAGMA integrity_check");
  return st.step() && st.text(0) == "ok";
}

// The first line where a state differs from both references, for the failure message.
std::string first_difference(const std::string& state, const std::string& before, const std::string& after) {
  std::istringstream s(state), b(before), a(after);
  std::string ls, lb, la, section;
  for (int line = 1; std::getline(s, ls); ++line) {
    if (!std::getline(b, lb)) lb.clear();
    if (!std::getline(a, la)) la.clear();
    if (ls.rfind("== ", 0) == 0) section = ls;
    if (ls != lb && ls != la) return section + " line " + std::to_string(line) + ": '" + ls + "' (before '" + lb + "', after '" + la + "')";
  }
  return "(lengths differ)";
}

std::vector<std::string> split_args(const std::string& args) {
  std::istringstream in(args);
  std::vector<std::string> v;
  for (std::string a; in >> a;) v.push_back(a);
  return v;
}

// Runs the CLI with `args` (no quoting: the paths hold no spaces) and kills it after `kill_after`,
// unless it ended before. Returns the milliseconds it ran, and whether it was killed.
std::pair<long, bool> run_and_kill(const std::string& args, std::chrono::milliseconds kill_after) {
  std::vector<std::string> argv_s = split_args(std::string(CITYREGIONS_CLI) + " --quiet " + args);
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();  // the child must not write the parent's buffered output again
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  bool killed = false;
  for (;;) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    if (std::chrono::steady_clock::now() - start >= kill_after) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      killed = WIFSIGNALED(status);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!killed) {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << args;
  }
  return {std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count(), killed};
}

void copy_workspace(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

TEST(CrashSafety, KilledOperationsLeaveTheStateBeforeOrAfter) {
  TempDir dir;
  const fs::path base = dir / "base";
  const std::string b = base.string();
  for (const std::string& args :
       {"region create " + b + " --name Rhein-Neckar",
        "import municipalities " + b + " " + data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson").string() +
            " --key AGS --name GEN --population population_2019 --attribution BKG",
        "grid " + b + " --resolution 1000", "disaggregate " + b + " --zones grid1km --column population"}) {
    const auto r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.err;
  }
  // The operations, each on the state the previous one left (WS is the workspace's place).
  const std::vector<std::pair<std::string, std::string>> operations = {
      {"import osm", "import osm WS " + data_path("rhein-neckar-rnv/rnv-highways.osm.pbf").string() + " --profile highways-only"},
      {"import gtfs", "import gtfs WS " + data_path("rhein-neckar-rnv/rnv-gtfs-2016.zip").string() + " --name rnv --attribution rnv"},
      {"sites import", "sites import WS " + kSource + "/data/examples/sites-rhein-neckar.geojson --mapping " + kSource +
                           "/data/examples/sites-mapping.toml"},
      {"access", "access WS --mode car --minutes 15,30 --zones grid1km"}};
  // Per operation 6 trials (24 in all); CITYREGIONS_CRASH_TRIALS=N for a longer hunt.
  const int trials = std::getenv("CITYREGIONS_CRASH_TRIALS") ? std::atoi(std::getenv("CITYREGIONS_CRASH_TRIALS")) : 6;
  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  std::cout << "crash safety: seed " << seed << "\n";
  int before_count = 0, after_count = 0;
  for (const auto& [what, pattern] : operations) {
    const auto with = [&](const fs::path& ws) { return std::regex_replace(pattern, std::regex("WS"), ws.string()); };
    // The reference: the operation run to its end on a copy.
    const fs::path after = dir / "after";
    copy_workspace(base, after);
    const auto [full_ms, killed] = run_and_kill(with(after), std::chrono::minutes(10));
    ASSERT_FALSE(killed);
    ASSERT_EQ(run_cli("region info " + after.string()).exit_code, 0);
    const std::string state_before = workspace_state(base), state_after = workspace_state(after);
    ASSERT_NE(state_before, state_after) << what << " changed nothing";
    std::uniform_int_distribution<long> moment(1, full_ms + full_ms / 10);
    for (int t = 0; t < trials; ++t) {
      const fs::path trial = dir / "trial";
      copy_workspace(base, trial);
      const long at = moment(rng);
      const auto [ran, was_killed] = run_and_kill(with(trial), std::chrono::milliseconds(at));
      const auto info = run_cli("region info " + trial.string());
      ASSERT_EQ(info.exit_code, 0) << what << " killed at " << at << " ms: the workspace does not open\n" << info.err;
      ASSERT_TRUE(integrity_ok(trial)) << what << " killed at " << at << " ms";
      const std::string state = workspace_state(trial);
      const bool is_before = state == state_before, is_after = state == state_after;
      EXPECT_TRUE(is_before || is_after) << what << " killed at " << at << " ms of " << full_ms
                                         << ": neither the state before nor after (seed " << seed << "): "
                                         << first_difference(state, state_before, state_after);
      before_count += is_before;
      after_count += is_after;
      std::cout << "  " << what << ": " << (was_killed ? "killed at " : "ended before ") << at << " ms of " << full_ms
                << " ms -> " << (is_before ? "before" : is_after ? "after" : "NEITHER") << "\n";
    }
    copy_workspace(after, base);
  }
  std::cout << "crash safety: " << before_count << " trials left the state before, " << after_count << " the state after\n";
  EXPECT_GT(before_count, 0);
}

}  // namespace
