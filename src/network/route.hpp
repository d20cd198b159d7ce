#pragma once
// Point-to-point routes with their geometry.
#include <optional>
#include <vector>

#include "network/street_network.hpp"

namespace cityregions {

struct Route {
  double duration_s = 0;
  double distance_m = 0;
  double snap_from_m = 0, snap_to_m = 0;  // how far the points lay from the network
  std::vector<LonLat> geometry;
};

// nullopt when the destination cannot be reached.
std::optional<Route> route(const StreetNetwork& net, Dijkstra& search, const Location& from, const Location& to);

// Appends the part [from_frac, to_frac] of an edge's shape, in the edge's direction.
void append_edge_piece(const Graph& g, uint32_t edge, double from_frac, double to_frac, std::vector<LonLat>& out);

}  // namespace cityregions
