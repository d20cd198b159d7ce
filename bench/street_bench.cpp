// Street-network benchmark: import, one-to-all, 1000×1000 matrix, isochrone, bytes per edge.
// Prints one JSON object; bench/street.sh runs it next to pgRouting on the same graph.
#include "timing.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "network/contraction_hierarchy.hpp"
#include "network/graph_builder.hpp"
#include "network/isochrone.hpp"
#include "network/matrix.hpp"
#include "network/osm_reader.hpp"
#include "network/phast.hpp"
#include "network/street_network.hpp"
#include "region/outputs.hpp"

using namespace cityregions;
using bench::median_ms;
using Clock = std::chrono::steady_clock;


int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: street_bench OSM_FILE OUT_DIR [MATRIX_SIZE]\n"
               "writes OUT_DIR/edges.csv (car graph) and OUT_DIR/nodes.txt (matrix nodes), prints JSON\n");
    return 2;
  }
  const int n = argc > 3 ? std::atoi(argv[3]) : 1000;
  nlohmann::json out;
  out["file"] = argv[1];

  OsmRoads roads;
  std::vector<Graph> graphs(3);
  out["import_ms"] = median_ms(3, [&](int) {
    roads = read_osm_roads(argv[1], default_profile(), false);
    for (Mode m : kStreetModes) graphs[static_cast<int>(m)] = build_graph(roads, m);
  });
  const StreetNetwork net(std::move(graphs[static_cast<int>(Mode::car)]));
  const Graph& g = net.graph();
  out["car_nodes"] = g.node_count();
  out["car_edges"] = g.edge_count();
  // The routing graph: junctions and edges (walk, bike), road segments and turns (car).
  out["car_routing_nodes"] = g.routing_node_count();
  out["car_routing_arcs"] = g.routing_arc_count();
  out["routing_bytes_per_edge"] = static_cast<double>(g.routing_bytes()) / g.routing_arc_count();
  out["total_bytes_per_edge"] = static_cast<double>(g.total_bytes()) / g.routing_arc_count();

  std::mt19937 rng(1000);
  std::uniform_int_distribution<uint32_t> pick(0, g.routing_node_count() - 1);
  std::vector<uint32_t> nodes;
  while (nodes.size() < static_cast<size_t>(n)) {
    const uint32_t v = pick(rng);
    if (std::find(nodes.begin(), nodes.end(), v) == nodes.end()) nodes.push_back(v);
  }
  const std::filesystem::path out_dir = argv[2];
  {
    std::ofstream f(out_dir / "nodes.txt");
    for (auto v : nodes) f << v << "\n";
  }
  export_edges(g, out_dir / "edges.csv");

  Dijkstra search(g);
  out["one_to_all_dijkstra_ms"] = median_ms(301, [&](int i) {
    const Dijkstra::Seed s{nodes[static_cast<size_t>(i) % nodes.size()], 0, 0, kNone};
    search.run({&s, 1});
  });

  // Matrix between routing-graph nodes (car: the starts of road segments), as pgRouting computes it
  // on the exported graph.
  std::vector<Location> locs;
  for (auto v : nodes) locs.push_back(net.at_node(v));
  TravelMatrix m;
  out["matrix_dijkstra_ms"] = median_ms(3, [&](int) { m = travel_matrix(net, locs, locs, kNone, false); });
  uint64_t checksum = 0;
  for (const auto& c : m.cells) checksum += c.time_ms;
  out["matrix_checksum_ms"] = checksum;

  ContractionHierarchy ch;
  out["ch_build_ms"] = median_ms(1, [&](int) { ch = build_contraction_hierarchy(g); });
  if (g.edge_based()) {  // the peak period's hierarchy, built at import too
    Graph peak = g;
    apply_period(peak, 1);
    out["ch_build_peak_ms"] = median_ms(1, [&](int) { build_contraction_hierarchy(peak); });
  }
  out["ch_bytes_per_edge"] = static_cast<double>(ch.bytes()) / g.routing_arc_count();
  out["ch_up_arcs"] = ch.up_head.size();
  TravelMatrix mc;
  out["matrix_ch_ms"] = median_ms(5, [&](int) { mc = travel_matrix(net, ch, locs, locs, kNone, false); });
  size_t differ = 0;
  for (size_t i = 0; i < m.cells.size(); ++i) differ += m.cells[i].time_ms != mc.cells[i].time_ms;
  out["matrix_ch_cells_differing"] = differ;

  Phast phast(ch);
  out["one_to_all_phast_ms"] = median_ms(301, [&](int i) {
    const EdgeAccess s{nodes[static_cast<size_t>(i) % nodes.size()], kNone, 0, 0, 0, 0};
    phast.run({&s, 1});
  });
  // PHAST and Dijkstra agree on every node for a few sources.
  size_t phast_differs = 0;
  for (int i = 0; i < 5; ++i) {
    const EdgeAccess s{nodes[static_cast<size_t>(i)], kNone, 0, 0, 0, 0};
    const Dijkstra::Seed d{nodes[static_cast<size_t>(i)], 0, 0, kNone};
    phast.run({&s, 1});
    search.run({&d, 1});
    for (uint32_t v = 0; v < g.routing_node_count(); ++v) phast_differs += phast.time_ms(v) != search.time_ms(v);
  }
  out["one_to_all_phast_nodes_differing"] = phast_differs;

  // Loading a mode's network from the workspace files: graph, snap index and hierarchy.
  save_graph(g, out_dir / "car.graph");
  save_contraction_hierarchy(ch, out_dir / "car.ch");
  out["load_network_ms"] = median_ms(5, [&](int) { StreetNetwork::load(out_dir / "car.graph", out_dir / "car.ch"); });

  out["matrix_size"] = n;
  const Location centre = net.at_node(nodes[0]);
  out["isochrone_car_30min_ms"] = median_ms(5, [&](int) { isochrones(net, search, centre, {{10, 20, 30}, 100, 200}); });
  fmt::print("{}\n", out.dump(2));
}
