#include "network/route.hpp"

#include <algorithm>

namespace cityregions {

void append_edge_piece(const Graph& g, uint32_t edge, double from_frac, double to_frac, std::vector<LonLat>& out) {
  const auto shape = g.chain_shape(g.chain_of(edge));
  const bool against = g.against_shape(edge);
  const double len = g.edge_length_m(edge);
  std::vector<LonLat> pts;
  pts.reserve(shape.size());
  for (size_t i = 0; i < shape.size(); ++i) pts.push_back(shape[against ? shape.size() - 1 - i : i].lonlat());
  const double a = from_frac * len, b = to_frac * len;
  auto push = [&](LonLat p) {
    if (out.empty() || out.back().lon != p.lon || out.back().lat != p.lat) out.push_back(p);
  };
  auto lerp = [](LonLat p, LonLat q, double t) { return LonLat{p.lon + t * (q.lon - p.lon), p.lat + t * (q.lat - p.lat)}; };
  double pos = 0;
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const double seg = haversine_m(pts[i], pts[i + 1]);
    const double s0 = pos, s1 = pos + seg;
    if (s1 >= a && s0 <= b) {
      push(seg > 0 && a > s0 ? lerp(pts[i], pts[i + 1], (a - s0) / seg) : pts[i]);
      push(seg > 0 && b < s1 ? lerp(pts[i], pts[i + 1], (b - s0) / seg) : pts[i + 1]);
    }
    pos = s1;
  }
}

std::optional<Route> route(const StreetNetwork& net, Dijkstra& search, const Location& from, const Location& to) {
  const Graph& g = net.graph();
  std::vector<uint32_t> stop_at;
  for (const auto& a : to.arrivals) stop_at.push_back(a.node);
  const auto seeds = seeds_of(from);
  search.run(seeds, kNone, stop_at);
  const Arrival best = arrival_at(g, search, from, to);
  if (best.time_ms == kNone) return std::nullopt;

  Route r;
  r.duration_s = best.time_ms / 1000.0;
  r.distance_m = best.dist_m;
  r.snap_from_m = from.snap.distance_m;
  r.snap_to_m = to.snap.distance_m;
  r.geometry.push_back(from.input);
  if (best.via < 0) {
    for (const auto& d : from.departures)
      for (const auto& a : to.arrivals)
        if (d.edge == a.edge && d.edge != kNone && d.from_frac <= a.to_frac) {
          append_edge_piece(g, d.edge, d.from_frac, a.to_frac, r.geometry);
          r.geometry.push_back(to.input);
          return r;
        }
  }
  const auto& last = to.arrivals[static_cast<size_t>(best.via)];
  // Walk the parent arcs back to the seed, collecting the segments they travel, then emit
  // pieces forwards.
  std::vector<uint32_t> segments;
  uint32_t v = last.node;
  while (!search.is_seed(v)) {
    const uint32_t tail = search.parent_node(v);
    segments.push_back(g.arc_segment(tail, search.parent_arc(v)));
    v = tail;
  }
  const uint32_t seed_edge = search.parent_arc(v);
  for (const auto& d : from.departures)
    if (d.edge == seed_edge && d.edge != kNone && d.node == v) {
      append_edge_piece(g, d.edge, d.from_frac, 1.0, r.geometry);
      break;
    }
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) append_edge_piece(g, *it, 0.0, 1.0, r.geometry);
  if (last.edge != kNone) append_edge_piece(g, last.edge, 0.0, last.to_frac, r.geometry);
  r.geometry.push_back(to.input);
  return r;
}

}  // namespace cityregions
