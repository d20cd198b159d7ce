#include "network/road_density.hpp"

#include <algorithm>
#include <cmath>

namespace cityregions {

RoadDensity::RoadDensity(const BBox& box, double radius_m, double cell_m)
    : metric_(box.empty() ? 0.0 : (box.min_y + box.max_y) / 2), cell_m_(cell_m), radius_m_(radius_m) {
  if (box.empty()) return;
  const XY lo = metric_.to_xy({box.min_x, box.min_y}), hi = metric_.to_xy({box.max_x, box.max_y});
  min_x_ = lo.x;
  min_y_ = lo.y;
  cols_ = static_cast<int>((hi.x - lo.x) / cell_m_) + 1;
  rows_ = static_cast<int>((hi.y - lo.y) / cell_m_) + 1;
  road_m_.assign(static_cast<size_t>(cols_) * static_cast<size_t>(rows_), 0.0);
}

int RoadDensity::cell_of(LonLat p) const {
  const XY q = metric_.to_xy(p);
  const int c = std::clamp(static_cast<int>((q.x - min_x_) / cell_m_), 0, cols_ - 1);
  const int r = std::clamp(static_cast<int>((q.y - min_y_) / cell_m_), 0, rows_ - 1);
  return r * cols_ + c;
}

void RoadDensity::add_road(LonLat a, LonLat b) {
  if (road_m_.empty()) return;
  road_m_[static_cast<size_t>(cell_of({(a.lon + b.lon) / 2, (a.lat + b.lat) / 2}))] += haversine_m(a, b);
}

void RoadDensity::finish() {
  if (road_m_.empty()) return;
  // Sum over a disc of cells with prefix sums along each row.
  std::vector<double> prefix(static_cast<size_t>(cols_ + 1) * static_cast<size_t>(rows_), 0.0);
  for (int r = 0; r < rows_; ++r)
    for (int c = 0; c < cols_; ++c)
      prefix[static_cast<size_t>(r) * (cols_ + 1) + c + 1] =
          prefix[static_cast<size_t>(r) * (cols_ + 1) + c] + road_m_[static_cast<size_t>(r) * cols_ + c];
  const int k = static_cast<int>(radius_m_ / cell_m_);
  std::vector<int> half(static_cast<size_t>(2 * k + 1));
  for (int dr = -k; dr <= k; ++dr)
    half[static_cast<size_t>(dr + k)] = static_cast<int>(std::floor(std::sqrt(static_cast<double>(k * k - dr * dr))));
  density_.assign(road_m_.size(), 0.f);
  const double cell_km2 = cell_m_ * cell_m_ / 1e6;
  for (int r = 0; r < rows_; ++r)
    for (int c = 0; c < cols_; ++c) {
      double metres = 0;
      int cells = 0;
      for (int dr = -k; dr <= k; ++dr) {
        const int h = half[static_cast<size_t>(dr + k)];
        cells += 2 * h + 1;  // cells beyond the data count as empty land
        const int rr = r + dr;
        if (rr < 0 || rr >= rows_) continue;
        const int c0 = std::max(c - h, 0), c1 = std::min(c + h, cols_ - 1);
        if (c0 > c1) continue;
        const double* row = &prefix[static_cast<size_t>(rr) * (cols_ + 1)];
        metres += row[c1 + 1] - row[c0];
      }
      density_[static_cast<size_t>(r) * cols_ + c] = static_cast<float>(metres / 1000 / (cells * cell_km2));
    }
}

double RoadDensity::km_per_km2(LonLat p) const {
  return density_.empty() ? 0.0 : density_[static_cast<size_t>(cell_of(p))];
}

int RoadDensity::relative(LonLat p) const {
  return std::min(static_cast<int>(std::lround(km_per_km2(p) * 0.7)), 15);
}

}  // namespace cityregions
