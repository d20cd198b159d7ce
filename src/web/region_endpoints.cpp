// GET /api/region, /api/municipalities (with statistics and accessibility means), PATCH
// /api/municipalities/{key}, /api/basemap/roads, /api/layers/{name}.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include "land/sector_profile.hpp"
#include "land/sites.hpp"
#include "store/audit.hpp"
#include "web/api_context.hpp"
#include "web/basemap.hpp"

namespace cityregions {

using json = nlohmann::json;

namespace {

// Columns of municipalities that are not statistics.
const std::set<std::string> kFixedMunicipalityColumns = {"fid", "geom", "key", "name", "centre_lon", "centre_lat", "area_km2"};

// The tables of population-weighted accessibility means per municipality, with the prefix their
// columns get as read-only properties ("<zones>_<mode>.", e.g. grid1km_car.population_30min).
std::vector<std::pair<std::string, std::string>> indicator_tables(Database& db) {
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

bool is_indicator_column(const std::string& col) { return col != "key" && col != "name" && col != "weight" && col != "fid"; }

std::vector<std::string> indicator_names(Database& db) {
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
std::map<std::string, json> indicators(Database& db) {
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
        if (is_indicator_column(st.column_name(c))) out[key][prefix + st.column_name(c)] = placed ? cell_value(st, c) : json(nullptr);
    }
  }
  return out;
}

class RegionEndpoints {
 public:
  explicit RegionEndpoints(ApiContext& ctx) : ctx_(ctx) {
    Workspace ws = ctx.open();
    if (!ws.info().municipalities) return;  // a new workspace: nothing to draw yet
    auto ct = to_wgs84(ws.db(), "municipalities");
    auto st = ws.db().prepare("SELECT key, geom FROM municipalities");
    while (st.step()) municipality_geometry_[st.text(0)] = geometry_json(st.blob(1), ct.get());
  }

  HttpResponse region() const {
    Workspace ws = ctx_.open();
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
    for (const auto& [m, net] : ctx_.networks) modes.push_back(std::string(mode_name(m)));
    if (ctx_.timetable) modes.push_back("transit");
    json layers = json::array();
    for (const auto& l : info.layers)
      if (l.starts_with("access_") && !l.ends_with("_by_municipality")) layers.push_back(l);
    const auto& o = ctx_.options;
    return json_response(
        {{"name", info.name},
         {"crs", info.epsg ? json("EPSG:" + std::to_string(*info.epsg)) : json(nullptr)},
         {"municipalities", info.municipalities},
         {"population", info.population},
         {"area_km2", info.area_km2},
         {"bbox", info.bbox.empty() ? json(nullptr) : json{info.bbox.min_x, info.bbox.min_y, info.bbox.max_x, info.bbox.max_y}},
         {"modes", modes},
         {"transit_date", o.transit_date ? json(o.transit_date) : json(nullptr)},
         {"statistics", stats},
         {"layers", layers},
         {"sites", ws.db().table_exists("sites")},
         {"illustrative_sites", sites_are_illustrative(ws)},
         {"pool", !o.pool_scenario.empty()},
         {"profiles", builtin_profile_names()},
         {"attributions", ws.attributions()}});
  }

  HttpResponse municipalities() const {
    Workspace ws = ctx_.open();
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
      const auto g = municipality_geometry_.find(key);
      if (!first) out += ',';
      out.append("{\"type\":\"Feature\",\"id\":").append(json_text(key)).append(",\"properties\":").append(json_text(props));
      out.append(",\"geometry\":").append(g == municipality_geometry_.end() ? "null" : g->second).append("}");
      first = false;
    }
    return {200, "application/geo+json", out + "]}", {}};
  }

  HttpResponse update_municipality(const HttpRequest& rq, const std::string& key) const {
    const User user = ctx_.writer(rq, key);
    const json body = object_body(rq, "a JSON object of statistics, e.g. {\"jobs\": 5400}");
    Workspace ws = ctx_.open();
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
      const bool integer = types.at(field) == "INTEGER";
      if (integer && value.is_number() &&
          !(value.is_number_integer() && (!value.is_number_unsigned() || value.get<uint64_t>() <= uint64_t{INT64_MAX})))
        throw Refusal{400, "field '" + field + "': expected a whole number up to " + std::to_string(INT64_MAX)};
      if (value.is_number_float() && !(std::abs(value.get<double>()) < 1e15))
        throw Refusal{400, "field '" + field + "': the number is out of range"};
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
    const auto it = ctx_.networks.find(Mode::car);
    if (it == ctx_.networks.end()) throw Refusal{404, "no car network to draw roads from (import osm)"};
    std::lock_guard lock(cache_mutex_);
    auto& cached = basemap_cache_[std::clamp(z, 5, 16)];
    if (cached.empty()) cached = road_basemap_geojson(it->second->graph(), z);
    return {200, "application/geo+json", cached, {{"Cache-Control", "max-age=3600"}}};
  }

  HttpResponse layer(const std::string& name) const {
    Workspace ws = ctx_.open();
    const auto layers = ws.info().layers;
    if (std::find(layers.begin(), layers.end(), name) == layers.end() || !ws.db().table_exists(name))
      throw Refusal{404, "no layer '" + name + "'"};
    auto st = ws.db().prepare("SELECT 1 FROM gpkg_geometry_columns WHERE table_name = ?");
    st.bind(1, name);
    if (!st.step()) throw Refusal{404, "'" + name + "' is a table without geometry"};
    st.reset();
    return {200, "application/geo+json", layer_geojson(ws.db(), name), {}};
  }

 private:
  ApiContext& ctx_;
  std::map<std::string, std::string> municipality_geometry_;  // key → GeoJSON geometry (boundaries do not change)
  std::mutex cache_mutex_;
  std::map<int, std::string> basemap_cache_;
};

}  // namespace

void add_region_endpoints(Endpoints& e, ApiContext& ctx) {
  auto r = std::make_shared<RegionEndpoints>(ctx);
  e.push_back({"GET", "/api/region", [r](const HttpRequest&, const std::string&) { return r->region(); }});
  e.push_back({"GET", "/api/municipalities", [r](const HttpRequest&, const std::string&) { return r->municipalities(); }});
  e.push_back({"PATCH", "/api/municipalities/*",
               [r](const HttpRequest& rq, const std::string& key) { return r->update_municipality(rq, key); }});
  e.push_back({"GET", "/api/basemap/roads", [r](const HttpRequest& rq, const std::string&) { return r->basemap(rq); }});
  e.push_back({"GET", "/api/layers/*", [r](const HttpRequest&, const std::string& name) { return r->layer(name); }});
}

}  // namespace cityregions
