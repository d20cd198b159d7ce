#include "region/points.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/csv.hpp"
#include "core/gdal.hpp"
#include "core/error.hpp"
#include "store/gpkg.hpp"
#include "store/municipalities.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {

double parse_coordinate(const std::string& v, const CsvReader& reader, const std::string& field, double lo, double hi) {
  double d = 0;
  const char* end = v.data() + v.size();
  auto [p, ec] = std::from_chars(v.data(), end, d);
  if (v.empty() || ec != std::errc() || p != end)
    throw input_error(reader.path(), std::to_string(reader.line()), field, "'" + v + "' is not a number");
  if (d < lo || d > hi) throw input_error(reader.path(), std::to_string(reader.line()), field, "'" + v + "' is out of range");
  return d;
}

std::vector<NamedPoint> read_csv_points(const std::string& path, const std::string& value_field) {
  CsvReader reader(path);
  const size_t id = reader.require_column("id"), lat = reader.require_column("lat"), lon = reader.require_column("lon");
  const size_t value = value_field.empty() ? SIZE_MAX : reader.require_column(value_field);
  std::vector<NamedPoint> out;
  std::vector<std::string> f;
  std::set<std::string> seen;
  while (reader.next(f)) {
    const std::string where = path + ":" + std::to_string(reader.line());
    if (f[id].empty()) throw input_error(path, std::to_string(reader.line()), "id", "empty id");
    if (!seen.insert(f[id]).second) throw input_error(path, std::to_string(reader.line()), "id", "duplicate id '" + f[id] + "'");
    out.push_back({f[id], {parse_coordinate(f[lon], reader, "lon", -180, 180), parse_coordinate(f[lat], reader, "lat", -90, 90)}, where,
                   value != SIZE_MAX ? parse_coordinate(f[value], reader, value_field, -1e15, 1e15) : 1.0});
  }
  return out;
}

std::vector<NamedPoint> read_ndjson_points(const std::string& path, const std::string& value_field) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open file");
  std::vector<NamedPoint> out;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(n);
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error&) {
      throw Error(where + ": not a JSON object");
    }
    const auto& loc = j.contains("location") ? j["location"] : j;
    if (!loc.contains("latitude") || !loc.contains("longitude") || !loc["latitude"].is_number() || !loc["longitude"].is_number())
      throw Error(where + ": field 'location': needs latitude and longitude");
    std::string id = j.contains("id") ? (j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump()) : std::to_string(n);
    double value = 1;
    if (!value_field.empty()) {
      if (!j.contains(value_field) || !j[value_field].is_number()) throw Error(where + ": field '" + value_field + "': not a number");
      value = j[value_field].get<double>();
    }
    out.push_back({id, {loc["longitude"].get<double>(), loc["latitude"].get<double>()}, where, value});
  }
  return out;
}

std::vector<NamedPoint> read_gdal_points(const std::string& path, const std::string& value_field) {
  std::string open_error;
  DatasetPtr ds = open_vector(path, open_error);
  if (!ds) throw Error(path + ": cannot open as a point layer (" + open_error + ")");
  OGRLayer* layer = ds->GetLayer(0);
  if (!layer) throw Error(path + ": no layer");
  const OGRSpatialReference wgs84 = srs_from_epsg(4326);
  std::unique_ptr<OGRCoordinateTransformation> ct;
  if (const auto* srs = layer->GetSpatialRef()) {
    const OGRSpatialReference s = gis_order(*srs);
    ct.reset(OGRCreateCoordinateTransformation(&s, &wgs84));
  }
  const int id_field = layer->GetLayerDefn()->GetFieldIndex("id");
  const int value_index = value_field.empty() ? -1 : layer->GetLayerDefn()->GetFieldIndex(value_field.c_str());
  if (!value_field.empty() && value_index < 0) throw Error(path + ": field '" + value_field + "': no such field");
  std::vector<NamedPoint> out;
  int64_t n = 0;
  for (auto& feature : *layer) {
    ++n;
    const std::string where = path + ":feature " + std::to_string(n);
    const OGRGeometry* g = feature->GetGeometryRef();
    if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint) throw Error(where + ": field 'geometry': expected a point");
    OGRPoint p(*g->toPoint());
    if (ct && p.transform(ct.get()) != OGRERR_NONE) throw Error(where + ": field 'geometry': cannot reproject");
    const std::string id = id_field >= 0 ? feature->GetFieldAsString(id_field) : std::to_string(feature->GetFID());
    out.push_back({id, {p.getX(), p.getY()}, where, value_index >= 0 ? feature->GetFieldAsDouble(value_index) : 1.0});
  }
  return out;
}

}  // namespace

namespace {

std::vector<NamedPoint> read_raw_points(Workspace& ws, const std::string& source, const std::string& value_field) {
  std::vector<NamedPoint> points;
  if (source == "municipalities") {
    for (const auto& m : load_municipalities(ws))
      points.push_back({m.key, m.centre, "municipality " + m.key + " (" + m.name + ")", 1.0});
    if (points.empty()) throw Error("municipalities: the workspace has none (run 'cityregions import municipalities')");
    return points;
  }
  // A point layer of the workspace (motorway_junctions, transit_stops …).
  if (!fs::exists(source) && ws.db().table_exists(source)) {
    auto type = ws.db().prepare("SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?");
    type.bind(1, source);
    if (!type.step() || type.text(0) != "POINT" || type.int64(1) != 4326)
      throw Error(source + ": not a point layer in WGS84 of the workspace");
    type.reset();
    const bool has_id = ws.db().has_column(source, "id");
    auto st = ws.db().prepare("SELECT " + std::string(has_id ? "id" : "fid") + ", geom FROM " + quote_ident(source));
    while (st.step()) {
      const auto g = gpkg_decode(st.blob(1));
      const auto* p = g->toPoint();
      points.push_back({st.text(0), {p->getX(), p->getY()}, source + ":" + st.text(0), 1.0});
    }
    if (points.empty()) throw Error(source + ": the layer holds no points");
    return points;
  }
  if (!fs::exists(source))
    throw Error(source + ": no such file or workspace point layer (expected a CSV, a GDAL point layer or 'municipalities')");
  const std::string ext = fs::path(source).extension().string();
  points = (ext == ".csv" || ext == ".CSV")   ? read_csv_points(source, value_field)
           : (ext == ".ndjson" || ext == ".jsonl") ? read_ndjson_points(source, value_field)
                                                   : read_gdal_points(source, value_field);
  if (points.empty()) throw Error(source + ": no points");
  return points;
}

}  // namespace

std::vector<NamedPoint> read_points(Workspace& ws, const std::string& source, const std::string& value_field) {
  auto points = read_raw_points(ws, source, value_field);
  const BBox region = ws.extent();
  if (source != "municipalities" && !region.empty()) {
    const BBox allowed = region.grown(0.02);
    for (const auto& p : points)
      if (!allowed.contains(p.position.lon, p.position.lat)) {
        char buf[200];
        std::snprintf(buf, sizeof buf, "point %.6f,%.6f (lat,lon) lies outside the region (lon %.3f…%.3f, lat %.3f…%.3f)",
                      p.position.lat, p.position.lon, region.min_x, region.max_x, region.min_y, region.max_y);
        throw Error(p.where + ": field 'lat/lon': " + buf);
      }
  }
  return points;
}

std::vector<NamedPoint> read_facilities(Workspace& ws, const std::string& source, const std::string& value_field,
                                        size_t& dropped_outside) {
  auto points = read_raw_points(ws, source, value_field);
  const BBox allowed = ws.extent().grown(0.02);
  const size_t before = points.size();
  if (!ws.extent().empty())
    std::erase_if(points, [&](const NamedPoint& p) { return !allowed.contains(p.position.lon, p.position.lat); });
  dropped_outside = before - points.size();
  if (points.empty()) throw Error(source + ": none of the facilities lies in the region");
  return points;
}

std::vector<Location> locate_all(const StreetNetwork& net, const std::vector<NamedPoint>& points, double max_snap_m) {
  std::vector<Location> out;
  out.reserve(points.size());
  for (const auto& p : points) {
    try {
      out.push_back(net.locate(p.position, max_snap_m));
    } catch (const Error& e) {
      throw Error(p.where + ": " + e.what());
    }
  }
  return out;
}

}  // namespace cityregions
