#include "transit/station_check.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cityregions {

StationCheck check_stations(const std::vector<GtfsFeed>& feeds, const Stations& stations, const StreetNetwork& walk,
                            const StationCheckOptions& o) {
  // The platforms of each station that trips serve.
  struct Platform {
    std::string key;
    LonLat position;
  };
  std::vector<std::vector<Platform>> platforms(stations.count());
  for (size_t f = 0; f < feeds.size(); ++f) {
    std::vector<uint8_t> served(feeds[f].stop_id.size(), 0);
    for (uint32_t s : feeds[f].stop_time_stop) served[s] = 1;
    for (uint32_t s = 0; s < feeds[f].stop_id.size(); ++s)
      if (served[s] && stations.of_stop[f][s] != kNone)
        platforms[stations.of_stop[f][s]].push_back({feeds[f].name + ":" + feeds[f].stop_id[s], feeds[f].stop_coord[s].lonlat()});
  }
  std::vector<uint32_t> todo;
  for (uint32_t st = 0; st < stations.count(); ++st)
    if (platforms[st].size() >= 2) todo.push_back(st);

  const double walk_mps = 5 / 3.6;  // the walk network's own speed: time limit for the search only
  const auto limit_ms = static_cast<uint32_t>(o.max_walk_m / walk_mps * 1000);
  std::vector<StationGap> result(todo.size());
  tbb::enumerable_thread_specific<Dijkstra> searches([&] { return Dijkstra(walk.graph()); });
  tbb::parallel_for(size_t{0}, todo.size(), [&](size_t i) {
    const auto& ps = platforms[todo[i]];
    StationGap& g = result[i];
    g.station = stations.name[todo[i]];
    g.platforms = static_cast<uint32_t>(ps.size());
    std::vector<std::optional<Location>> at(ps.size());
    for (size_t p = 0; p < ps.size(); ++p) at[p] = walk.try_locate(ps[p].position, o.max_snap_m);
    auto& search = searches.local();
    for (size_t a = 0; a < ps.size(); ++a) {
      if (at[a]) search.run(seeds_of(*at[a]), limit_ms);
      for (size_t b = a + 1; b < ps.size(); ++b) {
        const double crow = haversine_m(ps[a].position, ps[b].position);
        double network = -1;
        if (at[a] && at[b]) {
          const Arrival arr = arrival_at(walk.graph(), search, *at[a], *at[b]);
          if (arr.time_ms != kNone && arr.dist_m <= o.max_walk_m) network = arr.dist_m;
        }
        const double ratio = network < 0 ? std::numeric_limits<double>::infinity() : network / std::max(crow, o.min_crow_fly_m);
        ++g.pairs;
        g.detours += ratio > o.detour_factor;
        if (g.pairs == 1 || ratio > g.ratio) {
          g.from = ps[a].key;
          g.to = ps[b].key;
          g.crow_fly_m = crow;
          g.network_m = network;
          g.ratio = ratio;
        }
      }
    }
  });
  StationCheck check;
  check.stations = todo.size();
  for (auto& g : result)
    if (g.detours > 0) check.gaps.push_back(std::move(g));
  std::stable_sort(check.gaps.begin(), check.gaps.end(), [](const StationGap& a, const StationGap& b) {
    return a.ratio != b.ratio ? a.ratio > b.ratio : a.station < b.station;
  });
  return check;
}

}  // namespace cityregions
