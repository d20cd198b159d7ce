#pragma once
// Public-transport quality classes (ÖV-Güteklassen) after the Swiss ARE method as GOAT implements
// it (research/domain.md §8.1): departures per station in a time window give a headway band; with
// the best mode at the station it gives a station category I–VII; distance bands around the
// station give the classes A–F, the better class winning where bands overlap.
#include <string>
#include <vector>

#include "io/gtfs.hpp"
#include "transit/stations.hpp"

namespace cityregions {

// Mode group by GTFS route_type: 'A' rail and metro, 'B' tram, light rail and funicular, 'C' bus
// and everything else (coach, trolleybus, ferry, aerial lift).
char pt_mode_group(int32_t route_type);
// Headway band 1–6 for a mean headway in minutes: <5, 5–<10, 10–<20, 20–<40, 40–<60, 60–120;
// 0 (no category) above 120 minutes.
int pt_headway_band(double headway_min);
// Station category 1–7 (I–VII) from band and mode group; 0 when none.
int pt_station_category(int band, char mode_group);
// Class 'A'…'F' at a distance (metres) from a station of the category; 0 beyond the last band.
char pt_quality_class(int category, double distance_m);
inline constexpr double kPtClassBands[4] = {300, 500, 750, 1000};

struct PtStation {
  std::string name;
  std::string stops;  // the feed's stop ids merged into it
  LonLat position;
  int departures = 0;  // in the window, all modes
  double headway_min = 0;
  char mode_group = 'C';
  int category = 0;
};

// Stations as group_stations() forms them from all feeds (so a station two feeds share is one).
// Departures of trips running on the date (incl. trips of the day before past midnight), counted
// in [from_s, to_s), a departure both feeds hold (same station, second, line, mode and next
// station) once; the mean headway is window / (departures / 2) for the two directions.
std::vector<PtStation> pt_stations(const std::vector<GtfsFeed>& feeds, int32_t date, int32_t from_s, int32_t to_s,
                                   std::span<const StationOverride> overrides = {});

}  // namespace cityregions
