#pragma once
// The timetable of one service date, ready for RAPTOR: the stops of all feeds, trips with the
// same stop sequence grouped into route patterns (split so that no trip overtakes another),
// stop times in flat arrays, and walking transfers between stops from the walk network.
#include <string>
#include <vector>

#include "network/street_network.hpp"
#include "transit/gtfs.hpp"

namespace cityregions {

struct TimetableOptions {
  int32_t max_transfer_walk_s = 600;  // walking transfers between stops up to this long
  double max_stop_snap_m = 300;       // a stop farther from the walk network gets no walking links
};

struct Timetable {
  int32_t date = 0;  // yyyymmdd; times are seconds after its midnight (trips of the day before
                     // that run past midnight are included, shifted by −24 h)
  // Stops (those served by trips, of every feed).
  std::vector<std::string> stop_name, stop_key;  // key: "feed:stop_id"
  std::vector<FixedLonLat> stop_coord;
  std::vector<std::optional<Location>> stop_location;  // on the walk network
  // Routes
  std::vector<std::string> route_short_name, route_long_name;
  std::vector<int32_t> route_type;
  // Patterns: stops in order, trips sorted by departure (FIFO).
  std::vector<uint32_t> pattern_first_stop, pattern_stops;  // CSR
  std::vector<uint32_t> pattern_first_trip;                 // size patterns + 1
  std::vector<uint32_t> pattern_route;
  // Trips: times of trip t at its pattern's i-th stop are at trip_first_time[t] + i.
  std::vector<uint32_t> trip_first_time;
  std::vector<std::string> trip_name;
  std::vector<int32_t> arrival, departure;
  // Stop → (pattern, position) and stop → stop walking transfers (CSR).
  std::vector<uint32_t> stop_first_pattern;
  std::vector<std::pair<uint32_t, uint32_t>> stop_patterns;
  std::vector<uint32_t> transfer_first, transfer_to;
  std::vector<int32_t> transfer_s;

  uint32_t stop_count() const { return static_cast<uint32_t>(stop_name.size()); }
  uint32_t pattern_count() const { return static_cast<uint32_t>(pattern_route.size()); }
  uint32_t trip_count() const { return static_cast<uint32_t>(trip_name.size()); }
  uint32_t pattern_size(uint32_t p) const { return pattern_first_stop[p + 1] - pattern_first_stop[p]; }
  int32_t arr(uint32_t trip, uint32_t i) const { return arrival[trip_first_time[trip] + i]; }
  int32_t dep(uint32_t trip, uint32_t i) const { return departure[trip_first_time[trip] + i]; }
};

Timetable build_timetable(const std::vector<GtfsFeed>& feeds, int32_t date, const StreetNetwork& walk,
                          const TimetableOptions& options = {});

}  // namespace cityregions
