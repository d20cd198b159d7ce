#pragma once
// Coordinates, distances and the region's projected CRS.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class OGRCoordinateTransformation;

namespace cityregions {

struct LonLat {
  double lon = 0;
  double lat = 0;
};

struct XY {
  double x = 0;
  double y = 0;
};

struct BBox {
  double min_x = HUGE_VAL, min_y = HUGE_VAL, max_x = -HUGE_VAL, max_y = -HUGE_VAL;
  void extend(double x, double y) {
    min_x = std::min(min_x, x);
    min_y = std::min(min_y, y);
    max_x = std::max(max_x, x);
    max_y = std::max(max_y, y);
  }
  bool empty() const { return min_x > max_x; }
  bool contains(double x, double y) const { return x >= min_x && x <= max_x && y >= min_y && y <= max_y; }
  BBox grown(double d) const { return {min_x - d, min_y - d, max_x + d, max_y + d}; }
};

// Compact WGS84 point for flat arrays: 1e-7 degrees (about 1 cm), as OSM stores them.
struct FixedLonLat {
  int32_t lon_e7 = 0;
  int32_t lat_e7 = 0;
  static FixedLonLat from(LonLat p) {
    return {static_cast<int32_t>(std::lround(p.lon * 1e7)), static_cast<int32_t>(std::lround(p.lat * 1e7))};
  }
  LonLat lonlat() const { return {lon_e7 * 1e-7, lat_e7 * 1e-7}; }
};

constexpr double kEarthRadiusM = 6371008.8;

double haversine_m(LonLat a, LonLat b);

// Equirectangular projection around a reference latitude: metres, exact enough for
// distances of a few kilometres (snapping, grids), and cheap.
class LocalMetric {
 public:
  explicit LocalMetric(double ref_lat_deg)
      : kx_(kEarthRadiusM * std::cos(ref_lat_deg * M_PI / 180) * M_PI / 180), ky_(kEarthRadiusM * M_PI / 180) {}
  XY to_xy(LonLat p) const { return {p.lon * kx_, p.lat * ky_}; }
  LonLat to_lonlat(XY p) const { return {p.x / kx_, p.y / ky_}; }

 private:
  double kx_, ky_;
};

// EPSG code of the UTM zone (northern/southern) that holds the point.
int utm_epsg_for(LonLat p);

// Parses "LAT,LON" as given on the command line.
LonLat parse_latlon(const std::string& text);

// WGS84 (lon/lat order) <-> a projected CRS given by EPSG code, through PROJ (via GDAL's OSR).
class Projection {
 public:
  explicit Projection(int epsg);
  ~Projection();
  Projection(Projection&&) noexcept;
  Projection& operator=(Projection&&) noexcept;

  int epsg() const { return epsg_; }
  XY forward(LonLat p) const;
  LonLat inverse(XY p) const;
  void forward(std::vector<XY>& lonlat_in_xy_out) const;

 private:
  int epsg_;
  std::unique_ptr<OGRCoordinateTransformation, void (*)(OGRCoordinateTransformation*)> fwd_;
  std::unique_ptr<OGRCoordinateTransformation, void (*)(OGRCoordinateTransformation*)> inv_;
};

}  // namespace cityregions
