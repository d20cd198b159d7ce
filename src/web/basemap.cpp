#include "web/basemap.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace cityregions {

namespace {

// Douglas–Peucker on lon/lat with a tolerance in degrees (fine at city-region scale).
void simplify(const std::vector<LonLat>& in, size_t a, size_t b, double tol, std::vector<bool>& keep) {
  if (b <= a + 1) return;
  double worst = -1;
  size_t at = a;
  const double dx = in[b].lon - in[a].lon, dy = in[b].lat - in[a].lat, len2 = dx * dx + dy * dy;
  for (size_t i = a + 1; i < b; ++i) {
    double t = len2 > 0 ? ((in[i].lon - in[a].lon) * dx + (in[i].lat - in[a].lat) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = in[a].lon + t * dx - in[i].lon, ey = in[a].lat + t * dy - in[i].lat;
    const double d = ex * ex + ey * ey;
    if (d > worst) worst = d, at = i;
  }
  if (worst > tol * tol) {
    keep[at] = true;
    simplify(in, a, at, tol, keep);
    simplify(in, at, b, tol, keep);
  }
}

}  // namespace

std::string road_basemap_geojson(const Graph& g, int zoom) {
  zoom = std::clamp(zoom, 5, 16);
  const double min_kmh = zoom <= 9 ? 75 : zoom == 10 ? 45 : zoom == 11 ? 30 : 0;
  const double tol = 360.0 / (256.0 * std::pow(2.0, zoom));  // one pixel in degrees of longitude
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  std::vector<LonLat> pts;
  for (uint32_t c = 0; c < g.chain_count(); ++c) {
    const auto& chain = g.chains[c];
    double kmh = 0;
    for (uint32_t e : {chain.forward_edge, chain.backward_edge})
      if (e != kNone && g.weight_ms[e] > 0) kmh = std::max(kmh, chain.length_m / (g.weight_ms[e] / 1000.0) * 3.6);
    if (kmh < min_kmh) continue;
    const char* cls = kmh >= 75 ? "major" : kmh >= 45 ? "primary" : kmh >= 30 ? "secondary" : "minor";
    pts.clear();
    for (const auto& p : g.chain_shape(c)) pts.push_back(p.lonlat());
    if (pts.size() < 2) continue;
    std::vector<bool> keep(pts.size(), false);
    keep.front() = keep.back() = true;
    simplify(pts, 0, pts.size() - 1, tol, keep);
    out += first ? "" : ",";
    first = false;
    out += fmt::format("{{\"type\":\"Feature\",\"properties\":{{\"class\":\"{}\"}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[", cls);
    bool first_pt = true;
    for (size_t i = 0; i < pts.size(); ++i) {
      if (!keep[i]) continue;
      out += fmt::format("{}[{:.5f},{:.5f}]", first_pt ? "" : ",", pts[i].lon, pts[i].lat);
      first_pt = false;
    }
    out += "]}}";
  }
  return out + "]}";
}

}  // namespace cityregions
