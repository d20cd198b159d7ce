#pragma once
// Isochrones that cover what is really reachable: the reached parts of the network are drawn
// onto a metric raster, widened by a buffer (the land beside a reached street), and traced into
// polygons, with holes where no street reaches.
#include <ogr_geometry.h>

#include <vector>

#include "network/street_network.hpp"

namespace cityregions {

struct IsochroneOptions {
  std::vector<double> minutes;  // ascending limits
  double cell_m = 50;           // raster resolution
  double buffer_m = 100;        // land within this distance of a reached street counts as reached
};

struct Isochrone {
  double minutes = 0;
  OGRGeometryUniquePtr area;  // MultiPolygon in WGS84 lon/lat; empty when nothing is reached
  double area_km2 = 0;
};

// One isochrone per limit, in the order of options.minutes.
std::vector<Isochrone> isochrones(const StreetNetwork& net, Dijkstra& search, const Location& origin,
                                  const IsochroneOptions& options);
// The same from travel times already known at every node (kNone: not reached), e.g. by public
// transport; the origin's own partial edges count from time 0.
std::vector<Isochrone> isochrones(const StreetNetwork& net, const std::vector<uint32_t>& node_ms, const Location& origin,
                                  const IsochroneOptions& options);

double default_cell_m(Mode mode);
double default_buffer_m(Mode mode);

}  // namespace cityregions
