#pragma once
// Turns the roads of an OSM file into the graph of one mode: ways split at junctions into
// chains, the largest strongly connected component kept, nodes ordered along a Hilbert curve.
// Walking and cycling: a node-based graph, turn restrictions by node splitting. Driving: an
// edge-based graph with turn times, junction controls and restrictions (also via ways).
#include "network/graph.hpp"
#include "network/osm_reader.hpp"

namespace cityregions {

Graph build_graph(const OsmRoads& roads, Mode mode);

// Hilbert-curve position of a point on a 2^16 × 2^16 grid over the box.
uint32_t hilbert_index(double x, double y, const BBox& box);

// Strongly connected components (iterative Tarjan); returns the component of each node.
std::vector<uint32_t> strongly_connected_components(uint32_t node_count, std::span<const uint32_t> first_out,
                                                    std::span<const uint32_t> head, uint32_t& component_count);

// The car graph (build_graph for Mode::car).
Graph build_car_graph(const OsmRoads& roads);

}  // namespace cityregions
