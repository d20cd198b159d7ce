// Oracle: pgRouting (pgr_dijkstraCost) on the very same exported car graph of Rhein-Neckar
// must give the same shortest travel times, to the millisecond the graph stores. The export is
// the edge-expanded graph: pgRouting's vertices are the directed road segments, its edges the
// allowed turns with their costs (segment, junction controls, turn).
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "network/graph_builder.hpp"
#include "network/osm_reader.hpp"
#include "network/street_network.hpp"
#include "region/outputs.hpp"
#include "support/pg_server.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(PgRoutingOracle, RhineNeckarCarTimesMatchOn500RandomPairs) {
  const auto roads = read_osm_roads(data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), default_profile(), false);
  const Graph g = build_graph(roads, Mode::car);
  ASSERT_TRUE(g.edge_based());
  PgServer pg;
  const auto edges_csv = pg.dir() / "edges.csv";
  export_edges(g, edges_csv);

  std::mt19937 rng(2016);
  std::uniform_int_distribution<uint32_t> node(0, g.routing_node_count() - 1);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::ostringstream values;
  while (pairs.size() < 500) {
    const uint32_t a = node(rng), b = node(rng);
    if (a == b) continue;
    values << (pairs.empty() ? "" : ",") << "(" << a + 1 << "," << b + 1 << ")";
    pairs.emplace_back(a, b);
  }
  // pgRouting ids start at 1.
  const std::string out = pg.sql(
      "CREATE EXTENSION pgrouting CASCADE;\n"
      "CREATE TABLE edges (id BIGINT, source BIGINT, target BIGINT, cost DOUBLE PRECISION, length_m DOUBLE PRECISION);\n"
      "\\copy edges FROM '" + edges_csv.string() + "' CSV HEADER\n"
      "CREATE TABLE pairs AS SELECT * FROM (VALUES " + values.str() + ") AS t(source, target);\n"
      "SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost("
      "'SELECT id + 1 AS id, source + 1 AS source, target + 1 AS target, cost FROM edges', "
      "'SELECT source, target FROM pairs', true);\n");

  std::map<std::pair<uint32_t, uint32_t>, double> pg_cost;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    uint32_t a = 0, b = 0;
    double c = 0;
    if (std::sscanf(line.c_str(), "%u,%u,%lf", &a, &b, &c) == 3) pg_cost[{a - 1, b - 1}] = c;
  }
  ASSERT_EQ(pg_cost.size(), pairs.size()) << out.substr(0, 500);

  Dijkstra search(g);
  int far = 0;
  for (const auto& [a, b] : pairs) {
    const Dijkstra::Seed seed{a, 0, 0, kNone};
    search.run({&seed, 1}, kNone, {&b, 1});
    const double ours = search.time_ms(b) / 1000.0;
    EXPECT_NEAR(ours, pg_cost.at({a, b}), 0.0005) << a << " -> " << b;
    far += ours > 60;
  }
  EXPECT_GT(far, 450) << "random pairs are mostly more than a minute apart";
  // This extract has no turn restrictions: the oracle checks times and turn costs, not restrictions
  // (Reference.MilanCarTimesWithTurnRestrictionsEqualPlainDijkstra counts those on Milan).
  EXPECT_EQ(g.restrictions_applied, 0);
}
