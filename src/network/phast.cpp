#include "network/phast.hpp"

namespace cityregions {

Phast::Phast(const ContractionHierarchy& ch)
    : rank_(ch.rank), time_(ch.node_count, kNone), dist_(ch.node_count, 0), queue_(ch.node_count) {
  const uint32_t n = ch.node_count;
  std::vector<uint32_t> node_of(n);
  for (uint32_t v = 0; v < n; ++v) node_of[rank_[v]] = v;
  up_first_.assign(n + 1, 0);
  in_first_.assign(n + 1, 0);
  for (uint32_t r = 0; r < n; ++r) {
    const uint32_t v = node_of[r];
    for (uint32_t a = ch.up_first[v]; a < ch.up_first[v + 1]; ++a) {
      up_head_.push_back(rank_[ch.up_head[a]]);
      up_weight_.push_back(ch.up_weight_ms[a]);
      up_dist_.push_back(ch.up_dist_m[a]);
    }
    up_first_[r + 1] = static_cast<uint32_t>(up_head_.size());
    for (uint32_t a = ch.down_first[v]; a < ch.down_first[v + 1]; ++a) {
      in_tail_.push_back(rank_[ch.down_head[a]]);
      in_weight_.push_back(ch.down_weight_ms[a]);
      in_dist_.push_back(ch.down_dist_m[a]);
    }
    in_first_[r + 1] = static_cast<uint32_t>(in_tail_.size());
  }
}

void Phast::run(std::span<const EdgeAccess> seeds, uint32_t limit_ms) {
  limit_ = limit_ms;
  std::fill(time_.begin(), time_.end(), kNone);
  queue_.clear();
  for (const auto& s : seeds) {
    const uint32_t r = rank_[s.node];
    if (s.time_ms < time_[r]) {
      time_[r] = s.time_ms;
      dist_[r] = s.dist_m;
      queue_.push_or_decrease(r, s.time_ms);
    }
  }
  while (!queue_.empty()) {
    const auto [r, t] = queue_.pop();
    if (t > limit_ms) break;
    for (uint32_t a = up_first_[r]; a < up_first_[r + 1]; ++a) {
      const uint32_t h = up_head_[a], nt = t + up_weight_[a];
      if (nt < time_[h]) {
        time_[h] = nt;
        dist_[h] = dist_[r] + up_dist_[a];
        queue_.push_or_decrease(h, nt);
      }
    }
  }
  // Downward sweep: every higher-ranked tail is final when its head is processed.
  for (uint32_t r = static_cast<uint32_t>(time_.size()); r-- > 0;) {
    uint32_t best = time_[r];
    float best_dist = dist_[r];
    for (uint32_t a = in_first_[r]; a < in_first_[r + 1]; ++a) {
      const uint32_t tt = time_[in_tail_[a]];
      if (tt == kNone) continue;
      const uint32_t nt = tt + in_weight_[a];
      if (nt < best) best = nt, best_dist = dist_[in_tail_[a]] + in_dist_[a];
    }
    time_[r] = best;
    dist_[r] = best_dist;
  }
}

}  // namespace cityregions
