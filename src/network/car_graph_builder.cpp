// The car graph: road segments with travelled speeds by country, area type and class; an
// edge-based graph of allowed turns over them with turn times, junction controls and turn
// restrictions (via nodes and via ways); the largest strongly connected set of segments.
#include <algorithm>
#include <functional>
#include <cmath>
#include <numeric>
#include <queue>
#include <unordered_map>

#include "network/graph_builder.hpp"
#include "network/raw_network.hpp"
#include "network/road_density.hpp"

namespace cityregions {

using detail::RawChain;
using detail::RawEdge;
using detail::RawNetwork;
using Control = OsmRoads::Control;

namespace {

uint64_t pair_key(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

struct Arc {
  uint32_t to;  // raw edge entered
  uint32_t ms;  // from the start of the tail edge to the start of `to`
};

// Country whose default limits apply: the profile's, or the most frequent code in the data.
std::string resolve_country(const std::string& setting, const std::map<std::string, int64_t>& votes) {
  if (setting != "auto") return setting;
  std::string best;
  int64_t most = 0;
  for (const auto& [code, n] : votes)
    if (n > most && known_country(code)) best = code, most = n;
  return best;
}

// Bearing in degrees (0 north, clockwise) from a to b.
double bearing(LonLat a, LonLat b) {
  const double dx = (b.lon - a.lon) * std::cos(a.lat * M_PI / 180), dy = b.lat - a.lat;
  return std::atan2(dx, dy) * 180 / M_PI;
}

// The point `dist` metres along pts from its start (the last point when shorter).
LonLat point_along(const std::vector<LonLat>& pts, double dist) {
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const double seg = haversine_m(pts[i], pts[i + 1]);
    if (seg >= dist && seg > 0) {
      const double t = dist / seg;
      return {pts[i].lon + t * (pts[i + 1].lon - pts[i].lon), pts[i].lat + t * (pts[i + 1].lat - pts[i].lat)};
    }
    dist -= seg;
  }
  return pts.back();
}

// Turn angle from travelling `in` to travelling `out`: 0 straight, + right, - left, in (-180, 180].
double turn_angle(double in, double out) {
  double a = std::fmod(out - in, 360.0);
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}

struct DisjointSets {
  std::vector<uint32_t> parent;
  explicit DisjointSets(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  uint32_t find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(uint32_t a, uint32_t b) { parent[find(a)] = find(b); }
};

class CarBuilder {
 public:
  explicit CarBuilder(const OsmRoads& roads)
      : roads_(roads), cp_(roads.profile.car), mp_(roads.profile[Mode::car]) {}

  Graph run() {
    g_.mode = Mode::car;
    g_.periods = cp_.periods;
    g_.country = resolve_country(cp_.country, roads_.country_votes);
    limits_ = &country_limits(g_.country);
    measure_density();
    split();
    index_nodes();
    signal_zones();
    bearings();
    turns();
    via_way_restrictions();
    return assemble();
  }

 private:
  static constexpr int kCar = static_cast<int>(Mode::car);

  void measure_density() {
    BBox box;
    for (const auto& c : roads_.node_coords) box.extend(c.lonlat().lon, c.lonlat().lat);
    density_ = RoadDensity(box, cp_.density_radius_m);
    for (const auto& w : roads_.ways) {
      const WayRule& r = w.rule[kCar];
      if (!r.usable() || r.road == RoadClass::living_street) continue;
      for (uint32_t i = w.first_node + 1; i < w.first_node + w.node_count; ++i)
        density_.add_road(roads_.node_coords[roads_.way_nodes[i - 1]].lonlat(),
                          roads_.node_coords[roads_.way_nodes[i]].lonlat());
    }
    density_.finish();
  }

  struct ChainArea {
    Area area;
    bool built_up;
  };
  ChainArea area_of(const RawChain& c) const {
    const WayRule& r = roads_.ways[c.way].rule[kCar];
    const int rel = density_.relative(point_along(detail::chain_points(roads_, c, false), c.length_m / 2));
    Area a = rel >= 11 ? Area::urban : rel >= 6 ? Area::suburban : Area::rural;
    if (r.area == AreaTag::built_up && a == Area::rural) a = Area::suburban;
    if (r.area == AreaTag::rural && a == Area::urban) a = Area::suburban;
    const bool built_up = r.area == AreaTag::built_up || (r.area == AreaTag::none && rel > cp_.built_up_density);
    return {a, built_up};
  }

  void split() {
    std::vector<uint32_t> extra;
    for (const auto& c : roads_.controls) extra.push_back(c.node);
    for (const auto& r : roads_.restrictions)
      if ((r.modes & (1u << kCar)) && r.via_node != OsmRoads::kNoNode) extra.push_back(r.via_node);
    net_ = detail::split_into_chains(roads_, Mode::car, extra, [&](const RawChain& c, bool against) {
      const WayRule& r = roads_.ways[c.way].rule[kCar];
      const ChainArea a = area_of(c);
      CarWay w;
      w.road = r.road;
      w.limit_kmh = r.limit_kmh[against ? 1 : 0];
      w.dual_carriageway = r.dual_carriageway;
      w.built_up = a.built_up;
      w.typical_built_up = mp_.highway_kmh.at(std::string(road_class_name(r.road)));
      w.typical_rural = cp_.typical_rural[static_cast<size_t>(r.road)];
      const double kmh = car_speed_kmh(cp_, *limits_, w);
      return static_cast<uint32_t>(std::lround(c.length_m / (kmh / 3.6) * 1000));
    });
    for (auto& e : net_.edges) {
      const ChainArea a = area_of(net_.chains[e.chain]);
      e.cls = congestion_class(roads_.ways[e.way].rule[kCar].road, a.area);
      g_.built_up_segments += a.built_up || roads_.ways[e.way].rule[kCar].road == RoadClass::residential;
    }
  }

  // Per raw node: edges in and out, roads meeting, controls.
  void index_nodes() {
    const auto n = static_cast<uint32_t>(net_.coords.size());
    in_.assign(n, {});
    out_.assign(n, {});
    for (uint32_t e = 0; e < net_.edges.size(); ++e) {
      out_[net_.edges[e].tail].push_back(e);
      in_[net_.edges[e].head].push_back(e);
    }
    roads_at_.assign(n, 0);
    two_way_at_.assign(n, 0);
    best_class_.assign(n, static_cast<uint8_t>(RoadClass::none));
    for (uint32_t v = 0; v < n; ++v) {
      std::vector<uint32_t> chains;
      for (const auto* list : {&in_[v], &out_[v]})
        for (uint32_t e : *list) {
          chains.push_back(net_.edges[e].chain);
          best_class_[v] = std::min(best_class_[v], static_cast<uint8_t>(road_of(e)));
        }
      std::sort(chains.begin(), chains.end());
      for (size_t i = 0; i < chains.size();) {
        size_t j = i;
        while (j < chains.size() && chains[j] == chains[i]) ++j;
        ++roads_at_[v];
        // A two-way chain shows up twice among in and out edges at each of its ends.
        if (j - i >= 2) ++two_way_at_[v];
        i = j;
      }
    }
    node_flags_.assign(n, 0);
    level_crossing_s_.assign(n, 0);
    std::vector<bool> delays(n, false);
    for (const auto& c : roads_.controls) {
      const uint32_t v = net_.local[c.node];
      if (v == kNone) continue;
      switch (c.kind) {
        case Control::signal:
        case Control::pedestrian_signal: signals_.push_back({v, c.kind}); break;
        case Control::stop:
        case Control::stop_minor:
        case Control::give_way:
        case Control::zebra:
          yields_.push_back({v, c.kind, c.direction});
          delays[v] = true;
          break;
        case Control::level_crossing:
          level_crossing_s_[v] = std::max(level_crossing_s_[v], cp_.level_crossing_s);
          delays[v] = true;
          break;
        case Control::level_crossing_barrier:
          level_crossing_s_[v] = std::max(level_crossing_s_[v], cp_.level_crossing_barrier_s);
          delays[v] = true;
          break;
        case Control::level_crossing_open:
          level_crossing_s_[v] = std::max(level_crossing_s_[v], cp_.level_crossing_open_s);
          delays[v] = true;
          break;
        case Control::barrier: node_flags_[v] |= kBarrier; break;
        case Control::gate:
          node_flags_[v] |= kGate;
          delays[v] = true;
          break;
        case Control::turning_circle: node_flags_[v] |= kTurningCircle; break;
      }
    }
    std::sort(yields_.begin(), yields_.end(), [](const Yield& a, const Yield& b) { return a.node < b.node; });
    g_.controls = std::count(delays.begin(), delays.end(), true);
    for (uint8_t f : node_flags_) g_.barriers += (f & kBarrier) != 0;
  }

  RoadClass road_of(uint32_t e) const { return roads_.ways[net_.edges[e].way].rule[kCar].road; }

  // Signal nodes whose surroundings (within signal_cluster_m along the roads) touch form one
  // signalised junction; a trip pays its delay once, on entering that surrounding.
  void signal_zones() {
    const auto n = static_cast<uint32_t>(net_.coords.size());
    zone_.assign(n, kNone);
    if (signals_.empty()) return;
    const double r = cp_.signal_cluster_m;
    std::vector<double> dist(n, HUGE_VAL);
    std::vector<uint32_t> nearest(n, kNone);
    using Item = std::pair<double, uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
    for (uint32_t i = 0; i < signals_.size(); ++i) {
      const uint32_t v = signals_[i].node;
      if (dist[v] == 0) continue;
      dist[v] = 0;
      nearest[v] = i;
      pq.emplace(0.0, v);
    }
    auto relax = [&](uint32_t from, uint32_t to, double d) {
      if (d <= r && d < dist[to]) {
        dist[to] = d;
        nearest[to] = nearest[from];
        pq.emplace(d, to);
      }
    };
    while (!pq.empty()) {
      const auto [d, v] = pq.top();
      pq.pop();
      if (d > dist[v]) continue;
      for (uint32_t e : out_[v]) relax(v, net_.edges[e].head, d + net_.chains[net_.edges[e].chain].length_m);
      for (uint32_t e : in_[v]) relax(v, net_.edges[e].tail, d + net_.chains[net_.edges[e].chain].length_m);
    }
    DisjointSets sets(signals_.size());
    for (const auto& e : net_.edges) {
      const uint32_t a = nearest[e.tail], b = nearest[e.head];
      if (a != kNone && b != kNone && a != b && dist[e.tail] + net_.chains[e.chain].length_m + dist[e.head] <= 2 * r)
        sets.unite(a, b);
    }
    zone_delay_.assign(signals_.size(), 0);
    for (uint32_t i = 0; i < signals_.size(); ++i) {
      const double s = signals_[i].kind == Control::signal ? cp_.signal_s : cp_.pedestrian_signal_s;
      auto& z = zone_delay_[sets.find(i)];
      z = std::max(z, s);
    }
    for (uint32_t v = 0; v < n; ++v)
      if (nearest[v] != kNone) zone_[v] = sets.find(nearest[v]);
    for (uint32_t i = 0; i < signals_.size(); ++i) g_.signal_junctions += sets.find(i) == i;
  }

  void bearings() {
    start_bearing_.resize(net_.edges.size());
    end_bearing_.resize(net_.edges.size());
    constexpr double kAhead = 15;  // metres: past the noise of the junction's own geometry
    for (uint32_t e = 0; e < net_.edges.size(); ++e) {
      auto pts = detail::chain_points(roads_, net_.chains[net_.edges[e].chain], net_.edges[e].against);
      start_bearing_[e] = static_cast<float>(bearing(pts.front(), point_along(pts, kAhead)));
      std::reverse(pts.begin(), pts.end());
      end_bearing_[e] = static_cast<float>(bearing(point_along(pts, kAhead), pts.front()));
    }
  }

  bool is_u_turn(uint32_t e, uint32_t f) const {
    return net_.edges[e].chain == net_.edges[f].chain && net_.edges[e].against != net_.edges[f].against;
  }

  // Seconds spent at node v between segment e and segment f, the turn included.
  double junction_seconds(uint32_t e, uint32_t f, uint32_t v) const {
    const RawEdge& ee = net_.edges[e];
    const bool uturn = is_u_turn(e, f);
    double s = 0;
    if (const uint32_t k = zone_[v]; k != kNone) {
      if (zone_[ee.tail] != k) s += zone_delay_[k];
    } else {
      auto it = std::lower_bound(yields_.begin(), yields_.end(), v, [](const Yield& y, uint32_t n) { return y.node < n; });
      for (; it != yields_.end() && it->node == v; ++it) {
        bool applies;
        if (it->direction != 0)
          applies = (it->direction > 0) == !ee.against;
        else if (it->kind == Control::zebra)
          applies = true;
        else if (roads_at_[v] <= 2)
          // OSRM's rule: a sign just behind the junction one has left is for the other direction.
          applies = !(net_.chains[ee.chain].length_m < 20 && net_.chains[net_.edges[f].chain].length_m > 20);
        else
          applies = it->kind != Control::stop_minor || best_class_[v] < static_cast<uint8_t>(road_of(e));
        if (!applies) continue;
        s += it->kind == Control::zebra ? cp_.zebra_s : it->kind == Control::give_way ? cp_.give_way_s : cp_.stop_s;
      }
    }
    s += level_crossing_s_[v];
    if ((node_flags_[v] & kGate) && !uturn) s += cp_.gate_s;
    if (roads_at_[v] > 2 || uturn) {
      s += turn_seconds(cp_, uturn ? 180.0 : turn_angle(end_bearing_[e], start_bearing_[f]));
      if (uturn) s += cp_.u_turn_penalty_s;
    }
    return s;
  }

  void turns() {
    // Via-node restrictions by (via, from way).
    std::unordered_map<uint64_t, std::vector<const OsmRoads::Restriction*>> rules_at;
    for (const auto& r : roads_.restrictions) {
      if (!(r.modes & (1u << kCar)) || r.via_node == OsmRoads::kNoNode) continue;
      const uint32_t v = net_.local[r.via_node];
      bool from = false, to = false;
      if (v != kNone) {
        for (uint32_t e : in_[v]) from |= net_.edges[e].way == r.from_way;
        for (uint32_t f : out_[v]) to |= net_.edges[f].way == r.to_way;
      }
      if (!from || !to) {
        ++g_.restrictions_skipped;
        continue;
      }
      ++g_.restrictions_applied;
      rules_at[pair_key(v, r.from_way)].push_back(&r);
    }
    arcs_.assign(net_.edges.size(), {});
    std::vector<uint32_t> candidates;
    for (uint32_t e = 0; e < net_.edges.size(); ++e) {
      const RawEdge& ee = net_.edges[e];
      const uint32_t v = ee.head;
      const auto rules = rules_at.find(pair_key(v, ee.way));
      candidates.clear();
      for (uint32_t f : out_[v]) {
        const bool uturn = is_u_turn(e, f);
        if ((node_flags_[v] & kBarrier) && !uturn) continue;
        bool forbidden = false;
        if (rules != rules_at.end())
          for (const auto* r : rules->second) {
            const bool to_way = net_.edges[f].way == r->to_way;
            // no_u_turn from a way onto itself forbids turning back, not going on along it.
            const bool matches = r->u_turn && r->from_way == r->to_way && !r->only ? uturn : to_way;
            forbidden |= r->only ? !matches : matches;
          }
        if (!forbidden) candidates.push_back(f);
      }
      // U-turns where OSRM allows them: dead ends, turning circles, barriers, where turning back
      // is the only way on, and where at most one two-way road meets.
      const bool u_allowed = roads_at_[v] == 1 || (node_flags_[v] & (kTurningCircle | kBarrier)) ||
                             candidates.size() == 1 || two_way_at_[v] <= 1;
      for (uint32_t f : candidates) {
        if (is_u_turn(e, f) && !u_allowed) continue;
        arcs_[e].push_back({f, ee.weight_ms + static_cast<uint32_t>(std::lround(junction_seconds(e, f, v) * 1000))});
      }
    }
  }

  // Via-way restrictions: the segments along the via ways are copied for travellers who came
  // from the from-way, and the last copy loses (no_*) or keeps only (only_*) the turn onto the
  // to-way. Copies of copies share prefixes, so restrictions along the same via ways combine.
  void via_way_restrictions() {
    copy_of_.assign(net_.edges.size(), kNone);
    for (const auto& r : roads_.restrictions) {
      if (!(r.modes & (1u << kCar)) || r.via_node != OsmRoads::kNoNode) continue;
      bool applied = false;
      for (uint32_t a = 0; a < copy_of_.size(); ++a) {
        if (copy_of_[a] != kNone || net_.edges[a].way != r.from_way) continue;
        std::vector<uint32_t> path;
        if (!via_path(a, r, path)) continue;
        applied |= apply_via_way(a, path, r);
      }
      applied ? ++g_.restrictions_applied : ++g_.restrictions_skipped;
    }
  }

  // The segments from the end of a along the via ways, in order, to where the to-way begins.
  bool via_path(uint32_t a, const OsmRoads::Restriction& r, std::vector<uint32_t>& path) const {
    const size_t m = r.via_ways.size();
    std::function<bool(uint32_t, size_t)> walk = [&](uint32_t prev, size_t k) {
      if (path.size() > 64) return false;
      const uint32_t v = net_.edges[prev].head;
      if (!path.empty() && k + 1 == m)
        for (uint32_t f : out_[v])
          if (net_.edges[f].way == r.to_way && !is_u_turn(prev, f)) return true;
      for (uint32_t s : out_[v]) {
        if (is_u_turn(prev, s) || std::find(path.begin(), path.end(), s) != path.end()) continue;
        const uint32_t w = net_.edges[s].way;
        size_t next = k;
        if (path.empty() ? w != r.via_ways[0] : w != r.via_ways[k]) {
          if (path.empty() || k + 1 >= m || w != r.via_ways[k + 1]) continue;
          next = k + 1;
        }
        path.push_back(s);
        if (walk(s, next)) return true;
        path.pop_back();
      }
      return false;
    };
    return walk(a, 0);
  }

  bool apply_via_way(uint32_t a, const std::vector<uint32_t>& path, const OsmRoads::Restriction& r) {
    uint32_t prev = a;
    for (uint32_t s : path) {
      auto& out = arcs_[prev];
      auto it = std::find_if(out.begin(), out.end(), [&](const Arc& x) { return x.to == s || copy_of_[x.to] == s; });
      if (it == out.end()) return false;  // that turn is forbidden already
      if (copy_of_[it->to] == s) {
        prev = it->to;
        continue;
      }
      const auto c = static_cast<uint32_t>(net_.edges.size());
      const auto index = static_cast<size_t>(it - out.begin());
      RawEdge copy = net_.edges[s];
      copy.canonical = false;
      net_.edges.push_back(copy);
      copy_of_.push_back(s);
      std::vector<Arc> arcs = arcs_[s];
      arcs_.push_back(std::move(arcs));
      const float sb = start_bearing_[s], eb = end_bearing_[s];
      start_bearing_.push_back(sb);
      end_bearing_.push_back(eb);
      arcs_[prev][index].to = c;
      prev = c;
    }
    auto& last = arcs_[prev];
    auto way_of = [&](uint32_t e) { return net_.edges[e].way; };
    std::erase_if(last, [&](const Arc& x) { return r.only ? way_of(x.to) != r.to_way : way_of(x.to) == r.to_way; });
    return true;
  }

  Graph assemble() {
    const auto m = static_cast<uint32_t>(net_.edges.size());
    std::vector<uint32_t> first(m + 1, 0), heads;
    for (uint32_t e = 0; e < m; ++e) first[e + 1] = first[e] + static_cast<uint32_t>(arcs_[e].size());
    heads.reserve(first.back());
    for (const auto& list : arcs_)
      for (const auto& a : list) heads.push_back(a.to);
    uint32_t components = 0;
    const auto comp = strongly_connected_components(m, first, heads, components);
    std::vector<uint32_t> size(components, 0);
    for (uint32_t c : comp) ++size[c];
    const auto largest = static_cast<uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
    std::vector<bool> keep_edge(m), keep_node(net_.coords.size(), false);
    for (uint32_t e = 0; e < m; ++e)
      if ((keep_edge[e] = comp[e] == largest)) keep_node[net_.edges[e].tail] = keep_node[net_.edges[e].head] = true;
    g_.source_node_count = static_cast<int64_t>(net_.coords.size());
    const auto edge_id = detail::assemble_road_level(roads_, net_, keep_node, keep_edge, g_);
    std::vector<uint32_t> raw_of(g_.edge_count());
    for (uint32_t e = 0; e < m; ++e)
      if (edge_id[e] != kNone) raw_of[edge_id[e]] = e;
    g_.turn_first.assign(g_.edge_count() + 1, 0);
    g_.edge_class.resize(g_.edge_count());
    std::vector<Arc> list;
    for (uint32_t i = 0; i < g_.edge_count(); ++i) {
      list.clear();
      for (const auto& a : arcs_[raw_of[i]])
        if (edge_id[a.to] != kNone) list.push_back({edge_id[a.to], a.ms});
      std::sort(list.begin(), list.end(), [](const Arc& x, const Arc& y) { return x.to < y.to; });
      for (const auto& a : list) {
        g_.turn_to.push_back(a.to);
        g_.turn_ms.push_back(a.ms);
      }
      g_.turn_first[i + 1] = static_cast<uint32_t>(g_.turn_to.size());
      g_.edge_class[i] = net_.edges[raw_of[i]].cls;
    }
    return std::move(g_);
  }

  static constexpr uint8_t kBarrier = 1, kGate = 2, kTurningCircle = 4;
  struct Signal {
    uint32_t node;
    Control kind;
  };
  struct Yield {
    uint32_t node;
    Control kind;
    int8_t direction;
  };

  const OsmRoads& roads_;
  const CarProfile& cp_;
  const ModeProfile& mp_;
  const CountryLimits* limits_ = nullptr;
  Graph g_;
  RoadDensity density_{BBox{}, 1};
  RawNetwork net_;
  std::vector<std::vector<uint32_t>> in_, out_;
  std::vector<uint16_t> roads_at_, two_way_at_;
  std::vector<uint8_t> best_class_, node_flags_;
  std::vector<double> level_crossing_s_;
  std::vector<Signal> signals_;
  std::vector<Yield> yields_;
  std::vector<uint32_t> zone_;
  std::vector<double> zone_delay_;
  std::vector<float> start_bearing_, end_bearing_;
  std::vector<std::vector<Arc>> arcs_;
  std::vector<uint32_t> copy_of_;
};

}  // namespace

Graph build_car_graph(const OsmRoads& roads) { return CarBuilder(roads).run(); }

}  // namespace cityregions
