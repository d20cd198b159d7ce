#pragma once
// `import osm`: builds the walk, bike and car graphs of an OSM file into the workspace.
#include <filesystem>
#include <vector>

#include "network/graph.hpp"
#include "network/profile.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct NetworkReport {
  Mode mode;
  uint32_t nodes = 0, edges = 0;
  int64_t dropped_nodes = 0, dropped_edges = 0;
  int64_t restrictions_applied = 0, restrictions_skipped = 0;
  size_t file_bytes = 0;
};

// All three graphs are written beside the database and recorded in one transaction; on any
// error the workspace keeps its previous networks.
std::vector<NetworkReport> import_osm(Workspace& ws, const std::filesystem::path& file, const Profile& profile,
                                      bool show_progress);

}  // namespace cityregions
