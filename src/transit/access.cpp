#include "transit/access.hpp"

namespace cityregions {

std::vector<StopAccess> stops_within(const Timetable& tt, const StreetNetwork& walk, Dijkstra& search,
                                     const Location& point, int32_t max_walk_s) {
  const uint32_t limit_ms = static_cast<uint32_t>(max_walk_s) * 1000;
  search.run(seeds_of(point), limit_ms);
  std::vector<StopAccess> out;
  for (uint32_t s = 0; s < tt.stop_count(); ++s) {
    if (!tt.stop_location[s]) continue;
    const Arrival a = arrival_at(walk.graph(), search, point, *tt.stop_location[s]);
    if (a.time_ms <= limit_ms) out.push_back({s, static_cast<int32_t>((a.time_ms + 999) / 1000)});
  }
  return out;
}

}  // namespace cityregions
