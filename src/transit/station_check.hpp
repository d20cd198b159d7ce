#pragma once
// Gaps of the walk network at stations: platforms of one station that the network links only by
// a long detour (or not at all), so that a planner knows where the OSM extract lacks footways
// and crossings. Within a station the timetable caps such changes (docs/transit.md); between
// stations and for every other walk the gap still costs time.
#include <vector>

#include "network/street_network.hpp"
#include "transit/stations.hpp"

namespace cityregions {

struct StationCheckOptions {
  double detour_factor = 1.4;     // pairs whose network walk is longer than crow-fly × this are detours
  double min_crow_fly_m = 20;     // shorter crow-fly distances count as this (snapping noise)
  double max_snap_m = 300;        // a platform farther from the walk network is "off the network"
  double max_walk_m = 3000;       // the network search stops here: longer counts as "no path"
};

struct StationGap {
  std::string station;
  uint32_t platforms = 0, pairs = 0, detours = 0;  // pairs: unordered platform pairs
  // The worst pair: feed:stop_id keys, crow-fly and network metres (−1: no path within the
  // limit or a platform off the network), network ÷ crow-fly (infinite without a path).
  std::string from, to;
  double crow_fly_m = 0, network_m = -1, ratio = 0;
};

struct StationCheck {
  size_t stations = 0;            // stations with two or more platforms served by trips
  std::vector<StationGap> gaps;   // those with a detour, worst first
};

StationCheck check_stations(const std::vector<GtfsFeed>& feeds, const Stations& stations, const StreetNetwork& walk,
                            const StationCheckOptions& options = {});

}  // namespace cityregions
