#pragma once
// A basemap drawn from the workspace itself, since no tile server can be assumed: the roads of
// the car network as GeoJSON lines per zoom level, classed by their travel speed (the graph keeps
// no OSM highway tags): major ≥ 75 km/h (motorways, trunk roads), primary ≥ 45, secondary ≥ 30,
// minor below. Low zooms carry only the faster classes, simplified to about a pixel.
#include <string>

#include "network/graph.hpp"

namespace cityregions {

// Zoom as in web maps (0 = the world in 256 px); clamped to 5…16.
std::string road_basemap_geojson(const Graph& car, int zoom);

}  // namespace cityregions
