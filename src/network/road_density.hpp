#pragma once
// Built-up areas from the road network itself, as Valhalla's graph enhancer finds them: the
// length of road within a disc around a point per km², on Valhalla's relative scale
// (round(0.7 × km/km²), at most 15). Valhalla counts every road, ramp and generic service road;
// living streets, tracks, paths and driveways do not count.
#include <cstdint>
#include <vector>

#include "core/geo.hpp"

namespace cityregions {

class RoadDensity {
 public:
  // Road pieces (from, to) are added before densities are asked for.
  RoadDensity(const BBox& lonlat_box, double radius_m, double cell_m = 100);
  void add_road(LonLat a, LonLat b);
  // Call once after the last add_road.
  void finish();
  // Valhalla's relative density 0–15 at a point.
  int relative(LonLat p) const;
  // km of road per km² at a point.
  double km_per_km2(LonLat p) const;

 private:
  int cell_of(LonLat p) const;
  LocalMetric metric_;
  double cell_m_, radius_m_;
  double min_x_ = 0, min_y_ = 0;
  int cols_ = 1, rows_ = 1;
  std::vector<double> road_m_;   // road metres per cell
  std::vector<float> density_;  // km/km² per cell, after finish()
};

}  // namespace cityregions
