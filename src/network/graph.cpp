#include "network/graph.hpp"

#include <cmath>

#include "core/binary_file.hpp"

namespace cityregions {

namespace {
constexpr FileMagic kMagic{'C', 'R', 'G', 'R', 'A', 'P', 'H', '\0'};
// 2: edge-based car graph (turn arcs, congestion classes, periods), country and control counts.
constexpr uint32_t kVersion = 2;
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
  BinaryWriter out(file, kMagic, kVersion);
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
  const auto bad = [&] { return Error(file.string() + ": inconsistent network file (" + kHint + ")"); };
  if (g.first_out.size() != g.coords.size() + 1 || g.head.size() != g.weight_ms.size() ||
      g.head.size() != g.edge_chain.size() || g.first_out.back() != g.head.size() || g.chains.empty())
    throw bad();
  if (!g.turn_first.empty() && (g.turn_first.size() != g.head.size() + 1 || g.turn_first.back() != g.turn_to.size() ||
                                g.turn_to.size() != g.turn_ms.size() || g.edge_class.size() != g.head.size()))
    throw bad();
  if (window_count.size() != names.size() || factors.size() != names.size() * kCongestionClasses) throw bad();
  size_t w = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    TimePeriod p{names[i], {}, {}};
    for (uint32_t k = 0; k < window_count[i]; ++k, w += 2) {
      if (w + 1 >= windows.size()) throw bad();
      p.windows.emplace_back(windows[w], windows[w + 1]);
    }
    for (int k = 0; k < kCongestionClasses; ++k) p.factor[static_cast<size_t>(k)] = factors[i * kCongestionClasses + static_cast<size_t>(k)];
    g.periods.push_back(std::move(p));
  }
  for (uint8_t c : g.edge_class)
    if (c >= kCongestionClasses) throw bad();
  for (uint32_t t : g.turn_to)
    if (t >= g.head.size()) throw bad();
  return g;
}

}  // namespace cityregions
