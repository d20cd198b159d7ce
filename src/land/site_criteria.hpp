#pragma once
// Location criteria of every site, computed by the engines from the site's location and stored
// as columns of the `sites` layer (refreshed on demand): motorway junction and rail station
// times, public-transport quality class, population reachable within 30/45 minutes by car and by
// public transport, population within 1 km, and the time to the core city.
#include <string>
#include <vector>

#include "store/workspace.hpp"
#include "transit/transit_times.hpp"

namespace cityregions {

struct SiteCriterion {
  std::string name, label, unit;
  bool text = false;  // pt_class is a letter; the others are numbers
};
// The computed columns, in table order.
const std::vector<SiteCriterion>& site_criteria();

struct CriteriaOptions {
  std::string junctions = "motorway_junctions";  // point source (workspace layer, file)
  std::string stations;                           // rail stations; empty: rail criteria stay unknown
  std::string zones = "grid1km", population = "population";
  std::vector<std::string> core;  // municipality keys of the core city/cities; empty: the most populous
  int32_t date = 0;               // service date for the transit criteria; 0: they stay unknown
  TransitQuery transit{7 * 3600, 3600, 60, 900, 5};
  double percentile = 50;
  int32_t pt_from = 6 * 3600, pt_to = 20 * 3600;  // counting window of the quality classes
  double max_snap_m = 1000;
};

struct CriteriaReport {
  size_t sites = 0, on_car_network = 0, on_walk_network = 0;
  size_t junctions = 0, stations = 0, pt_stations = 0;
  std::vector<std::string> core;         // names of the core municipalities
  std::vector<std::string> left_unknown;  // criteria not computed, with the reason
  std::vector<std::string> reused;        // sources taken from the last run (no --stations / --depart given)
};

// One transaction; every criterion column is rewritten (NULL where unknown or unreached). The
// stations source and the transit departure are recorded in the workspace and reused by a later
// run that does not give them.
CriteriaReport refresh_site_criteria(Workspace& ws, const CriteriaOptions& options, bool show_progress);

}  // namespace cityregions
