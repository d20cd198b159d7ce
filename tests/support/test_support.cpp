#include "support/test_support.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

#include "core/data_dir.hpp"

namespace cityregions::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("cityregions-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path data_path(const std::string& relative) {
  const fs::path dir = data_dir();
  if (!fs::is_directory(dir))
    throw std::runtime_error("real data directory " + dir.string() +
                             " not found: set CITYREGIONS_DATA to the shared data directory (expected at " +
                             CITYREGIONS_DEFAULT_DATA + " or ../shared/data)");
  const fs::path file = dir / relative;
  if (!fs::exists(file)) throw std::runtime_error("real data file " + file.string() + " not found in " + dir.string());
  return file;
}

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run_cli(const std::string& args) {
  TempDir tmp;
  const std::string cmd = std::string(CITYREGIONS_CLI) + " --quiet " + args + " > " + (tmp / "out").string() + " 2> " +
                          (tmp / "err").string();
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(tmp / "out"), read_file(tmp / "err")};
}

CommandResult run_cli_ok(const std::string& args) {
  auto r = run_cli(args);
  if (r.exit_code != 0)
    throw std::runtime_error("cityregions " + args + ": exit " + std::to_string(r.exit_code) + ": " + r.err);
  return r;
}

std::string fingerprint(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = read_file(e.path());
  std::string out;
  for (const auto& [name, content] : files)
    out += name + ":" + std::to_string(content.size()) + ":" + std::to_string(std::hash<std::string>{}(content)) + "\n";
  return out;
}

}  // namespace cityregions::test
