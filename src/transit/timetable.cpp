#include "transit/timetable.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <queue>
#include <tuple>

namespace cityregions {

namespace {

struct RunningTrip {
  uint32_t feed, trip;
  int32_t shift;  // 0, or −86400 for a trip of the day before
};

// Quickest times between the stops of a feed through its pathways (from, to, seconds): Dijkstra
// over the pathway graph from each stop a pathway touches.
std::vector<std::tuple<uint32_t, uint32_t, int32_t>> pathway_times(const GtfsFeed& f, const TimetableOptions& o) {
  auto position = [&](uint32_t s) {
    // Generic nodes and boarding areas may lack coordinates: their parent's then.
    for (int depth = 0; depth < 4 && s != kNone; ++depth, s = f.stop_parent[s])
      if (f.stop_coord[s].lat_e7 != 0 || f.stop_coord[s].lon_e7 != 0) return f.stop_coord[s].lonlat();
    return LonLat{0, 0};
  };
  std::vector<std::vector<std::pair<uint32_t, int32_t>>> out_edges(f.stop_id.size());
  for (const auto& p : f.pathways) {
    int32_t secs = p.traversal_s;
    if (secs < 0 && p.length_m >= 0) secs = static_cast<int32_t>(std::ceil(p.length_m / o.walk_speed_mps));
    if (secs < 0)  // neither time nor length: crow-fly × detour at walking speed, plus the change time for a lift
      secs = static_cast<int32_t>(std::ceil(haversine_m(position(p.from), position(p.to)) * o.detour_factor / o.walk_speed_mps)) +
             (p.mode == 5 ? o.change_s : 0);
    out_edges[p.from].emplace_back(p.to, secs);
    if (p.bidirectional) out_edges[p.to].emplace_back(p.from, secs);
  }
  std::vector<std::tuple<uint32_t, uint32_t, int32_t>> times;
  std::vector<int32_t> best(f.stop_id.size(), kUnreached);
  std::vector<uint32_t> touched;
  for (uint32_t s = 0; s < f.stop_id.size(); ++s) {
    if (out_edges[s].empty() || f.stop_location_type[s] != 0) continue;
    using Item = std::pair<int32_t, uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    best[s] = 0;
    touched.push_back(s);
    heap.push({0, s});
    while (!heap.empty()) {
      const auto [t, v] = heap.top();
      heap.pop();
      if (t > best[v]) continue;
      if (v != s && f.stop_location_type[v] == 0) times.emplace_back(s, v, t);
      for (const auto& [w, secs] : out_edges[v])
        if (t + secs < best[w]) {
          if (best[w] == kUnreached) touched.push_back(w);
          best[w] = t + secs;
          heap.push({best[w], w});
        }
    }
    for (uint32_t v : touched) best[v] = kUnreached;
    touched.clear();
  }
  return times;
}

}  // namespace

const char* transfer_source_name(TransferSource s) {
  switch (s) {
    case TransferSource::feed: return "transfers.txt";
    case TransferSource::pathways: return "pathways";
    case TransferSource::station: return "station";
    case TransferSource::walk: return "walk";
  }
  return "";
}

int32_t station_change_cap_s(double metres, const TimetableOptions& o) {
  return static_cast<int32_t>(std::ceil(metres * o.detour_factor / o.walk_speed_mps)) + o.change_s;
}

int32_t Timetable::transfer_time(uint32_t a, uint32_t b) const {
  const auto first = transfer_to.begin() + transfer_first[a], last = transfer_to.begin() + transfer_first[a + 1];
  const auto it = std::lower_bound(first, last, b);
  return it != last && *it == b ? transfer_s[static_cast<size_t>(it - transfer_to.begin())] : kUnreached;
}

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
    const uint32_t route = key.first;
    const std::vector<uint32_t>& stops = key.second;  // not a structured binding: lambdas capture it (clang 14)
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

  // Stations of the stops.
  const Stations stations = group_stations(feeds, options.station_overrides);
  tt.station_name = stations.name;
  tt.stop_station.assign(n, kNone);
  for (uint32_t fi = 0; fi < feeds.size(); ++fi)
    for (uint32_t fs = 0; fs < feeds[fi].stop_id.size(); ++fs)
      if (global_stop[fi][fs] != kNone) tt.stop_station[global_stop[fi][fs]] = stations.of_stop[fi][fs];
  std::vector<std::vector<uint32_t>> platforms(stations.count());
  for (uint32_t s = 0; s < n; ++s) platforms[tt.stop_station[s]].push_back(s);

  // Stops on the walk network, and walking transfers between them.
  tt.stop_location.resize(n);
  tbb::parallel_for(uint32_t{0}, n, [&](uint32_t s) {
    tt.stop_location[s] = walk.try_locate(tt.stop_coord[s].lonlat(), options.max_stop_snap_m);
  });
  struct Link {
    uint32_t to;
    int32_t seconds;
    TransferSource source;
  };
  std::vector<std::vector<Link>> links(n);
  const double reach_m = options.max_transfer_walk_s * 2.0;  // generous crow-fly bound for the candidates
  std::vector<uint32_t> by_lat(n);
  std::iota(by_lat.begin(), by_lat.end(), 0);
  std::sort(by_lat.begin(), by_lat.end(), [&](uint32_t a, uint32_t b) { return tt.stop_coord[a].lat_e7 < tt.stop_coord[b].lat_e7; });
  const auto lat_window = static_cast<int32_t>(reach_m / 111195.0 * 1e7);
  tbb::enumerable_thread_specific<Dijkstra> searches([&] { return Dijkstra(walk.graph()); });
  tbb::parallel_for(uint32_t{0}, n, [&](uint32_t s) {
    auto& out = links[s];
    if (tt.stop_location[s]) {
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
          out.push_back({u, static_cast<int32_t>((a.time_ms + 999) / 1000), TransferSource::walk});
      }
    }
    // Within the station: never longer than the crow-fly cap.
    for (uint32_t u : platforms[tt.stop_station[s]]) {
      if (u == s) continue;
      const int32_t cap = station_change_cap_s(haversine_m(tt.stop_coord[s].lonlat(), tt.stop_coord[u].lonlat()), options);
      auto it = std::find_if(out.begin(), out.end(), [&](const Link& l) { return l.to == u; });
      if (it == out.end()) out.push_back({u, cap, TransferSource::station});
      else if (cap < it->seconds) *it = {u, cap, TransferSource::station};
    }
  });
  auto set_link = [&](uint32_t a, uint32_t b, int32_t seconds, TransferSource source) {
    auto it = std::find_if(links[a].begin(), links[a].end(), [&](const Link& l) { return l.to == b; });
    if (it == links[a].end()) links[a].push_back({b, seconds, source});
    else *it = {b, seconds, source};
  };
  // Pathways: the quickest way through the station's walkways, stairs and lifts replaces both.
  for (uint32_t fi = 0; fi < feeds.size(); ++fi) {
    const auto& f = feeds[fi];
    if (f.pathways.empty()) continue;
    const auto times = pathway_times(f, options);
    for (const auto& [a, b, seconds] : times)
      if (global_stop[fi][a] != kNone && global_stop[fi][b] != kNone)
        set_link(global_stop[fi][a], global_stop[fi][b], seconds, TransferSource::pathways);
  }
  // transfers.txt, strongest: a minimum time replaces the others, type 3 forbids the transfer; a
  // station named in a row stands for each of its platforms.
  for (uint32_t fi = 0; fi < feeds.size(); ++fi) {
    const auto& f = feeds[fi];
    std::vector<std::vector<uint32_t>> children(f.stop_id.size());
    for (uint32_t fs = 0; fs < f.stop_id.size(); ++fs)
      if (f.stop_parent[fs] != kNone && f.stop_location_type[f.stop_parent[fs]] == 1) children[f.stop_parent[fs]].push_back(fs);
    auto served = [&](uint32_t fs) {
      std::vector<uint32_t> out;
      for (uint32_t c : f.stop_location_type[fs] == 1 ? children[fs] : std::vector<uint32_t>{fs})
        if (global_stop[fi][c] != kNone) out.push_back(global_stop[fi][c]);
      return out;
    };
    for (const auto& t : f.transfers) {
      if (t.type != 3 && t.min_seconds < 0) continue;  // recommended or timed without a time: the rules apply
      for (uint32_t a : served(t.from))
        for (uint32_t b : served(t.to)) {
          if (a == b) continue;
          if (t.type == 3) std::erase_if(links[a], [&](const Link& l) { return l.to == b; });
          else set_link(a, b, t.min_seconds, TransferSource::feed);
        }
    }
  }
  tt.transfer_first.assign(n + 1, 0);
  for (uint32_t s = 0; s < n; ++s) {
    std::sort(links[s].begin(), links[s].end(), [](const Link& a, const Link& b) { return a.to < b.to; });
    for (const auto& l : links[s]) {
      tt.transfer_to.push_back(l.to);
      tt.transfer_s.push_back(l.seconds);
      tt.transfer_source.push_back(l.source);
    }
    tt.transfer_first[s + 1] = static_cast<uint32_t>(tt.transfer_to.size());
  }
  return tt;
}

}  // namespace cityregions
