#include "web/region_api.hpp"

#include <ogr_geometry.h>
#include <sqlite3.h>

#include <charconv>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/gdal.hpp"
#include "land/pool.hpp"
#include "land/sector_profile.hpp"
#include "land/site_ranking.hpp"
#include "land/sites.hpp"
#include "network/dijkstra.hpp"
#include "network/isochrone.hpp"
#include "network/matrix.hpp"
#include "network/route.hpp"
#include "region/networks.hpp"
#include "region/transit.hpp"
#include "store/audit.hpp"
#include "store/gpkg.hpp"
#include "store/municipalities.hpp"
#include "transit/transit_times.hpp"
#include "web/basemap.hpp"
#include "web/openapi.hpp"

namespace cityregions {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// An answer that ends the request early: a status and a message.
struct Refusal {
  int status;
  std::string message;
};

HttpResponse json_response(const json& j, int status = 200) { return {status, "application/json", j.dump(), {}}; }
HttpResponse error_response(int status, const std::string& message) { return json_response({{"error", message}}, status); }

// Columns of municipalities that are not statistics.
const std::set<std::string> kFixedMunicipalityColumns = {"fid", "geom", "key", "name", "centre_lon", "centre_lat", "area_km2"};

json cell_value(const Statement& st, int c) {
  switch (st.type(c)) {
    case SQLITE_INTEGER: return st.int64(c);
    case SQLITE_FLOAT: return st.real(c);
    case SQLITE_TEXT: return st.text(c);
    default: return nullptr;
  }
}

// A geometry blob of a layer as a GeoJSON geometry in WGS84 (coordinates to 6 decimals).
std::string geometry_json(std::span<const uint8_t> blob, OGRCoordinateTransformation* ct) {
  auto g = gpkg_decode(blob);
  if (!g || g->transform(ct) != OGRERR_NONE) return "null";
  char** options = CSLSetNameValue(nullptr, "COORDINATE_PRECISION", "6");
  char* text = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(g.get()), options);
  CSLDestroy(options);
  std::string out = text ? text : "null";
  CPLFree(text);
  return out;
}

std::unique_ptr<OGRCoordinateTransformation> to_wgs84(Database& db, const std::string& table) {
  auto st = db.prepare("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?");
  st.bind(1, table);
  if (!st.step()) throw Error("layer '" + table + "' has no geometry");
  const OGRSpatialReference from = srs_from_epsg(static_cast<int>(st.int64(0))), to = srs_from_epsg(4326);
  return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&from, &to));
}

// A feature layer of the workspace as a GeoJSON FeatureCollection in WGS84, every other column a property.
std::string layer_geojson(Database& db, const std::string& table) {
  auto ct = to_wgs84(db, table);
  auto st = db.prepare("SELECT * FROM " + quote_ident(table) + " ORDER BY fid");
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  while (st.step()) {
    json props = json::object();
    std::string geom = "null";
    for (int c = 0; c < st.columns(); ++c) {
      const std::string name = st.column_name(c);
      if (name == "geom") geom = st.is_null(c) ? "null" : geometry_json(st.blob(c), ct.get());
      else if (name != "fid") props[name] = cell_value(st, c);
    }
    if (!first) out += ',';
    out.append("{\"type\":\"Feature\",\"properties\":").append(props.dump()).append(",\"geometry\":").append(geom).append("}");
    first = false;
  }
  return out + "]}";
}

// The request body as a non-empty JSON object, or a 400 refusal that shows the expected form.
json object_body(const HttpRequest& rq, const std::string& expected) {
  json body;
  try {
    body = json::parse(rq.body);
  } catch (const json::exception&) {
    throw Refusal{400, "body: expected " + expected};
  }
  if (!body.is_object() || body.empty()) throw Refusal{400, "body: expected " + expected};
  return body;
}

LonLat latlon(const HttpRequest& rq, const std::string& key) {
  const auto it = rq.query.find(key);
  if (it == rq.query.end() || it->second.empty()) throw Refusal{400, "missing query parameter '" + key + "' (lat,lon)"};
  try {
    return parse_latlon(it->second);
  } catch (const Error& e) {
    throw Refusal{400, key + ": " + e.what()};
  }
}

std::vector<double> minutes_list(const std::string& text, size_t max_count, double max_minutes) {
  std::vector<double> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    double v = 0;
    const auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || p != item.data() + item.size() || v <= 0 || v > max_minutes)
      throw Refusal{400, "minutes: '" + item + "' is not a number in 0 … " + std::to_string(static_cast<int>(max_minutes))};
    out.push_back(v);
  }
  if (out.empty()) throw Refusal{400, "minutes: give limits such as 10,20,30"};
  if (out.size() > max_count) throw Refusal{413, "minutes: at most " + std::to_string(max_count) + " limits per request"};
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

struct RegionApi::Impl {
  ApiOptions options;
  std::map<Mode, std::unique_ptr<StreetNetwork>> networks;
  std::unique_ptr<Timetable> timetable;  // on the walk network, for options.transit_date
  SessionStore sessions;
  LoginLimiter limiter;
  std::mutex cache_mutex;
  std::map<int, std::string> basemap_cache;
  std::map<std::string, std::string> municipality_geometry;  // key → GeoJSON geometry (boundaries do not change)

  explicit Impl(const ApiOptions& o) : options(o) {
    Workspace ws = Workspace::open(o.workspace);
    for (const auto& n : ws.info().networks)
      networks[parse_mode(n.mode)] = std::make_unique<StreetNetwork>(load_street_network(ws, parse_mode(n.mode)));
    if (o.transit_date) {
      if (!networks.count(Mode::walk)) throw Error("--transit-date: public transport needs the walk network (import osm)");
      timetable = std::make_unique<Timetable>(load_timetable(ws, *networks.at(Mode::walk), o.transit_date));
    }
    auto ct = to_wgs84(ws.db(), "municipalities");
    auto st = ws.db().prepare("SELECT key, geom FROM municipalities");
    while (st.step()) municipality_geometry[st.text(0)] = geometry_json(st.blob(1), ct.get());
  }

  Workspace open() { return Workspace::open(options.workspace); }

  const StreetNetwork& network(const std::string& mode) {
    Mode m;
    try {
      m = parse_mode(mode);
    } catch (const Error&) {
      throw Refusal{400, "mode: expected walk, bike, car or transit, got '" + mode + "'"};
    }
    const auto it = networks.find(m);
    if (it == networks.end()) throw Refusal{404, "the workspace has no " + mode + " network"};
    return *it->second;
  }

  // The request's session, while its account still exists with the same role (a removed or
  // changed account loses its sessions at once).
  std::optional<Session> session(const HttpRequest& rq) {
    const std::string token = rq.cookie("cr_session");
    auto s = sessions.find(token);
    if (!s) return s;
    Workspace ws = open();
    const auto u = find_user(ws, s->user.name);
    const bool current = u && u->role == s->user.role && u->municipality == s->user.municipality;
    if (!current) {
      sessions.close(token);
      return std::nullopt;
    }
    return s;
  }

  // The user allowed to write a record of `municipality`, or a refusal: 401 without a session,
  // 403 without the session's CSRF token or without the right.
  User writer(const HttpRequest& rq, const std::string& municipality) {
    const auto s = session(rq);
    if (!s) throw Refusal{401, "log in to change data"};
    if (rq.header("x-csrf-token") != s->csrf) throw Refusal{403, "refused: missing or wrong CSRF token"};
    if (!may_write(s->user, municipality))
      throw Refusal{403, s->user.role == Role::viewer ? "viewers cannot change data"
                                                      : "editors change only the records of their own municipality"};
    return s->user;
  }

  TransitQuery transit_query(const HttpRequest& rq, int32_t window_s) {
    if (!timetable) throw Refusal{404, "public transport is off (start the server with --transit-date)"};
    const auto it = rq.query.find("depart");
    const std::string text = it == rq.query.end() || it->second.empty() ? "07:00" : it->second;
    const auto t = parse_time_of_day(text);
    if (!t) throw Refusal{400, "depart: '" + text + "' is not a time such as 07:30"};
    return TransitQuery{*t, window_s, 60, 900, 5};
  }

  HttpResponse region() {
    Workspace ws = open();
    const auto info = ws.info();
    json stats = json::array();
    {
      auto st = ws.db().prepare("SELECT name, type FROM pragma_table_info('municipalities')");
      while (st.step())
        if (!kFixedMunicipalityColumns.count(st.text(0)) && (st.text(1) == "REAL" || st.text(1) == "INTEGER"))
          stats.push_back(st.text(0));
    }
    for (const auto& n : indicator_names(ws.db())) stats.push_back(n);
    json modes = json::array();
    for (const auto& [m, net] : networks) modes.push_back(std::string(mode_name(m)));
    if (timetable) modes.push_back("transit");
    json layers = json::array();
    for (const auto& l : info.layers)
      if (l.starts_with("access_") && !l.ends_with("_by_municipality")) layers.push_back(l);
    return json_response({{"name", info.name},
                          {"crs", info.epsg ? json("EPSG:" + std::to_string(*info.epsg)) : json(nullptr)},
                          {"municipalities", info.municipalities},
                          {"population", info.population},
                          {"area_km2", info.area_km2},
                          {"bbox", info.bbox.empty() ? json(nullptr) : json{info.bbox.min_x, info.bbox.min_y, info.bbox.max_x, info.bbox.max_y}},
                          {"modes", modes},
                          {"transit_date", options.transit_date ? json(options.transit_date) : json(nullptr)},
                          {"statistics", stats},
                          {"layers", layers},
                          {"sites", ws.db().table_exists("sites")},
                          {"illustrative_sites", sites_are_illustrative(ws)},
                          {"pool", !options.pool_scenario.empty()},
                          {"profiles", builtin_profile_names()},
                          {"attributions", ws.attributions()}});
  }

  // The tables of population-weighted accessibility means per municipality, with the prefix their
  // columns get as read-only properties ("<zones>_<mode>.", e.g. grid1km_car.population_30min).
  static std::vector<std::pair<std::string, std::string>> indicator_tables(Database& db) {
    std::vector<std::pair<std::string, std::string>> out;
    auto list = db.prepare(
        "SELECT table_name FROM gpkg_contents WHERE table_name LIKE 'access\\_%\\_by\\_municipality' ESCAPE '\\' "
        "ORDER BY table_name");
    while (list.step()) {
      const std::string table = list.text(0);
      out.push_back({table, table.substr(7, table.size() - 7 - 16) + "."});
    }
    return out;
  }
  static bool is_indicator_column(const std::string& col) { return col != "key" && col != "name" && col != "weight" && col != "fid"; }

  static std::vector<std::string> indicator_names(Database& db) {
    std::vector<std::string> names;
    for (const auto& [table, prefix] : indicator_tables(db)) {
      auto st = db.prepare("SELECT name FROM pragma_table_info(?)");
      st.bind(1, table);
      while (st.step())
        if (is_indicator_column(st.text(0))) names.push_back(prefix + st.text(0));
    }
    return names;
  }

  // Indicator values per municipality key; null where no zone of the municipality is on the network.
  static std::map<std::string, json> indicators(Database& db) {
    std::map<std::string, json> out;
    for (const auto& [table, prefix] : indicator_tables(db)) {
      auto st = db.prepare("SELECT * FROM " + quote_ident(table));
      while (st.step()) {
        std::string key;
        bool placed = true;
        for (int c = 0; c < st.columns(); ++c) {
          if (st.column_name(c) == "key") key = st.text(c);
          if (st.column_name(c) == "weight") placed = st.real(c) > 0;
        }
        for (int c = 0; c < st.columns(); ++c)
          if (is_indicator_column(st.column_name(c)))
            out[key][prefix + st.column_name(c)] = placed ? cell_value(st, c) : json(nullptr);
      }
    }
    return out;
  }

  HttpResponse municipalities() {
    Workspace ws = open();
    auto extra = indicators(ws.db());
    auto st = ws.db().prepare("SELECT * FROM municipalities ORDER BY key");
    std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
    bool first = true;
    while (st.step()) {
      json props = json::object();
      std::string key;
      for (int c = 0; c < st.columns(); ++c) {
        const std::string name = st.column_name(c);
        if (name == "geom" || name == "fid") continue;
        props[name] = cell_value(st, c);
        if (name == "key") key = st.text(c);
      }
      if (const auto it = extra.find(key); it != extra.end()) props.update(it->second);
      const auto g = municipality_geometry.find(key);
      if (!first) out += ',';
      out.append("{\"type\":\"Feature\",\"id\":").append(json(key).dump()).append(",\"properties\":").append(props.dump());
      out.append(",\"geometry\":").append(g == municipality_geometry.end() ? "null" : g->second).append("}");
      first = false;
    }
    return {200, "application/geo+json", out + "]}", {}};
  }

  HttpResponse update_municipality(const HttpRequest& rq, const std::string& key) {
    const User user = writer(rq, key);
    const json body = object_body(rq, "a JSON object of statistics, e.g. {\"jobs\": 5400}");
    Workspace ws = open();
    Database& db = ws.db();
    auto exists = db.prepare("SELECT 1 FROM municipalities WHERE key = ?");
    exists.bind(1, key);
    if (!exists.step()) throw Refusal{404, "no municipality '" + key + "'"};
    exists.reset();
    std::map<std::string, std::string> types;
    {
      auto st = db.prepare("SELECT name, type FROM pragma_table_info('municipalities')");
      while (st.step()) types[st.text(0)] = st.text(1);
    }
    Transaction tx(db);
    json changed = json::object();
    for (const auto& [field, value] : body.items()) {
      if (kFixedMunicipalityColumns.count(field) || !types.count(field))
        throw Refusal{400, "field '" + field + "': not an editable statistic of the municipalities"};
      const bool numeric = types.at(field) == "REAL" || types.at(field) == "INTEGER";
      if (numeric && !value.is_number() && !value.is_null()) throw Refusal{400, "field '" + field + "': expected a number"};
      if (numeric && value.is_number() && value.get<double>() < 0) throw Refusal{400, "field '" + field + "': must not be negative"};
      if (!numeric && !value.is_string() && !value.is_null()) throw Refusal{400, "field '" + field + "': expected text"};
      auto old = db.prepare("SELECT " + quote_ident(field) + " FROM municipalities WHERE key = ?");
      old.bind(1, key);
      old.step();
      const json before = cell_value(old, 0);
      old.reset();
      auto up = db.prepare("UPDATE municipalities SET " + quote_ident(field) + " = ? WHERE key = ?");
      if (value.is_null()) up.bind_null(1);
      else if (types.at(field) == "INTEGER" && value.is_number_integer()) up.bind(1, value.get<int64_t>());
      else if (numeric) up.bind(1, value.get<double>());
      else up.bind(1, value.get<std::string>());
      up.bind(2, key).run();
      auto text = [](const json& j) { return j.is_null() ? std::string() : j.is_string() ? j.get<std::string>() : j.dump(); };
      if (text(before) != text(value)) log_audit(db, user.name, "update", "municipalities", key, field, text(before), text(value));
      changed[field] = value;
    }
    tx.commit();
    return json_response({{"key", key}, {"changed", changed}});
  }

  HttpResponse basemap(const HttpRequest& rq) {
    const int z = rq.query.count("z") ? std::atoi(rq.query.at("z").c_str()) : 11;
    const auto it = networks.find(Mode::car);
    if (it == networks.end()) throw Refusal{404, "no car network to draw roads from (import osm)"};
    std::lock_guard lock(cache_mutex);
    auto& cached = basemap_cache[std::clamp(z, 5, 16)];
    if (cached.empty()) cached = road_basemap_geojson(it->second->graph(), z);
    return {200, "application/geo+json", cached, {{"Cache-Control", "max-age=3600"}}};
  }

  HttpResponse route_of(const HttpRequest& rq) {
    const std::string mode = rq.query.count("mode") ? rq.query.at("mode") : "car";
    const LonLat a = latlon(rq, "from"), b = latlon(rq, "to");
    if (mode == "transit") {
      const auto q = transit_query(rq, 0);
      const auto& walk = network("walk");
      const auto from = walk.try_locate(a, 1000), to = walk.try_locate(b, 1000);
      if (!from || !to) throw Refusal{422, "a point lies more than 1000 m from the walk network"};
      const auto trip = plan_transit_trip(*timetable, walk, *from, *to, q);
      if (!trip) return json_response({{"mode", "transit"}, {"reached", false}});
      json legs = json::array();
      for (const auto& l : trip->legs)
        legs.push_back({{"kind", l.kind == TripLeg::Kind::walk ? "walk" : "ride"}, {"from", l.from}, {"to", l.to},
                        {"depart", format_time_of_day(l.depart)}, {"arrive", format_time_of_day(l.arrive)}, {"route", l.route}});
      return json_response({{"mode", "transit"}, {"reached", true}, {"depart", format_time_of_day(trip->depart)},
                            {"arrive", format_time_of_day(trip->arrive)}, {"duration_s", trip->arrive - q.departure}, {"legs", legs}});
    }
    const auto& net = network(mode);
    const auto from = net.try_locate(a, 1000), to = net.try_locate(b, 1000);
    if (!from || !to) throw Refusal{422, "a point lies more than 1000 m from the " + mode + " network"};
    Dijkstra search(net.graph());
    const auto r = route(net, search, *from, *to);
    if (!r) return json_response({{"mode", mode}, {"reached", false}});
    json coords = json::array();
    for (const auto& p : r->geometry) coords.push_back({std::round(p.lon * 1e6) / 1e6, std::round(p.lat * 1e6) / 1e6});
    return json_response({{"mode", mode}, {"reached", true}, {"duration_s", std::round(r->duration_s)},
                          {"distance_m", std::round(r->distance_m)}, {"geometry", {{"type", "LineString"}, {"coordinates", coords}}}});
  }

  HttpResponse isochrone(const HttpRequest& rq) {
    const std::string mode = rq.query.count("mode") ? rq.query.at("mode") : "car";
    const LonLat at = latlon(rq, "at");
    const auto limits = minutes_list(rq.query.count("minutes") ? rq.query.at("minutes") : "10,20,30", options.max_isochrone_limits,
                                     options.max_isochrone_minutes);
    std::vector<Isochrone> isos;
    if (mode == "transit") {
      const auto q = transit_query(rq, 3600);
      const auto& walk = network("walk");
      const auto start = walk.try_locate(at, 1000);
      if (!start) throw Refusal{422, "the point lies more than 1000 m from the walk network"};
      IsochroneOptions o{limits, default_cell_m(Mode::walk) * 2, default_cell_m(Mode::walk) * 4};
      isos = isochrones(walk, transit_node_times(*timetable, walk, *start, q, 50, limits.back()), *start, o);
    } else {
      const auto& net = network(mode);
      const auto start = net.try_locate(at, 1000);
      if (!start) throw Refusal{422, "the point lies more than 1000 m from the " + mode + " network"};
      Dijkstra search(net.graph());
      const Mode m = parse_mode(mode);
      IsochroneOptions o{limits, default_cell_m(m), 2 * default_cell_m(m)};
      isos = isochrones(net, search, *start, o);
    }
    std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (size_t i = 0; i < isos.size(); ++i) {
      std::string geom = "null";
      if (isos[i].area && !isos[i].area->IsEmpty()) {
        char** opts = CSLSetNameValue(nullptr, "COORDINATE_PRECISION", "6");
        char* text = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(isos[i].area.get()), opts);
        CSLDestroy(opts);
        geom = text ? text : "null";
        CPLFree(text);
      }
      if (i) out += ',';
      out.append("{\"type\":\"Feature\",\"properties\":")
          .append(json{{"mode", mode}, {"minutes", isos[i].minutes}, {"area_km2", std::round(isos[i].area_km2 * 100) / 100}}.dump())
          .append(",\"geometry\":")
          .append(geom)
          .append("}");
    }
    return {200, "application/geo+json", out + "]}", {}};
  }

  HttpResponse matrix(const HttpRequest& rq) {
    const json body = object_body(rq, "JSON {mode, origins: [[lat, lon], …], destinations: [[lat, lon], …]}");
    const std::string mode = body.value("mode", "car");
    auto points = [&](const char* key) {
      if (!body.contains(key) || !body[key].is_array() || body[key].empty()) throw Refusal{400, std::string(key) + ": expected [[lat, lon], …]"};
      std::vector<LonLat> out;
      for (const auto& p : body[key]) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
          throw Refusal{400, std::string(key) + ": every point is [lat, lon]"};
        out.push_back({p[1].get<double>(), p[0].get<double>()});
      }
      return out;
    };
    const auto o = points("origins"), d = points("destinations");
    if (o.size() * d.size() > options.max_matrix_cells)
      throw Refusal{413, "matrix too large: " + std::to_string(o.size()) + " × " + std::to_string(d.size()) + " cells, at most " +
                             std::to_string(options.max_matrix_cells)};
    const bool transit = mode == "transit";
    const auto& net = network(transit ? "walk" : mode);
    auto locate = [&](const std::vector<LonLat>& pts, const char* key) {
      std::vector<Location> out;
      for (size_t i = 0; i < pts.size(); ++i) {
        auto l = net.try_locate(pts[i], 1000);
        if (!l) throw Refusal{422, std::string(key) + "[" + std::to_string(i) + "]: more than 1000 m from the network"};
        out.push_back(std::move(*l));
      }
      return out;
    };
    const auto lo = locate(o, "origins"), ld = locate(d, "destinations");
    json rows = json::array();
    if (transit) {
      TransitQuery q = transit_query(rq, 3600);
      if (body.contains("depart") && body["depart"].is_string()) {
        const auto t = parse_time_of_day(body["depart"].get<std::string>());
        if (!t) throw Refusal{400, "depart: expected a time such as 07:30"};
        q.departure = *t;
      }
      const auto m = transit_matrix(*timetable, net, lo, ld, q, {50}, false);
      for (size_t i = 0; i < o.size(); ++i) {
        json row = json::array();
        for (size_t j = 0; j < d.size(); ++j) row.push_back(m.at(i, j, 0) == kUnreached ? json(nullptr) : json(m.at(i, j, 0)));
        rows.push_back(row);
      }
    } else {
      const auto m = fastest_matrix(net, lo, ld, kNone, false);
      for (size_t i = 0; i < o.size(); ++i) {
        json row = json::array();
        for (size_t j = 0; j < d.size(); ++j)
          row.push_back(m.at(i, j).time_ms == kNone ? json(nullptr) : json(std::round(m.at(i, j).time_ms / 100.0) / 10));
        rows.push_back(row);
      }
    }
    return json_response({{"mode", mode}, {"durations_s", rows}, {"statistic", transit ? "median over 07:00–08:00 window" : "fastest"}});
  }

  HttpResponse layer(const std::string& name) {
    Workspace ws = open();
    const auto layers = ws.info().layers;
    if (std::find(layers.begin(), layers.end(), name) == layers.end() || !ws.db().table_exists(name))
      throw Refusal{404, "no layer '" + name + "'"};
    auto st = ws.db().prepare("SELECT 1 FROM gpkg_geometry_columns WHERE table_name = ?");
    st.bind(1, name);
    if (!st.step()) throw Refusal{404, "'" + name + "' is a table without geometry"};
    st.reset();
    return {200, "application/geo+json", layer_geojson(ws.db(), name), {}};
  }

  HttpResponse sites() {
    Workspace ws = open();
    if (!ws.db().table_exists("sites")) return {200, "application/geo+json", "{\"type\":\"FeatureCollection\",\"features\":[]}", {}};
    return {200, "application/geo+json", layer_geojson(ws.db(), "sites"), {}};
  }

  HttpResponse update_site(const HttpRequest& rq, const std::string& id) {
    Workspace ws = open();
    SiteInventory inventory(ws);
    const auto site = inventory.get(id);
    if (!site) throw Refusal{404, "no site '" + id + "'"};
    const User user = writer(rq, site->municipality);
    const json body = object_body(rq, "a JSON object of site fields, e.g. {\"availability\": \"immediately\"}");
    std::map<std::string, std::string> values;
    for (const auto& [k, v] : body.items()) {
      if (k == "municipality" && user.role != Role::admin) throw Refusal{403, "only the regional admin moves a site to another municipality"};
      values[k] = v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
    }
    try {
      inventory.update(id, values, user.name);
    } catch (const Error& e) {
      throw Refusal{400, e.what()};
    }
    return json_response({{"id", id}, {"updated", body}});
  }

  // Ranking for a built-in profile; with enquiry parameters (min_ha, max_ha, max_motorway_min,
  // max_price, rail, available) their constraints are added, as `cityregions enquiry` does.
  HttpResponse rank(const HttpRequest& rq, bool enquiry) {
    Workspace ws = open();
    const std::string profile = rq.query.count("profile") ? rq.query.at("profile") : "general";
    const auto names = builtin_profile_names();
    if (std::find(names.begin(), names.end(), profile) == names.end()) throw Refusal{400, "profile: one of the built-in profiles"};
    if (!ws.db().table_exists("sites")) throw Refusal{404, "no site inventory"};
    SectorProfile p = load_sector_profile(profile);
    if (enquiry) {
      auto number = [&](const char* key) -> std::optional<double> {
        const auto it = rq.query.find(key);
        if (it == rq.query.end() || it->second.empty()) return std::nullopt;
        double v = 0;
        const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
        if (ec != std::errc() || end != it->second.data() + it->second.size() || v < 0)
          throw Refusal{400, std::string(key) + ": expected a number ≥ 0"};
        return v;
      };
      Enquiry e{number("min_ha"), number("max_ha"), number("max_motorway_min"), number("max_price"),
                rq.query.count("rail") && (rq.query.at("rail") == "1" || rq.query.at("rail") == "true"),
                rq.query.count("available") ? rq.query.at("available") : ""};
      try {
        p = with_enquiry(std::move(p), e);
      } catch (const Error& err) {
        throw Refusal{400, err.what()};
      }
    }
    json j = ranking_to_json(rank_sites(SiteInventory(ws).list(), p));
    j["illustrative_sites"] = sites_are_illustrative(ws);
    return json_response(j);
  }

  // The vocabulary of site attributes, for forms.
  static HttpResponse site_fields_json() {
    json out = json::array();
    for (const auto& f : site_fields()) {
      const char* kind = f.kind == SiteField::Kind::number    ? "number"
                         : f.kind == SiteField::Kind::boolean ? "boolean"
                         : f.kind == SiteField::Kind::choice  ? "choice"
                                                              : "text";
      out.push_back({{"name", f.name}, {"label", f.label}, {"kind", kind}, {"choices", f.choices}});
    }
    return json_response(out);
  }

  HttpResponse pool() {
    if (options.pool_scenario.empty()) throw Refusal{404, "no pool scenario (start the server with --pool-scenario)"};
    Workspace ws = open();
    PoolScenario s = load_pool_scenario(options.pool_scenario);
    std::map<std::string, std::string> names;
    for (const auto& m : load_municipalities(ws)) names[m.key] = m.name;
    name_members(s, names);
    json j = pool_result_to_json(simulate_pool(s));
    j["rules"] = {{"host_bonus", s.rules.host_bonus}, {"remainder", s.rules.remainder}};
    j["scenario"] = options.pool_scenario.filename().string();
    return json_response(j);
  }

  HttpResponse audit(const HttpRequest& rq) {
    const auto s = session(rq);
    if (!s) throw Refusal{401, "log in to read the audit log"};
    if (s->user.role != Role::admin) throw Refusal{403, "the audit log is for the regional admin"};
    Workspace ws = open();
    json out = json::array();
    for (const auto& e : read_audit(ws.db(), "", "", 500))
      out.push_back({{"at", e.at}, {"who", e.who}, {"action", e.action}, {"layer", e.layer}, {"record", e.record}, {"field", e.field},
                     {"old", e.old_value}, {"new", e.new_value}});
    return json_response(out);
  }

  static json user_json(const Session& s) {
    return {{"name", s.user.name}, {"role", role_name(s.user.role)}, {"municipality", s.user.municipality}, {"csrf", s.csrf}};
  }

  HttpResponse login(const HttpRequest& rq) {
    if (limiter.blocked(rq.remote)) throw Refusal{429, "too many failed logins; wait a minute"};
    const json body = object_body(rq, "{\"name\": …, \"password\": …}");
    const std::string name = body.value("name", ""), password = body.value("password", "");
    Workspace ws = open();
    const auto user = check_password(ws, name, password);
    if (!user) {
      limiter.failed(rq.remote);
      throw Refusal{401, "wrong name or password"};
    }
    const auto [token, s] = sessions.open(*user);
    HttpResponse r = json_response(user_json(s));
    r.headers.push_back({"Set-Cookie", "cr_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800"});
    return r;
  }

  HttpResponse logout(const HttpRequest& rq) {
    const auto s = session(rq);
    if (!s) throw Refusal{401, "not logged in"};
    if (rq.header("x-csrf-token") != s->csrf) throw Refusal{403, "refused: missing or wrong CSRF token"};
    sessions.close(rq.cookie("cr_session"));
    HttpResponse r = json_response({{"logged_out", true}});
    r.headers.push_back({"Set-Cookie", "cr_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"});
    return r;
  }

  HttpResponse me(const HttpRequest& rq) {
    const auto s = session(rq);
    if (!s) throw Refusal{401, "not logged in"};
    return json_response(user_json(*s));
  }

  HttpResponse static_file(const std::string& path) {
    if (options.static_dir.empty()) throw Refusal{404, "no web UI (start the server with --web DIR)"};
    std::string rel = path == "/" ? "index.html" : path.substr(1);
    if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos) throw Refusal{400, "bad path"};
    fs::path file = options.static_dir / rel;
    if (!fs::is_regular_file(file)) file = options.static_dir / "index.html";  // the single-page app
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Refusal{404, "not found"};
    std::stringstream ss;
    ss << in.rdbuf();
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript"}, {".mjs", "text/javascript"}, {".css", "text/css"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".json", "application/json"}, {".woff2", "font/woff2"}};
    const auto t = types.find(file.extension().string());
    // The UI loads nothing from elsewhere (no CDN, no tile server): the policy says so.
    return {200, t == types.end() ? "application/octet-stream" : t->second, ss.str(),
            {{"Cache-Control", file.filename() == "index.html" ? "no-cache" : "max-age=86400"},
             {"Content-Security-Policy",
              "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; "
              "connect-src 'self'; frame-ancestors 'none'"},
             {"X-Frame-Options", "DENY"},
             {"Referrer-Policy", "same-origin"}}};
  }
};

RegionApi::RegionApi(const ApiOptions& options) : impl_(std::make_unique<Impl>(options)) {}
RegionApi::~RegionApi() = default;

HttpResponse RegionApi::handle(const HttpRequest& rq) {
  auto& a = *impl_;
  const std::string& p = rq.path;
  const std::string& m = rq.method;
  try {
    if (!p.starts_with("/api/")) {
      if (m != "GET" && m != "HEAD") return error_response(405, "method not allowed");
      return a.static_file(p);
    }
    auto id_after = [&](const std::string& prefix) { return p.size() > prefix.size() ? p.substr(prefix.size()) : std::string(); };
    if (m == "GET") {
      if (p == "/api/region") return a.region();
      if (p == "/api/municipalities") return a.municipalities();
      if (p == "/api/basemap/roads") return a.basemap(rq);
      if (p == "/api/route") return a.route_of(rq);
      if (p == "/api/isochrone") return a.isochrone(rq);
      if (p.starts_with("/api/layers/")) return a.layer(id_after("/api/layers/"));
      if (p == "/api/sites") return a.sites();
      if (p == "/api/sites/rank") return a.rank(rq, false);
      if (p == "/api/sites/enquiry") return a.rank(rq, true);
      if (p == "/api/sites/fields") return a.site_fields_json();
      if (p == "/api/pool") return a.pool();
      if (p == "/api/audit") return a.audit(rq);
      if (p == "/api/me") return a.me(rq);
      if (p == "/api/openapi.json") return json_response(openapi_document());
    } else if (m == "POST") {
      if (p == "/api/login") return a.login(rq);
      if (p == "/api/logout") return a.logout(rq);
      if (p == "/api/matrix") return a.matrix(rq);
    } else if (m == "PATCH") {
      if (p.starts_with("/api/municipalities/")) return a.update_municipality(rq, id_after("/api/municipalities/"));
      if (p.starts_with("/api/sites/")) return a.update_site(rq, id_after("/api/sites/"));
    }
    return error_response(404, "no endpoint " + m + " " + p + " (see /api/openapi.json)");
  } catch (const Refusal& r) {
    return error_response(r.status, r.message);
  } catch (const Error& e) {
    return error_response(400, e.what());
  }
}

}  // namespace cityregions
