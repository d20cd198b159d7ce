#include "network/car_profile.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.hpp"

namespace cityregions {

namespace {
constexpr std::array<std::string_view, kRoadClasses> kClassNames{
    "motorway",  "motorway_link", "trunk",         "trunk_link",  "primary",       "primary_link",
    "secondary", "secondary_link", "tertiary",     "tertiary_link", "unclassified", "residential",
    "living_street", "service",    "road"};
}  // namespace

std::optional<RoadClass> road_class(std::string_view highway) {
  for (int i = 0; i < kRoadClasses; ++i)
    if (kClassNames[static_cast<size_t>(i)] == highway) return static_cast<RoadClass>(i);
  return std::nullopt;
}

std::string_view road_class_name(RoadClass c) {
  return c == RoadClass::none ? "none" : kClassNames[static_cast<size_t>(c)];
}

std::string_view area_name(Area a) {
  switch (a) {
    case Area::rural: return "rural";
    case Area::suburban: return "suburban";
    case Area::urban: return "urban";
  }
  return "?";
}

std::string congestion_class_name(int k) {
  return std::string(k < kAreas ? "motorway_" : "road_") + std::string(area_name(static_cast<Area>(k % kAreas)));
}

const CountryLimits& country_limits(std::string_view code) {
  // code, urban, rural, dual carriageway / motorroad outside, motorway, advisory, urban motorway, living street
  static const std::array<CountryLimits, 6> tables{{
      {"DE", 50, 100, 0, 0, 130, 0, 7},
      {"AT", 50, 100, 100, 130, 130, 0, 7},
      {"PL", 50, 90, 100, 140, 140, 0, 20},
      {"CZ", 50, 90, 110, 130, 130, 80, 20},
      {"IT", 50, 90, 110, 130, 130, 0, 50},
      {"", 50, 90, 110, 130, 130, 0, 7},
  }};
  for (const auto& t : tables)
    if (t.code == code) return t;
  return tables.back();
}

bool known_country(std::string_view code) { return !code.empty() && country_limits(code).code == code; }

size_t CarProfile::period_at(int minute) const {
  for (size_t i = 1; i < periods.size(); ++i)
    for (const auto& [from, to] : periods[i].windows)
      if (minute >= from && minute < to) return i;
  return 0;
}

CarProfile default_car_profile() {
  CarProfile p;
  // Outside built-up areas: Valhalla's lua/graph.lua default_speed per road class; links and
  // living streets: OSRM car.lua; motorway and trunk: no cap. (Built-up: default_profile.)
  p.typical_rural.fill(HUGE_VAL);
  using R = RoadClass;
  for (auto [c, kmh] : std::initializer_list<std::pair<R, double>>{
           {R::primary, 75},        {R::secondary, 60},     {R::tertiary, 50},      {R::unclassified, 40},
           {R::residential, 35},    {R::service, 25},       {R::road, 25},          {R::living_street, 10},
           {R::motorway_link, 45},  {R::trunk_link, 40},    {R::primary_link, 30},  {R::secondary_link, 25},
           {R::tertiary_link, 20}})
    p.typical_rural[static_cast<size_t>(c)] = kmh;
  TimePeriod off{"off-peak", {}, {1, 1, 1, 1, 1, 1}};
  // Peak: motorway rural/suburban/urban, road rural/suburban/urban (docs/profiles.md).
  TimePeriod peak{"peak", {{7 * 60, 9 * 60}, {16 * 60, 19 * 60}}, {1.06, 1.10, 1.15, 1.06, 1.20, 1.40}};
  p.periods = {off, peak};
  return p;
}

double car_speed_kmh(const CarProfile& p, const CountryLimits& country, const CarWay& w) {
  const bool motorway = w.road == RoadClass::motorway || w.road == RoadClass::motorway_link;
  const bool built_up = w.built_up || w.road == RoadClass::residential || w.road == RoadClass::living_street;
  const bool tagged = w.limit_kmh != 0;
  double limit = w.limit_kmh;
  if (!tagged) {
    if (w.road == RoadClass::living_street)
      limit = country.living_street;
    else if (motorway)
      limit = built_up && country.urban_motorway > 0 ? country.urban_motorway : country.motorway;
    else if (built_up)
      limit = country.urban;
    else
      limit = w.dual_carriageway ? country.dual : country.rural;
    if (limit == 0) limit = kNoLimit;
  }
  if (limit == kNoLimit) limit = country.advisory;
  const double typical = built_up ? w.typical_built_up : w.typical_rural;
  // Walking pace in a living street is itself a travelled speed: no factor on it.
  if (w.road == RoadClass::living_street && !tagged) return std::min(limit, typical);
  // Motorways, and trunk roads built like them (dual carriageway or motorroad), keep the
  // motorway factor; a single-carriageway trunk road is driven like other roads.
  const bool motorway_built = motorway || (motorway_like(w.road) && w.dual_carriageway);
  double kmh = limit * (motorway_built ? p.motorway_speed_factor : p.road_speed_factor);
  if (!tagged) kmh = std::min(kmh, typical);
  return kmh;
}

double turn_seconds(const CarProfile& p, double angle) {
  // Right-hand traffic: right turns (angle > 0) are cheaper; left-hand traffic mirrors it.
  const double bias = p.left_hand_traffic ? 1 / p.turn_bias : p.turn_bias;
  if (angle >= 0) return p.turn_penalty_s / (1 + std::exp(-((13 / bias) * angle / 180 - 6.5 * bias)));
  return p.turn_penalty_s / (1 + std::exp(-((13 * bias) * -angle / 180 - 6.5 / bias)));
}

int parse_clock_minute(const std::string& text) {
  std::string_view t = text;
  if (const auto pos = t.find('T'); pos != std::string_view::npos) t = t.substr(pos + 1);
  int h = -1, m = -1;
  const char* end = t.data() + t.size();
  auto [p1, e1] = std::from_chars(t.data(), end, h);
  if (e1 == std::errc() && p1 < end && *p1 == ':') {
    auto [p2, e2] = std::from_chars(p1 + 1, end, m);
    if (e2 == std::errc() && (p2 == end || *p2 == ':') && h >= 0 && h < 24 && m >= 0 && m < 60) return h * 60 + m;
  }
  throw Error("--depart: '" + text + "' is not a time of day HH:MM (or a date-time YYYY-MM-DDTHH:MM)");
}

}  // namespace cityregions
