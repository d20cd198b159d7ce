#include "network/contraction_hierarchy.hpp"

#include <algorithm>
#include <queue>

#include "core/binary_file.hpp"
#include "network/min_queue.hpp"

namespace cityregions {

namespace {

struct Arc {
  uint32_t node;
  uint32_t weight_ms;
  float dist_m;
};

void add_or_improve(std::vector<Arc>& arcs, uint32_t node, uint32_t w, float d) {
  for (auto& a : arcs)
    if (a.node == node) {
      if (w < a.weight_ms) a.weight_ms = w, a.dist_m = d;
      return;
    }
  arcs.push_back({node, w, d});
}

void remove_arc(std::vector<Arc>& arcs, uint32_t node) {
  std::erase_if(arcs, [&](const Arc& a) { return a.node == node; });
}

class Contractor {
 public:
  explicit Contractor(const Graph& g)
      : n_(g.node_count()), out_(n_), in_(n_), contracted_(n_, false), deleted_neighbours_(n_, 0), level_(n_, 0),
        dist_(n_, 0), stamp_(n_, 0), queue_(n_) {
    for (uint32_t u = 0; u < n_; ++u)
      for (uint32_t e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
        const uint32_t v = g.head[e];
        if (u == v) continue;
        add_or_improve(out_[u], v, g.weight_ms[e], g.edge_length_m(e));
        add_or_improve(in_[v], u, g.weight_ms[e], g.edge_length_m(e));
      }
  }

  ContractionHierarchy run(uint64_t edge_count) {
    ContractionHierarchy ch;
    ch.node_count = n_;
    ch.graph_edge_count = edge_count;
    ch.rank.assign(n_, 0);
    std::vector<std::vector<Arc>> up(n_), down(n_);
    using Item = std::pair<int64_t, uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
    std::vector<int64_t> prio(n_);
    for (uint32_t v = 0; v < n_; ++v) pq.emplace(prio[v] = priority(v), v);
    uint32_t next_rank = 0;
    while (!pq.empty()) {
      const auto [p, v] = pq.top();
      pq.pop();
      if (contracted_[v] || p != prio[v]) continue;
      // Lazy update: contract only if the priority still holds.
      const int64_t now = priority(v);
      if (now > p && !pq.empty() && now > pq.top().first) {
        pq.emplace(prio[v] = now, v);
        continue;
      }
      ch.rank[v] = next_rank++;
      up[v] = out_[v];
      down[v] = in_[v];
      const auto shortcuts = shortcuts_of(v, 1000);
      contracted_[v] = true;
      for (const auto& a : out_[v]) remove_arc(in_[a.node], v);
      for (const auto& a : in_[v]) remove_arc(out_[a.node], v);
      for (const auto& s : shortcuts) {
        add_or_improve(out_[s.from], s.to, s.weight_ms, s.dist_m);
        add_or_improve(in_[s.to], s.from, s.weight_ms, s.dist_m);
      }
      std::vector<uint32_t> neighbours;
      for (const auto& a : out_[v]) neighbours.push_back(a.node);
      for (const auto& a : in_[v]) neighbours.push_back(a.node);
      std::sort(neighbours.begin(), neighbours.end());
      neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
      for (uint32_t w : neighbours) {
        ++deleted_neighbours_[w];
        level_[w] = std::max(level_[w], level_[v] + 1);
        pq.emplace(prio[w] = priority(w), w);
      }
      out_[v].clear();
      out_[v].shrink_to_fit();
      in_[v].clear();
      in_[v].shrink_to_fit();
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
  };

  int64_t priority(uint32_t v) {
    const auto shortcuts = shortcuts_of(v, 200);
    const auto degree = static_cast<int64_t>(in_[v].size() + out_[v].size());
    return 2 * (static_cast<int64_t>(shortcuts.size()) - degree) + deleted_neighbours_[v] + level_[v];
  }

  // Shortcuts needed to contract v: u→v→x unless a witness path u→x avoiding v is as short.
  std::vector<Shortcut> shortcuts_of(uint32_t v, uint32_t settle_limit) {
    std::vector<Shortcut> result;
    uint32_t max_out = 0;
    for (const auto& a : out_[v]) max_out = std::max(max_out, a.weight_ms);
    for (const auto& in : in_[v]) {
      witness_search(in.node, v, in.weight_ms + max_out, settle_limit);
      for (const auto& o : out_[v]) {
        if (o.node == in.node) continue;
        const uint32_t via = in.weight_ms + o.weight_ms;
        if (stamp_[o.node] == run_ && dist_[o.node] <= via) continue;
        result.push_back({in.node, o.node, via, in.dist_m + o.dist_m});
      }
    }
    return result;
  }

  void witness_search(uint32_t source, uint32_t avoid, uint32_t max_ms, uint32_t settle_limit) {
    ++run_;
    queue_.clear();
    stamp_[source] = run_;
    dist_[source] = 0;
    queue_.push_or_decrease(source, 0);
    uint32_t settled = 0;
    while (!queue_.empty() && settled < settle_limit) {
      const auto [u, d] = queue_.pop();
      if (d > max_ms) break;
      ++settled;
      for (const auto& a : out_[u]) {
        if (a.node == avoid) continue;
        const uint32_t nd = d + a.weight_ms;
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
  std::vector<bool> contracted_;
  std::vector<int64_t> deleted_neighbours_, level_;
  std::vector<uint32_t> dist_, stamp_;
  MinIdQueue queue_;
  uint32_t run_ = 0;
};

constexpr FileMagic kMagic{'C', 'R', 'C', 'H', 0, 0, 0, 0};
constexpr uint32_t kVersion = 1;
constexpr const char* kHint = "re-run 'cityregions import osm'";

}  // namespace

size_t ContractionHierarchy::bytes() const {
  return rank.size() * 4 + (up_first.size() + down_first.size()) * 4 + (up_head.size() + down_head.size()) * 12;
}

ContractionHierarchy build_contraction_hierarchy(const Graph& g) { return Contractor(g).run(g.edge_count()); }

void save_contraction_hierarchy(const ContractionHierarchy& ch, const std::filesystem::path& file) {
  BinaryWriter out(file, kMagic, kVersion);
  out.value(ch.node_count);
  out.value(ch.graph_edge_count);
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
  in.array(ch.rank);
  in.array(ch.up_first);
  in.array(ch.up_head);
  in.array(ch.up_weight_ms);
  in.array(ch.up_dist_m);
  in.array(ch.down_first);
  in.array(ch.down_head);
  in.array(ch.down_weight_ms);
  in.array(ch.down_dist_m);
  if (ch.rank.size() != ch.node_count || ch.up_first.size() != ch.node_count + 1 ||
      ch.down_first.size() != ch.node_count + 1 || ch.up_first.back() != ch.up_head.size() ||
      ch.down_first.back() != ch.down_head.size())
    throw Error(file.string() + ": inconsistent hierarchy file (" + kHint + ")");
  return ch;
}

}  // namespace cityregions
