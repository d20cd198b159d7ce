#pragma once
// Internal to the graph builders: a mode's roads split into chains between graph nodes, with
// directed edges on raw ids, before components are pruned and ids renumbered.
#include <functional>
#include <span>
#include <vector>

#include "network/graph.hpp"
#include "network/osm_reader.hpp"

namespace cityregions::detail {

struct RawChain {
  uint32_t way;
  uint32_t begin, end;  // positions in roads.way_nodes, inclusive
  float length_m;
};

struct RawEdge {
  uint32_t tail, head;
  uint32_t weight_ms;
  uint32_t chain;     // index into RawNetwork::chains
  uint32_t way;       // for turn restrictions
  bool against;       // runs against the chain's shape
  bool canonical;     // not a copy made for a turn restriction
  uint8_t cls = 0;    // congestion class (car)
};

struct RawNetwork {
  std::vector<FixedLonLat> coords;  // graph nodes
  std::vector<uint32_t> local;      // road node → graph node, kNone when none
  std::vector<RawChain> chains;
  std::vector<RawEdge> edges;
};

// Travel time of a chain in one direction (against = end to start), milliseconds.
using ChainTime = std::function<uint32_t(const RawChain&, bool against)>;

// Graph nodes are way ends, nodes shared by two ways and the extra nodes (restriction vias,
// junction controls); a stretch that leaves a node and comes back to it is split in the middle.
// Edges follow the mode's rule of each way.
RawNetwork split_into_chains(const OsmRoads& roads, Mode mode, std::span<const uint32_t> extra_nodes, const ChainTime& time);

// Fills the road level of g from the kept nodes (renumbered along a Hilbert curve) and the kept
// edges (grouped by tail, then head); returns the new id of every raw edge, kNone when dropped.
std::vector<uint32_t> assemble_road_level(const OsmRoads& roads, const RawNetwork& net, const std::vector<bool>& keep_node,
                                          const std::vector<bool>& keep_edge, Graph& g);

// Points along a chain's shape in its direction of travel.
std::vector<LonLat> chain_points(const OsmRoads& roads, const RawChain& c, bool against);

}  // namespace cityregions::detail
