#pragma once
// What an OSM file says about where people live and where commercial land lies, beyond the road
// network: named place nodes (municipality centres), residential building outlines and
// landuse=residential areas (population weights), landuse=industrial|commercial|retail areas and
// roads named after commercial estates (plausible places for illustrative sites). Read in a second
// pass of libosmium over the file; closed ways only (multipolygon relations are not assembled).
#include <filesystem>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "store/sqlite.hpp"

namespace cityregions {

struct OsmPlace {
  std::string name, place;  // place = city, town or village
  LonLat position;
};

struct OsmLand {
  std::vector<OsmPlace> places;
  std::vector<std::vector<LonLat>> buildings;    // residential (or untyped) building outlines
  std::vector<std::vector<LonLat>> residential;  // landuse=residential outlines
  // landuse=industrial|commercial|retail outlines' vertices' mean, and the nodes of highways whose
  // name says Industrie/Gewerbe (e.g. "Industriestraße", "Im Gewerbegebiet").
  std::vector<LonLat> commercial_areas, commercial_roads;
};

// Residential building values of building=* (plus "yes", the untyped default); all others
// (industrial, retail, garage, church …) are left out of the population weights.
bool residential_building(std::string_view value);
// "Industriestraße", "Gewerbepark Nord", "Am Industriegebiet" → true.
bool commercial_road_name(std::string_view name);

OsmLand read_osm_land(const std::filesystem::path& file);

// Tables osm_places (name, place, lon, lat) and osm_commercial_anchors (kind "landuse" or "road",
// lon, lat), replaced inside the caller's transaction.
void store_osm_land(Database& db, const OsmLand& land);
std::vector<OsmPlace> load_osm_places(Database& db);
std::vector<LonLat> load_commercial_anchors(Database& db);

}  // namespace cityregions
