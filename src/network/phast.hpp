#pragma once
// PHAST one-to-all on a contraction hierarchy: an upward search from the source, then one sweep
// over all nodes from the highest rank down. Arrays are laid out by rank so that the sweep reads
// memory almost in order.
#include <span>
#include <vector>

#include "network/contraction_hierarchy.hpp"
#include "network/min_queue.hpp"
#include "network/street_network.hpp"

namespace cityregions {

class Phast {
 public:
  explicit Phast(const ContractionHierarchy& ch);

  // Times (and distances) from the seeds to every node; nodes beyond limit_ms count as unreached.
  void run(std::span<const EdgeAccess> seeds, uint32_t limit_ms = kNone);

  uint32_t time_ms(uint32_t node) const {
    const uint32_t t = time_[rank_[node]];
    return t <= limit_ ? t : kNone;
  }
  float dist_m(uint32_t node) const { return dist_[rank_[node]]; }

 private:
  std::vector<uint32_t> rank_;
  // Upward forward arcs by rank (for the upward search).
  std::vector<uint32_t> up_first_, up_head_, up_weight_;
  std::vector<float> up_dist_;
  // Incoming downward arcs by rank: for rank r, arcs from higher ranks into r.
  std::vector<uint32_t> in_first_, in_tail_, in_weight_;
  std::vector<float> in_dist_;
  std::vector<uint32_t> time_;
  std::vector<float> dist_;
  MinIdQueue queue_;
  uint32_t limit_ = kNone;
};

}  // namespace cityregions
