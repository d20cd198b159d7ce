#pragma once
// Helpers shared by the tests: temporary directories, the real data directory, running the CLI.
#include <filesystem>
#include <string>

namespace cityregions::test {

// A fresh directory removed at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The shared real datasets ($CITYREGIONS_DATA or ../shared/data).
std::filesystem::path data_path(const std::string& relative);

void write_file(const std::filesystem::path& file, const std::string& text);
std::string read_file(const std::filesystem::path& file);

struct CommandResult {
  int exit_code;
  std::string out, err;
};
// Runs the cityregions CLI with the given arguments (shell-quoted by the caller).
CommandResult run_cli(const std::string& args);

// A fingerprint of every file below a directory (names, sizes, contents).
std::string fingerprint(const std::filesystem::path& dir);

}  // namespace cityregions::test
