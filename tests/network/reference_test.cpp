// The engine against a deliberately plain reference Dijkstra on the real Rhein-Neckar and Milan
// car graphs (edge-based: the reference runs over the stored turn arcs, sharing nothing with the
// engine's search or hierarchy), the matrix against single routes, and the turn arcs against the
// road level they were built from.
#include <gtest/gtest.h>

#include <queue>
#include <random>

#include "network/contraction_hierarchy.hpp"
#include "network/graph_builder.hpp"
#include "network/matrix.hpp"
#include "network/osm_reader.hpp"
#include "network/phast.hpp"
#include "network/route.hpp"
#include "network/street_network.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {

// Textbook Dijkstra on adjacency lists with a lazy std::priority_queue; shares nothing with the
// engine. Car: nodes are the directed road segments, arcs the turns (Graph::turn_*).
std::vector<uint64_t> reference_times(const Graph& g, uint32_t source) {
  const bool turns = !g.turn_first.empty();
  const uint32_t n = turns ? static_cast<uint32_t>(g.head.size()) : static_cast<uint32_t>(g.first_out.size() - 1);
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> adj(n);
  for (uint32_t v = 0; v < n; ++v) {
    if (turns) {
      for (uint32_t a = g.turn_first[v]; a < g.turn_first[v + 1]; ++a) adj[v].emplace_back(g.turn_to[a], g.turn_ms[a]);
    } else {
      for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e) adj[v].emplace_back(g.head[e], g.weight_ms[e]);
    }
  }
  std::vector<uint64_t> dist(n, UINT64_MAX);
  using Item = std::pair<uint64_t, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  dist[source] = 0;
  pq.emplace(0, source);
  while (!pq.empty()) {
    auto [d, v] = pq.top();
    pq.pop();
    if (d > dist[v]) continue;
    for (auto [w, c] : adj[v])
      if (d + c < dist[w]) {
        dist[w] = d + c;
        pq.emplace(dist[w], w);
      }
  }
  return dist;
}

Graph compare_with_reference(const char* osm, int sources, int targets_per_source) {
  const auto roads = read_osm_roads(data_path(osm), default_profile(), false);
  Graph g = build_graph(roads, Mode::car);
  EXPECT_TRUE(g.edge_based());
  EXPECT_GT(g.routing_node_count(), 10000u);
  Dijkstra search(g);
  std::mt19937 rng(42);
  std::uniform_int_distribution<uint32_t> node(0, g.routing_node_count() - 1);
  int compared = 0;
  for (int s = 0; s < sources; ++s) {
    const uint32_t src = node(rng);
    const auto ref = reference_times(g, src);
    const Dijkstra::Seed seed{src, 0, 0, kNone};
    search.run({&seed, 1});
    for (int t = 0; t < targets_per_source; ++t) {
      const uint32_t dst = node(rng);
      EXPECT_NE(ref[dst], UINT64_MAX) << "largest SCC must be strongly connected";
      EXPECT_EQ(search.time_ms(dst), ref[dst]) << osm << " " << src << " -> " << dst;
      compared += ref[dst] > 60000;  // pairs more than a minute apart
    }
  }
  EXPECT_GT(compared, sources * targets_per_source * 9 / 10) << "random pairs are mostly far apart";
  return g;
}

}  // namespace

TEST(Reference, RhineNeckarCarTimesEqualPlainDijkstra) { compare_with_reference("rhein-neckar-rnv/rnv-highways.osm.pbf", 20, 30); }

TEST(Reference, MilanCarTimesWithTurnRestrictionsEqualPlainDijkstra) {
  const Graph g = compare_with_reference("osm-milan/milan_italy_small.osm.pbf", 10, 30);
  // The graph the reference ran on holds the extract's restrictions (docs/profiles.md).
  EXPECT_EQ(g.restrictions_applied, 1234);
  EXPECT_EQ(g.restrictions_skipped, 18);
}

TEST(Reference, MatrixEqualsSingleRoutesBetweenRandomPoints) {
  const auto roads = read_osm_roads(data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), default_profile(), false);
  for (Mode mode : kStreetModes) {
    const StreetNetwork net(build_graph(roads, mode));
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(8.40, 8.70), lat(49.38, 49.55);
    std::vector<Location> pts;
    while (pts.size() < 25)
      if (auto loc = net.try_locate({lon(rng), lat(rng)}, 300)) pts.push_back(*loc);
    const auto m = travel_matrix(net, pts, pts, kNone, false);
    Dijkstra search(net.graph());
    for (size_t o = 0; o < pts.size(); ++o)
      for (size_t d = 0; d < pts.size(); d += 3) {
        const auto r = route(net, search, pts[o], pts[d]);
        ASSERT_TRUE(r);
        EXPECT_EQ(static_cast<uint32_t>(std::lround(r->duration_s * 1000)), m.at(o, d).time_ms) << mode_name(mode);
        EXPECT_NEAR(r->distance_m, m.at(o, d).dist_m, 0.5);
        // The drawn geometry is about as long as the reported distance.
        double drawn = 0;
        for (size_t i = 2; i + 1 < r->geometry.size(); ++i) drawn += haversine_m(r->geometry[i - 1], r->geometry[i]);
        if (r->geometry.size() > 2) {
          EXPECT_NEAR(drawn, r->distance_m, 0.01 * r->distance_m + 2) << mode_name(mode);
        }
      }
    EXPECT_EQ(m.at(0, 0).time_ms, 0u);
  }
}

TEST(Reference, HierarchyMatrixEqualsDijkstraMatrix) {
  for (const char* osm : {"rhein-neckar-rnv/rnv-highways.osm.pbf", "osm-milan/milan_italy_small.osm.pbf"}) {
    const auto roads = read_osm_roads(data_path(osm), default_profile(), false);
    for (Mode mode : kStreetModes) {
      StreetNetwork net(build_graph(roads, mode));
      TempDir dir;
      save_contraction_hierarchy(build_contraction_hierarchy(net.graph()), dir / "h.ch");
      net.attach(load_contraction_hierarchy(dir / "h.ch"));
      const BBox box = net.graph().bbox();
      std::mt19937 rng(11);
      std::uniform_real_distribution<double> lon(box.min_x, box.max_x), lat(box.min_y, box.max_y);
      std::vector<Location> pts;
      while (pts.size() < 120)
        if (auto loc = net.try_locate({lon(rng), lat(rng)}, 200)) pts.push_back(*loc);
      // Nearby pairs on one edge exercise the direct way along a shared edge.
      pts.push_back(*net.try_locate(pts[0].snap.point, 1));
      for (uint32_t limit : {kNone, 15u * 60000u}) {
        const auto plain = travel_matrix(net, pts, pts, limit, false);
        const auto fast = travel_matrix(net, *net.hierarchy(), pts, pts, limit, false);
        size_t reached = 0;
        for (size_t i = 0; i < plain.cells.size(); ++i) {
          ASSERT_EQ(plain.cells[i].time_ms, fast.cells[i].time_ms) << osm << " " << mode_name(mode) << " cell " << i;
          reached += plain.cells[i].time_ms != kNone;
        }
        if (limit == kNone) {
          EXPECT_EQ(reached, plain.cells.size());
        } else {
          EXPECT_LT(reached, plain.cells.size()) << "the limit must cut some pairs";
        }
      }
    }
  }
}

TEST(Reference, PhastOneToAllEqualsDijkstra) {
  for (const char* osm : {"rhein-neckar-rnv/rnv-highways.osm.pbf", "osm-milan/milan_italy_small.osm.pbf"}) {
    const auto roads = read_osm_roads(data_path(osm), default_profile(), false);
    for (Mode mode : {Mode::car, Mode::walk}) {
      const Graph g = build_graph(roads, mode);
      const auto ch = build_contraction_hierarchy(g);
      Phast phast(ch);
      Dijkstra search(g);
      std::mt19937 rng(5);
      std::uniform_int_distribution<uint32_t> node(0, g.routing_node_count() - 1);
      for (int i = 0; i < 8; ++i) {
        const uint32_t s = node(rng);
        const uint32_t limit = i % 2 ? 10 * 60000 : kNone;
        const EdgeAccess seed{s, kNone, 0, 0, 0, 0};
        const Dijkstra::Seed dseed{s, 0, 0, kNone};
        phast.run({&seed, 1}, limit);
        search.run({&dseed, 1}, limit);
        size_t reached = 0;
        for (uint32_t v = 0; v < g.routing_node_count(); ++v) {
          ASSERT_EQ(phast.time_ms(v), search.time_ms(v)) << osm << " " << mode_name(mode) << " " << s << " -> " << v;
          if (search.time_ms(v) != kNone) {
            ++reached;
            EXPECT_NEAR(phast.dist_m(v), search.dist_m(v), 1e-3 * search.dist_m(v) + 1);
          }
        }
        if (limit == kNone) {
          EXPECT_EQ(reached, g.routing_node_count());
        }
      }
    }
  }
}

// Every turn arc joins two segments at one junction, costs the whole first segment plus a
// junction time within the documented bounds, and turns back only where a U-turn is allowed.
TEST(Reference, TurnArcsAgreeWithTheRoadLevel) {
  for (const char* osm : {"rhein-neckar-rnv/rnv-highways.osm.pbf", "osm-milan/milan_italy_small.osm.pbf"}) {
    const auto roads = read_osm_roads(data_path(osm), default_profile(), false);
    const Graph g = build_graph(roads, Mode::car);
    const CarProfile& p = roads.profile.car;
    std::vector<uint32_t> tail(g.edge_count());
    for (uint32_t v = 0; v < g.node_count(); ++v)
      for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e) tail[e] = v;
    // Chains meeting at each junction.
    std::vector<std::vector<uint32_t>> chains_at(g.node_count());
    for (uint32_t e = 0; e < g.edge_count(); ++e) {
      chains_at[tail[e]].push_back(g.chain_of(e));
      chains_at[g.head[e]].push_back(g.chain_of(e));
    }
    for (auto& c : chains_at) {
      std::sort(c.begin(), c.end());
      c.erase(std::unique(c.begin(), c.end()), c.end());
    }
    const double max_junction_s = p.signal_s + 2 * p.stop_s + p.zebra_s + p.level_crossing_barrier_s + p.gate_s +
                                  p.turn_penalty_s + p.u_turn_penalty_s;
    size_t arcs = 0, u_turns = 0, turned = 0;
    for (uint32_t e = 0; e < g.edge_count(); ++e)
      for (uint32_t a = g.turn_first[e]; a < g.turn_first[e + 1]; ++a) {
        const uint32_t f = g.turn_to[a];
        ASSERT_EQ(tail[f], g.head[e]) << osm << ": arc " << a << " does not join at a junction";
        ASSERT_GE(g.turn_ms[a], g.weight_ms[e]);
        ASSERT_LE(g.turn_ms[a] - g.weight_ms[e], max_junction_s * 1000 + 1);
        const bool back = g.chain_of(e) == g.chain_of(f) && g.against_shape(e) != g.against_shape(f);
        u_turns += back;
        if (back) {
          EXPECT_GE(g.turn_ms[a] - g.weight_ms[e], (turn_seconds(p, 180) + p.u_turn_penalty_s) * 1000 - 1);
        }
        turned += chains_at[g.head[e]].size() > 2 && g.turn_ms[a] > g.weight_ms[e];
        ++arcs;
      }
    EXPECT_GT(arcs, g.edge_count());
    EXPECT_GT(turned, arcs / 4) << "junctions of three and more roads carry turn times";
    EXPECT_LT(u_turns, arcs / 10) << "U-turns only at dead ends and the like";
    EXPECT_GT(u_turns, 0u);
  }
}
