#include "core/data_dir.hpp"

#include <cstdlib>

namespace cityregions {

std::filesystem::path data_dir() {
  if (const char* env = std::getenv("CITYREGIONS_DATA"); env && *env) return env;
  if (std::filesystem::is_directory("../shared/data")) return std::filesystem::absolute("../shared/data");
  return CITYREGIONS_DEFAULT_DATA;
}

}  // namespace cityregions
