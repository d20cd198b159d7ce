#include "network/dijkstra.hpp"

#include <algorithm>

namespace cityregions {

Dijkstra::Dijkstra(const Graph& g)
    : g_(g), queue_(g.routing_node_count()), label_(g.routing_node_count()), dist_(g.routing_node_count()) {}

void Dijkstra::run(std::span<const Seed> seeds, uint32_t limit_ms, std::span<const uint32_t> stop_at) {
  ++run_;
  queue_.clear();
  settled_.clear();
  for (const auto& s : seeds) {
    if (s.time_ms > limit_ms) continue;
    Label& l = label_[s.node];
    if (l.run != run_ || s.time_ms < l.time_ms) {
      l = {run_, s.time_ms, s.edge | kSeedBit, s.node};
      dist_[s.node] = s.dist_m;
      queue_.push_or_decrease(s.node, s.time_ms);
    }
  }
  size_t stops_left = stop_at.size();
  const uint32_t* first_out = g_.routing_first().data();
  const uint32_t* head = g_.routing_head().data();
  const uint32_t* weight = g_.routing_weight().data();
  while (!queue_.empty()) {
    const auto [v, t] = queue_.pop();
    settled_.push_back(v);
    // Distance along the fastest path, fixed once per node rather than on every relaxation.
    const Label& lv = label_[v];
    if (!(lv.parent & kSeedBit)) dist_[v] = dist_[lv.from] + g_.edge_length_m(g_.arc_segment(lv.from, lv.parent));
    if (stops_left && std::find(stop_at.begin(), stop_at.end(), v) != stop_at.end()) {
      stops_left -= static_cast<size_t>(std::count(stop_at.begin(), stop_at.end(), v));
      if (stops_left == 0) break;
    }
    for (uint32_t e = first_out[v]; e < first_out[v + 1]; ++e) {
      const uint32_t nt = t + weight[e];
      if (nt > limit_ms) continue;
      const uint32_t w = head[e];
      Label& lw = label_[w];
      if (lw.run == run_ && nt >= lw.time_ms) continue;
      lw = {run_, nt, e, v};
      queue_.push_or_decrease(w, nt);
    }
  }
}

}  // namespace cityregions
