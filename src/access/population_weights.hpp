#pragma once
// Where people live, on 100 m cells of the EU grid (EPSG:3035): the weights that spread a
// municipality's population over grid cells (docs/access.md, "Population on the grid").
//   street_m    length of street weighted by class (residential 1, living street 1, minor roads
//               0.5, through roads 0.3, service 0.1; motorways, trunk roads and their links 0)
//   any_m       length of every way of the network (says where the network reaches)
//   building_m2 footprint of residential or untyped buildings (OSM building=*)
//   landuse_m2  area of landuse=residential
// Computed when the OSM file is imported and kept in the table population_weights_100m.
#include <cstdint>
#include <unordered_map>

#include "network/car_profile.hpp"
#include "network/osm_reader.hpp"
#include "region/osm_land.hpp"
#include "store/sqlite.hpp"

namespace cityregions {

inline constexpr const char* kPopulationWeightsTable = "population_weights_100m";
inline constexpr int kWeightCellM = 100;

struct WeightCell {
  double street_m = 0, any_m = 0, building_m2 = 0, landuse_m2 = 0;
};
// Key: (east / 100) << 32 | (north / 100) of the cell's lower-left corner in EPSG:3035.
using WeightCells = std::unordered_map<uint64_t, WeightCell>;
inline uint64_t weight_cell_key(int64_t east_cells, int64_t north_cells) {
  return static_cast<uint64_t>(east_cells) << 32 | static_cast<uint32_t>(north_cells);
}

// The weight of a metre of street of the class (the car classes; ways cars may not use weigh 0).
double street_weight(RoadClass c);

WeightCells population_weight_cells(const OsmRoads& roads, const OsmLand& land);
// Replaces the table (inside the caller's transaction).
void store_population_weights(Database& db, const WeightCells& cells);
// Empty when the workspace has no such table (networks imported before it existed).
WeightCells load_population_weights(Database& db);

}  // namespace cityregions
