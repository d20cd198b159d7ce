#include "store/artefacts.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "core/binary_file.hpp"
#include "core/error.hpp"
#include "store/workspace.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {
// Where imports keep their files (beside region.gpkg).
constexpr const char* kFolders[] = {"networks", "transit"};

void ensure_tables(Database& db) {
  db.exec("CREATE TABLE IF NOT EXISTS artefacts (file TEXT PRIMARY KEY, build_id TEXT NOT NULL, bytes INTEGER NOT NULL, "
          "written_at TEXT NOT NULL)");
  db.exec("CREATE TABLE IF NOT EXISTS artefact_swaps (staged TEXT, file TEXT PRIMARY KEY)");
}

// The lock: flock on the networks folder (never on the database, whose POSIX locks SQLite owns).
int take_lock(const fs::path& dir, bool wait) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error(dir.string() + ": cannot open (" + std::strerror(errno) + ")");
  if (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string relative(Workspace& ws, const fs::path& file) { return file.lexically_relative(ws.dir()).generic_string(); }

}  // namespace

ArtefactUpdate::ArtefactUpdate(Workspace& ws) : ws_(ws), build_id_(new_build_id()) {
  fs::create_directories(ws.dir() / "networks");
  lock_fd_ = take_lock(ws.dir() / "networks", false);
  if (lock_fd_ < 0) throw Error(ws.dir().string() + ": another import is writing this workspace's networks; try again when it is done");
}

ArtefactUpdate::~ArtefactUpdate() {
  // Not completed (an exception): the database decides. Its swap rows committed, the files follow
  // it; otherwise they never existed. (The caller's transaction, declared after this object, has
  // ended by now.)
  if (!completed_) {
    try {
      bool committed = false;
      if (recorded_ && ws_.db().table_exists("artefact_swaps")) {
        auto st = ws_.db().prepare("SELECT count(*) FROM artefact_swaps");
        committed = st.step() && st.int64(0) > 0;
      }
      if (committed) {
        complete();
      } else {
        std::error_code ec;
        for (const auto& [staged, file] : swaps_)
          if (!staged.empty()) fs::remove(staged, ec);
      }
    } catch (...) {  // what is left is finished or removed by the next open (recover_artefacts)
    }
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing releases the lock
}

fs::path ArtefactUpdate::stage(const fs::path& file) {
  fs::path staged = file;
  staged += ".new";
  swaps_.emplace_back(staged, file);
  return staged;
}

void ArtefactUpdate::remove(const fs::path& file) { swaps_.emplace_back(fs::path{}, file); }

void ArtefactUpdate::record() {
  Database& db = ws_.db();
  ensure_tables(db);
  auto art = db.prepare("INSERT OR REPLACE INTO artefacts VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
  auto del = db.prepare("DELETE FROM artefacts WHERE file = ?");
  auto swap = db.prepare("INSERT OR REPLACE INTO artefact_swaps VALUES (?, ?)");
  for (const auto& [staged, file] : swaps_) {
    if (staged.empty()) {
      del.bind(1, relative(ws_, file)).run();
      swap.bind_null(1).bind(2, relative(ws_, file)).run();
    } else {
      art.bind(1, relative(ws_, file)).bind(2, build_id_).bind(3, static_cast<int64_t>(fs::file_size(staged))).run();
      swap.bind(1, relative(ws_, staged)).bind(2, relative(ws_, file)).run();
    }
  }
  for (const auto& dir : folders()) sync_to_disk(dir);  // the staged names survive a crash after the commit
  recorded_ = true;
}

void ArtefactUpdate::complete() {
  if (!recorded_) throw Error("internal: artefacts completed before they were recorded");
  std::error_code ec;
  for (const auto& [staged, file] : swaps_) {
    if (staged.empty())
      fs::remove(file, ec);
    else
      fs::rename(staged, file);
  }
  for (const auto& dir : folders()) sync_to_disk(dir);
  ws_.db().exec("DELETE FROM artefact_swaps");
  completed_ = true;
}

std::set<fs::path> ArtefactUpdate::folders() const {
  std::set<fs::path> dirs;
  for (const auto& [staged, file] : swaps_) dirs.insert(file.parent_path());
  return dirs;
}

void check_artefact(Workspace& ws, const fs::path& file, const std::string& build_id) {
  Database& db = ws.db();
  std::string recorded;
  if (db.table_exists("artefacts")) {
    auto st = db.prepare("SELECT build_id FROM artefacts WHERE file = ?");
    st.bind(1, relative(ws, file));
    if (st.step()) recorded = st.text(0);
  }
  if (recorded.empty())
    throw Error(file.string() + ": the workspace has no record of this file (left by an interrupted or older import; import again)");
  if (recorded != build_id)
    throw Error(file.string() + ": written by import " + build_id.substr(0, 8) + ", but the workspace records import " +
                recorded.substr(0, 8) + " (files of two imports mixed; import again)");
}

void recover_artefacts(Workspace& ws) {
  const fs::path networks = ws.dir() / "networks";
  if (!fs::is_directory(networks)) return;
  const int fd = take_lock(networks, false);
  if (fd < 0) return;  // an update is running; it completes itself
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{fd};
  Database& db = ws.db();
  std::vector<std::pair<std::string, std::string>> swaps;
  if (db.table_exists("artefact_swaps")) {
    auto st = db.prepare("SELECT coalesce(staged, ''), file FROM artefact_swaps");
    while (st.step()) swaps.emplace_back(st.text(0), st.text(1));
  }
  for (const auto& [staged, file] : swaps) {
    std::error_code ec;
    if (staged.empty())
      fs::remove(ws.dir() / file, ec);
    else if (fs::exists(ws.dir() / staged))
      fs::rename(ws.dir() / staged, ws.dir() / file);
  }
  // Staged by an update that died before its commit: not part of any state.
  for (const char* folder : kFolders) {
    if (!fs::is_directory(ws.dir() / folder)) continue;
    for (const auto& entry : fs::directory_iterator(ws.dir() / folder))
      if (entry.path().extension() == ".new") fs::remove(entry.path());
    if (!swaps.empty()) sync_to_disk(ws.dir() / folder);
  }
  if (!swaps.empty()) db.exec("DELETE FROM artefact_swaps");
}

}  // namespace cityregions
