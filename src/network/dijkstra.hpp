#pragma once
// One-to-all Dijkstra on a street graph's routing graph (junctions for walk and bike, road
// segments for car) from one or more seeds, bounded by a time limit.
// Reusable: labels are invalidated by a run counter, not cleared.
#include <span>
#include <vector>

#include "network/graph.hpp"
#include "network/min_queue.hpp"

namespace cityregions {

class Dijkstra {
 public:
  struct Seed {
    uint32_t node;
    uint32_t time_ms;
    float dist_m;
    uint32_t edge;  // the partly travelled segment that led to the node
  };

  explicit Dijkstra(const Graph& g);

  // Settles every node reachable within limit_ms; stops early once all stop_at nodes are settled.
  void run(std::span<const Seed> seeds, uint32_t limit_ms = kNone, std::span<const uint32_t> stop_at = {});

  bool reached(uint32_t v) const { return label_[v].run == run_; }
  uint32_t time_ms(uint32_t v) const { return reached(v) ? label_[v].time_ms : kNone; }
  // Valid for settled nodes.
  float dist_m(uint32_t v) const { return dist_[v]; }
  // Routing arc by which v was reached, and its tail; for seeds the seed's segment with
  // is_seed(v) true.
  uint32_t parent_arc(uint32_t v) const { return label_[v].parent & ~kSeedBit; }
  uint32_t parent_node(uint32_t v) const { return label_[v].from; }
  bool is_seed(uint32_t v) const { return label_[v].parent & kSeedBit; }
  // Nodes settled in the last run, in order of time.
  const std::vector<uint32_t>& settled() const { return settled_; }

 private:
  static constexpr uint32_t kSeedBit = 0x80000000u;
  // Everything a relaxation touches, side by side in memory.
  struct Label {
    uint32_t run = 0;
    uint32_t time_ms = 0;
    uint32_t parent = 0;  // edge, with kSeedBit for seeds
    uint32_t from = 0;    // tail of the parent edge
  };
  const Graph& g_;
  MinIdQueue queue_;
  std::vector<Label> label_;
  std::vector<float> dist_;
  std::vector<uint32_t> settled_;
  uint32_t run_ = 0;
};

}  // namespace cityregions
