#pragma once
// Walking between points and stops, on the walk network: the stops within a walking time of a
// point (access from an origin, and — walking being symmetric here — egress to a destination).
// A stop is never farther than its own platforms: the time to a stop is at most the time to
// another platform of its station plus the change between the two (docs/transit.md).
#include <vector>

#include "network/street_network.hpp"
#include "transit/raptor.hpp"

namespace cityregions {

enum class Direction { access, egress };

// `search` runs from the point's location; afterwards it also answers walking times to other points.
std::vector<StopAccess> stops_within(const Timetable& tt, const StreetNetwork& walk, Dijkstra& search,
                                     const Location& point, int32_t max_walk_s, Direction direction = Direction::access);

}  // namespace cityregions
