#pragma once
// Files the user names as outputs (--out): opened for writing, never over a workspace's database.
#include <filesystem>
#include <fstream>

namespace cityregions {

// Whether the file is a workspace's database (a GeoPackage with cityregions' region_meta table).
bool is_workspace_database(const std::filesystem::path& path);

// The file truncated for writing; an Error when it is a workspace's database or cannot be written.
std::ofstream open_output_file(const std::filesystem::path& path);

}  // namespace cityregions
