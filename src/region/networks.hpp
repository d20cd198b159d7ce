#pragma once
// The street networks of a workspace: `import osm` builds the walk, bike and car graphs (with
// their contraction hierarchies) of an OSM file; load_street_network reads one back.
#include <filesystem>
#include <vector>

#include "network/graph.hpp"
#include "network/profile.hpp"
#include "network/street_network.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct NetworkReport {
  Mode mode;
  uint32_t nodes = 0, edges = 0;  // junctions and directed road segments
  uint32_t turns = 0;             // car: arcs of the edge-based graph (allowed turns)
  int64_t dropped_nodes = 0, dropped_edges = 0;
  int64_t restrictions_applied = 0, restrictions_skipped = 0;
  size_t file_bytes = 0;
  // car
  std::string country;  // whose default limits were used, "" for the generic ones
  int64_t signal_junctions = 0, controls = 0, barriers = 0, built_up_segments = 0;
  std::vector<std::string> periods;  // one hierarchy each
};

// All three graphs are written beside the database and recorded in one transaction; on any
// error the workspace keeps its previous networks.
std::vector<NetworkReport> import_osm(Workspace& ws, const std::filesystem::path& file, const Profile& profile,
                                      bool show_progress);

// The mode's graph with its hierarchy; an error tells how to build it when the workspace has none.
// A time factor other than 1 scales every travel time (e.g. 5 / 4 for walking at 4 instead of
// the profile's 5 km/h); the hierarchy, built for the stored times, is then left out.
// Car: depart_minute (minute of the day, -1 for the default off-peak period) picks the time
// period whose times and hierarchy are loaded.
StreetNetwork load_street_network(Workspace& ws, Mode mode, double time_factor = 1.0, int depart_minute = -1);
// The mode's graph alone (road level and default times), checked against the workspace's record.
Graph load_street_graph(Workspace& ws, Mode mode);

// The file of a mode's hierarchy for a time period (period 0: the mode's plain hierarchy file).
std::filesystem::path hierarchy_file(Workspace& ws, Mode mode, uint32_t period);

}  // namespace cityregions
