#pragma once
// `demo`: the Rhein-Neckar demo region built end to end from ../shared/data (rhein-neckar-rnv, and
// for the illustrative site inventory de-landuse-area-2018 and de-db-stations).
#include <filesystem>
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "access/grid.hpp"
#include "region/centres.hpp"
#include "region/networks.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct DemoOptions {
  std::filesystem::path workspace;
  std::filesystem::path data_dir;  // holds rhein-neckar-rnv/, de-landuse-area-2018/, de-db-stations/
  bool replace = false;            // delete an existing workspace first
  bool show_progress = true;
};

struct DemoReach {
  std::string key, name;
  int64_t population = 0;
  // Population of the municipalities whose centre is within 30 minutes, by walk, bike, car.
  int64_t within_30[3] = {0, 0, 0};
  // … and by public transport (median over departures 07:00–08:00, Tuesday 15 Nov 2016).
  int64_t transit_30 = 0;
};

struct DemoResult {
  RegionInfo info;
  std::vector<NetworkReport> networks;
  std::vector<DemoReach> reach;  // sorted by population within 30 min by car, descending
  size_t matrix_pairs = 0;
  size_t cases = 0;  // catalogue cases loaded
  size_t transit_stops = 0, transit_trips = 0;  // in the timetable of the demo day
  // 1 km grid: cells, and the region's population-weighted mean population within 30 and 45
  // minutes per mode (walk, bike, car, transit).
  size_t grid_cells = 0, grid_cells_on_network = 0;
  std::vector<std::pair<std::string, std::array<double, 2>>> grid_reach;
  DisaggregationReport population;  // how the population was spread onto the grid
  CentreReport centres;             // chosen after the grid, before the matrices
  // Per mode (as grid_reach): municipalities under kLowCoverage of population with a value.
  std::vector<std::vector<std::string>> low_coverage;
  // Municipalities whose centre lies more than the snap limit from the mode's network (the OSM
  // extract covers only part of the outer ring), per mode; they are left out of that matrix.
  std::vector<std::string> unplaced[3];
  double snap_limit_m = 0;
  // The illustrative site inventory, its criteria and the best site per built-in profile.
  size_t sites = 0, site_municipalities = 0;
  double site_hectares = 0;
  std::vector<std::pair<std::string, std::string>> best_site;  // profile → "id (municipality, score)"
  std::filesystem::path pool_scenario;                       // drafted from the inventory
};

DemoResult run_demo(const DemoOptions& options, const std::function<void(const std::string&)>& step);

}  // namespace cityregions
