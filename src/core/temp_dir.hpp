#pragma once
// A private temporary directory (mkdtemp: a random name, mode 0700), removed with its contents
// when the object goes.
#include <filesystem>

namespace cityregions {

class TempDirectory {
 public:
  // Under `parent` (default: the system's temporary directory), named `prefix` + random characters.
  explicit TempDirectory(const std::string& prefix, const std::filesystem::path& parent = {});
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace cityregions
