#pragma once
// Which ways a mode may use, in which direction, and how fast: a documented default table
// (docs/profiles.md) that a TOML profile file can override.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "network/car_profile.hpp"
#include "network/mode.hpp"

namespace cityregions {

struct ModeProfile {
  // Usable highway classes with their speed in km/h; a class not listed is not usable.
  std::map<std::string, double> highway_kmh;
  // Speed factor per surface value (bike, walk on rough ground); 1 when not listed.
  std::map<std::string, double> surface_factor;
  // Access keys from the most specific to the most general, e.g. motorcar, motor_vehicle, vehicle, access.
  std::vector<std::string> access_keys;
  bool oneway = true;            // obey oneway tags (walk: only oneway:foot)
  bool turn_restrictions = true;  // obey turn-restriction relations
  std::string restriction_key;   // restriction:<this> overrides restriction, e.g. "motorcar"
  std::string except_key;        // value in a restriction's except tag that exempts this mode
};

struct Profile {
  ModeProfile modes[3];
  CarProfile car;  // car speeds beyond the class table, junctions, turns, periods
  const ModeProfile& operator[](Mode m) const { return modes[static_cast<int>(m)]; }
  ModeProfile& operator[](Mode m) { return modes[static_cast<int>(m)]; }
};

Profile default_profile();
// For extracts that hold only the road classes (no footways or cycleways, as the Rhein-Neckar
// demo extract): foot=no / bicycle=no on a road usually means "use the separate path beside it",
// which such an extract lacks, so walking and cycling ignore those mode-specific tags.
Profile highways_only_profile();
// "default", "highways-only", or a TOML file.
Profile profile_by_name_or_file(const std::string& name_or_file);
// Defaults overridden by a TOML file ([car.highway] residential = 25, [bike] surface factors,
// [car] signal_s = 12, [car.periods.peak] …).
Profile load_profile(const std::filesystem::path& file);

// What a way means for one mode.
struct WayRule {
  bool forward = false;
  bool backward = false;
  double kmh = 0;  // walk and bike; a car's speed depends on the area too (car_speed_kmh)
  // Car only: what the tags say.
  RoadClass road = RoadClass::none;
  float limit_kmh[2] = {0, 0};  // legal limit forward, backward from maxspeed tags; 0 none; kNoLimit
  AreaTag area = AreaTag::none;
  bool dual_carriageway = false;  // oneway trunk or primary, or motorroad=yes
  bool usable() const { return (forward || backward) && (kmh > 0 || road != RoadClass::none); }
};

// Reads a tag value of the way, nullptr when absent.
using TagLookup = std::function<const char*(const char* key)>;

WayRule evaluate_way(const ModeProfile& profile, Mode mode, const TagLookup& tag);

// km/h from a maxspeed value ("50", "30 mph", "DE:urban", "walk"; "none" gives kNoLimit);
// nullopt when not a limit ("signals", "variable").
std::optional<double> parse_maxspeed(std::string_view value);
// The area a zone code says ("DE:urban", "DE:zone30", "AT:rural", "DE:motorway"), none otherwise.
AreaTag area_of_zone_code(std::string_view value);
// The ISO country prefix of a zone code ("DE:urban" → "DE"), empty when none.
std::string_view country_of_zone_code(std::string_view value);

}  // namespace cityregions
