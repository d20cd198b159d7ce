#include "io/points.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <filesystem>
#include <set>

#include "io/csv.hpp"
#include "core/gdal.hpp"
#include "core/error.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {

double parse_coordinate(const std::vector<std::string>& f, size_t col, const CsvReader& reader, double lo, double hi) {
  const double d = reader.required_number(f, col);
  if (d < lo || d > hi) reader.fail(col, "'" + f[col] + "' is out of range");
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
    out.push_back({f[id], {parse_coordinate(f, lon, reader, -180, 180), parse_coordinate(f, lat, reader, -90, 90)}, where,
                   value != SIZE_MAX ? parse_coordinate(f, value, reader, -1e15, 1e15) : 1.0});
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

std::vector<NamedPoint> read_point_file(const std::string& path, const std::string& value_field) {
  const std::string ext = fs::path(path).extension().string();
  return (ext == ".csv" || ext == ".CSV")          ? read_csv_points(path, value_field)
         : (ext == ".ndjson" || ext == ".jsonl") ? read_ndjson_points(path, value_field)
                                                 : read_gdal_points(path, value_field);
}

}  // namespace cityregions
