#include "network/graph.hpp"

#include "core/binary_file.hpp"

namespace cityregions {

namespace {
constexpr FileMagic kMagic{'C', 'R', 'G', 'R', 'A', 'P', 'H', '\0'};
constexpr uint32_t kVersion = 1;
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
  return first_out.size() * 4 + head.size() * 4 + weight_ms.size() * 4;
}

size_t Graph::total_bytes() const {
  return coords.size() * sizeof(FixedLonLat) + routing_bytes() + edge_chain.size() * 4 + chains.size() * sizeof(Chain) +
         shape.size() * sizeof(FixedLonLat);
}

void save_graph(const Graph& g, const std::filesystem::path& file) {
  BinaryWriter out(file, kMagic, kVersion);
  out.value(static_cast<uint32_t>(g.mode));
  for (int64_t stat : {g.source_node_count, g.dropped_nodes, g.dropped_edges, g.restrictions_applied, g.restrictions_skipped})
    out.value(stat);
  out.array(g.coords);
  out.array(g.first_out);
  out.array(g.head);
  out.array(g.weight_ms);
  out.array(g.edge_chain);
  out.array(g.chains);
  out.array(g.shape);
  out.finish();
}

Graph load_graph(const std::filesystem::path& file) {
  BinaryReader in(file, kMagic, kVersion, kHint);
  Graph g;
  g.mode = static_cast<Mode>(in.value<uint32_t>());
  for (int64_t* stat : {&g.source_node_count, &g.dropped_nodes, &g.dropped_edges, &g.restrictions_applied,
                        &g.restrictions_skipped})
    *stat = in.value<int64_t>();
  in.array(g.coords);
  in.array(g.first_out);
  in.array(g.head);
  in.array(g.weight_ms);
  in.array(g.edge_chain);
  in.array(g.chains);
  in.array(g.shape);
  if (g.first_out.size() != g.coords.size() + 1 || g.head.size() != g.weight_ms.size() ||
      g.head.size() != g.edge_chain.size() || g.first_out.back() != g.head.size() || g.chains.empty())
    throw Error(file.string() + ": inconsistent network file (" + kHint + ")");
  return g;
}

}  // namespace cityregions
