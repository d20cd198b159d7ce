#pragma once
// The reference for RAPTOR: a deliberately plain earliest-arrival connection scan (Dibbelt et
// al.) over the same timetable, with one transfer after the best arrival by a ride at a stop: the timetable's, or footpaths
// the caller models itself. Shared by the tests and the transit benchmark; no code of the
// engine is used.
#include <algorithm>
#include <vector>

#include "transit/raptor.hpp"

namespace cityregions::test {

class ConnectionScan {
 public:
  struct Footpath {
    uint32_t from, to;
    int32_t seconds;
  };
  static std::vector<Footpath> footpaths_of(const Timetable& tt) {
    std::vector<Footpath> out;
    for (uint32_t s = 0; s < tt.stop_count(); ++s)
      for (uint32_t i = tt.transfer_first[s]; i < tt.transfer_first[s + 1]; ++i) out.push_back({s, tt.transfer_to[i], tt.transfer_s[i]});
    return out;
  }

  explicit ConnectionScan(const Timetable& tt) : ConnectionScan(tt, footpaths_of(tt)) {}
  ConnectionScan(const Timetable& tt, const std::vector<Footpath>& footpaths) : tt_(tt), footpaths_(tt.stop_count()) {
    for (const auto& f : footpaths) footpaths_[f.from].push_back(f);
    for (uint32_t p = 0; p < tt.pattern_count(); ++p)
      for (uint32_t t = tt.pattern_first_trip[p]; t < tt.pattern_first_trip[p + 1]; ++t)
        for (uint32_t i = 0; i + 1 < tt.pattern_size(p); ++i)
          connections_.push_back({tt.dep(t, i), tt.arr(t, i + 1), tt.pattern_stops[tt.pattern_first_stop[p] + i],
                                  tt.pattern_stops[tt.pattern_first_stop[p] + i + 1], t});
    std::sort(connections_.begin(), connections_.end(), [](const Connection& a, const Connection& b) { return a.dep < b.dep; });
  }

  // Earliest arrival at every stop leaving `from` at `departure`, any number of transfers.
  std::vector<int32_t> earliest_arrival(uint32_t from, int32_t departure) const {
    std::vector<int32_t> best(tt_.stop_count(), kUnreached);
    std::vector<int32_t> by_ride(tt_.stop_count(), kUnreached);  // walks start from the best arrival by a ride
    std::vector<bool> on_trip(tt_.trip_count(), false);
    best[from] = departure;
    const auto first = std::lower_bound(connections_.begin(), connections_.end(), departure,
                                        [](const Connection& c, int32_t t) { return c.dep < t; });
    for (auto it = first; it != connections_.end(); ++it) {
      const Connection& c = *it;
      if (!on_trip[c.trip] && best[c.from] > c.dep) continue;
      on_trip[c.trip] = true;
      if (c.arr < by_ride[c.to]) {
        by_ride[c.to] = c.arr;
        best[c.to] = std::min(best[c.to], c.arr);
        for (const auto& f : footpaths_[c.to]) best[f.to] = std::min(best[f.to], c.arr + f.seconds);
      }
    }
    return best;
  }

 private:
  struct Connection {
    int32_t dep, arr;
    uint32_t from, to, trip;
  };
  const Timetable& tt_;
  std::vector<Connection> connections_;
  std::vector<std::vector<Footpath>> footpaths_;
};

}  // namespace cityregions::test
