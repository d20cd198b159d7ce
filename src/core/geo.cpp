#include "core/geo.hpp"

#include <ogr_spatialref.h>

#include <charconv>

#include "core/error.hpp"
#include "core/gdal.hpp"

namespace cityregions {

double haversine_m(LonLat a, LonLat b) {
  constexpr double r = M_PI / 180;
  const double dlat = (b.lat - a.lat) * r, dlon = (b.lon - a.lon) * r;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * r) * std::cos(b.lat * r) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

int utm_epsg_for(LonLat p) {
  int zone = static_cast<int>(std::floor((p.lon + 180) / 6)) + 1;
  zone = std::clamp(zone, 1, 60);
  return (p.lat >= 0 ? 32600 : 32700) + zone;
}

LonLat parse_latlon(const std::string& text) {
  const auto comma = text.find(',');
  auto number = [&](std::string_view s, const char* what) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
      throw Error("'" + text + "': " + what + " is not a number (expected LAT,LON such as 49.48,8.47)");
    return v;
  };
  if (comma == std::string::npos) throw Error("'" + text + "': expected LAT,LON such as 49.48,8.47");
  const std::string_view all(text);
  LonLat p{number(all.substr(comma + 1), "longitude"), number(all.substr(0, comma), "latitude")};
  if (!(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180))  // NaN too
    throw Error("'" + text + "': not a WGS84 coordinate (LAT within ±90, LON within ±180)");
  return p;
}

namespace {
OGRCoordinateTransformation* make_transform(int from_epsg, int to_epsg) {
  const OGRSpatialReference from = srs_from_epsg(from_epsg), to = srs_from_epsg(to_epsg);
  auto* t = OGRCreateCoordinateTransformation(&from, &to);
  if (!t) throw Error("no transformation from EPSG:" + std::to_string(from_epsg) + " to EPSG:" + std::to_string(to_epsg));
  return t;
}
void destroy_transform(OGRCoordinateTransformation* t) { OGRCoordinateTransformation::DestroyCT(t); }
}  // namespace

Projection::Projection(int epsg)
    : epsg_(epsg), fwd_(make_transform(4326, epsg), destroy_transform), inv_(make_transform(epsg, 4326), destroy_transform) {}
Projection::~Projection() = default;
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;

XY Projection::forward(LonLat p) const {
  double x = p.lon, y = p.lat;
  if (!fwd_->Transform(1, &x, &y)) throw Error("cannot project coordinate to EPSG:" + std::to_string(epsg_));
  return {x, y};
}

LonLat Projection::inverse(XY p) const {
  double x = p.x, y = p.y;
  if (!inv_->Transform(1, &x, &y)) throw Error("cannot unproject coordinate from EPSG:" + std::to_string(epsg_));
  return {x, y};
}

void Projection::forward(std::vector<XY>& pts) const {
  if (pts.empty()) return;
  std::vector<double> xs(pts.size()), ys(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) xs[i] = pts[i].x, ys[i] = pts[i].y;
  if (!fwd_->Transform(static_cast<int>(pts.size()), xs.data(), ys.data()))
    throw Error("cannot project coordinates to EPSG:" + std::to_string(epsg_));
  for (size_t i = 0; i < pts.size(); ++i) pts[i] = {xs[i], ys[i]};
}

}  // namespace cityregions
