#include "network/dijkstra.hpp"

#include <algorithm>

namespace cityregions {

Dijkstra::Dijkstra(const Graph& g)
    : g_(g), queue_(g.node_count()), time_(g.node_count()), parent_(g.node_count()), from_(g.node_count()),
      stamp_(g.node_count(), 0),
      seed_(g.node_count(), 0), dist_(g.node_count()) {}

void Dijkstra::run(std::span<const Seed> seeds, uint32_t limit_ms, std::span<const uint32_t> stop_at) {
  ++run_;
  queue_.clear();
  settled_.clear();
  for (const auto& s : seeds) {
    if (s.time_ms > limit_ms) continue;
    if (stamp_[s.node] != run_ || s.time_ms < time_[s.node]) {
      stamp_[s.node] = seed_[s.node] = run_;
      time_[s.node] = s.time_ms;
      dist_[s.node] = s.dist_m;
      parent_[s.node] = s.edge;
      queue_.push_or_decrease(s.node, s.time_ms);
    }
  }
  size_t stops_left = stop_at.size();
  const auto& first_out = g_.first_out;
  const auto& head = g_.head;
  const auto& weight = g_.weight_ms;
  while (!queue_.empty()) {
    const auto [v, t] = queue_.pop();
    settled_.push_back(v);
    // Distance along the fastest path, fixed once per node rather than on every relaxation.
    if (seed_[v] != run_) dist_[v] = dist_[from_[v]] + g_.edge_length_m(parent_[v]);
    if (stops_left && std::find(stop_at.begin(), stop_at.end(), v) != stop_at.end()) {
      stops_left -= static_cast<size_t>(std::count(stop_at.begin(), stop_at.end(), v));
      if (stops_left == 0) break;
    }
    for (uint32_t e = first_out[v]; e < first_out[v + 1]; ++e) {
      const uint32_t w = head[e];
      const uint32_t nt = t + weight[e];
      if (nt > limit_ms) continue;
      if (stamp_[w] != run_) {
        stamp_[w] = run_;
        time_[w] = nt;
      } else if (nt >= time_[w]) {
        continue;
      } else {
        time_[w] = nt;
      }
      if (seed_[w] == run_) seed_[w] = 0;
      parent_[w] = e;
      from_[w] = v;
      queue_.push_or_decrease(w, nt);
    }
  }
}

}  // namespace cityregions
