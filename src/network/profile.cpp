#include "network/profile.hpp"

#include <charconv>
#include <cmath>
#include <cctype>
#include <cstdlib>
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
  // Typical speeds of untagged roads in built-up areas: Valhalla's urban_rc_speed; links and
  // living streets: OSRM car.lua; motorway and trunk: no cap (docs/profiles.md).
  car.highway_kmh = {{"motorway", HUGE_VAL},  {"motorway_link", 45}, {"trunk", HUGE_VAL},    {"trunk_link", 40},
                     {"primary", 57},         {"primary_link", 30},  {"secondary", 49},      {"secondary_link", 25},
                     {"tertiary", 40},        {"tertiary_link", 20}, {"unclassified", 35},   {"residential", 30},
                     {"living_street", 10},   {"service", 20},       {"road", 20}};
  car.access_keys = {"motorcar", "motor_vehicle", "vehicle", "access"};
  car.restriction_key = "motorcar";
  car.except_key = "motorcar";
  p.car = default_car_profile();
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

double positive(const toml::node& v, const std::string& where, bool allow_zero = true) {
  const auto d = v.value<double>();
  if (!d || *d < 0 || (!allow_zero && *d == 0) || !std::isfinite(*d))
    throw Error(where + ": expected a number " + (allow_zero ? "≥ 0" : "> 0"));
  return *d;
}

// [car.periods.NAME]: windows = ["07:00-09:00", …] and a factor per congestion class.
void apply_period(const toml::table& t, const std::string& name, CarProfile& car, const std::string& where) {
  auto it = std::find_if(car.periods.begin(), car.periods.end(), [&](const TimePeriod& tp) { return tp.name == name; });
  if (it == car.periods.begin()) throw Error(where + ": the default period '" + name + "' has no windows or factors to set");
  if (it == car.periods.end()) {
    car.periods.push_back({name, {}, {1, 1, 1, 1, 1, 1}});
    it = car.periods.end() - 1;
  }
  for (const auto& [k, v] : t) {
    const std::string key(k.str()), at = where + "." + key;
    if (key == "windows") {
      const auto* list = v.as_array();
      if (!list) throw Error(at + ": expected a list like [\"07:00-09:00\"]");
      it->windows.clear();
      for (const auto& w : *list) {
        const auto text = w.value<std::string>();
        const auto dash = text ? text->find('-') : std::string::npos;
        if (dash == std::string::npos) throw Error(at + ": expected windows like \"07:00-09:00\"");
        const int from = parse_clock_minute(text->substr(0, dash));
        const std::string to_text = text->substr(dash + 1);
        const int to = to_text == "24:00" ? 24 * 60 : parse_clock_minute(to_text);
        if (to <= from) throw Error(at + ": window '" + *text + "' ends before it starts");
        it->windows.emplace_back(from, to);
      }
      continue;
    }
    int k_index = -1;
    for (int c = 0; c < kCongestionClasses; ++c)
      if (congestion_class_name(c) == key) k_index = c;
    if (k_index < 0)
      throw Error(at + ": unknown setting (windows, motorway_rural, motorway_suburban, motorway_urban, road_rural, "
                       "road_suburban, road_urban)");
    it->factor[static_cast<size_t>(k_index)] = positive(v, at, false);
  }
}

void apply_car(const std::string& key, const toml::node& v, Profile& p, const std::string& where) {
  CarProfile& c = p.car;
  const std::string at = where + "." + key;
  static const std::map<std::string, double CarProfile::*> numbers = {
      {"maxspeed_factor", &CarProfile::road_speed_factor},
      {"motorway_maxspeed_factor", &CarProfile::motorway_speed_factor},
      {"density_radius_m", &CarProfile::density_radius_m},
      {"turn_penalty_s", &CarProfile::turn_penalty_s},
      {"turn_bias", &CarProfile::turn_bias},
      {"u_turn_penalty_s", &CarProfile::u_turn_penalty_s},
      {"signal_s", &CarProfile::signal_s},
      {"pedestrian_signal_s", &CarProfile::pedestrian_signal_s},
      {"stop_s", &CarProfile::stop_s},
      {"give_way_s", &CarProfile::give_way_s},
      {"zebra_s", &CarProfile::zebra_s},
      {"level_crossing_s", &CarProfile::level_crossing_s},
      {"level_crossing_barrier_s", &CarProfile::level_crossing_barrier_s},
      {"level_crossing_open_s", &CarProfile::level_crossing_open_s},
      {"gate_s", &CarProfile::gate_s},
      {"signal_cluster_m", &CarProfile::signal_cluster_m}};
  if (auto it = numbers.find(key); it != numbers.end()) {
    c.*(it->second) = positive(v, at, key != "turn_bias" && key != "density_radius_m");
  } else if (key == "built_up_density") {
    const auto d = v.value<int64_t>();
    if (!d || *d < 0 || *d > 15) throw Error(at + ": expected a whole number 0–15 (Valhalla's relative density)");
    c.built_up_density = static_cast<int>(*d);
  } else if (key == "country") {
    const auto code = v.value<std::string>();
    if (!code || (*code != "auto" && !known_country(*code)))
      throw Error(at + ": expected \"auto\" or one of DE, AT, PL, CZ, IT");
    c.country = *code;
  } else if (key == "left_hand_traffic" && v.is_boolean()) {
    c.left_hand_traffic = *v.value<bool>();
  } else if (key == "highway_rural" && v.is_table()) {
    for (const auto& [cls, speed] : *v.as_table()) {
      const auto rc = road_class(cls.str());
      if (!rc) throw Error(at + "." + std::string(cls.str()) + ": not a car road class");
      c.typical_rural[static_cast<size_t>(*rc)] = positive(speed, at + "." + std::string(cls.str()), false);
    }
  } else if (key == "periods" && v.is_table()) {
    for (const auto& [name, table] : *v.as_table()) {
      if (!table.is_table()) throw Error(at + "." + std::string(name.str()) + ": must be a table");
      apply_period(*table.as_table(), std::string(name.str()), c, at + "." + std::string(name.str()));
    }
  } else {
    throw Error(at + ": unknown or mistyped setting (docs/profiles.md lists the car settings)");
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
        if (m == Mode::car)
          for (const auto& [cls, kmh] : mp.highway_kmh)
            if (!road_class(cls)) throw Error(where + ".highway." + cls + ": not a car road class");
      } else if (k == "surface" && v.is_table() && m != Mode::car) {
        apply_table(*v.as_table(), mp.surface_factor, where + ".surface");
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
      } else if (m == Mode::car) {
        apply_car(std::string(k.str()), v, p, where);
      } else {
        throw Error(where + "." + std::string(k.str()) +
                    ": unknown or mistyped setting (highway, surface, access_keys, oneway, turn_restrictions)");
      }
    }
  }
  return p;
}

std::optional<double> parse_maxspeed(std::string_view v) {
  static const std::map<std::string_view, double> zones = {
      {"DE:urban", 50},   {"DE:rural", 100},  {"DE:living_street", 7}, {"DE:zone30", 30},    {"DE:zone:30", 30},
      {"DE:zone20", 20},  {"DE:zone:20", 20}, {"DE:motorway", kNoLimit}, {"AT:urban", 50},  {"AT:rural", 100},
      {"AT:motorway", 130}, {"IT:urban", 50}, {"IT:rural", 90},        {"IT:motorway", 130}, {"CZ:urban", 50},
      {"CZ:rural", 90},   {"CZ:motorway", 130}, {"PL:urban", 50},      {"PL:rural", 90},     {"PL:motorway", 140},
      {"CH:urban", 50},   {"CH:rural", 80},   {"FR:urban", 50},        {"FR:rural", 80},     {"walk", 7},
      {"living_street", 7}, {"none", kNoLimit}};
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

std::string_view country_of_zone_code(std::string_view v) {
  if (v.size() < 4 || v[2] != ':' || !std::isupper(static_cast<unsigned char>(v[0])) ||
      !std::isupper(static_cast<unsigned char>(v[1])))
    return {};
  return v.substr(0, 2);
}

AreaTag area_of_zone_code(std::string_view v) {
  if (country_of_zone_code(v).empty()) return AreaTag::none;
  const std::string_view rest = v.substr(3);
  for (std::string_view w : {"urban", "zone", "living_street", "pedestrian", "bicycle_road", "speed:"})
    if (rest.substr(0, w.size()) == w) return AreaTag::built_up;
  for (std::string_view w : {"rural", "motorway", "motorroad", "trunk"})
    if (rest.substr(0, w.size()) == w) return AreaTag::rural;
  // zone:maxspeed=DE:30 — a 30 zone, inside a town
  if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0])) && std::atoi(std::string(rest).c_str()) <= 30)
    return AreaTag::built_up;
  return AreaTag::none;
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

  r.forward = r.backward = true;
  if (mode == Mode::car) {
    r.road = *road_class(highway);  // the car's class table holds only car road classes
    const char* both = tag("maxspeed");
    for (int dir = 0; dir < 2; ++dir) {
      const char* ms = tag(dir == 0 ? "maxspeed:forward" : "maxspeed:backward");
      if (!ms) ms = both;
      if (ms)
        if (auto limit = parse_maxspeed(ms)) r.limit_kmh[dir] = static_cast<float>(*limit);
    }
    for (const char* key : {"maxspeed", "source:maxspeed", "maxspeed:type", "zone:maxspeed", "zone:traffic"})
      if (const char* v = tag(key); v && r.area == AreaTag::none) r.area = area_of_zone_code(v);
    r.dual_carriageway = is(tag("motorroad"), {"yes"}) ||
                         (is(highway, {"trunk", "trunk_link", "primary"}) && is(tag("oneway"), {"yes", "true", "1", "-1"}));
  } else {
    double kmh = cls->second;
    if (const char* surface = tag("surface"))
      if (auto f = profile.surface_factor.find(surface); f != profile.surface_factor.end()) kmh *= f->second;
    r.kmh = kmh;
  }
  if (!profile.oneway) {
    if (const char* ow = tag("oneway:foot")) {
      if (is(ow, {"yes", "true", "1"})) r.backward = false;
      if (is(ow, {"-1", "reverse"})) r.forward = false;
    }
    return r;
  }
  const char* ow = tag("oneway");
  const bool implied = is(highway, {"motorway", "motorway_link"}) || is(tag("junction"), {"roundabout", "circular"});
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
