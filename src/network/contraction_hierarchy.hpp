#pragma once
// Contraction hierarchy over a street graph's routing graph (junctions for walk and bike, road
// segments for car): nodes contracted one by one (edge difference, hop ratio and level as
// priority; witness searches that stop once every target is decided), leaving an upward graph
// for forward searches and one for backward searches. Used for matrices and PHAST.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "network/graph.hpp"

namespace cityregions {

struct ContractionHierarchy {
  uint32_t node_count = 0;
  uint64_t graph_edge_count = 0;  // routing arcs of the graph it was built for, to detect a stale file
  uint32_t period = 0;            // the time period whose weights it holds
  std::string build_id;           // the graph's (core/binary_file.hpp)
  std::vector<uint32_t> rank;     // contraction order of each node
  // Forward upward arcs v→w (rank[w] > rank[v]), CSR by node.
  std::vector<uint32_t> up_first, up_head, up_weight_ms;
  std::vector<float> up_dist_m;
  // Backward upward arcs: for an original-direction arc u→v with rank[u] > rank[v], stored at v.
  std::vector<uint32_t> down_first, down_head, down_weight_ms;
  std::vector<float> down_dist_m;

  size_t bytes() const;
};

ContractionHierarchy build_contraction_hierarchy(const Graph& g);

void save_contraction_hierarchy(const ContractionHierarchy& ch, const std::filesystem::path& file);
ContractionHierarchy load_contraction_hierarchy(const std::filesystem::path& file);

}  // namespace cityregions
