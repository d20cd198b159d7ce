#pragma once
// Many-to-many travel times: one bounded Dijkstra per origin, origins spread over all cores.
#include <span>
#include <vector>

#include "network/contraction_hierarchy.hpp"
#include "network/street_network.hpp"

namespace cityregions {

struct MatrixCell {
  uint32_t time_ms = kNone;  // kNone: not reachable (within the limit)
  float dist_m = 0;
};

struct TravelMatrix {
  size_t origins = 0, destinations = 0;
  std::vector<MatrixCell> cells;  // row-major: origin × destination
  const MatrixCell& at(size_t o, size_t d) const { return cells[o * destinations + d]; }
};

// The hierarchy's method when the network has one, else one Dijkstra per origin.
TravelMatrix fastest_matrix(const StreetNetwork& net, std::span<const Location> origins,
                            std::span<const Location> destinations, uint32_t limit_ms, bool show_progress);

// One bounded Dijkstra per origin: the plain method, and the reference for the hierarchy.
TravelMatrix travel_matrix(const StreetNetwork& net, std::span<const Location> origins,
                           std::span<const Location> destinations, uint32_t limit_ms, bool show_progress);

// Bucket many-to-many on a contraction hierarchy: one upward search per destination fills
// buckets, one upward search per origin scans them. Same times as the plain method.
TravelMatrix travel_matrix(const StreetNetwork& net, const ContractionHierarchy& ch, std::span<const Location> origins,
                           std::span<const Location> destinations, uint32_t limit_ms, bool show_progress);

}  // namespace cityregions
