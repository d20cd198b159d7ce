#pragma once
// Indexed 4-ary min-heap over ids 0..n-1 with decrease-key: the priority queue of Dijkstra.
#include <cstdint>
#include <utility>
#include <vector>

namespace cityregions {

class MinIdQueue {
 public:
  explicit MinIdQueue(uint32_t id_count) : pos_(id_count, kAbsent) {}

  bool empty() const { return heap_.empty(); }
  bool contains(uint32_t id) const { return pos_[id] != kAbsent; }
  uint32_t key_of(uint32_t id) const { return heap_[pos_[id]].key; }

  // Inserts, or lowers the key when the id is queued with a larger one.
  void push_or_decrease(uint32_t id, uint32_t key) {
    if (pos_[id] == kAbsent) {
      pos_[id] = static_cast<uint32_t>(heap_.size());
      heap_.push_back({id, key});
    } else if (key < heap_[pos_[id]].key) {
      heap_[pos_[id]].key = key;
    } else {
      return;
    }
    sift_up(pos_[id]);
  }

  std::pair<uint32_t, uint32_t> pop() {  // (id, key)
    const Item top = heap_[0];
    pos_[top.id] = kAbsent;
    const Item last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      heap_[0] = last;
      pos_[last.id] = 0;
      sift_down(0);
    }
    return {top.id, top.key};
  }

  void clear() {
    for (const auto& it : heap_) pos_[it.id] = kAbsent;
    heap_.clear();
  }

 private:
  static constexpr uint32_t kAbsent = 0xffffffffu;
  struct Item {
    uint32_t id, key;
  };
  void sift_up(uint32_t i) {
    const Item it = heap_[i];
    while (i > 0) {
      const uint32_t parent = (i - 1) / 4;
      if (heap_[parent].key <= it.key) break;
      heap_[i] = heap_[parent];
      pos_[heap_[i].id] = i;
      i = parent;
    }
    heap_[i] = it;
    pos_[it.id] = i;
  }
  void sift_down(uint32_t i) {
    const Item it = heap_[i];
    const auto n = static_cast<uint32_t>(heap_.size());
    while (true) {
      const uint32_t first = 4 * i + 1;
      if (first >= n) break;
      uint32_t best = first;
      const uint32_t end = std::min(first + 4, n);
      for (uint32_t c = first + 1; c < end; ++c)
        if (heap_[c].key < heap_[best].key) best = c;
      if (heap_[best].key >= it.key) break;
      heap_[i] = heap_[best];
      pos_[heap_[i].id] = i;
      i = best;
    }
    heap_[i] = it;
    pos_[it.id] = i;
  }
  std::vector<uint32_t> pos_;
  std::vector<Item> heap_;
};

}  // namespace cityregions
