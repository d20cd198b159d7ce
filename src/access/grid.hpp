#pragma once
// Zones on the EU statistical grid (INSPIRE/GEOSTAT, EPSG:3035): square cells of 100 m, 250 m or
// 1 km named like CRS3035RES1000mN2960000E4330000 (lower-left corner), kept where the cell centre
// lies in a municipality of the region, and stored as a workspace layer.
#include <string>
#include <vector>

#include "store/workspace.hpp"

namespace cityregions {

struct GridCell {
  std::string id;
  std::string municipality;  // key of the municipality holding the centre
  double east = 0, north = 0;  // lower-left corner, EPSG:3035
  LonLat centre;
};

// "grid1km", "grid250m", "grid100m".
std::string grid_layer_name(int resolution_m);
std::string grid_cell_id(int resolution_m, double north, double east);

// Creates (replaces) the layer of the resolution; returns its cells.
std::vector<GridCell> create_grid(Workspace& ws, int resolution_m);

// Zones for analyses: a grid layer or "municipalities" (their centres).
struct Zone {
  std::string id, municipality;
  LonLat centre;
};
std::vector<Zone> load_zones(Workspace& ws, const std::string& layer);
// A numeric column of the zones in load_zones order (0 where empty); an error names the column
// and says how to fill it.
std::vector<double> zone_values(Workspace& ws, const std::string& layer, const std::string& column, size_t expected);

// Adds the REAL column to a grid layer when missing and sets it to 0 in every cell (inside the
// caller's transaction): the first step of filling it.
void reset_grid_column(Database& db, const std::string& layer, const std::string& column);

// Spreads a municipality column over a grid layer's cells (docs/access.md, "Population on the
// grid"). The municipality's cells within kCoverageRadiusM of any way of the OSM network are
// "covered"; the others (beyond the extract's edge, or empty land) are not. Within the covered
// cells people are spread in proportion to, in this order of preference, residential building
// footprint, landuse=residential area, or class-weighted street length (population_weights.hpp);
// evenly where none of these is present. A fully covered municipality puts everyone there; a
// partly covered one puts there as many people per unit of weight as the fully covered
// municipalities hold (at most its total; without such municipalities its share of the cells),
// and the rest evenly over its uncovered cells, reported. Per-municipality totals are kept exactly.
inline constexpr double kCoverageRadiusM = 2000;
struct DisaggregationReport {
  size_t municipalities = 0, by_buildings = 0, by_landuse = 0, by_street_length = 0, evenly = 0, cells = 0;
  double total = 0;
  double uncovered = 0;  // placed evenly in cells the network does not reach
  std::vector<std::string> without_cells;  // municipalities too small to hold a cell centre
  struct Partial {
    std::string key;
    double uncovered_share;  // of the municipality's cells
    double people;           // placed evenly in them
  };
  std::vector<Partial> partly_uncovered;  // sorted by share, largest first
  double max_density_km2 = 0;
  std::string max_density_cell, max_density_municipality;
};
DisaggregationReport disaggregate(Workspace& ws, const std::string& layer, const std::string& column);

}  // namespace cityregions
