#include "region/points.hpp"

#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "store/gpkg.hpp"
#include "store/municipalities.hpp"

namespace cityregions {

namespace fs = std::filesystem;

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
  points = read_point_file(source, value_field);
  if (points.empty()) throw Error(source + ": no points");
  return points;
}

}  // namespace

namespace {

// "point 8.460000,49.480000 (lat,lon) lies outside the region (lon …, lat …)", with the swap hint.
std::string outside_message(LonLat p, const BBox& region, const BBox& allowed) {
  char buf[240];
  std::snprintf(buf, sizeof buf, "point %.6f,%.6f (lat,lon) lies outside the region (lon %.3f…%.3f, lat %.3f…%.3f)", p.lat, p.lon,
                region.min_x, region.max_x, region.min_y, region.max_y);
  std::string msg = buf;
  if (allowed.contains(p.lat, p.lon)) msg += " (did you swap LAT,LON?)";
  return msg;
}

}  // namespace

std::vector<NamedPoint> read_points(Workspace& ws, const std::string& source, const std::string& value_field) {
  auto points = read_raw_points(ws, source, value_field);
  const BBox region = ws.extent();
  if (source != "municipalities" && !region.empty()) {
    const BBox allowed = region.grown(0.02);
    for (const auto& p : points)
      if (!allowed.contains(p.position.lon, p.position.lat))
        throw Error(p.where + ": field 'lat/lon': " + outside_message(p.position, region, allowed));
  }
  return points;
}

LonLat point_in_region(Workspace& ws, const std::string& latlon, const std::string& option) {
  LonLat p;
  try {
    p = parse_latlon(latlon);
  } catch (const Error& e) {
    throw Error(option + ": " + e.what());
  }
  const BBox region = ws.extent();
  if (!region.empty() && !region.grown(0.02).contains(p.lon, p.lat))
    throw Error(option + ": " + outside_message(p, region, region.grown(0.02)));
  return p;
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
