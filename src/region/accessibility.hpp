#pragma once
// `access`: accessibility indicators for the zones of a workspace, stored as a layer (the zones'
// geometry with one column per indicator), a table of population-weighted means per municipality,
// and optionally CSV.
#include <filesystem>
#include <string>
#include <vector>

#include "access/indicators.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct AccessRequest {
  std::string mode;           // walk, bike, car, transit
  std::string zones = "grid1km";
  std::string opportunities = "population";
  IndicatorSpec indicator;
  // transit
  int32_t date = 0;
  TransitQuery transit;
  double percentile = 50;
  double max_snap_m = 500;
  std::string layer;          // default access_<zones>_<mode>
};

struct AccessSummaryRow {
  std::string key, name;
  double weight = 0;  // population (or the opportunities) of the municipality's zones
  std::vector<double> mean;  // per column, weighted by the zones' population
};

struct AccessRun {
  std::string layer;
  std::vector<std::string> columns;
  size_t zones = 0, placed = 0;
  AccessResult result;
  std::vector<std::string> zone_ids;
  std::vector<AccessSummaryRow> municipalities;
};

AccessRun run_accessibility(Workspace& ws, const AccessRequest& request, bool show_progress);
void write_access_csv(const std::filesystem::path& file, const AccessRun& run);

}  // namespace cityregions
