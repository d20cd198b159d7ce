#pragma once
// Snapping points to the nearest edge of a mode's graph: a uniform grid over the segments of
// every chain, searched ring by ring.
#include <optional>
#include <vector>

#include "core/geo.hpp"
#include "network/graph.hpp"

namespace cityregions {

struct Snap {
  uint32_t chain = kNone;
  double offset_m = 0;    // along the chain's shape from its start
  double distance_m = 0;  // from the query point to the snapped point
  LonLat point;           // snapped point on the chain
  // Position along the chain as a fraction of its length.
  double fraction(const Graph& g) const {
    const double len = g.chains[chain].length_m;
    return len > 0 ? std::clamp(offset_m / len, 0.0, 1.0) : 0.0;
  }
};

class SnapIndex {
 public:
  explicit SnapIndex(const Graph& g, double cell_m = 250);
  // Nearest chain usable by the graph's mode, or nullopt beyond max_distance_m.
  std::optional<Snap> nearest(LonLat p, double max_distance_m) const;

 private:
  LocalMetric metric_;
  double cell_m_;
  double min_x_ = 0, min_y_ = 0;
  int32_t cols_ = 0, rows_ = 0;
  std::vector<uint32_t> first_;    // per cell, into entries_
  std::vector<uint32_t> entries_;  // index of the segment's first shape point
  std::vector<uint32_t> shape_chain_;  // chain owning each shape point
  std::vector<XY> shape_xy_;
  std::vector<double> shape_offset_;  // metres along its chain, haversine like Chain::length_m
};

}  // namespace cityregions
