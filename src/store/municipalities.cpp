#include "store/municipalities.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <set>
#include <unordered_map>

#include "io/csv.hpp"
#include "core/gdal.hpp"
#include "core/error.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace fs = std::filesystem;

ImportSummary import_municipalities(Workspace& ws, const fs::path& file, const MunicipalityImport& spec) {
  const std::string fname = file.string();
  MunicipalityLayer layer = read_municipality_layer(file, spec);
  auto& rows = layer.rows;
  const BBox& wgs_box = layer.wgs_box;
  const OGRSpatialReference wgs84 = srs_from_epsg(4326);

  const int epsg = ws.epsg().value_or(utm_epsg_for({(wgs_box.min_x + wgs_box.max_x) / 2, (wgs_box.min_y + wgs_box.max_y) / 2}));
  const OGRSpatialReference target = srs_from_epsg(epsg);
  std::unique_ptr<OGRCoordinateTransformation> to_target(OGRCreateCoordinateTransformation(&wgs84, &target));

  Database& db = ws.db();
  Transaction tx(db);
  ws.ensure_epsg({(wgs_box.min_x + wgs_box.max_x) / 2, (wgs_box.min_y + wgs_box.max_y) / 2});
  gpkg_drop(db, "municipalities");
  db.exec(R"(CREATE TABLE municipalities (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
      population INTEGER, jobs INTEGER, area_km2 REAL, centre_lon REAL, centre_lat REAL))");
  gpkg_register_features(db, "municipalities", "MULTIPOLYGON", epsg, "Municipalities of the region");
  auto ins = db.prepare(
      "INSERT INTO municipalities (geom, key, name, population, jobs, area_km2, centre_lon, centre_lat) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  BBox box;
  for (auto& row : rows) {
    OGRPoint centre;
    OGRGeometryUniquePtr inside;
    if (row.geom_wgs84->Centroid(&centre) != OGRERR_NONE || !row.geom_wgs84->Contains(&centre)) {
      inside.reset(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(row.geom_wgs84.get()))));
      if (inside) centre = *inside->toPoint();
    }
    OGRGeometryUniquePtr projected(row.geom_wgs84->clone());
    if (projected->transform(to_target.get()) != OGRERR_NONE)
      throw input_error(fname, "key " + row.key, "geometry", "cannot project to EPSG:" + std::to_string(epsg));
    OGREnvelope env;
    projected->getEnvelope(&env);
    box.extend(env.MinX, env.MinY);
    box.extend(env.MaxX, env.MaxY);
    const double area_km2 = projected->toMultiPolygon()->get_Area() / 1e6;
    ins.bind(1, gpkg_encode(*projected, epsg)).bind(2, row.key).bind(3, row.name);
    ins.bind(4, row.population).bind(5, row.jobs).bind(6, area_km2).bind(7, centre.getX()).bind(8, centre.getY());
    ins.run();
  }
  gpkg_set_extent(db, "municipalities", box);
  ws.record_source("municipalities", file.filename().string(), spec.attribution);
  ws.extend_extent(wgs_box);
  tx.commit();
  return {rows.size(), 0, {}, {}};
}

ImportSummary import_stats(Workspace& ws, const fs::path& csv, const std::string& key_field, const std::string& attribution) {
  Database& db = ws.db();
  if (!db.table_exists("municipalities")) throw Error("import stats: the workspace has no municipalities yet");
  CsvReader reader(csv.string());
  const size_t key_col = reader.require_column(key_field);
  std::unordered_map<std::string, bool> region_keys;
  {
    auto st = db.prepare("SELECT key FROM municipalities");
    while (st.step()) region_keys.emplace(st.text(0), false);
  }
  // Column types: INTEGER when every value is a whole number without leading zeros,
  // REAL when numeric, TEXT otherwise (keys such as "01001000" stay text).
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;
  ImportSummary summary;
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    const std::string& key = fields[key_col];
    if (key.empty()) throw input_error(csv.string(), std::to_string(reader.line()), key_field, "empty key");
    auto it = region_keys.find(key);
    if (it == region_keys.end()) {
      ++summary.skipped;
      continue;
    }
    if (it->second) throw input_error(csv.string(), std::to_string(reader.line()), key_field, "duplicate key '" + key + "'");
    it->second = true;
    rows.push_back(fields);
    lines.push_back(reader.line());
  }
  static const std::set<std::string> reserved = {"fid", "geom", "key", "name", "area_km2", "centre_lon", "centre_lat"};
  std::vector<size_t> cols;
  std::vector<std::string> types;
  for (size_t c = 0; c < reader.header().size(); ++c) {
    if (c == key_col) continue;
    const std::string& h = reader.header()[c];
    if (h.empty()) throw input_error(csv.string(), "1", "", "column " + std::to_string(c + 1) + " has no name");
    if (reserved.count(h)) {
      summary.ignored_columns.push_back(h);
      continue;
    }
    bool integer = true, real = true;
    for (const auto& r : rows) {
      const std::string& v = r[c];
      if (v.empty()) continue;
      double d = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
      const bool leading_zero = v.size() > 1 && v[0] == '0' && std::isdigit(static_cast<unsigned char>(v[1]));
      const bool numeric = ec == std::errc() && p == v.data() + v.size() && !leading_zero;
      real &= numeric;
      integer &= numeric && v.find_first_of(".eE") == std::string::npos;
    }
    cols.push_back(c);
    types.push_back(integer ? "INTEGER" : real ? "REAL" : "TEXT");
  }

  Transaction tx(db);
  std::set<std::string> existing;
  {
    auto st = db.prepare("SELECT name FROM pragma_table_info('municipalities')");
    while (st.step()) existing.insert(st.text(0));
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string& h = reader.header()[cols[i]];
    if (!existing.count(h)) db.exec("ALTER TABLE municipalities ADD COLUMN " + quote_ident(h) + " " + types[i]);
    summary.columns.push_back(h);
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string& h = reader.header()[cols[i]];
    auto up = db.prepare("UPDATE municipalities SET " + quote_ident(h) + " = ? WHERE key = ?");
    for (const auto& r : rows) {
      const std::string& v = r[cols[i]];
      if (v.empty()) up.bind_null(1);
      else if (types[i] == "INTEGER") up.bind(1, static_cast<int64_t>(std::stoll(v)));
      else if (types[i] == "REAL") up.bind(1, std::stod(v));
      else up.bind(1, v);
      up.bind(2, r[key_col]).run();
    }
  }
  ws.record_source("municipalities/stats:" + csv.filename().string(), csv.filename().string(), attribution);
  tx.commit();
  summary.records = rows.size();
  return summary;
}

std::vector<Municipality> load_municipalities(Workspace& ws) {
  std::vector<Municipality> out;
  if (!ws.db().table_exists("municipalities")) return out;
  auto st = ws.db().prepare(
      "SELECT fid, key, name, population, jobs, area_km2, centre_lon, centre_lat FROM municipalities ORDER BY key");
  while (st.step()) {
    Municipality m;
    m.fid = st.int64(0);
    m.key = st.text(1);
    m.name = st.text(2);
    if (!st.is_null(3)) m.population = st.int64(3);
    if (!st.is_null(4)) m.jobs = st.int64(4);
    m.area_km2 = st.real(5);
    m.centre = {st.real(6), st.real(7)};
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace cityregions
