#pragma once
// Helpers shared by the tests: temporary directories, the real data directory, running the CLI.
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
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

// The shared real datasets ($CITYREGIONS_DATA, else ../shared/data, else the build's
// CITYREGIONS_DEFAULT_DATA). Throws, failing the test, when the directory or the file is missing:
// a real-data test never passes or skips without its data.
std::filesystem::path data_path(const std::string& relative);

void write_file(const std::filesystem::path& file, const std::string& text);
std::string read_file(const std::filesystem::path& file);

struct CommandResult {
  int exit_code;
  std::string out, err;
};
// Runs the cityregions CLI with the given arguments (shell-quoted by the caller).
CommandResult run_cli(const std::string& args);
// The same, throwing with the command and its stderr unless it exits 0 (for shared set-ups).
CommandResult run_cli_ok(const std::string& args);

// A set-up shared by several tests, made by the first test that needs it — never in
// SetUpTestSuite, where a failure turns every test of the suite into "skipped". When making it
// throws, that test and every later one that needs it fail with the same message (it is not made
// again). Keep it in a function-local static.
template <class T>
class Shared {
 public:
  explicit Shared(std::function<std::unique_ptr<T>()> make) : make_(std::move(make)) {}
  T& get() {
    if (!tried_) {
      tried_ = true;
      try {
        value_ = make_();
      } catch (const std::exception& e) {
        error_ = e.what();
      }
      if (!value_ && error_.empty()) error_ = "no value";
    }
    if (!value_) throw std::runtime_error("shared set-up failed: " + error_);
    return *value_;
  }

 private:
  std::function<std::unique_ptr<T>()> make_;
  std::unique_ptr<T> value_;
  std::string error_;
  bool tried_ = false;
};

// A fingerprint of every file below a directory (names, sizes, contents).
std::string fingerprint(const std::filesystem::path& dir);

}  // namespace cityregions::test
