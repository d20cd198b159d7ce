#pragma once
// A street graph for one mode: flat arrays, CSR adjacency, 32-bit ids, nodes in Hilbert order
// so that neighbours in space are neighbours in memory.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <vector>

#include "core/geo.hpp"
#include "network/mode.hpp"

namespace cityregions {

inline constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// A stretch of one OSM way between two graph nodes, with its shape; directed edges point to it.
struct Chain {
  uint32_t first_shape;  // into Graph::shape; the shape runs from the chain's start node to its end node
  uint32_t forward_edge;   // edge start→end, kNone when not usable that way
  uint32_t backward_edge;  // edge end→start, kNone when not usable that way
  float length_m;
};

struct Graph {
  Mode mode = Mode::car;
  // Nodes
  std::vector<FixedLonLat> coords;
  std::vector<uint32_t> first_out;  // size nodes+1
  // Directed edges, grouped by tail
  std::vector<uint32_t> head;
  std::vector<uint32_t> weight_ms;  // travel time in milliseconds
  std::vector<uint32_t> edge_chain;  // chain index << 1 | 1 when the edge runs against the chain's shape
  // Geometry
  std::vector<Chain> chains;         // plus one sentinel whose first_shape ends the last chain
  std::vector<FixedLonLat> shape;
  // Provenance
  int64_t source_node_count = 0;  // nodes before keeping the largest component
  int64_t dropped_nodes = 0;
  int64_t dropped_edges = 0;
  int64_t restrictions_applied = 0;
  int64_t restrictions_skipped = 0;

  uint32_t node_count() const { return static_cast<uint32_t>(first_out.empty() ? 0 : first_out.size() - 1); }
  uint32_t edge_count() const { return static_cast<uint32_t>(head.size()); }
  uint32_t chain_count() const { return static_cast<uint32_t>(chains.empty() ? 0 : chains.size() - 1); }
  uint32_t chain_of(uint32_t edge) const { return edge_chain[edge] >> 1; }
  bool against_shape(uint32_t edge) const { return edge_chain[edge] & 1; }
  std::span<const FixedLonLat> chain_shape(uint32_t c) const {
    return {shape.data() + chains[c].first_shape, chains[c + 1].first_shape - chains[c].first_shape};
  }
  float edge_length_m(uint32_t edge) const { return chains[chain_of(edge)].length_m; }
  BBox bbox() const;

  // Bytes of the routing arrays (topology + weights) per directed edge, and of the whole graph.
  size_t routing_bytes() const;
  size_t total_bytes() const;
};

// Versioned binary file: magic, version, array sizes, raw arrays. Loads with one read per array.
void save_graph(const Graph& g, const std::filesystem::path& file);
Graph load_graph(const std::filesystem::path& file);

}  // namespace cityregions
