#pragma once
// The timetable of one service date, ready for RAPTOR: the stops of all feeds, trips with the
// same stop sequence grouped into route patterns (split so that no trip overtakes another),
// stop times in flat arrays, the stations of the stops, and the transfers between stops: walking
// on the network, capped within a station, with the feed's pathways and transfers.txt first.
#include <limits>
#include <string>
#include <vector>

#include "network/street_network.hpp"
#include "io/gtfs.hpp"
#include "transit/stations.hpp"

namespace cityregions {

inline constexpr int32_t kUnreached = std::numeric_limits<int32_t>::max();

struct TimetableOptions {
  int32_t max_transfer_walk_s = 600;  // walking transfers between stops up to this long
  double max_stop_snap_m = 300;       // a stop farther from the walk network gets no walking links
  // Within a station a change never takes longer than crow-fly × detour_factor at walk_speed_mps
  // plus change_s (docs/transit.md); pathways without times are walked at that speed too.
  double walk_speed_mps = 5 / 3.6;
  double detour_factor = 1.4;
  int32_t change_s = 60;
  std::vector<StationOverride> station_overrides;
};

// Where a transfer's time comes from, strongest first.
enum class TransferSource : uint8_t { feed, pathways, station, walk };
const char* transfer_source_name(TransferSource s);

struct Timetable {
  int32_t date = 0;  // yyyymmdd; times are seconds after its midnight (trips of the day before
                     // that run past midnight are included, shifted by −24 h)
  // Stops (those served by trips, of every feed).
  std::vector<std::string> stop_name, stop_key;  // key: "feed:stop_id"
  std::vector<FixedLonLat> stop_coord;
  std::vector<std::optional<Location>> stop_location;  // on the walk network
  std::vector<uint32_t> stop_station;                  // index into station_name
  std::vector<std::string> station_name;
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
  // Stop → (pattern, position) and stop → stop transfers (CSR, by target stop). Staying at the
  // same stop id takes no time: a trip leaving when the other arrives is caught.
  std::vector<uint32_t> stop_first_pattern;
  std::vector<std::pair<uint32_t, uint32_t>> stop_patterns;
  std::vector<uint32_t> transfer_first, transfer_to;
  std::vector<int32_t> transfer_s;
  std::vector<TransferSource> transfer_source;

  uint32_t stop_count() const { return static_cast<uint32_t>(stop_name.size()); }
  uint32_t pattern_count() const { return static_cast<uint32_t>(pattern_route.size()); }
  uint32_t trip_count() const { return static_cast<uint32_t>(trip_name.size()); }
  uint32_t pattern_size(uint32_t p) const { return pattern_first_stop[p + 1] - pattern_first_stop[p]; }
  int32_t arr(uint32_t trip, uint32_t i) const { return arrival[trip_first_time[trip] + i]; }
  int32_t dep(uint32_t trip, uint32_t i) const { return departure[trip_first_time[trip] + i]; }
  // The transfer time from stop a to stop b, or kUnreached when none.
  int32_t transfer_time(uint32_t a, uint32_t b) const;
};

// The longest change between two platforms of a station `metres` apart (crow-fly).
int32_t station_change_cap_s(double metres, const TimetableOptions& options);

Timetable build_timetable(const std::vector<GtfsFeed>& feeds, int32_t date, const StreetNetwork& walk,
                          const TimetableOptions& options = {});

}  // namespace cityregions
