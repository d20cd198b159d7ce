#pragma once
// Many-to-many travel times: one bounded Dijkstra per origin, origins spread over all cores.
#include <span>
#include <vector>

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

TravelMatrix travel_matrix(const StreetNetwork& net, std::span<const Location> origins,
                           std::span<const Location> destinations, uint32_t limit_ms, bool show_progress);

}  // namespace cityregions
