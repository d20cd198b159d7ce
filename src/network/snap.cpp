#include "network/snap.hpp"

#include <algorithm>
#include <cmath>

namespace cityregions {

SnapIndex::SnapIndex(const Graph& g, double cell_m)
    : metric_(g.coords.empty() ? 0.0 : g.coords[0].lonlat().lat), cell_m_(cell_m) {
  shape_xy_.resize(g.shape.size());
  shape_chain_.assign(g.shape.size(), kNone);
  shape_offset_.assign(g.shape.size(), 0.0);
  for (uint32_t c = 0; c < g.chain_count(); ++c)
    for (uint32_t s = g.chains[c].first_shape + 1; s < g.chains[c + 1].first_shape; ++s)
      shape_offset_[s] = shape_offset_[s - 1] + haversine_m(g.shape[s - 1].lonlat(), g.shape[s].lonlat());
  BBox box;
  for (size_t i = 0; i < g.shape.size(); ++i) {
    shape_xy_[i] = metric_.to_xy(g.shape[i].lonlat());
    box.extend(shape_xy_[i].x, shape_xy_[i].y);
  }
  if (box.empty()) return;
  min_x_ = box.min_x;
  min_y_ = box.min_y;
  // At most four cells per shape point (and 2^20 in any case): a network spread over a continent
  // (a stray node, a damaged file) gets coarser cells instead of claiming the machine's memory.
  const double w = box.max_x - box.min_x, h = box.max_y - box.min_y;
  const double max_cells = std::max(double{1 << 20}, 4.0 * static_cast<double>(g.shape.size()));
  while ((w / cell_m_ + 1) * (h / cell_m_ + 1) > max_cells) cell_m_ *= 2;
  cols_ = static_cast<int32_t>((box.max_x - box.min_x) / cell_m_) + 1;
  rows_ = static_cast<int32_t>((box.max_y - box.min_y) / cell_m_) + 1;

  // Two passes (count, fill) give a CSR from cells to segments.
  std::vector<uint32_t> count(static_cast<size_t>(cols_) * rows_ + 1, 0);
  auto for_cells = [&](uint32_t s, auto&& fn) {
    const XY a = shape_xy_[s], b = shape_xy_[s + 1];
    const int32_t x0 = static_cast<int32_t>((std::min(a.x, b.x) - min_x_) / cell_m_);
    const int32_t x1 = static_cast<int32_t>((std::max(a.x, b.x) - min_x_) / cell_m_);
    const int32_t y0 = static_cast<int32_t>((std::min(a.y, b.y) - min_y_) / cell_m_);
    const int32_t y1 = static_cast<int32_t>((std::max(a.y, b.y) - min_y_) / cell_m_);
    for (int32_t y = y0; y <= y1; ++y)
      for (int32_t x = x0; x <= x1; ++x) fn(static_cast<size_t>(y) * cols_ + x);
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t c = 0; c < g.chain_count(); ++c) {
      if (g.chains[c].forward_edge == kNone && g.chains[c].backward_edge == kNone) continue;
      for (uint32_t s = g.chains[c].first_shape; s + 1 < g.chains[c + 1].first_shape; ++s) {
        shape_chain_[s] = c;
        if (pass == 0)
          for_cells(s, [&](size_t cell) { ++count[cell + 1]; });
        else
          for_cells(s, [&](size_t cell) { entries_[first_[cell] + count[cell]++] = s; });
      }
    }
    if (pass == 0) {
      for (size_t i = 1; i < count.size(); ++i) count[i] += count[i - 1];
      first_ = count;
      entries_.resize(first_.back());
      std::fill(count.begin(), count.end(), 0);
    }
  }
}

std::optional<Snap> SnapIndex::nearest(LonLat p, double max_distance_m) const {
  if (entries_.empty()) return std::nullopt;
  const XY q = metric_.to_xy(p);
  const auto cx = static_cast<int32_t>(std::floor((q.x - min_x_) / cell_m_));
  const auto cy = static_cast<int32_t>(std::floor((q.y - min_y_) / cell_m_));
  double best = HUGE_VAL;
  uint32_t best_seg = kNone;
  double best_t = 0;
  const int32_t max_ring = static_cast<int32_t>(max_distance_m / cell_m_) + 2;
  for (int32_t r = 0; r <= max_ring; ++r) {
    for (int32_t y = cy - r; y <= cy + r; ++y) {
      if (y < 0 || y >= rows_) continue;
      const bool edge_row = y == cy - r || y == cy + r;
      for (int32_t x = cx - r; x <= cx + r; x += edge_row ? 1 : 2 * r) {
        if (x >= 0 && x < cols_) {
          const size_t cell = static_cast<size_t>(y) * cols_ + x;
          for (uint32_t i = first_[cell]; i < first_[cell + 1]; ++i) {
            const uint32_t s = entries_[i];
            const XY a = shape_xy_[s], b = shape_xy_[s + 1];
            const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
            const double t = len2 > 0 ? std::clamp(((q.x - a.x) * dx + (q.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
            const double ex = a.x + t * dx - q.x, ey = a.y + t * dy - q.y;
            const double d = std::sqrt(ex * ex + ey * ey);
            if (d < best || (d == best && s < best_seg)) best = d, best_seg = s, best_t = t;
          }
        }
        if (r == 0) break;
      }
    }
    if (best <= r * cell_m_) break;
  }
  if (best_seg == kNone || best > max_distance_m) return std::nullopt;

  Snap snap;
  snap.chain = shape_chain_[best_seg];
  snap.distance_m = best;
  const XY a = shape_xy_[best_seg], b = shape_xy_[best_seg + 1];
  snap.point = metric_.to_lonlat({a.x + best_t * (b.x - a.x), a.y + best_t * (b.y - a.y)});
  snap.offset_m = shape_offset_[best_seg] + best_t * (shape_offset_[best_seg + 1] - shape_offset_[best_seg]);
  return snap;
}

}  // namespace cityregions
