#pragma once
// Stations: the stops (platforms) of all feeds grouped into the places a traveller changes at.
// A stop with a parent_station belongs to that station; the other stops join stops or stations
// of the same name within 200 m; stations of different feeds are one when they share a name
// within 200 m or have platforms within 30 m of each other. An override list puts named stops
// into the stations it names, before any of these rules (docs/transit.md).
#include <span>
#include <string>
#include <vector>

#include "io/gtfs.hpp"

namespace cityregions {

struct StationRules {
  double same_name_m = 200;   // stops of one name this close form one station
  double same_place_m = 30;   // platforms of two feeds this close are the same place
};

// One line of an override list: the stop `stop_id` of feed `feed` belongs to the station
// labelled `station`; stops given the same label (of any feed) form one station.
struct StationOverride {
  std::string feed, stop_id, station;
};

struct Stations {
  enum class Source : uint8_t { single, parent, name, override };
  // Per feed, per stop: the station (kNone for stops of no station: entrances, nodes and
  // boarding areas take their parent's; a station record itself maps to its station too).
  std::vector<std::vector<uint32_t>> of_stop;
  std::vector<std::string> name;
  std::vector<LonLat> position;  // the parent station's position, else the mean of the platforms
  std::vector<Source> source;    // how it was formed: one stop, a parent_station, same name, override

  uint32_t count() const { return static_cast<uint32_t>(name.size()); }
};

// `overrides` naming an unknown feed or stop throw an Error naming the entry.
Stations group_stations(const std::vector<GtfsFeed>& feeds, std::span<const StationOverride> overrides = {},
                        const StationRules& rules = {});

const char* station_source_name(Stations::Source s);

}  // namespace cityregions
