#pragma once
// A street graph for one mode: flat arrays, CSR adjacency, 32-bit ids, nodes in Hilbert order
// so that neighbours in space are neighbours in memory.
//
// The road level holds junction nodes and directed road segments (edges) with their shapes.
// Walking and cycling route on it directly (node-based). Driving routes on an edge-based graph
// built over it: its nodes are the directed segments, its arcs the allowed turns from one segment
// into the next, weighted by the time from the start of a segment to the start of the next (the
// segment, the controls at its end, the turn). Algorithms see the routing graph through
// routing_first/head/weight and never ask which of the two it is.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/geo.hpp"
#include "core/index.hpp"
#include "network/car_profile.hpp"
#include "network/mode.hpp"

namespace cityregions {

// A stretch of one OSM way between two graph nodes, with its shape; directed edges point to it.
struct Chain {
  uint32_t first_shape;  // into Graph::shape; the shape runs from the chain's start node to its end node
  uint32_t forward_edge;   // edge start→end, kNone when not usable that way
  uint32_t backward_edge;  // edge end→start, kNone when not usable that way
  float length_m;
};

struct Graph {
  Mode mode = Mode::car;
  // Road level: junction nodes
  std::vector<FixedLonLat> coords;
  std::vector<uint32_t> first_out;  // size nodes+1
  // … and directed segments, grouped by tail
  std::vector<uint32_t> head;
  std::vector<uint32_t> weight_ms;  // travel time along the segment in milliseconds
  std::vector<uint32_t> edge_chain;  // chain index << 1 | 1 when the edge runs against the chain's shape
  // Geometry
  std::vector<Chain> chains;         // plus one sentinel whose first_shape ends the last chain
  std::vector<FixedLonLat> shape;
  // Turn level (car; empty for walk and bike): arcs of the edge-based graph, CSR by segment.
  std::vector<uint32_t> turn_first;  // size edges+1
  std::vector<uint32_t> turn_to;     // the segment entered
  std::vector<uint32_t> turn_ms;     // start of the segment to start of the next, milliseconds
  std::vector<uint8_t> edge_class;   // congestion class of each segment (car_profile.hpp)
  // Time periods (car): periods[0] the default; `period` says whose times the weights hold.
  std::vector<TimePeriod> periods;
  uint32_t period = 0;
  // Provenance
  std::string build_id;           // of the import that wrote it (core/binary_file.hpp)
  std::string country;            // whose default speed limits were used ("" generic)
  int64_t source_node_count = 0;  // nodes before keeping the largest component
  int64_t dropped_nodes = 0;
  int64_t dropped_edges = 0;
  int64_t restrictions_applied = 0;
  int64_t restrictions_skipped = 0;
  int64_t signal_junctions = 0;   // clusters of traffic signals, each delaying once
  int64_t controls = 0;           // stop, give way, crossing, level crossing and gate nodes that delay
  int64_t barriers = 0;           // nodes closed to cars (U-turn only)
  int64_t built_up_segments = 0;  // segments whose default limit is the built-up one

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

  // The routing graph.
  bool edge_based() const { return !turn_first.empty(); }
  uint32_t routing_node_count() const { return edge_based() ? edge_count() : node_count(); }
  uint32_t routing_arc_count() const { return static_cast<uint32_t>(routing_head().size()); }
  const std::vector<uint32_t>& routing_first() const { return edge_based() ? turn_first : first_out; }
  const std::vector<uint32_t>& routing_head() const { return edge_based() ? turn_to : head; }
  const std::vector<uint32_t>& routing_weight() const { return edge_based() ? turn_ms : weight_ms; }
  // The segment an arc of the routing graph travels: node-based the arc itself, edge-based the
  // segment the arc leaves (its tail routing node).
  uint32_t arc_segment(uint32_t tail, uint32_t arc) const { return edge_based() ? tail : arc; }
  // The segments that begin where a routing node stands: node-based its out-edges, edge-based itself.
  std::pair<uint32_t, uint32_t> segments_from(uint32_t r) const {
    return edge_based() ? std::pair{r, r + 1} : std::pair{first_out[r], first_out[r + 1]};
  }

  // Bytes of the routing arrays (topology + weights) per directed edge, and of the whole graph.
  size_t routing_bytes() const;
  size_t total_bytes() const;
};

// Scales a car graph's times to a period (factor per segment's congestion class, rounded once);
// the graph must hold the default period's times. No-op for period 0 and node-based graphs.
void apply_period(Graph& g, uint32_t period);

// Versioned binary file: magic, version, build id, array sizes, raw arrays. Loads with one read
// per array and checks every index before the graph is used: a corrupt file is an Error naming
// it, never a crash.
void save_graph(const Graph& g, const std::filesystem::path& file);
Graph load_graph(const std::filesystem::path& file);

}  // namespace cityregions
