#pragma once
// A mode's graph ready for queries: the graph, its snap index, and the ways a point on an
// edge enters and leaves the graph.
#include <filesystem>
#include <optional>
#include <vector>

#include "network/contraction_hierarchy.hpp"
#include "network/dijkstra.hpp"
#include "network/graph.hpp"
#include "network/snap.hpp"

namespace cityregions {

// Entering or leaving the routing graph along part of a road segment.
struct EdgeAccess {
  // Departure: the routing node reached at the end of the partial segment (node-based: its head;
  // edge-based: a segment one may turn into). Arrival: the routing node the partial segment
  // starts from (node-based: its tail; edge-based: the segment itself).
  uint32_t node;
  uint32_t edge;     // the segment; kNone for a location at a routing node
  uint32_t time_ms;  // time on the partial segment (departures: with the junction after it)
  float dist_m;
  double from_frac, to_frac;  // the travelled part of the edge, as fractions in its direction
};

// A point placed on the network.
struct Location {
  LonLat input;
  Snap snap;
  std::vector<EdgeAccess> departures;
  std::vector<EdgeAccess> arrivals;
};

class StreetNetwork {
 public:
  explicit StreetNetwork(Graph graph);
  // Loads a graph and, when the file exists, its contraction hierarchy.
  static StreetNetwork load(const std::filesystem::path& graph_file, const std::filesystem::path& hierarchy_file = {});

  const Graph& graph() const { return graph_; }
  // Throws when the hierarchy was built for another graph.
  void attach(ContractionHierarchy ch);
  const ContractionHierarchy* hierarchy() const { return hierarchy_ ? &*hierarchy_ : nullptr; }
  const SnapIndex& snap_index() const { return index_; }
  uint32_t tail(uint32_t edge) const;  // junction a segment starts from

  // Snaps the point; nullopt when no usable edge is within max_snap_m.
  std::optional<Location> try_locate(LonLat p, double max_snap_m) const;
  // A location exactly at a routing node (no partial edges): for node-to-node comparisons.
  // Node-based a junction; edge-based the start of a segment, before its first metre.
  Location at_node(uint32_t node) const;
  // Like try_locate, but throws an Error that names the point, the mode and the limit.
  Location locate(LonLat p, double max_snap_m) const;

 private:
  Graph graph_;
  SnapIndex index_;
  std::optional<ContractionHierarchy> hierarchy_;
  // Edges out of turn-restriction copies of nodes, by chain and direction (chain << 1 | against).
  std::vector<std::pair<uint32_t, uint32_t>> copies_;
};

// Travel time from a located origin to a located destination once a Dijkstra from the origin's
// departures has run: best over the destination's arrivals and the direct way along a shared edge.
struct Arrival {
  uint32_t time_ms = kNone;
  float dist_m = 0;
  int via = -1;  // index into Location::arrivals, or -1 for direct along the shared edge
};

Arrival arrival_at(const Graph& g, const Dijkstra& search, const Location& from, const Location& to);
// Seeds for a Dijkstra from a location's departures.
std::vector<Dijkstra::Seed> seeds_of(const Location& from);

}  // namespace cityregions
