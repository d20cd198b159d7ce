#pragma once
// A GTFS feed read from its zip: stops, routes, services, trips and stop times in flat arrays,
// checked on the way in. Errors name file:line and field and abort; warnings are collected.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "core/index.hpp"

namespace cityregions {

struct GtfsFeed {
  std::string name;      // the feed's name in the workspace
  std::string timezone;  // of the first agency

  // Stops of every location type; parent_station resolved to an index.
  std::vector<std::string> stop_id, stop_name;
  std::vector<FixedLonLat> stop_coord;
  std::vector<uint8_t> stop_location_type;
  std::vector<uint32_t> stop_parent;  // kNone when none

  std::vector<std::string> route_id, route_short_name, route_long_name;
  std::vector<int32_t> route_type;  // basic (0–12) or extended (100–1700)

  // Services: weekly pattern from calendar.txt (bit 0 = Monday), dates as yyyymmdd; services known
  // only from calendar_dates.txt have no weekdays.
  std::vector<std::string> service_id;
  std::vector<uint8_t> service_weekdays;
  std::vector<int32_t> service_start, service_end;
  struct ServiceException {
    uint32_t service;
    int32_t date;
    bool added;
    uint8_t unused[3] = {0, 0, 0};  // saved as raw bytes: no uninitialised padding in the file
  };
  std::vector<ServiceException> exceptions;

  // Trips (frequency-based trips expanded into one trip per departure).
  std::vector<std::string> trip_id;
  std::vector<uint32_t> trip_route, trip_service;
  std::vector<uint32_t> trip_first_stop_time;  // size trips + 1

  // Stop times of each trip in stop_sequence order; seconds after midnight of the service day
  // (beyond 24:00:00 for trips past midnight).
  std::vector<uint32_t> stop_time_stop;
  std::vector<int32_t> stop_time_arrival, stop_time_departure;

  // transfers.txt rows between two stops (rows naming trips or routes are not used): type 0–2
  // with min_seconds (−1 when not given), or type 3 (no transfer possible).
  struct Transfer {
    uint32_t from, to;
    int32_t type, min_seconds;
  };
  std::vector<Transfer> transfers;
  // pathways.txt: walkways, stairs, escalators, lifts … between the stops, platforms, entrances
  // and nodes of a station; traversal_s −1 and length_m < 0 when not given.
  struct Pathway {
    uint32_t from, to;
    int32_t traversal_s;
    float length_m;
    uint8_t mode;  // 1 walkway, 2 stairs, 3 moving sidewalk, 4 escalator, 5 lift, 6 fare gate, 7 exit gate
    uint8_t bidirectional;
    uint8_t unused[2] = {0, 0};
  };
  std::vector<Pathway> pathways;
  // BLAKE2b of the bytes of every table read: equal for two zips of the same feed.
  std::string content_hash;
  std::string build_id;  // of the import that saved it (core/binary_file.hpp)

  std::vector<std::string> warnings;  // "file:line: message"

  uint32_t trip_count() const { return static_cast<uint32_t>(trip_id.size()); }
  // False for a trip service of kNone (frequency templates).
  bool service_active(uint32_t service, int32_t yyyymmdd) const;
  // First and last service date the feed covers (yyyymmdd).
  std::pair<int32_t, int32_t> date_range() const;
};

// Limits of what a feed may hold, so that a small hostile file cannot claim the machine: a table
// of at most 1 GiB uncompressed (far above a regional feed's largest table), a member at most 100
// times smaller in the zip than uncompressed (CSV tables compress far less), and frequencies.txt
// expanding to at most 2 million trips or 50 million stop times.
inline constexpr uint64_t kMaxGtfsMemberBytes = uint64_t{1} << 30;
inline constexpr uint64_t kMaxGtfsCompression = 100;
inline constexpr size_t kMaxGtfsFrequencyTrips = 2'000'000;
inline constexpr size_t kMaxGtfsFrequencyStopTimes = 50'000'000;

GtfsFeed read_gtfs(const std::filesystem::path& zip, const std::string& name);

void save_feed(const GtfsFeed& feed, const std::filesystem::path& file);
GtfsFeed load_feed(const std::filesystem::path& file);

// "2016-11-15" or "20161115" → 20161115; throws on anything else.
int32_t parse_date(const std::string& text);
// yyyymmdd shifted by whole days.
int32_t add_days(int32_t yyyymmdd, int days);
// "07:30", "7:30:15", "25:10:00" → seconds; nullopt when malformed.
std::optional<int32_t> parse_time_of_day(std::string_view text);
std::string format_time_of_day(int32_t seconds);

}  // namespace cityregions
