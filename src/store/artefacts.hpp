#pragma once
// Files that imports derive beside the database (street graphs, hierarchies, timetables) change
// together with it, never apart. An update
//   1. writes each new file as FILE.new (the writer syncs it) — stage();
//   2. records, inside the import's transaction, the build id of every file (table `artefacts`)
//      and the renames still to do (table `artefact_swaps`) — record(); the caller commits;
//   3. renames the files into place, syncs the directory and deletes the swap rows — complete().
// Killed before the commit, the workspace keeps its old state and the next open removes the stale
// FILE.new; killed after it, the next open finishes the renames. Readers compare the build id in
// each file with the database's (check_artefact) and refuse a file of another import.
// An exclusive lock on the networks folder keeps two updates, or an update and a recovery, apart.
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cityregions {

class Workspace;

class ArtefactUpdate {
 public:
  // Takes the workspace's artefact lock; an Error when another import holds it.
  explicit ArtefactUpdate(Workspace& ws);
  ~ArtefactUpdate();  // not completed: finishes what the database committed, else removes the staged files
  ArtefactUpdate(const ArtefactUpdate&) = delete;
  ArtefactUpdate& operator=(const ArtefactUpdate&) = delete;

  // The id every file of this update carries.
  const std::string& build_id() const { return build_id_; }
  // Where to write the new version of `file` (inside the workspace): FILE.new.
  std::filesystem::path stage(const std::filesystem::path& file);
  // `file` goes with this update (and its record).
  void remove(const std::filesystem::path& file);
  // Inside the caller's transaction, after every staged file was written and synced.
  void record();
  // After the caller's commit.
  void complete();

 private:
  std::set<std::filesystem::path> folders() const;
  Workspace& ws_;
  int lock_fd_ = -1;
  std::string build_id_;
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> swaps_;  // staged → file; staged empty: remove
  bool recorded_ = false, completed_ = false;
};

// An Error naming `file` unless the database records it with `build_id` (the id read from it).
void check_artefact(Workspace& ws, const std::filesystem::path& file, const std::string& build_id);

// Finishes an update a crash interrupted after its commit, removes files staged by one that died
// before it. Called by Workspace::open; does nothing while an update holds the lock.
void recover_artefacts(Workspace& ws);

}  // namespace cityregions
