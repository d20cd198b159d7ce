#pragma once
// Where the shared real datasets are: $CITYREGIONS_DATA, else ../shared/data.
#include <filesystem>

namespace cityregions {

std::filesystem::path data_dir();

}  // namespace cityregions
