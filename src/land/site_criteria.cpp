#include "land/site_criteria.hpp"

#include <cstdio>
#include <filesystem>

#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "access/grid.hpp"
#include "access/indicators.hpp"
#include "core/error.hpp"
#include "core/gdal.hpp"
#include "region/networks.hpp"
#include "region/points.hpp"
#include "region/transit.hpp"
#include "store/gpkg.hpp"
#include "store/municipalities.hpp"
#include "transit/quality_classes.hpp"

namespace cityregions {

const std::vector<SiteCriterion>& site_criteria() {
  static const std::vector<SiteCriterion> c = {
      {"motorway_car_min", "car time to the nearest motorway junction", "min"},
      {"rail_car_min", "car time to the nearest rail station", "min"},
      {"rail_walk_min", "walking time to the nearest rail station", "min"},
      {"pt_class", "public-transport quality class (best touching the site)", "", true},
      {"pop_car_30", "population within 30 min by car", "people"},
      {"pop_car_45", "population within 45 min by car", "people"},
      {"pop_transit_30", "population within 30 min by public transport (median)", "people"},
      {"pop_transit_45", "population within 45 min by public transport (median)", "people"},
      {"pop_1km", "population within 1 km of the site", "people"},
      {"core_car_min", "car time to the core city centre", "min"}};
  return c;
}

namespace {

enum CriterionColumn { motorway_car, rail_car, rail_walk, pt_class, pop_car_30, pop_car_45, pop_transit_30, pop_transit_45, pop_1km, core_car };

// Grid cells are located on the network as the accessibility layers locate them.
constexpr double kZoneSnapM = 500;
// Search horizon of the street modes (a junction or station further away counts as unknown).
constexpr double kHorizonMin = 240;

struct SiteShape {
  std::string id;
  OGRGeometryUniquePtr geom;  // workspace CRS
  LonLat point;               // a point on the site's surface
};

std::vector<std::optional<Location>> locate(const StreetNetwork& net, const std::vector<LonLat>& points, double max_snap_m) {
  std::vector<std::optional<Location>> out;
  out.reserve(points.size());
  for (const auto& p : points) out.push_back(net.try_locate(p, max_snap_m));
  return out;
}

double minutes(int32_t seconds) { return std::round(seconds / 6.0) / 10; }

// Destination points in groups (junctions, stations, zones, cores); one search per site covers all.
struct Targets {
  std::vector<LonLat> points;
  std::vector<std::pair<size_t, size_t>> groups;  // [begin, end) per group
  size_t add(const std::vector<LonLat>& p) {
    groups.push_back({points.size(), points.size() + p.size()});
    points.insert(points.end(), p.begin(), p.end());
    return groups.size() - 1;
  }
  std::optional<int32_t> nearest(size_t group, const std::vector<int32_t>& seconds) const {
    int32_t best = kUnreached;
    for (size_t i = groups[group].first; i < groups[group].second; ++i) best = std::min(best, seconds[i]);
    return best == kUnreached ? std::nullopt : std::optional<int32_t>(best);
  }
  double within(size_t group, const std::vector<int32_t>& seconds, const std::vector<double>& weight, double limit_min) const {
    double sum = 0;
    for (size_t i = groups[group].first; i < groups[group].second; ++i)
      if (seconds[i] <= limit_min * 60) sum += weight[i - groups[group].first];
    return sum;
  }
};

std::vector<LonLat> positions(const std::vector<NamedPoint>& points) {
  std::vector<LonLat> out;
  for (const auto& p : points) out.push_back(p.position);
  return out;
}

}  // namespace

namespace {
constexpr const char* kStationsKey = "site_criteria_stations";  // region_meta: the last run's sources
constexpr const char* kTransitKey = "site_criteria_transit";    // "yyyymmdd departure_s window_s"
}  // namespace

CriteriaReport refresh_site_criteria(Workspace& ws, const CriteriaOptions& given, bool show_progress) {
  Database& db = ws.db();
  CriteriaOptions opt = given;
  CriteriaReport rep;
  // A run without --stations or --depart reuses those of the last run, so that a refresh after
  // new sites does not drop the rail and public-transport criteria.
  if (opt.stations.empty())
    if (auto recorded = ws.meta(kStationsKey); recorded && !recorded->empty()) {
      opt.stations = *recorded;
      rep.reused.push_back("rail stations from " + *recorded);
    }
  if (opt.date == 0)
    if (auto recorded = ws.meta(kTransitKey)) {
      int32_t date = 0, departure = 0, window = 0;
      if (std::sscanf(recorded->c_str(), "%d %d %d", &date, &departure, &window) == 3 && date > 0) {
        opt.date = date;
        opt.transit.departure = departure;
        opt.transit.window_s = window;
        char text[160];
        std::snprintf(text, sizeof text, "public transport on %04d-%02d-%02d from %02d:%02d, window %d min", date / 10000,
                      date / 100 % 100, date % 100, departure / 3600, departure / 60 % 60, window / 60);
        rep.reused.push_back(text);
      }
    }
  if (!db.table_exists("sites")) throw Error(ws.dir().string() + ": no sites yet (run 'cityregions sites import')");
  const int epsg = ws.epsg().value_or(0);
  const Projection proj(epsg);
  std::vector<SiteShape> sites;
  {
    auto st = db.prepare("SELECT site_id, geom FROM sites ORDER BY fid");
    while (st.step()) {
      SiteShape s{st.text(0), gpkg_decode(st.blob(1)), {}};
      OGRGeometryUniquePtr inside(s.geom->getGeometryType() == wkbPoint
                                      ? s.geom->clone()
                                      : OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(s.geom.get()))));
      if (!inside) throw Error("site " + s.id + ": field 'geometry': no point on its surface");
      s.point = proj.inverse({inside->toPoint()->getX(), inside->toPoint()->getY()});
      sites.push_back(std::move(s));
    }
  }
  if (sites.empty()) throw Error(ws.dir().string() + ": the site inventory is empty");
  rep.sites = sites.size();
  std::vector<LonLat> site_points;
  for (const auto& s : sites) site_points.push_back(s.point);
  const size_t columns = site_criteria().size();
  std::vector<std::optional<double>> value(sites.size() * columns);
  std::vector<std::string> pt(sites.size());
  auto set = [&](size_t site, CriterionColumn c, std::optional<double> v) { value[site * columns + c] = v; };

  // Destinations of the street searches.
  auto facilities = [&](const std::string& source, const char* what, size_t& count) -> std::optional<std::vector<NamedPoint>> {
    if (source.empty()) {
      rep.left_unknown.push_back(std::string(what) + ": no source given");
      return std::nullopt;
    }
    try {
      size_t outside = 0;
      auto points = read_facilities(ws, source, "", outside);
      count = points.size();
      return points;
    } catch (const Error& e) {
      rep.left_unknown.push_back(std::string(what) + ": " + e.what());
      return std::nullopt;
    }
  };
  const auto junctions = facilities(opt.junctions, "motorway junctions", rep.junctions);
  const auto stations = facilities(opt.stations, "rail stations", rep.stations);
  std::optional<std::vector<Zone>> zones;
  std::vector<double> population;
  try {
    zones = load_zones(ws, opt.zones);
    population = zone_values(ws, opt.zones, opt.population, zones->size());
  } catch (const Error& e) {
    zones.reset();
    rep.left_unknown.push_back("population reach: " + std::string(e.what()));
  }
  std::vector<NamedPoint> cores;
  {
    auto municipalities = load_municipalities(ws);
    if (municipalities.empty()) throw Error(ws.dir().string() + ": no municipalities (the core city is one of them)");
    std::vector<std::string> keys = opt.core;
    if (keys.empty())
      keys.push_back(std::max_element(municipalities.begin(), municipalities.end(), [](const auto& a, const auto& b) {
                       return a.population.value_or(0) < b.population.value_or(0);
                     })->key);
    for (const auto& key : keys) {
      const auto m = std::find_if(municipalities.begin(), municipalities.end(), [&](const auto& x) { return x.key == key; });
      if (m == municipalities.end()) throw Error("--core: no municipality with key '" + key + "'");
      cores.push_back({m->key, m->centre, "municipality " + m->key});
      rep.core.push_back(m->name);
    }
  }

  {
    const StreetNetwork car = load_street_network(ws, Mode::car);
    const auto origins = locate(car, site_points, opt.max_snap_m);
    for (const auto& o : origins) rep.on_car_network += o.has_value();
    Targets t;
    const size_t g_junction = t.add(junctions ? positions(*junctions) : std::vector<LonLat>{});
    const size_t g_station = t.add(stations ? positions(*stations) : std::vector<LonLat>{});
    std::vector<LonLat> zone_points;
    if (zones)
      for (const auto& z : *zones) zone_points.push_back(z.centre);
    const size_t g_zone = t.add(zone_points);
    const size_t g_core = t.add(positions(cores));
    std::vector<std::optional<Location>> targets;
    for (size_t i = 0; i < t.points.size(); ++i) {
      const bool zone = i >= t.groups[g_zone].first && i < t.groups[g_zone].second;
      targets.push_back(car.try_locate(t.points[i], zone ? kZoneSnapM : opt.max_snap_m));
    }
    street_times(car, origins, targets, kHorizonMin, [&](size_t o, const std::vector<int32_t>& s) {
      if (junctions)
        if (auto v = t.nearest(g_junction, s)) set(o, motorway_car, minutes(*v));
      if (stations)
        if (auto v = t.nearest(g_station, s)) set(o, rail_car, minutes(*v));
      if (zones) {
        set(o, pop_car_30, std::round(t.within(g_zone, s, population, 30)));
        set(o, pop_car_45, std::round(t.within(g_zone, s, population, 45)));
      }
      if (auto v = t.nearest(g_core, s)) set(o, core_car, minutes(*v));
    }, show_progress);
  }

  const bool transit_wanted = opt.date != 0;
  if (!transit_wanted) rep.left_unknown.push_back("public transport (reach, quality class): no service date given");
  const auto feeds = transit_wanted ? load_feeds(ws) : std::vector<GtfsFeed>{};
  if (transit_wanted && feeds.empty()) rep.left_unknown.push_back("public transport (reach, quality class): no GTFS feed imported");
  if (stations || (zones && !feeds.empty())) {
    const StreetNetwork walk = load_street_network(ws, Mode::walk);
    const auto origins = locate(walk, site_points, opt.max_snap_m);
    for (const auto& o : origins) rep.on_walk_network += o.has_value();
    if (stations) {
      std::vector<std::optional<Location>> targets;
      for (const auto& s : *stations) targets.push_back(walk.try_locate(s.position, opt.max_snap_m));
      street_times(walk, origins, targets, kHorizonMin, [&](size_t o, const std::vector<int32_t>& s) {
        const auto best = *std::min_element(s.begin(), s.end());
        if (best != kUnreached) set(o, rail_walk, minutes(best));
      }, show_progress);
    }
    if (zones && !feeds.empty()) {
      const Timetable tt = load_timetable(ws, walk, opt.date);
      std::vector<std::optional<Location>> targets;
      for (const auto& z : *zones) targets.push_back(walk.try_locate(z.centre, kZoneSnapM));
      transit_times(tt, walk, origins, targets, opt.transit, opt.percentile, [&](size_t o, const std::vector<int32_t>& s) {
        double p30 = 0, p45 = 0;
        for (size_t z = 0; z < s.size(); ++z) {
          if (s[z] <= 30 * 60) p30 += population[z];
          if (s[z] <= 45 * 60) p45 += population[z];
        }
        set(o, pop_transit_30, std::round(p30));
        set(o, pop_transit_45, std::round(p45));
      }, show_progress);
    }
  }

  // Quality class: the best class whose band reaches any part of the site.
  if (!feeds.empty()) {
    const auto pt_st = pt_stations(feeds, opt.date, opt.pt_from, opt.pt_to, station_overrides(ws));
    rep.pt_stations = pt_st.size();
    std::vector<OGRPoint> at;
    for (const auto& s : pt_st) {
      const XY xy = proj.forward(s.position);
      at.emplace_back(xy.x, xy.y);
    }
    for (size_t i = 0; i < sites.size(); ++i) {
      char best = 0;
      for (size_t s = 0; s < pt_st.size(); ++s) {
        if (pt_st[s].category == 0) continue;
        const char c = pt_quality_class(pt_st[s].category, sites[i].geom->Distance(&at[s]));
        if (c && (!best || c < best)) best = c;
      }
      pt[i] = best ? std::string(1, best) : "none";
    }
  }

  // Population within 1 km: grid cells weighted by the part of their area inside the 1 km buffer.
  if (zones && opt.zones != "municipalities") {
    const OGRSpatialReference from = srs_from_epsg(epsg), to = srs_from_epsg(3035);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
    struct Cell {
      OGRGeometryUniquePtr geom;
      OGREnvelope env;
      double area;
    };
    std::vector<Cell> cells;
    auto st = db.prepare("SELECT geom FROM " + quote_ident(opt.zones) + " ORDER BY fid");
    while (st.step()) {
      Cell c{gpkg_decode(st.blob(0)), {}, 0};
      c.geom->getEnvelope(&c.env);
      c.area = c.geom->toMultiPolygon() ? c.geom->toMultiPolygon()->get_Area() : 0;
      cells.push_back(std::move(c));
    }
    for (size_t i = 0; i < sites.size(); ++i) {
      OGRGeometryUniquePtr g(sites[i].geom->clone());
      if (g->transform(ct.get()) != OGRERR_NONE) throw Error("site " + sites[i].id + ": cannot project to EPSG:3035");
      const OGRGeometryUniquePtr buffer(g->Buffer(1000, 8));
      OGREnvelope env;
      buffer->getEnvelope(&env);
      double sum = 0;
      for (size_t c = 0; c < cells.size(); ++c) {
        if (!env.Intersects(cells[c].env) || population[c] <= 0 || cells[c].area <= 0) continue;
        const OGRGeometryUniquePtr part(buffer->Intersection(cells[c].geom.get()));
        if (!part || part->IsEmpty()) continue;
        const auto type = wkbFlatten(part->getGeometryType());
        const double a = type == wkbPolygon ? part->toPolygon()->get_Area()
                         : type == wkbMultiPolygon ? part->toMultiPolygon()->get_Area()
                                                   : 0.0;
        sum += population[c] * a / cells[c].area;
      }
      set(i, pop_1km, std::round(sum));
    }
  }

  Transaction tx(db);
  for (const auto& c : site_criteria())
    if (!db.has_column("sites", c.name))
      db.exec("ALTER TABLE sites ADD COLUMN " + quote_ident(c.name) + (c.text ? " TEXT" : " REAL"));
  if (!db.has_column("sites", "criteria_at")) db.exec("ALTER TABLE sites ADD COLUMN criteria_at TEXT");
  std::string sql = "UPDATE sites SET criteria_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')";
  for (const auto& c : site_criteria()) sql += ", " + quote_ident(c.name) + " = ?";
  auto up = db.prepare(sql + " WHERE site_id = ?");
  for (size_t i = 0; i < sites.size(); ++i) {
    for (size_t c = 0; c < columns; ++c) {
      const int p = static_cast<int>(c + 1);
      if (c == pt_class) {
        if (pt[i].empty()) up.bind_null(p);
        else up.bind(p, pt[i]);
      } else if (const auto& v = value[i * columns + c]) {
        up.bind(p, *v);
      } else {
        up.bind_null(p);
      }
    }
    up.bind(static_cast<int>(columns + 1), sites[i].id).run();
  }
  if (!opt.stations.empty()) {
    // A file by its absolute path, so that a later run from another directory finds it.
    std::error_code ec;
    const bool file = std::filesystem::exists(opt.stations, ec);
    ws.set_meta(kStationsKey, file ? std::filesystem::absolute(opt.stations).string() : opt.stations);
  }
  if (opt.date != 0)
    ws.set_meta(kTransitKey, std::to_string(opt.date) + " " + std::to_string(opt.transit.departure) + " " +
                                 std::to_string(opt.transit.window_s));
  tx.commit();
  return rep;
}

}  // namespace cityregions
