#pragma once
// The car model beyond the way tags: legal speed limits by country and area type, the share of
// the limit that drivers travel, typical speeds of untagged minor roads, the delays of junction
// controls, turn times, and time-of-day periods with congestion factors. Every default and its
// source is listed in docs/profiles.md; a TOML profile overrides them.
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityregions {

// The highway classes a car may use, in the order of OSM's hierarchy.
enum class RoadClass : uint8_t {
  motorway, motorway_link, trunk, trunk_link, primary, primary_link, secondary, secondary_link,
  tertiary, tertiary_link, unclassified, residential, living_street, service, road, none
};
inline constexpr int kRoadClasses = static_cast<int>(RoadClass::none);
std::optional<RoadClass> road_class(std::string_view highway);
std::string_view road_class_name(RoadClass c);
// Motorways and trunk roads with their links: grade-separated or nearly so.
inline bool motorway_like(RoadClass c) { return c <= RoadClass::trunk_link; }

// Area type around a road, from Valhalla's relative road density (0–15): rural ≤ 5,
// suburban 6–10, urban ≥ 11.
enum class Area : uint8_t { rural = 0, suburban = 1, urban = 2 };
inline constexpr int kAreas = 3;
std::string_view area_name(Area a);

// What tags say about the area of a way (source:maxspeed, maxspeed:type, zone:maxspeed,
// zone:traffic, a zone code in maxspeed).
enum class AreaTag : uint8_t { none, built_up, rural };

// Congestion classes: {motorway-like, other road} × area type.
inline constexpr int kCongestionClasses = 2 * kAreas;
inline uint8_t congestion_class(RoadClass c, Area a) {
  return static_cast<uint8_t>((motorway_like(c) ? 0 : kAreas) + static_cast<int>(a));
}
std::string congestion_class_name(int k);  // e.g. "motorway_urban", "road_rural"

// Legal default limits of a country (km/h); 0 where there is no general limit. From the OSM wiki
// "Default speed limits" as compiled by osm-legal-default-speeds (shipped with GraphHopper).
struct CountryLimits {
  std::string code;       // ISO 3166-1 alpha-2, "" for the generic table
  double urban = 50;      // inside built-up areas
  double rural = 90;      // outside, single carriageway
  double dual = 90;       // outside, dual carriageway or motorroad (0: no limit)
  double motorway = 130;  // 0: no limit
  double advisory = 130;  // where there is no limit (German Richtgeschwindigkeit)
  double urban_motorway = 0;  // motorways inside built-up areas where the law sets one (CZ), else 0
  double living_street = 7;   // "walk" is taken as 7 km/h
};
// Known: DE, AT, PL, CZ, IT; anything else gets the generic table (OSRM's maxspeed_table_default).
const CountryLimits& country_limits(std::string_view code);
bool known_country(std::string_view code);

// A time-of-day period: its windows and a factor on travel times per congestion class.
struct TimePeriod {
  std::string name;
  std::vector<std::pair<int, int>> windows;  // [from, to) in minutes after midnight
  std::array<double, kCongestionClasses> factor{1, 1, 1, 1, 1, 1};
};

struct CarProfile {
  std::string country = "auto";  // ISO code, or "auto": the most frequent code in the file's speed tags
  bool left_hand_traffic = false;
  // Travelled speed = limit × factor (motorways and dual-carriageway trunk roads, other roads).
  double motorway_speed_factor = 0.95;
  double road_speed_factor = 0.8;
  // Typical speed of untagged roads outside built-up areas (km/h), indexed by RoadClass; caps
  // limit × factor; HUGE_VAL: no cap. (Inside built-up areas: the car's highway table.)
  std::array<double, kRoadClasses> typical_rural{};
  // Road density: radius of the disc (m) and the relative density above which an untagged road
  // counts as built-up for its default limit (Valhalla's kMaxRuralDensity).
  double density_radius_m = 2000;
  int built_up_density = 8;
  // Turns (OSRM car.lua): sigmoid of the angle up to turn_penalty_s, turn_bias favouring turns
  // away from oncoming traffic, and a U-turn penalty on top.
  double turn_penalty_s = 7.5;
  double turn_bias = 1.075;
  double u_turn_penalty_s = 20;
  // Expected delays of junction controls (seconds).
  double signal_s = 10;             // a signalised junction, once per junction
  double pedestrian_signal_s = 4;   // a signal only for a pedestrian crossing
  double stop_s = 8;
  double give_way_s = 3;
  double zebra_s = 1;               // a marked crossing where cars yield to pedestrians
  double level_crossing_s = 3;      // railway crossing, unknown protection
  double level_crossing_barrier_s = 5;
  double level_crossing_open_s = 1;  // tagged without barrier and light (tram crossings)
  double gate_s = 60;               // barrier=gate / lift_gate / swing_gate (OSRM barrier_penalties)
  double signal_cluster_m = 20;     // signals this far apart (along roads) form one junction
  // Periods; periods[0] is the default (off-peak, free-flowing) with all factors 1.
  std::vector<TimePeriod> periods;

  // Index into periods for a departure at minute_of_day (0–1439); the default outside all windows.
  size_t period_at(int minute_of_day) const;
};

CarProfile default_car_profile();

// The travelled speed of a way in one direction.
struct CarWay {
  RoadClass road = RoadClass::none;
  double limit_kmh = 0;  // from tags; 0 = none tagged; kNoLimit for "none"
  bool dual_carriageway = false;
  bool built_up = false;  // for the default limit and the typical speed
  double typical_built_up = HUGE_VAL;  // the class's typical speeds, caps on untagged ways
  double typical_rural = HUGE_VAL;
};
inline constexpr double kNoLimit = -1;
double car_speed_kmh(const CarProfile& p, const CountryLimits& country, const CarWay& way);

// Turn time (s) by the angle in degrees (0 straight, + right, - left, ±180 back), OSRM's sigmoid.
double turn_seconds(const CarProfile& p, double angle_deg);

// "HH:MM" or a date-time "YYYY-MM-DDTHH:MM" → minute of the day; throws an Error naming the text.
int parse_clock_minute(const std::string& text);

}  // namespace cityregions
