#pragma once
// Which ways a mode may use, in which direction, and how fast: a documented default table
// (docs/profiles.md) that a TOML profile file can override.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "network/mode.hpp"

namespace cityregions {

struct ModeProfile {
  // Usable highway classes with their speed in km/h; a class not listed is not usable.
  std::map<std::string, double> highway_kmh;
  // Speed factor per surface value (bike, walk on rough ground); 1 when not listed.
  std::map<std::string, double> surface_factor;
  // Car: with a maxspeed tag the speed is maxspeed × this factor (traffic, junctions).
  double maxspeed_factor = 0;
  // Access keys from the most specific to the most general, e.g. motorcar, motor_vehicle, vehicle, access.
  std::vector<std::string> access_keys;
  bool oneway = true;            // obey oneway tags (walk: only oneway:foot)
  bool turn_restrictions = true;  // obey turn-restriction relations
  std::string restriction_key;   // restriction:<this> overrides restriction, e.g. "motorcar"
  std::string except_key;        // value in a restriction's except tag that exempts this mode
};

struct Profile {
  ModeProfile modes[3];
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
// Defaults overridden by a TOML file ([car.highway] motorway = 110, [bike] surface factors …).
Profile load_profile(const std::filesystem::path& file);

// What a way means for one mode.
struct WayRule {
  bool forward = false;
  bool backward = false;
  double kmh = 0;
  bool usable() const { return (forward || backward) && kmh > 0; }
};

// Reads a tag value of the way, nullptr when absent.
using TagLookup = std::function<const char*(const char* key)>;

WayRule evaluate_way(const ModeProfile& profile, Mode mode, const TagLookup& tag);

// km/h from a maxspeed value ("50", "30 mph", "DE:urban", "walk"); nullopt when not a limit.
std::optional<double> parse_maxspeed(std::string_view value);

}  // namespace cityregions
