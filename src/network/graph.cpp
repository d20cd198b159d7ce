#include "network/graph.hpp"

#include <algorithm>
#include <cmath>

#include "core/binary_file.hpp"

namespace cityregions {

namespace {
constexpr FileMagic kMagic{'C', 'R', 'G', 'R', 'A', 'P', 'H', '\0'};
// 2: edge-based car graph (turn arcs, congestion classes, periods), country and control counts.
// 3: build id.
constexpr uint32_t kVersion = 3;
constexpr const char* kHint = "re-run 'cityregions import osm'";
}  // namespace

BBox Graph::bbox() const {
  BBox b;
  for (const auto& c : coords) {
    const auto p = c.lonlat();
    b.extend(p.lon, p.lat);
  }
  return b;
}

size_t Graph::routing_bytes() const {
  return routing_first().size() * 4 + routing_head().size() * 4 + routing_weight().size() * 4;
}

size_t Graph::total_bytes() const {
  return coords.size() * sizeof(FixedLonLat) + (first_out.size() + head.size() + weight_ms.size()) * 4 +
         edge_chain.size() * 4 + chains.size() * sizeof(Chain) + shape.size() * sizeof(FixedLonLat) +
         (turn_first.size() + turn_to.size() + turn_ms.size()) * 4 + edge_class.size();
}

void apply_period(Graph& g, uint32_t period) {
  if (period == g.period || !g.edge_based()) return;
  if (g.period != 0 || period >= g.periods.size()) throw Error("internal: period " + std::to_string(period) + " unknown");
  const auto& f = g.periods[period].factor;
  for (uint32_t e = 0; e < g.edge_count(); ++e) {
    const double k = f[g.edge_class[e]];
    g.weight_ms[e] = static_cast<uint32_t>(std::lround(g.weight_ms[e] * k));
    for (uint32_t a = g.turn_first[e]; a < g.turn_first[e + 1]; ++a)
      g.turn_ms[a] = static_cast<uint32_t>(std::lround(g.turn_ms[a] * k));
  }
  g.period = period;
}

void save_graph(const Graph& g, const std::filesystem::path& file) {
  if (g.period != 0) throw Error("internal: a graph is saved with the default period's times");
  BinaryWriter out(file, kMagic, kVersion, g.build_id);
  out.value(static_cast<uint32_t>(g.mode));
  for (int64_t stat : {g.source_node_count, g.dropped_nodes, g.dropped_edges, g.restrictions_applied, g.restrictions_skipped,
                       g.signal_junctions, g.controls, g.barriers, g.built_up_segments})
    out.value(stat);
  out.string(g.country);
  out.array(g.coords);
  out.array(g.first_out);
  out.array(g.head);
  out.array(g.weight_ms);
  out.array(g.edge_chain);
  out.array(g.chains);
  out.array(g.shape);
  out.array(g.turn_first);
  out.array(g.turn_to);
  out.array(g.turn_ms);
  out.array(g.edge_class);
  std::vector<std::string> names;
  std::vector<uint32_t> window_count;
  std::vector<int32_t> windows;
  std::vector<double> factors;
  for (const auto& p : g.periods) {
    names.push_back(p.name);
    window_count.push_back(static_cast<uint32_t>(p.windows.size()));
    for (const auto& [from, to] : p.windows) windows.insert(windows.end(), {from, to});
    factors.insert(factors.end(), p.factor.begin(), p.factor.end());
  }
  out.strings(names);
  out.array(window_count);
  out.array(windows);
  out.array(factors);
  out.finish();
}

Graph load_graph(const std::filesystem::path& file) {
  BinaryReader in(file, kMagic, kVersion, kHint);
  Graph g;
  g.mode = static_cast<Mode>(in.value<uint32_t>());
  for (int64_t* stat : {&g.source_node_count, &g.dropped_nodes, &g.dropped_edges, &g.restrictions_applied,
                        &g.restrictions_skipped, &g.signal_junctions, &g.controls, &g.barriers, &g.built_up_segments})
    *stat = in.value<int64_t>();
  g.country = in.string();
  in.array(g.coords);
  in.array(g.first_out);
  in.array(g.head);
  in.array(g.weight_ms);
  in.array(g.edge_chain);
  in.array(g.chains);
  in.array(g.shape);
  in.array(g.turn_first);
  in.array(g.turn_to);
  in.array(g.turn_ms);
  in.array(g.edge_class);
  std::vector<std::string> names;
  in.strings(names);
  std::vector<uint32_t> window_count;
  std::vector<int32_t> windows;
  std::vector<double> factors;
  in.array(window_count);
  in.array(windows);
  in.array(factors);
  in.expect_end();
  g.build_id = in.build_id();
  const auto bad = [&](const std::string& what) { return in.corrupt(what); };
  if (g.mode != Mode::walk && g.mode != Mode::bike && g.mode != Mode::car) throw bad("mode");
  // The CSR arrays: sizes, then every offset ascending within its array, every id in range.
  const auto offsets = [&](const std::vector<uint32_t>& first, size_t items, size_t targets, const char* what) {
    if (first.size() != items + 1 || first.front() != 0 || first.back() != targets) throw bad(what);
    for (size_t i = 0; i < items; ++i)
      if (first[i] > first[i + 1]) throw bad(what);
  };
  const auto ids = [&](const std::vector<uint32_t>& v, size_t limit, const char* what) {
    for (uint32_t x : v)
      if (x >= limit) throw bad(what);
  };
  if (g.coords.empty() || g.chains.empty()) throw bad("empty network");
  const auto on_earth = [](const FixedLonLat& c) {
    return c.lon_e7 >= -1'800'000'000 && c.lon_e7 <= 1'800'000'000 && c.lat_e7 >= -900'000'000 && c.lat_e7 <= 900'000'000;
  };
  if (!std::all_of(g.coords.begin(), g.coords.end(), on_earth) || !std::all_of(g.shape.begin(), g.shape.end(), on_earth))
    throw bad("coordinates");
  // No segment takes a day: far above any real one, and sums of times cannot overflow.
  constexpr uint32_t kMaxWeightMs = 86'400'000;
  if (std::any_of(g.weight_ms.begin(), g.weight_ms.end(), [](uint32_t w) { return w > kMaxWeightMs; })) throw bad("weight_ms");
  offsets(g.first_out, g.coords.size(), g.head.size(), "first_out");
  if (g.weight_ms.size() != g.head.size() || g.edge_chain.size() != g.head.size()) throw bad("edge arrays");
  ids(g.head, g.coords.size(), "head");
  const size_t chain_count = g.chains.size() - 1;
  for (uint32_t ec : g.edge_chain)
    if ((ec >> 1) >= chain_count) throw bad("edge_chain");
  for (size_t c = 0; c < g.chains.size(); ++c) {
    const Chain& ch = g.chains[c];
    if (ch.first_shape > g.shape.size() || (c > 0 && g.chains[c - 1].first_shape + 2 > ch.first_shape)) throw bad("chain shapes");
    if (c == chain_count) break;
    for (uint32_t e : {ch.forward_edge, ch.backward_edge})
      if (e != kNone && (e >= g.head.size() || (g.edge_chain[e] >> 1) != c)) throw bad("chain edges");
    if (!(ch.length_m >= 0 && std::isfinite(ch.length_m))) throw bad("chain length");
  }
  if (g.chains.front().first_shape != 0 || g.chains.back().first_shape != g.shape.size()) throw bad("chain shapes");
  if (!g.turn_first.empty() || !g.turn_to.empty() || !g.edge_class.empty()) {
    offsets(g.turn_first, g.head.size(), g.turn_to.size(), "turn_first");
    if (g.turn_ms.size() != g.turn_to.size() || g.edge_class.size() != g.head.size()) throw bad("turn arrays");
    ids(g.turn_to, g.head.size(), "turn_to");
    for (uint32_t e = 0; e < g.head.size(); ++e)  // an arc's time includes its segment's
      for (uint32_t a = g.turn_first[e]; a < g.turn_first[e + 1]; ++a)
        if (g.turn_ms[a] < g.weight_ms[e] || g.turn_ms[a] - g.weight_ms[e] > kMaxWeightMs) throw bad("turn_ms");
    for (uint8_t c : g.edge_class)
      if (c >= kCongestionClasses) throw bad("edge_class");
  }
  if (window_count.size() != names.size() || factors.size() != names.size() * kCongestionClasses) throw bad("periods");
  size_t w = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    TimePeriod p{names[i], {}, {}};
    for (uint32_t k = 0; k < window_count[i]; ++k, w += 2) {
      if (w + 1 >= windows.size()) throw bad("period windows");
      p.windows.emplace_back(windows[w], windows[w + 1]);
    }
    for (int k = 0; k < kCongestionClasses; ++k) {
      const double f = factors[i * kCongestionClasses + static_cast<size_t>(k)];
      if (!(f > 0 && f < 10)) throw bad("period factors");
      p.factor[static_cast<size_t>(k)] = f;
    }
    g.periods.push_back(std::move(p));
  }
  return g;
}

}  // namespace cityregions
