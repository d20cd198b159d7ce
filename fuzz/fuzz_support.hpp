#pragma once
// What the fuzz targets share: the input written to a file of a private temporary directory (the
// readers under test take paths), and the rule that only cityregions::Error may leave a reader —
// any other exception, a crash, a sanitizer report or a leak is a finding.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "core/temp_dir.hpp"

namespace cityregions::fuzz {

// The process's scratch directory (on /dev/shm when it exists: fast and not on disk).
inline const TempDirectory& scratch() {
  static const TempDirectory dir("cityregions-fuzz-", std::filesystem::exists("/dev/shm") ? "/dev/shm" : "");
  return dir;
}

// The input as the file `name` in the scratch directory.
inline std::filesystem::path input_file(const uint8_t* data, size_t size, const std::string& name) {
  const auto path = scratch().path() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace cityregions::fuzz
