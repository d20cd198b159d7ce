#include "store/municipalities.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cctype>
#include <map>
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
  ImportSummary summary;
  summary.records = rows.size();
  return summary;
}

ImportSummary import_stats(Workspace& ws, const fs::path& csv, const std::string& key_field, const std::string& attribution,
                           const CsvOptions& options) {
  Database& db = ws.db();
  if (!db.table_exists("municipalities")) throw Error("import stats: the workspace has no municipalities yet");
  const std::string fname = csv.string();
  CsvReader reader(fname, options);
  const size_t key_col = reader.require_column(key_field);
  std::unordered_map<std::string, bool> region_keys;
  {
    auto st = db.prepare("SELECT key FROM municipalities");
    while (st.step()) region_keys.emplace(st.text(0), false);
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;
  ImportSummary summary;
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    const std::string& key = fields[key_col];
    if (key.empty()) throw input_error(fname, std::to_string(reader.line()), key_field, "empty key");
    auto it = region_keys.find(key);
    if (it == region_keys.end()) {
      ++summary.skipped;
      if (summary.unmatched.size() < 10) summary.unmatched.push_back(key);
      // 8221000 for 08221000: a key column that went through a spreadsheet as a number.
      if (summary.hints.empty() && key.find_first_not_of("0123456789") == std::string::npos && region_keys.count("0" + key))
        summary.hints.push_back("'" + key + "' lacks the leading zero of '0" + key +
                                "' (the key column was saved as a number; keep it as text)");
      continue;
    }
    if (it->second) throw input_error(fname, std::to_string(reader.line()), key_field, "duplicate key '" + key + "'");
    it->second = true;
    rows.push_back(fields);
    lines.push_back(reader.line());
  }
  static const std::set<std::string> reserved = {"fid", "geom", "key", "name", "area_km2", "centre_lon", "centre_lat"};
  std::map<std::string, std::string> declared;  // existing columns and their declared types
  {
    auto st = db.prepare("SELECT name, upper(type) FROM pragma_table_info('municipalities')");
    while (st.step()) declared[st.text(0)] = st.text(1);
  }
  const bool comma = options.decimal_comma;
  auto at = [&](size_t r) { return std::to_string(lines[r]); };
  // Every value must parse as its column's type: the declared one of an existing column, else
  // the inferred one — INTEGER when every value is a whole number, REAL when every value is a
  // number, TEXT when most values are not numbers or numbers with a leading zero (keys such as
  // "08222"). A column of numbers with one word in it is an error, not text.
  std::vector<size_t> cols;
  std::vector<std::string> types;
  for (size_t c = 0; c < reader.header().size(); ++c) {
    if (c == key_col) continue;
    const std::string& h = reader.header()[c];
    if (h.empty()) throw input_error(fname, "1", "", "column " + std::to_string(c + 1) + " has no name");
    if (reserved.count(h)) {
      summary.ignored_columns.push_back(h);
      continue;
    }
    std::string type;
    if (auto d = declared.find(h); d != declared.end()) {
      type = d->second.find("INT") != std::string::npos                                        ? "INTEGER"
             : d->second == "REAL" || d->second == "DOUBLE" || d->second == "FLOAT" ? "REAL"
                                                                                     : "TEXT";
    } else {
      size_t whole = 0, number = 0, text = 0, keyish = 0;
      for (const auto& r : rows) {
        const std::string& v = r[c];
        if (v.empty()) continue;
        const bool leading_zero = v.size() > 1 && v[0] == '0' && std::isdigit(static_cast<unsigned char>(v[1]));
        if (leading_zero) ++keyish;
        else if (parse_whole(v, comma)) ++whole;
        else if (parse_number(v, comma)) ++number;
        else ++text;
      }
      const size_t numeric = whole + number;
      type = keyish || text >= numeric ? "TEXT" : number ? "REAL" : "INTEGER";
    }
    for (size_t r = 0; r < rows.size(); ++r) {
      const std::string& v = rows[r][c];
      if (v.empty() || type == "TEXT") continue;
      if (type == "INTEGER" && !parse_whole(v, comma)) throw input_error(fname, at(r), h, whole_problem(v, comma));
      if (type == "REAL" && !parse_number(v, comma)) throw input_error(fname, at(r), h, number_problem(v, comma));
    }
    if (type == "REAL" && !comma) {
      // "1.234" and "12.500" could be thousands dots of a German table: refuse a column whose
      // every fractional value looks like that rather than store 1.234 for 1234.
      std::optional<size_t> first;
      bool other = false;
      for (size_t r = 0; r < rows.size() && !other; ++r) {
        const std::string& v = rows[r][c];
        if (v.empty() || parse_whole(v, false)) continue;
        if (ambiguous_thousands(v)) first = first.value_or(r);
        else other = true;
      }
      if (first && !other)
        throw input_error(fname, at(*first), h,
                          "'" + rows[*first][c] + "' may be " + rows[*first][c] +
                              " or a whole number with a thousands dot (every decimal of the column has three digits); "
                              "give --decimal-comma if dots group thousands, or write the numbers without grouping");
    }
    cols.push_back(c);
    types.push_back(type);
  }

  Transaction tx(db);
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string& h = reader.header()[cols[i]];
    if (!declared.count(h)) db.exec("ALTER TABLE municipalities ADD COLUMN " + quote_ident(h) + " " + types[i]);
    summary.columns.push_back(h);
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string& h = reader.header()[cols[i]];
    auto up = db.prepare("UPDATE municipalities SET " + quote_ident(h) + " = ? WHERE key = ?");
    for (const auto& r : rows) {
      const std::string& v = r[cols[i]];
      if (v.empty()) up.bind_null(1);
      else if (types[i] == "INTEGER") up.bind(1, *parse_whole(v, comma));
      else if (types[i] == "REAL") up.bind(1, *parse_number(v, comma));
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
