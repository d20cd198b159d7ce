#include "transit/access.hpp"

namespace cityregions {

std::vector<StopAccess> stops_within(const Timetable& tt, const StreetNetwork& walk, Dijkstra& search,
                                     const Location& point, int32_t max_walk_s, Direction direction) {
  const uint32_t limit_ms = static_cast<uint32_t>(max_walk_s) * 1000;
  search.run(seeds_of(point), limit_ms);
  std::vector<StopAccess> on_foot;
  std::vector<int32_t> best(tt.stop_count(), kUnreached);
  for (uint32_t s = 0; s < tt.stop_count(); ++s) {
    if (!tt.stop_location[s]) continue;
    const Arrival a = arrival_at(walk.graph(), search, point, *tt.stop_location[s]);
    if (a.time_ms <= limit_ms) {
      on_foot.push_back({s, static_cast<int32_t>((a.time_ms + 999) / 1000)});
      best[s] = on_foot.back().seconds;
    }
  }
  // The other platforms of each stop's station, through the change between them.
  for (const auto& a : on_foot)
    for (uint32_t i = tt.transfer_first[a.stop]; i < tt.transfer_first[a.stop + 1]; ++i) {
      const uint32_t u = tt.transfer_to[i];
      if (tt.stop_station[u] != tt.stop_station[a.stop]) continue;
      const int32_t change = direction == Direction::access ? tt.transfer_s[i] : tt.transfer_time(u, a.stop);
      if (change != kUnreached && a.seconds + change <= max_walk_s) best[u] = std::min(best[u], a.seconds + change);
    }
  std::vector<StopAccess> out;
  for (uint32_t s = 0; s < tt.stop_count(); ++s)
    if (best[s] != kUnreached) out.push_back({s, best[s]});
  return out;
}

}  // namespace cityregions
