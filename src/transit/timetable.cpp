#include "transit/timetable.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace cityregions {

namespace {

struct RunningTrip {
  uint32_t feed, trip;
  int32_t shift;  // 0, or −86400 for a trip of the day before
};

}  // namespace

Timetable build_timetable(const std::vector<GtfsFeed>& feeds, int32_t date, const StreetNetwork& walk,
                          const TimetableOptions& options) {
  Timetable tt;
  tt.date = date;
  const int32_t yesterday = add_days(date, -1);

  // Trips running on the date, grouped by (feed, route, stop sequence).
  std::vector<std::vector<uint32_t>> global_stop(feeds.size()), global_route(feeds.size());
  std::map<std::pair<uint32_t, std::vector<uint32_t>>, std::vector<RunningTrip>> groups;  // (route, stops)
  for (uint32_t fi = 0; fi < feeds.size(); ++fi) {
    const auto& f = feeds[fi];
    global_stop[fi].assign(f.stop_id.size(), kNone);
    global_route[fi].assign(f.route_id.size(), kNone);
    for (uint32_t t = 0; t < f.trip_count(); ++t) {
      const uint32_t b = f.trip_first_stop_time[t], e = f.trip_first_stop_time[t + 1];
      if (e - b < 2 || f.trip_service[t] == kNone) continue;
      std::vector<int32_t> shifts;
      if (f.service_active(f.trip_service[t], date)) shifts.push_back(0);
      if (f.stop_time_arrival[e - 1] >= 86400 && f.service_active(f.trip_service[t], yesterday)) shifts.push_back(-86400);
      if (shifts.empty()) continue;
      uint32_t& r = global_route[fi][f.trip_route[t]];
      if (r == kNone) {
        r = static_cast<uint32_t>(tt.route_type.size());
        tt.route_short_name.push_back(f.route_short_name[f.trip_route[t]]);
        tt.route_long_name.push_back(f.route_long_name[f.trip_route[t]]);
        tt.route_type.push_back(f.route_type[f.trip_route[t]]);
      }
      std::vector<uint32_t> stops;
      for (uint32_t i = b; i < e; ++i) {
        uint32_t& s = global_stop[fi][f.stop_time_stop[i]];
        if (s == kNone) {
          s = static_cast<uint32_t>(tt.stop_name.size());
          const uint32_t fs = f.stop_time_stop[i];
          tt.stop_name.push_back(f.stop_name[fs]);
          tt.stop_key.push_back(f.name + ":" + f.stop_id[fs]);
          tt.stop_coord.push_back(f.stop_coord[fs]);
        }
        stops.push_back(s);
      }
      auto& group = groups[{r, stops}];
      for (int32_t shift : shifts) group.push_back({fi, t, shift});
    }
  }

  // Patterns: each group sorted by first departure and split so that no trip overtakes another.
  tt.pattern_first_stop.push_back(0);
  tt.pattern_first_trip.push_back(0);
  for (auto& [key, trips] : groups) {
    const auto& [route, stops] = key;
    auto times = [&](const RunningTrip& rt, uint32_t i, bool departure) {
      const auto& f = feeds[rt.feed];
      const uint32_t at = f.trip_first_stop_time[rt.trip] + i;
      return (departure ? f.stop_time_departure[at] : f.stop_time_arrival[at]) + rt.shift;
    };
    std::sort(trips.begin(), trips.end(), [&](const RunningTrip& a, const RunningTrip& b) {
      const int32_t da = times(a, 0, true), db = times(b, 0, true);
      return da != db ? da < db : times(a, static_cast<uint32_t>(stops.size() - 1), false) < times(b, static_cast<uint32_t>(stops.size() - 1), false);
    });
    std::vector<std::vector<RunningTrip>> fifo;
    for (const auto& t : trips) {
      bool placed = false;
      for (auto& sub : fifo) {
        const auto& last = sub.back();
        bool after = true;
        for (uint32_t i = 0; i < stops.size() && after; ++i)
          after = times(t, i, true) >= times(last, i, true) && times(t, i, false) >= times(last, i, false);
        if (after) {
          sub.push_back(t);
          placed = true;
          break;
        }
      }
      if (!placed) fifo.push_back({t});
    }
    for (const auto& sub : fifo) {
      tt.pattern_stops.insert(tt.pattern_stops.end(), stops.begin(), stops.end());
      tt.pattern_first_stop.push_back(static_cast<uint32_t>(tt.pattern_stops.size()));
      tt.pattern_route.push_back(route);
      for (const auto& t : sub) {
        tt.trip_first_time.push_back(static_cast<uint32_t>(tt.arrival.size()));
        const auto& f = feeds[t.feed];
        tt.trip_name.push_back(f.name + ":" + f.trip_id[t.trip] + (t.shift ? " (day before)" : ""));
        for (uint32_t i = 0; i < stops.size(); ++i) {
          tt.arrival.push_back(times(t, i, false));
          tt.departure.push_back(times(t, i, true));
        }
      }
      tt.pattern_first_trip.push_back(static_cast<uint32_t>(tt.trip_first_time.size()));
    }
  }

  // Stop → patterns.
  const uint32_t n = tt.stop_count();
  tt.stop_first_pattern.assign(n + 1, 0);
  for (uint32_t p = 0; p < tt.pattern_count(); ++p)
    for (uint32_t i = tt.pattern_first_stop[p]; i < tt.pattern_first_stop[p + 1]; ++i) ++tt.stop_first_pattern[tt.pattern_stops[i] + 1];
  std::partial_sum(tt.stop_first_pattern.begin(), tt.stop_first_pattern.end(), tt.stop_first_pattern.begin());
  tt.stop_patterns.resize(tt.stop_first_pattern.back());
  {
    std::vector<uint32_t> fill(tt.stop_first_pattern.begin(), tt.stop_first_pattern.end() - 1);
    for (uint32_t p = 0; p < tt.pattern_count(); ++p)
      for (uint32_t i = tt.pattern_first_stop[p]; i < tt.pattern_first_stop[p + 1]; ++i)
        tt.stop_patterns[fill[tt.pattern_stops[i]]++] = {p, i - tt.pattern_first_stop[p]};
  }

  // Stops on the walk network, and walking transfers between them.
  tt.stop_location.resize(n);
  tbb::parallel_for(uint32_t{0}, n, [&](uint32_t s) {
    tt.stop_location[s] = walk.try_locate(tt.stop_coord[s].lonlat(), options.max_stop_snap_m);
  });
  std::vector<std::vector<std::pair<uint32_t, int32_t>>> links(n);
  const double reach_m = options.max_transfer_walk_s * 2.0;  // generous crow-fly bound for the candidates
  std::vector<uint32_t> by_lat(n);
  std::iota(by_lat.begin(), by_lat.end(), 0);
  std::sort(by_lat.begin(), by_lat.end(), [&](uint32_t a, uint32_t b) { return tt.stop_coord[a].lat_e7 < tt.stop_coord[b].lat_e7; });
  const auto lat_window = static_cast<int32_t>(reach_m / 111195.0 * 1e7);
  tbb::enumerable_thread_specific<Dijkstra> searches([&] { return Dijkstra(walk.graph()); });
  tbb::parallel_for(uint32_t{0}, n, [&](uint32_t s) {
    if (!tt.stop_location[s]) return;
    auto& search = searches.local();
    const auto& from = *tt.stop_location[s];
    search.run(seeds_of(from), static_cast<uint32_t>(options.max_transfer_walk_s) * 1000);
    const int32_t lat = tt.stop_coord[s].lat_e7;
    auto lo = std::lower_bound(by_lat.begin(), by_lat.end(), lat - lat_window,
                               [&](uint32_t a, int32_t v) { return tt.stop_coord[a].lat_e7 < v; });
    for (auto it = lo; it != by_lat.end() && tt.stop_coord[*it].lat_e7 <= lat + lat_window; ++it) {
      const uint32_t u = *it;
      if (u == s || !tt.stop_location[u]) continue;
      if (haversine_m(tt.stop_coord[s].lonlat(), tt.stop_coord[u].lonlat()) > reach_m) continue;
      const Arrival a = arrival_at(walk.graph(), search, from, *tt.stop_location[u]);
      if (a.time_ms <= static_cast<uint32_t>(options.max_transfer_walk_s) * 1000)
        links[s].emplace_back(u, static_cast<int32_t>((a.time_ms + 999) / 1000));
    }
  });
  // transfers.txt overrides the walking time where it gives a minimum.
  for (uint32_t fi = 0; fi < feeds.size(); ++fi)
    for (const auto& t : feeds[fi].transfers) {
      const uint32_t a = global_stop[fi][t.from], b = global_stop[fi][t.to];
      if (a == kNone || b == kNone) continue;
      auto it = std::find_if(links[a].begin(), links[a].end(), [&](const auto& l) { return l.first == b; });
      if (it != links[a].end())
        it->second = std::max(it->second, t.min_seconds);
      else
        links[a].emplace_back(b, t.min_seconds);
    }
  tt.transfer_first.assign(n + 1, 0);
  for (uint32_t s = 0; s < n; ++s) {
    std::sort(links[s].begin(), links[s].end());
    for (const auto& [u, secs] : links[s]) {
      tt.transfer_to.push_back(u);
      tt.transfer_s.push_back(secs);
    }
    tt.transfer_first[s + 1] = static_cast<uint32_t>(tt.transfer_to.size());
  }
  return tt;
}

}  // namespace cityregions
