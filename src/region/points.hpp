#pragma once
// Point sets for matrices and accessibility: a point file (io/points.hpp), a point layer of the
// workspace, or the municipalities of the workspace (their centres).
#include <string>
#include <vector>

#include "io/points.hpp"
#include "network/street_network.hpp"
#include "store/workspace.hpp"

namespace cityregions {

// Points outside the region's extent (with a 2 km margin) are refused with an error naming them.
std::vector<NamedPoint> read_points(Workspace& ws, const std::string& source, const std::string& value_field = "");

// A LAT,LON option (--from, --to) inside the region's extent (with a 2 km margin); the error
// names the option and asks whether LAT and LON were swapped when the swapped point lies inside.
LonLat point_in_region(Workspace& ws, const std::string& latlon, const std::string& option);

// Facilities (stations, kindergartens …): like read_points, but points outside the region are
// dropped rather than refused, since facility lists often cover a whole country.
std::vector<NamedPoint> read_facilities(Workspace& ws, const std::string& source, const std::string& value_field,
                                        size_t& dropped_outside);

// Snaps every point; an error names the point's source and the snap limit.
std::vector<Location> locate_all(const StreetNetwork& net, const std::vector<NamedPoint>& points, double max_snap_m);

}  // namespace cityregions
