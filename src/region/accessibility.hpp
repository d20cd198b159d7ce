#pragma once
// `access`: accessibility indicators for the zones of a workspace, stored as a layer (the zones'
// geometry with one column per indicator), a table of population-weighted means per municipality,
// and optionally CSV.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "access/indicators.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct AccessRequest {
  std::string mode;           // walk, bike, car, transit
  std::string zones = "grid1km";
  std::string opportunities = "population";
  // nearest / two_step: the facilities (any point source) and, for two_step, their capacity field
  std::string facilities, capacity_field;
  IndicatorSpec indicator;
  // transit
  int32_t date = 0;
  TransitQuery transit;
  double percentile = 50;
  // car: minute of the day of departure (-1: the default off-peak period)
  int car_depart_minute = -1;
  double max_snap_m = 500;
  bool use_hierarchy = true;  // false: plain Dijkstra per origin (the benchmark's baseline)
  std::string layer;          // default access_<zones>_<mode>
};

// Means per municipality over the zones that have a value: a municipality none of whose zones has
// a value (off the network, no facility reached) gets no mean (NULL), never 0.
inline constexpr double kLowCoverage = 0.9;  // summaries mark municipalities below this coverage
struct AccessSummaryRow {
  std::string key, name;
  double weight = 0;  // population (or the opportunities) of the municipality's zones that have a value
  std::optional<double> coverage;  // weight / population of all its zones; none without population
  std::vector<std::optional<double>> mean;  // per column, weighted by the zones' population
};
// Population-weighted means of zone values per municipality: zone z belongs to row_of_zone[z]
// (npos: none), weighs weights[z], and has values[z * columns + c] (nullopt: no value).
std::vector<AccessSummaryRow> summarise_by_municipality(std::vector<AccessSummaryRow> rows, const std::vector<size_t>& row_of_zone,
                                                        const std::vector<double>& weights,
                                                        const std::vector<std::optional<double>>& values, size_t columns);

struct AccessRun {
  std::string layer;
  std::vector<std::string> columns;
  size_t zones = 0, placed = 0;
  size_t facilities = 0, facilities_outside = 0, facilities_off_network = 0;
  AccessResult result;
  std::vector<std::string> zone_ids;
  std::vector<AccessSummaryRow> municipalities;
};

AccessRun run_accessibility(Workspace& ws, const AccessRequest& request, bool show_progress);

// Batch runs from a TOML file: one [[run]] table per run with the keys mode, indicator
// (cumulative, gravity, nearest, 2sfca), minutes, decay, beta, horizon, opportunities, zones,
// facilities, capacity, depart, window, percentile, max_walk, max_transfers, name. For car,
// depart is a time of day ("08:00") choosing the time period.
std::vector<AccessRequest> load_access_config(const std::filesystem::path& file);

// A layer of `scenario − base` for every indicator column the two zone layers share, matched by
// zone_id (e.g. accessibility after a new tram line minus today).
struct Comparison {
  std::string layer;
  std::vector<std::string> columns;
  size_t zones = 0, unmatched = 0;
};
Comparison compare_layers(Workspace& ws, const std::string& base, const std::string& scenario, std::string name);

// A census grid into a grid layer's column: a CSV with cell ids (INSPIRE CRS3035RES1000mN…E… or
// GEOSTAT 1kmN…E…) and values, or any GDAL point layer whose values are summed per cell.
struct GridImport {
  size_t rows = 0, matched = 0, outside = 0;
  double total = 0;
};
GridImport import_grid_values(Workspace& ws, const std::filesystem::path& file, int resolution_m, const std::string& column,
                              const std::string& id_field, const std::string& value_field);
void write_access_csv(const std::filesystem::path& file, const AccessRun& run);

}  // namespace cityregions
