#include "network/street_network.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.hpp"

namespace cityregions {

StreetNetwork::StreetNetwork(Graph graph) : graph_(std::move(graph)), index_(graph_) {
  const auto& g = graph_;
  for (uint32_t e = 0; e < g.edge_count(); ++e) {
    const auto& c = g.chains[g.chain_of(e)];
    if (e != c.forward_edge && e != c.backward_edge) copies_.emplace_back(g.edge_chain[e], e);
  }
  std::sort(copies_.begin(), copies_.end());
}

StreetNetwork StreetNetwork::load(const std::filesystem::path& graph_file, const std::filesystem::path& hierarchy_file) {
  StreetNetwork net(load_graph(graph_file));
  if (!hierarchy_file.empty() && std::filesystem::exists(hierarchy_file)) net.attach(load_contraction_hierarchy(hierarchy_file));
  return net;
}

void StreetNetwork::attach(ContractionHierarchy ch) {
  if (ch.node_count != graph_.routing_node_count() || ch.graph_edge_count != graph_.routing_arc_count() ||
      ch.period != graph_.period || ch.build_id != graph_.build_id)
    throw Error("the contraction hierarchy belongs to another graph (re-run 'cityregions import osm')");
  hierarchy_ = std::move(ch);
}

uint32_t StreetNetwork::tail(uint32_t edge) const {
  const auto& fo = graph_.first_out;
  return static_cast<uint32_t>(std::upper_bound(fo.begin(), fo.end(), edge) - fo.begin() - 1);
}

std::optional<Location> StreetNetwork::try_locate(LonLat p, double max_snap_m) const {
  auto snap = index_.nearest(p, max_snap_m);
  if (!snap) return std::nullopt;
  const auto& g = graph_;
  Location loc{p, *snap, {}, {}};
  const double f = snap->fraction(g);
  const auto& chain = g.chains[snap->chain];
  auto add = [&](uint32_t e, bool against) {
    const double fe = against ? 1 - f : f;  // position along the edge's own direction
    const double w = g.weight_ms[e], len = chain.length_m;
    const auto rest_ms = static_cast<uint32_t>(std::lround((1 - fe) * w));
    const auto rest_m = static_cast<float>((1 - fe) * len);
    // Trips start on a segment as it is (a copy made for a via-way restriction is entered only
    // from its from-way) and end on any copy of it.
    if (e == chain.forward_edge || e == chain.backward_edge) {
      if (g.edge_based()) {
        // To the start of each segment one may turn into: the rest of this one, then the
        // junction and the turn (the arc's time beyond the segment's own).
        for (uint32_t a = g.turn_first[e]; a < g.turn_first[e + 1]; ++a)
          loc.departures.push_back({g.turn_to[a], e, rest_ms + (g.turn_ms[a] - g.weight_ms[e]), rest_m, fe, 1.0});
      } else {
        loc.departures.push_back({g.head[e], e, rest_ms, rest_m, fe, 1.0});
      }
    }
    loc.arrivals.push_back({g.edge_based() ? e : tail(e), e, static_cast<uint32_t>(std::lround(fe * w)),
                            static_cast<float>(fe * len), 0.0, fe});
  };
  for (int dir = 0; dir < 2; ++dir) {
    const uint32_t canonical = dir == 0 ? chain.forward_edge : chain.backward_edge;
    if (canonical != kNone) add(canonical, dir == 1);
    const uint32_t key = snap->chain << 1 | static_cast<uint32_t>(dir);
    for (auto it = std::lower_bound(copies_.begin(), copies_.end(), std::make_pair(key, 0u));
         it != copies_.end() && it->first == key; ++it)
      add(it->second, dir == 1);
  }
  return loc;
}

Location StreetNetwork::locate(LonLat p, double max_snap_m) const {
  if (auto loc = try_locate(p, max_snap_m)) return *loc;
  std::ostringstream msg;
  msg.precision(7);
  msg << "point " << p.lat << "," << p.lon << " is more than " << max_snap_m << " m from any road usable by "
      << mode_name(graph_.mode) << " (raise --max-snap to accept it)";
  throw Error(msg.str());
}

Location StreetNetwork::at_node(uint32_t node) const {
  const LonLat p = graph_.coords[graph_.edge_based() ? tail(node) : node].lonlat();
  Location loc{p, Snap{kNone, 0, 0, p}, {}, {}};
  loc.departures.push_back({node, kNone, 0, 0, 0, 0});
  loc.arrivals.push_back({node, kNone, 0, 0, 0, 0});
  return loc;
}

std::vector<Dijkstra::Seed> seeds_of(const Location& from) {
  std::vector<Dijkstra::Seed> seeds;
  for (const auto& d : from.departures) seeds.push_back({d.node, d.time_ms, d.dist_m, d.edge});
  return seeds;
}

Arrival arrival_at(const Graph& g, const Dijkstra& search, const Location& from, const Location& to) {
  Arrival best;
  for (size_t i = 0; i < to.arrivals.size(); ++i) {
    const auto& a = to.arrivals[i];
    const uint32_t t = search.time_ms(a.node);
    if (t == kNone) continue;
    if (t + a.time_ms < best.time_ms) best = {t + a.time_ms, search.dist_m(a.node) + a.dist_m, static_cast<int>(i)};
  }
  // Both points on the same edge, the destination ahead of the origin.
  for (const auto& d : from.departures)
    for (const auto& a : to.arrivals)
      if (d.edge == a.edge && d.edge != kNone && d.from_frac <= a.to_frac) {
        const double frac = a.to_frac - d.from_frac;
        const auto t = static_cast<uint32_t>(std::lround(frac * g.weight_ms[d.edge]));
        if (t <= best.time_ms) best = {t, static_cast<float>(frac * g.edge_length_m(d.edge)), -1};
      }
  return best;
}

}  // namespace cityregions
