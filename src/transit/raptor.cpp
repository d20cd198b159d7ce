#include "transit/raptor.hpp"

#include <algorithm>

namespace cityregions {

Raptor::Raptor(const Timetable& tt, int max_transfers)
    : tt_(tt), rounds_(static_cast<uint32_t>(max_transfers + 1)), stops_(tt.stop_count()),
      tau_(static_cast<size_t>(rounds_ + 1) * stops_, kUnreached), ride_tau_(tau_.size(), kUnreached),
      parent_(static_cast<size_t>(rounds_ + 1) * stops_), ride_of_(stops_), rode_mark_(stops_, 0),
      marked_(stops_, 0), next_marked_(stops_, 0), earliest_(tt.pattern_count(), kNone) {}

void Raptor::run(std::span<const StopAccess> access, int32_t departure) {
  std::fill(tau_.begin(), tau_.end(), kUnreached);
  std::fill(ride_tau_.begin(), ride_tau_.end(), kUnreached);
  std::fill(parent_.begin(), parent_.end(), Parent{});
  iterate(access, departure);
}

void Raptor::run_range(std::span<const StopAccess> access, int32_t first, int32_t last, int32_t step,
                       const std::function<void(int32_t)>& visit) {
  std::fill(tau_.begin(), tau_.end(), kUnreached);
  std::fill(ride_tau_.begin(), ride_tau_.end(), kUnreached);
  std::fill(parent_.begin(), parent_.end(), Parent{});
  for (int32_t t = last; t >= first; t -= step) {
    iterate(access, t);
    visit(t);
  }
}

void Raptor::iterate(std::span<const StopAccess> access, int32_t departure) {
  std::fill(marked_.begin(), marked_.end(), 0);
  bool any = false;
  for (const auto& a : access) {
    const int32_t t = departure + a.seconds;
    if (t < tau(0, a.stop)) {
      for (uint32_t k = 0; k <= rounds_; ++k) tau(k, a.stop) = std::min(tau(k, a.stop), t);
      parent(0, a.stop) = {Parent::access, 0, 0, 0, 0};
      marked_[a.stop] = 1;
      any = true;
    }
  }
  for (uint32_t k = 1; k <= rounds_ && any; ++k) {
    // Carry the labels of the previous round (cumulative rounds).
    for (uint32_t s = 0; s < stops_; ++s) {
      if (tau(k - 1, s) < tau(k, s)) {
        tau(k, s) = tau(k - 1, s);
        parent(k, s) = {};
      }
      ride_tau(k, s) = std::min(ride_tau(k, s), ride_tau(k - 1, s));
    }
    // Patterns through marked stops, from their first marked position.
    queue_.clear();
    for (uint32_t s = 0; s < stops_; ++s) {
      if (!marked_[s]) continue;
      for (uint32_t i = tt_.stop_first_pattern[s]; i < tt_.stop_first_pattern[s + 1]; ++i) {
        const auto [p, pos] = tt_.stop_patterns[i];
        if (earliest_[p] == kNone) queue_.push_back(p);
        if (pos < earliest_[p] || earliest_[p] == kNone) earliest_[p] = pos;
      }
    }
    std::fill(marked_.begin(), marked_.end(), 0);
    any = false;
    rode_.clear();
    for (uint32_t p : queue_) {
      const uint32_t first_trip = tt_.pattern_first_trip[p], end_trip = tt_.pattern_first_trip[p + 1];
      const uint32_t base = tt_.pattern_first_stop[p], size = tt_.pattern_size(p);
      uint32_t trip = kNone, board = 0;
      for (uint32_t i = earliest_[p]; i < size; ++i) {
        const uint32_t s = tt_.pattern_stops[base + i];
        if (trip != kNone) {
          const int32_t a = tt_.arr(trip, i);
          if (a < ride_tau(k, s)) {  // the best arrival by a ride: transfers start from it
            ride_tau(k, s) = a;
            ride_of_[s] = {Parent::ride, trip, board, i, 0};
            if (!rode_mark_[s]) rode_.push_back(s);
            rode_mark_[s] = 1;
          }
          if (a < tau(k, s)) {
            tau(k, s) = a;
            parent(k, s) = {Parent::ride, trip, board, i, 0};
            marked_[s] = 1;
            any = true;
          }
        }
        const int32_t ready = tau(k - 1, s);
        if (ready == kUnreached || (trip != kNone && ready > tt_.dep(trip, i))) continue;
        // Earliest trip of the pattern leaving here at or after `ready` (trips are FIFO).
        uint32_t lo = first_trip, hi = trip != kNone ? trip : end_trip;
        while (lo < hi) {
          const uint32_t mid = (lo + hi) / 2;
          if (tt_.dep(mid, i) >= ready) hi = mid;
          else lo = mid + 1;
        }
        if (lo < (trip != kNone ? trip : end_trip)) {
          trip = lo;
          board = i;
        }
      }
      earliest_[p] = kNone;
    }
    // Transfers from the stops whose arrival by a ride this round improved, from that arrival
    // (also where a walk reached the stop earlier: walks do not chain).
    for (uint32_t s : rode_) {
      rode_mark_[s] = 0;
      const Parent& ride = ride_of_[s];
      const int32_t arrived = ride_tau(k, s);
      for (uint32_t i = tt_.transfer_first[s]; i < tt_.transfer_first[s + 1]; ++i) {
        const uint32_t u = tt_.transfer_to[i];
        const int32_t t = arrived + tt_.transfer_s[i];
        if (t < tau(k, u)) {
          tau(k, u) = t;
          parent(k, u) = {Parent::walk, ride.trip, ride.board, ride.alight, s};
          marked_[u] = 1;
        }
      }
    }
  }
  // Later rounds that were not reached still hold the best so far.
  for (uint32_t k = 1; k <= rounds_; ++k)
    for (uint32_t s = 0; s < stops_; ++s)
      if (tau(k - 1, s) < tau(k, s)) {
        tau(k, s) = tau(k - 1, s);
        parent(k, s) = {};
      }
}

int32_t Raptor::arrival(std::span<const StopAccess> egress) const {
  int32_t best = kUnreached;
  for (const auto& e : egress) {
    const int32_t t = arrival(e.stop);
    if (t != kUnreached) best = std::min(best, t + e.seconds);
  }
  return best;
}

std::vector<Leg> Raptor::journey(uint32_t stop) const {
  std::vector<Leg> legs;
  if (arrival(stop) == kUnreached) return legs;
  const int32_t target = arrival(stop);
  // The fewest rounds that reach the stop as early.
  uint32_t k = 0;
  while (tau(k, stop) != target) ++k;
  uint32_t s = stop;
  while (true) {
    while (k > 0 && parent_[k * stops_ + s].kind == Parent::none) --k;
    const Parent& p = parent_[k * stops_ + s];
    if (p.kind == Parent::access || p.kind == Parent::none) {
      legs.push_back({Leg::Kind::walk, kNone, s, 0, tau(k, s), kNone, kNone});
      break;
    }
    const uint32_t trip = p.trip;
    uint32_t pattern = 0;
    while (tt_.pattern_first_trip[pattern + 1] <= trip) ++pattern;
    const uint32_t base = tt_.pattern_first_stop[pattern];
    const uint32_t from = tt_.pattern_stops[base + p.board];
    uint32_t alighted = s;
    if (p.kind == Parent::walk) {
      alighted = p.from;
      legs.push_back({Leg::Kind::walk, p.from, s, tt_.arr(trip, p.alight), tau(k, s), kNone, kNone});
    }
    legs.push_back({Leg::Kind::ride, from, alighted, tt_.dep(trip, p.board), tt_.arr(trip, p.alight), trip, tt_.pattern_route[pattern]});
    s = from;
    --k;
  }
  std::reverse(legs.begin(), legs.end());
  return legs;
}

}  // namespace cityregions
