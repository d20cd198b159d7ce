#include "io/municipalities.hpp"

#include <ogrsf_frmts.h>

#include <charconv>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "core/gdal.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {

// Whole non-negative number from a text field ("12 345" and "12345.0" accepted).
std::optional<int64_t> parse_count(std::string s) {
  std::erase(s, ' ');
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v != std::floor(v)) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::string field_list(OGRFeatureDefn* defn) {
  std::string out;
  for (int i = 0; i < defn->GetFieldCount(); ++i) out += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
  return out;
}

}  // namespace

MunicipalityLayer read_municipality_layer(const fs::path& file, const MunicipalityImport& spec) {
  const std::string fname = file.string();
  std::string open_error;
  DatasetPtr ds = open_vector(file, open_error);
  if (!ds) throw Error(fname + ": cannot open as a vector dataset (" + open_error + ")");
  OGRLayer* layer = spec.layer ? ds->GetLayerByName(spec.layer->c_str()) : ds->GetLayer(0);
  if (!layer) throw Error(fname + ": no layer " + (spec.layer ? "'" + *spec.layer + "'" : "in the file"));
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  auto field_index = [&](const std::string& name) {
    const int i = defn->GetFieldIndex(name.c_str());
    if (i < 0) throw input_error(fname, "", name, "no such field (fields: " + field_list(defn) + ")");
    return i;
  };
  const int key_i = field_index(spec.key_field), name_i = field_index(spec.name_field);
  const int pop_i = spec.population_field ? field_index(*spec.population_field) : -1;
  const int jobs_i = spec.jobs_field ? field_index(*spec.jobs_field) : -1;

  const OGRSpatialReference* src_srs = layer->GetSpatialRef();
  const OGRSpatialReference wgs84 = srs_from_epsg(4326);
  // A GeoJSON without a crs member is WGS84 by definition.
  const OGRSpatialReference source = src_srs ? gis_order(*src_srs) : wgs84;
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84(OGRCreateCoordinateTransformation(&source, &wgs84));
  if (!to_wgs84) throw Error(fname + ": cannot transform its CRS to WGS84");

  MunicipalityLayer out;
  auto& rows = out.rows;
  auto& wgs_box = out.wgs_box;
  std::set<std::string> keys;
  layer->ResetReading();
  int64_t record = 0;
  for (auto& feature : *layer) {
    ++record;
    const std::string where = "feature " + std::to_string(record);
    MunicipalityRecord row;
    row.key = feature->IsFieldSetAndNotNull(key_i) ? feature->GetFieldAsString(key_i) : "";
    if (row.key.empty()) throw input_error(fname, where, spec.key_field, "empty key");
    const std::string at = where + " (key " + row.key + ")";
    if (!keys.insert(row.key).second) throw input_error(fname, at, spec.key_field, "duplicate key");
    row.name = feature->GetFieldAsString(name_i);
    if (row.name.empty()) throw input_error(fname, at, spec.name_field, "empty name");
    auto count = [&](int i, const std::string& field) -> std::optional<int64_t> {
      if (i < 0 || !feature->IsFieldSetAndNotNull(i)) return std::nullopt;
      auto v = parse_count(feature->GetFieldAsString(i));
      if (!v) throw input_error(fname, at, field, "'" + std::string(feature->GetFieldAsString(i)) + "' is not a whole number ≥ 0");
      return v;
    };
    row.population = count(pop_i, spec.population_field.value_or(""));
    row.jobs = count(jobs_i, spec.jobs_field.value_or(""));
    const OGRGeometry* g = feature->GetGeometryRef();
    if (!g || g->IsEmpty()) throw input_error(fname, at, "geometry", "missing geometry");
    const auto type = wkbFlatten(g->getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon)
      throw input_error(fname, at, "geometry", std::string("expected a polygon, found ") + g->getGeometryName());
    CPLPushErrorHandler(CPLQuietErrorHandler);  // GEOS reports the reason as a warning; we say it in one line
    const bool valid = g->IsValid();
    CPLPopErrorHandler();
    if (!valid) throw input_error(fname, at, "geometry", "invalid polygon (self-intersecting or broken rings)");
    OGRGeometryUniquePtr geom(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
    if (geom->transform(to_wgs84.get()) != OGRERR_NONE) throw input_error(fname, at, "geometry", "cannot reproject");
    OGREnvelope env;
    geom->getEnvelope(&env);
    if (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90)
      throw input_error(fname, at, "geometry", "coordinates outside WGS84 range (wrong CRS?)");
    wgs_box.extend(env.MinX, env.MinY);
    wgs_box.extend(env.MaxX, env.MaxY);
    row.geom_wgs84 = std::move(geom);
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw Error(fname + ": no features in the layer");
  return out;
}

}  // namespace cityregions
