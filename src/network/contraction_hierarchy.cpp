#include "network/contraction_hierarchy.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "core/binary_file.hpp"
#include "network/min_queue.hpp"

namespace cityregions {

namespace {

struct Arc {
  uint32_t node;
  uint32_t weight_ms;
  float dist_m;
  uint32_t hops;  // original arcs this arc stands for
};

void add_or_improve(std::vector<Arc>& arcs, const Arc& n) {
  for (auto& a : arcs)
    if (a.node == n.node) {
      if (n.weight_ms < a.weight_ms) a = n;
      return;
    }
  arcs.push_back(n);
}

void remove_arc(std::vector<Arc>& arcs, uint32_t node) {
  std::erase_if(arcs, [&](const Arc& a) { return a.node == node; });
}

// Witness searches pop at most this many nodes (fewer when only estimating a priority); a missed
// witness only costs a needless shortcut.
constexpr uint32_t kWitnessPops = 500, kEstimatePops = 50;

class Contractor {
 public:
  explicit Contractor(const Graph& g)
      : n_(g.routing_node_count()), out_(n_), in_(n_), level_(n_, 0), dist_(n_, 0), stamp_(n_, 0),
        target_(n_, 0), queue_(n_) {
    const auto& first = g.routing_first();
    const auto& head = g.routing_head();
    const auto& weight = g.routing_weight();
    for (uint32_t u = 0; u < n_; ++u)
      for (uint32_t e = first[u]; e < first[u + 1]; ++e) {
        const uint32_t v = head[e];
        if (u == v) continue;
        const float len = g.edge_length_m(g.arc_segment(u, e));
        add_or_improve(out_[u], {v, weight[e], len, 1});
        add_or_improve(in_[v], {u, weight[e], len, 1});
      }
  }

  ContractionHierarchy run(uint64_t edge_count, uint32_t period) {
    ContractionHierarchy ch;
    ch.node_count = n_;
    ch.graph_edge_count = edge_count;
    ch.period = period;
    ch.rank.assign(n_, 0);
    std::vector<std::vector<Arc>> up(n_), down(n_);
    using Item = std::pair<int64_t, uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
    std::vector<int64_t> prio(n_);
    std::vector<bool> contracted(n_, false);
    for (uint32_t v = 0; v < n_; ++v) pq.emplace(prio[v] = priority(v), v);
    uint32_t next_rank = 0;
    std::vector<uint32_t> neighbours;
    while (!pq.empty()) {
      const auto [p, v] = pq.top();
      pq.pop();
      if (contracted[v] || p != prio[v]) continue;
      ch.rank[v] = next_rank++;
      up[v] = out_[v];
      down[v] = in_[v];
      shortcuts(v, true);
      contracted[v] = true;
      for (const auto& a : out_[v]) remove_arc(in_[a.node], v);
      for (const auto& a : in_[v]) remove_arc(out_[a.node], v);
      for (const auto& s : found_) {
        add_or_improve(out_[s.from], {s.to, s.weight_ms, s.dist_m, s.hops});
        add_or_improve(in_[s.to], {s.from, s.weight_ms, s.dist_m, s.hops});
      }
      neighbours.clear();
      for (const auto& a : out_[v]) neighbours.push_back(a.node);
      for (const auto& a : in_[v]) neighbours.push_back(a.node);
      std::sort(neighbours.begin(), neighbours.end());
      neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
      out_[v].clear();
      out_[v].shrink_to_fit();
      in_[v].clear();
      in_[v].shrink_to_fit();
      for (uint32_t w : neighbours) {
        level_[w] = std::max(level_[w], level_[v] + 1);
        pq.emplace(prio[w] = priority(w), w);
      }
    }
    auto to_csr = [&](const std::vector<std::vector<Arc>>& arcs, std::vector<uint32_t>& first, std::vector<uint32_t>& head,
                      std::vector<uint32_t>& weight, std::vector<float>& dist) {
      first.assign(n_ + 1, 0);
      for (uint32_t v = 0; v < n_; ++v) first[v + 1] = first[v] + static_cast<uint32_t>(arcs[v].size());
      for (uint32_t v = 0; v < n_; ++v)
        for (const auto& a : arcs[v]) {
          head.push_back(a.node);
          weight.push_back(a.weight_ms);
          dist.push_back(a.dist_m);
        }
    };
    to_csr(up, ch.up_first, ch.up_head, ch.up_weight_ms, ch.up_dist_m);
    to_csr(down, ch.down_first, ch.down_head, ch.down_weight_ms, ch.down_dist_m);
    return ch;
  }

 private:
  struct Shortcut {
    uint32_t from, to, weight_ms;
    float dist_m;
    uint32_t hops;
  };

  // Edge difference first, then the ratio of original arcs (hops) added to removed and the
  // level: measured on the edge-based Rhein-Neckar car graph against RoutingKit's order
  // (level × 1000 + arc and hop ratios) and the plain edge difference, it gave the fewest
  // shortcuts in the shortest build.
  int64_t priority(uint32_t v) {
    const auto [added, added_hops] = shortcuts(v, false);
    int64_t removed = 0, removed_hops = 0;
    for (const auto* list : {&in_[v], &out_[v]})
      for (const auto& a : *list) ++removed, removed_hops += a.hops;
    return 4 * (added - removed) + 2 * added_hops / std::max<int64_t>(removed_hops, 1) + level_[v];
  }

  // Shortcuts needed to contract v: u→v→x unless a witness path u→x avoiding v is as short.
  // Collects them into found_ when `collect`; returns their count and hops.
  std::pair<int64_t, int64_t> shortcuts(uint32_t v, bool collect) {
    found_.clear();
    int64_t count = 0, hops = 0;
    for (const auto& in : in_[v]) {
      ++run_;
      uint32_t targets = 0, bound = 0;
      for (const auto& o : out_[v])
        if (o.node != in.node && target_[o.node] != run_) {
          target_[o.node] = run_;
          ++targets;
          bound = std::max(bound, in.weight_ms + o.weight_ms);
        }
      if (targets == 0) continue;
      witness_search(in.node, v, bound, targets, collect ? kWitnessPops : kEstimatePops);
      for (const auto& o : out_[v]) {
        if (o.node == in.node) continue;
        const uint32_t via = in.weight_ms + o.weight_ms;
        if (stamp_[o.node] == run_ && dist_[o.node] <= via) continue;
        ++count;
        hops += in.hops + o.hops;
        if (collect) found_.push_back({in.node, o.node, via, in.dist_m + o.dist_m, in.hops + o.hops});
      }
    }
    return {count, hops};
  }

  // Dijkstra from source avoiding `avoid` until every target is settled, the bound is passed or
  // the pop limit is reached.
  void witness_search(uint32_t source, uint32_t avoid, uint32_t bound, uint32_t targets, uint32_t max_pops) {
    queue_.clear();
    stamp_[source] = run_;
    dist_[source] = 0;
    queue_.push_or_decrease(source, 0);
    uint32_t pops = 0;
    while (!queue_.empty() && pops < max_pops) {
      const auto [u, d] = queue_.pop();
      if (d > bound) break;
      ++pops;
      if (target_[u] == run_ && --targets == 0) break;
      for (const auto& a : out_[u]) {
        if (a.node == avoid) continue;
        const uint32_t nd = d + a.weight_ms;
        if (nd > bound) continue;
        if (stamp_[a.node] != run_ || nd < dist_[a.node]) {
          stamp_[a.node] = run_;
          dist_[a.node] = nd;
          queue_.push_or_decrease(a.node, nd);
        }
      }
    }
  }

  uint32_t n_;
  std::vector<std::vector<Arc>> out_, in_;
  std::vector<int64_t> level_;
  std::vector<uint32_t> dist_, stamp_, target_;
  MinIdQueue queue_;
  uint32_t run_ = 0;
  std::vector<Shortcut> found_;
};

constexpr FileMagic kMagic{'C', 'R', 'C', 'H', 0, 0, 0, 0};
// 2: built on the routing graph (edge-based for car), with the period of its weights.
constexpr uint32_t kVersion = 3;  // 3: build id
constexpr const char* kHint = "re-run 'cityregions import osm'";

}  // namespace

size_t ContractionHierarchy::bytes() const {
  return rank.size() * 4 + (up_first.size() + down_first.size()) * 4 + (up_head.size() + down_head.size()) * 12;
}

ContractionHierarchy build_contraction_hierarchy(const Graph& g) {
  ContractionHierarchy ch = Contractor(g).run(g.routing_arc_count(), g.period);
  ch.build_id = g.build_id;
  return ch;
}

void save_contraction_hierarchy(const ContractionHierarchy& ch, const std::filesystem::path& file) {
  BinaryWriter out(file, kMagic, kVersion, ch.build_id);
  out.value(ch.node_count);
  out.value(ch.graph_edge_count);
  out.value(ch.period);
  out.array(ch.rank);
  out.array(ch.up_first);
  out.array(ch.up_head);
  out.array(ch.up_weight_ms);
  out.array(ch.up_dist_m);
  out.array(ch.down_first);
  out.array(ch.down_head);
  out.array(ch.down_weight_ms);
  out.array(ch.down_dist_m);
  out.finish();
}

ContractionHierarchy load_contraction_hierarchy(const std::filesystem::path& file) {
  BinaryReader in(file, kMagic, kVersion, kHint);
  ContractionHierarchy ch;
  ch.node_count = in.value<uint32_t>();
  ch.graph_edge_count = in.value<uint64_t>();
  ch.period = in.value<uint32_t>();
  in.array(ch.rank);
  in.array(ch.up_first);
  in.array(ch.up_head);
  in.array(ch.up_weight_ms);
  in.array(ch.up_dist_m);
  in.array(ch.down_first);
  in.array(ch.down_head);
  in.array(ch.down_weight_ms);
  in.array(ch.down_dist_m);
  in.expect_end();
  ch.build_id = in.build_id();
  const auto bad = [&](const char* what) { return in.corrupt(what); };
  const size_t n = ch.node_count;
  if (ch.rank.size() != n) throw bad("rank");
  std::vector<bool> seen(n);
  for (uint32_t r : ch.rank) {
    if (r >= n || seen[r]) throw bad("rank is not a permutation");
    seen[r] = true;
  }
  // No shortcut takes ten days (sums of two cannot overflow).
  constexpr uint32_t kMaxShortcutMs = 864'000'000;
  // Both arc sets: CSR offsets ascending, heads in range and of higher rank, arrays of one length.
  const auto arcs = [&](const std::vector<uint32_t>& first, const std::vector<uint32_t>& head, const std::vector<uint32_t>& weight,
                        const std::vector<float>& dist, const char* what) {
    if (first.size() != n + 1 || first.front() != 0 || first.back() != head.size() || weight.size() != head.size() ||
        dist.size() != head.size())
      throw bad(what);
    // Offsets ascending all the way before any arc is read: one large offset in the middle would
    // otherwise send the loop below past the end of the arrays.
    if (!std::is_sorted(first.begin(), first.end())) throw bad(what);
    for (size_t v = 0; v < n; ++v) {
      for (uint32_t a = first[v]; a < first[v + 1]; ++a)
        if (head[a] >= n || ch.rank[head[a]] <= ch.rank[v] || weight[a] > kMaxShortcutMs || !(dist[a] >= 0) ||
            !std::isfinite(dist[a]))
          throw bad(what);
    }
  };
  arcs(ch.up_first, ch.up_head, ch.up_weight_ms, ch.up_dist_m, "upward arcs");
  arcs(ch.down_first, ch.down_head, ch.down_weight_ms, ch.down_dist_m, "downward arcs");
  return ch;
}

}  // namespace cityregions
