#include "network/profile.hpp"

#include <charconv>
#include <cstring>

#include "core/error.hpp"
#include "core/toml_file.hpp"

namespace cityregions {

std::string_view mode_name(Mode m) {
  switch (m) {
    case Mode::walk: return "walk";
    case Mode::bike: return "bike";
    case Mode::car: return "car";
  }
  return "?";
}

Mode parse_mode(std::string_view name) {
  for (Mode m : kStreetModes)
    if (mode_name(m) == name) return m;
  throw Error("unknown mode '" + std::string(name) + "' (expected walk, bike or car)");
}

Profile default_profile() {
  Profile p;
  auto& walk = p[Mode::walk];
  walk.highway_kmh = {{"footway", 5},     {"pedestrian", 5},  {"path", 5},        {"steps", 3},
                      {"living_street", 5}, {"residential", 5}, {"service", 5},    {"unclassified", 5},
                      {"track", 5},       {"cycleway", 5},    {"tertiary", 5},     {"tertiary_link", 5},
                      {"secondary", 5},   {"secondary_link", 5}, {"primary", 5},   {"primary_link", 5},
                      {"trunk", 5},       {"trunk_link", 5},  {"road", 5},         {"corridor", 5},
                      {"bridleway", 5},   {"platform", 5}};
  walk.surface_factor = {};
  walk.access_keys = {"foot", "access"};
  walk.oneway = false;
  walk.turn_restrictions = false;

  auto& bike = p[Mode::bike];
  bike.highway_kmh = {{"cycleway", 18},     {"path", 14},        {"track", 12},         {"living_street", 10},
                      {"residential", 16},  {"service", 14},     {"unclassified", 16},  {"road", 14},
                      {"tertiary", 18},     {"tertiary_link", 18}, {"secondary", 18},   {"secondary_link", 18},
                      {"primary", 18},      {"primary_link", 18}, {"trunk", 16},        {"trunk_link", 16},
                      {"footway", 6},       {"pedestrian", 6},   {"bridleway", 6}};
  bike.surface_factor = {{"unpaved", 0.7}, {"gravel", 0.7},      {"fine_gravel", 0.85}, {"compacted", 0.9},
                         {"dirt", 0.6},    {"ground", 0.6},      {"grass", 0.5},        {"sand", 0.4},
                         {"mud", 0.4},     {"cobblestone", 0.7}, {"sett", 0.75},        {"pebblestone", 0.6},
                         {"unhewn_cobblestone", 0.6}, {"wood", 0.9}};
  bike.access_keys = {"bicycle", "vehicle", "access"};
  bike.restriction_key = "bicycle";
  bike.except_key = "bicycle";

  auto& car = p[Mode::car];
  car.highway_kmh = {{"motorway", 120},     {"motorway_link", 60}, {"trunk", 90},         {"trunk_link", 50},
                     {"primary", 70},       {"primary_link", 40},  {"secondary", 60},     {"secondary_link", 40},
                     {"tertiary", 50},      {"tertiary_link", 30}, {"unclassified", 40},  {"residential", 30},
                     {"living_street", 7},  {"service", 15},       {"road", 30}};
  car.maxspeed_factor = 0.9;
  car.access_keys = {"motorcar", "motor_vehicle", "vehicle", "access"};
  car.restriction_key = "motorcar";
  car.except_key = "motorcar";
  return p;
}

Profile highways_only_profile() {
  Profile p = default_profile();
  p[Mode::walk].access_keys = {"access"};
  p[Mode::bike].access_keys = {"vehicle", "access"};
  return p;
}

Profile profile_by_name_or_file(const std::string& name) {
  if (name.empty() || name == "default") return default_profile();
  if (name == "highways-only") return highways_only_profile();
  return load_profile(name);
}

namespace {

void apply_table(const toml::table& t, std::map<std::string, double>& out, const std::string& where) {
  for (const auto& [key, value] : t) {
    auto v = value.value<double>();
    if (!v || *v < 0) throw Error(where + "." + std::string(key.str()) + ": expected a number ≥ 0 (0 removes the class)");
    if (*v == 0)
      out.erase(std::string(key.str()));
    else
      out[std::string(key.str())] = *v;
  }
}

}  // namespace

Profile load_profile(const std::filesystem::path& file) {
  Profile p = default_profile();
  const toml::table doc = parse_toml_file(file);
  for (const auto& [key, node] : doc) {
    const Mode m = parse_mode(key.str());
    auto& mp = p[m];
    const auto* section = node.as_table();
    if (!section) throw Error(file.string() + ": [" + std::string(key.str()) + "] must be a table");
    const std::string where = file.string() + ": " + std::string(key.str());
    for (const auto& [k, v] : *section) {
      if (k == "highway" && v.is_table()) {
        apply_table(*v.as_table(), mp.highway_kmh, where + ".highway");
      } else if (k == "surface" && v.is_table()) {
        apply_table(*v.as_table(), mp.surface_factor, where + ".surface");
      } else if (k == "maxspeed_factor" && v.value<double>()) {
        mp.maxspeed_factor = *v.value<double>();
      } else if (k == "access_keys" && v.is_array()) {
        mp.access_keys.clear();
        for (const auto& tag : *v.as_array()) {
          if (!tag.is_string()) throw Error(where + ".access_keys: expected a list of tag keys");
          mp.access_keys.push_back(*tag.value<std::string>());
        }
      } else if (k == "oneway" && v.is_boolean()) {
        mp.oneway = *v.value<bool>();
      } else if (k == "turn_restrictions" && v.is_boolean()) {
        mp.turn_restrictions = *v.value<bool>();
      } else {
        throw Error(where + "." + std::string(k.str()) +
                    ": unknown or mistyped setting (highway, surface, maxspeed_factor, access_keys, oneway, turn_restrictions)");
      }
    }
  }
  return p;
}

std::optional<double> parse_maxspeed(std::string_view v) {
  static const std::map<std::string_view, double> zones = {
      {"DE:urban", 50}, {"DE:rural", 100}, {"DE:living_street", 7}, {"DE:zone30", 30}, {"DE:zone:30", 30},
      {"AT:urban", 50}, {"AT:rural", 100}, {"IT:urban", 50},        {"IT:rural", 90},   {"CZ:urban", 50},
      {"CZ:rural", 90}, {"PL:urban", 50},  {"PL:rural", 90},        {"CH:urban", 50},   {"CH:rural", 80},
      {"FR:urban", 50}, {"FR:rural", 80},  {"walk", 7},             {"living_street", 7}};
  if (auto it = zones.find(v); it != zones.end()) return it->second;
  double n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || n <= 0) return std::nullopt;
  std::string_view rest(ptr, static_cast<size_t>(v.data() + v.size() - ptr));
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest == "mph") return n * 1.609344;
  if (rest.empty() || rest == "km/h" || rest == "kmh") return n;
  return std::nullopt;
}

namespace {

bool is(const char* v, std::initializer_list<const char*> values) {
  if (!v) return false;
  for (const char* x : values)
    if (std::strcmp(v, x) == 0) return true;
  return false;
}

}  // namespace

WayRule evaluate_way(const ModeProfile& profile, Mode mode, const TagLookup& tag) {
  WayRule r;
  const char* highway = tag("highway");
  if (!highway) return r;
  auto cls = profile.highway_kmh.find(highway);
  if (cls == profile.highway_kmh.end()) return r;
  if (is(tag("area"), {"yes"}) && mode == Mode::car) return r;
  if (mode != Mode::car && is(tag("motorroad"), {"yes"})) return r;

  // Most specific access key decides.
  for (const auto& key : profile.access_keys) {
    const char* v = tag(key.c_str());
    if (!v) continue;
    if (is(v, {"no", "private", "agricultural", "forestry", "use_sidepath", "discouraged", "military"}) &&
        !(is(v, {"discouraged"}) && mode == Mode::walk))
      return r;
    break;
  }

  double kmh = cls->second;
  if (profile.maxspeed_factor > 0) {
    if (const char* ms = tag("maxspeed"))
      if (auto limit = parse_maxspeed(ms)) kmh = *limit * profile.maxspeed_factor;
  }
  if (const char* surface = tag("surface"))
    if (auto f = profile.surface_factor.find(surface); f != profile.surface_factor.end()) kmh *= f->second;

  r.forward = r.backward = true;
  r.kmh = kmh;
  if (!profile.oneway) {
    if (const char* ow = tag("oneway:foot")) {
      if (is(ow, {"yes", "true", "1"})) r.backward = false;
      if (is(ow, {"-1", "reverse"})) r.forward = false;
    }
    return r;
  }
  const char* ow = tag("oneway");
  const bool implied = is(highway, {"motorway"}) || is(tag("junction"), {"roundabout", "circular"});
  bool fwd_only = is(ow, {"yes", "true", "1"}) || (implied && !is(ow, {"no", "false", "0"}));
  bool bwd_only = is(ow, {"-1", "reverse"});
  if (mode == Mode::bike) {
    const char* obike = tag("oneway:bicycle");
    if (is(obike, {"no", "false", "0"}) ||
        is(tag("cycleway"), {"opposite", "opposite_lane", "opposite_track", "opposite_share_busway"}) ||
        is(tag("cycleway:left:oneway"), {"-1", "no"}) || is(tag("cycleway:right:oneway"), {"-1", "no"}))
      fwd_only = bwd_only = false;
    else if (is(obike, {"yes", "true", "1"}))
      fwd_only = true;
    else if (is(obike, {"-1"}))
      bwd_only = true;
  }
  if (fwd_only) r.backward = false;
  if (bwd_only) {
    r.forward = false;
    r.backward = true;
  }
  return r;
}

}  // namespace cityregions
