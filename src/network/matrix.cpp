#include "network/matrix.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <unordered_map>

#include "core/progress.hpp"
#include "network/min_queue.hpp"

namespace cityregions {

TravelMatrix travel_matrix(const StreetNetwork& net, std::span<const Location> origins,
                           std::span<const Location> destinations, uint32_t limit_ms, bool show_progress) {
  TravelMatrix m;
  m.origins = origins.size();
  m.destinations = destinations.size();
  m.cells.resize(m.origins * m.destinations);
  Progress progress("travel-time matrix", m.origins, show_progress);
  tbb::enumerable_thread_specific<Dijkstra> searches([&] { return Dijkstra(net.graph()); });
  tbb::parallel_for(tbb::blocked_range<size_t>(0, m.origins, 1), [&](const tbb::blocked_range<size_t>& range) {
    Dijkstra& search = searches.local();
    for (size_t o = range.begin(); o != range.end(); ++o) {
      search.run(seeds_of(origins[o]), limit_ms);
      for (size_t d = 0; d < m.destinations; ++d) {
        const Arrival a = arrival_at(net.graph(), search, origins[o], destinations[d]);
        if (a.time_ms <= limit_ms) m.cells[o * m.destinations + d] = {a.time_ms, a.dist_m};
      }
      progress.advance();
    }
  });
  progress.finish();
  return m;
}

TravelMatrix fastest_matrix(const StreetNetwork& net, std::span<const Location> origins,
                            std::span<const Location> destinations, uint32_t limit_ms, bool show_progress) {
  if (const auto* ch = net.hierarchy()) return travel_matrix(net, *ch, origins, destinations, limit_ms, show_progress);
  return travel_matrix(net, origins, destinations, limit_ms, show_progress);
}

namespace {

// The arcs of one search direction of a hierarchy: the upward arcs it relaxes and the arcs the
// other way, which tell when a node's label cannot be a shortest one (stall on demand).
struct Direction {
  const std::vector<uint32_t>& first;
  const std::vector<uint32_t>& head;
  const std::vector<uint32_t>& weight;
  const std::vector<float>& length;
  const std::vector<uint32_t>& stall_first;
  const std::vector<uint32_t>& stall_head;
  const std::vector<uint32_t>& stall_weight;
};

// Dijkstra restricted to the upward arcs of a hierarchy, from several seeds, to exhaustion.
// Returns the labels of nodes that were settled and not stalled.
class UpwardSearch {
 public:
  struct Label {
    uint32_t node, time_ms;
    float dist_m;
  };
  explicit UpwardSearch(uint32_t n) : queue_(n), time_(n), dist_(n), stamp_(n, 0) {}

  const std::vector<Label>& run(const Direction& dir, std::span<const EdgeAccess> seeds, uint32_t limit_ms) {
    ++run_;
    queue_.clear();
    settled_.clear();
    for (const auto& s : seeds) relax(s.node, s.time_ms, s.dist_m, limit_ms);
    while (!queue_.empty()) {
      const auto [v, t] = queue_.pop();
      bool stalled = false;
      for (uint32_t a = dir.stall_first[v]; a < dir.stall_first[v + 1] && !stalled; ++a) {
        const uint32_t u = dir.stall_head[a];
        stalled = stamp_[u] == run_ && time_[u] + dir.stall_weight[a] < t;
      }
      if (stalled) continue;
      settled_.push_back({v, t, dist_[v]});
      for (uint32_t e = dir.first[v]; e < dir.first[v + 1]; ++e)
        relax(dir.head[e], t + dir.weight[e], dist_[v] + dir.length[e], limit_ms);
    }
    return settled_;
  }

 private:
  void relax(uint32_t v, uint32_t t, float d, uint32_t limit_ms) {
    if (t > limit_ms) return;
    if (stamp_[v] == run_ && t >= time_[v]) return;
    stamp_[v] = run_;
    time_[v] = t;
    dist_[v] = d;
    queue_.push_or_decrease(v, t);
  }
  MinIdQueue queue_;
  std::vector<uint32_t> time_;
  std::vector<float> dist_;
  std::vector<uint32_t> stamp_;
  std::vector<Label> settled_;
  uint32_t run_ = 0;
};

struct BucketEntry {
  uint32_t node, destination, time_ms;
  float dist_m;
};

}  // namespace

TravelMatrix travel_matrix(const StreetNetwork& net, const ContractionHierarchy& ch, std::span<const Location> origins,
                           std::span<const Location> destinations, uint32_t limit_ms, bool show_progress) {
  const Graph& g = net.graph();
  TravelMatrix m;
  m.origins = origins.size();
  m.destinations = destinations.size();
  m.cells.resize(m.origins * m.destinations);
  Progress progress("travel-time matrix", m.origins + m.destinations, show_progress);
  tbb::enumerable_thread_specific<UpwardSearch> searches([&] { return UpwardSearch(ch.node_count); });
  const Direction forward{ch.up_first,   ch.up_head,   ch.up_weight_ms,  ch.up_dist_m,
                          ch.down_first, ch.down_head, ch.down_weight_ms};
  const Direction backward{ch.down_first, ch.down_head, ch.down_weight_ms, ch.down_dist_m,
                           ch.up_first,   ch.up_head,   ch.up_weight_ms};

  // Backward: where each destination can be reached from, going up the hierarchy.
  std::vector<std::vector<BucketEntry>> per_destination(m.destinations);
  tbb::parallel_for(size_t{0}, m.destinations, [&](size_t d) {
    const auto& labels = searches.local().run(backward, destinations[d].arrivals, limit_ms);
    auto& out = per_destination[d];
    out.reserve(labels.size());
    for (const auto& l : labels) out.push_back({l.node, static_cast<uint32_t>(d), l.time_ms, l.dist_m});
    progress.advance();
  });
  std::vector<BucketEntry> entries;
  for (auto& v : per_destination) entries.insert(entries.end(), v.begin(), v.end());
  per_destination.clear();
  // Buckets as CSR by node.
  std::vector<uint32_t> first(ch.node_count + 1, 0);
  for (const auto& e : entries) ++first[e.node + 1];
  for (uint32_t v = 0; v < ch.node_count; ++v) first[v + 1] += first[v];
  std::vector<BucketEntry> buckets(entries.size());
  {
    std::vector<uint32_t> fill(first.begin(), first.end() - 1);
    for (const auto& e : entries) buckets[fill[e.node]++] = e;
  }
  entries.clear();

  // Destinations by the edges they can be reached along, for the direct way on a shared edge.
  std::unordered_multimap<uint32_t, size_t> destinations_on_edge;
  for (size_t d = 0; d < m.destinations; ++d)
    for (const auto& a : destinations[d].arrivals)
      if (a.edge != kNone) destinations_on_edge.emplace(a.edge, d);

  tbb::parallel_for(tbb::blocked_range<size_t>(0, m.origins, 4), [&](const tbb::blocked_range<size_t>& range) {
    auto& search = searches.local();
    for (size_t o = range.begin(); o != range.end(); ++o) {
      MatrixCell* row = &m.cells[o * m.destinations];
      const auto& labels = search.run(forward, origins[o].departures, limit_ms);
      for (const auto& l : labels)
        for (uint32_t i = first[l.node]; i < first[l.node + 1]; ++i) {
          const auto& b = buckets[i];
          const uint32_t t = l.time_ms + b.time_ms;
          if (t < row[b.destination].time_ms) row[b.destination] = {t, l.dist_m + b.dist_m};
        }
      for (const auto& dep : origins[o].departures) {
        auto [it, end] = destinations_on_edge.equal_range(dep.edge);
        for (; it != end; ++it) {
          for (const auto& a : destinations[it->second].arrivals) {
            if (a.edge != dep.edge || dep.from_frac > a.to_frac) continue;
            const double frac = a.to_frac - dep.from_frac;
            const auto t = static_cast<uint32_t>(std::lround(frac * g.weight_ms[dep.edge]));
            if (t <= row[it->second].time_ms)
              row[it->second] = {t, static_cast<float>(frac * g.edge_length_m(dep.edge))};
          }
        }
      }
      for (size_t d = 0; d < m.destinations; ++d)
        if (row[d].time_ms > limit_ms) row[d] = {};
      progress.advance();
    }
  });
  progress.finish();
  return m;
}

}  // namespace cityregions
