#include "transit/quality_classes.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "network/graph.hpp"

namespace cityregions {

char pt_mode_group(int32_t t) {
  if (t == 1 || t == 2 || (t >= 100 && t <= 117) || (t >= 400 && t <= 403) || t == 405) return 'A';
  if (t == 0 || (t >= 900 && t <= 906) || t == 7 || t == 1400) return 'B';
  return 'C';
}

int pt_headway_band(double h) {
  if (h < 5) return 1;
  if (h < 10) return 2;
  if (h < 20) return 3;
  if (h < 40) return 4;
  if (h < 60) return 5;
  if (h <= 120) return 6;
  return 0;
}

int pt_station_category(int band, char group) {
  // Rows: headway band 1–6; columns: A rail/metro, B tram, C bus (domain.md §8.1, step 4).
  static constexpr int table[6][3] = {{1, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 6}, {5, 6, 7}};
  if (band < 1 || band > 6) return 0;
  const int col = group == 'A' ? 0 : group == 'B' ? 1 : 2;
  return table[band - 1][col];
}

char pt_quality_class(int category, double distance_m) {
  // Rows: category I–VII; columns: ≤300, ≤500, ≤750, ≤1000 m (domain.md §8.1, step 5).
  static constexpr char table[7][4] = {{'A', 'A', 'B', 'C'}, {'A', 'B', 'C', 'D'}, {'B', 'C', 'D', 'E'}, {'C', 'D', 'E', 'F'},
                                       {'D', 'E', 'F', 0},   {'E', 'F', 0, 0},     {'F', 0, 0, 0}};
  if (category < 1 || category > 7) return 0;
  for (int b = 0; b < 4; ++b)
    if (distance_m <= kPtClassBands[b]) return table[category - 1][b];
  return 0;
}

std::vector<PtStation> pt_stations(const std::vector<GtfsFeed>& feeds, int32_t date, int32_t from_s, int32_t to_s,
                                   std::span<const StationOverride> overrides) {
  if (to_s <= from_s) throw Error("quality classes: the time window is empty");
  const int32_t yesterday = add_days(date, -1);
  const Stations stations = group_stations(feeds, overrides);
  // A departure: station, time, line, mode, next station. One that two feeds both hold (the
  // same line leaving the same station at the same second towards the same station) counts once.
  struct Departure {
    uint32_t station;
    int32_t time;
    std::string line;
    int32_t route_type;
    uint32_t next;
    auto operator<=>(const Departure&) const = default;
  };
  std::vector<Departure> departures;
  std::vector<std::vector<std::string>> stops(stations.count());
  for (uint32_t fi = 0; fi < feeds.size(); ++fi) {
    const auto& f = feeds[fi];
    std::vector<uint8_t> listed(f.stop_id.size(), 0);
    for (uint32_t t = 0; t < f.trip_count(); ++t) {
      if (f.trip_service[t] == kNone) continue;
      const uint32_t b = f.trip_first_stop_time[t], e = f.trip_first_stop_time[t + 1];
      if (e - b < 2) continue;
      const uint32_t route = f.trip_route[t];
      const std::string& line = f.route_short_name[route].empty() ? f.route_long_name[route] : f.route_short_name[route];
      for (int32_t shift : {0, -86400}) {
        if (!f.service_active(f.trip_service[t], shift == 0 ? date : yesterday)) continue;
        for (uint32_t i = b; i + 1 < e; ++i) {  // the last stop has no departure
          const int32_t d = f.stop_time_departure[i] + shift;
          if (d < from_s || d >= to_s) continue;
          const uint32_t s = f.stop_time_stop[i], st = stations.of_stop[fi][s];
          departures.push_back({st, d, line, f.route_type[route], stations.of_stop[fi][f.stop_time_stop[i + 1]]});
          if (!listed[s]) stops[st].push_back(f.name + ":" + f.stop_id[s]);
          listed[s] = 1;
        }
      }
    }
  }
  std::sort(departures.begin(), departures.end());
  departures.erase(std::unique(departures.begin(), departures.end()), departures.end());
  std::vector<int> count(stations.count(), 0);
  std::vector<std::array<int, 3>> by_group(stations.count(), {0, 0, 0});
  for (const auto& d : departures) {
    ++count[d.station];
    ++by_group[d.station][pt_mode_group(d.route_type) - 'A'];
  }
  const double window_min = (to_s - from_s) / 60.0;
  std::vector<PtStation> out;
  for (uint32_t st = 0; st < stations.count(); ++st) {
    if (count[st] == 0) continue;
    PtStation p{stations.name[st], "", stations.position[st], count[st], 0, 'C', 0};
    for (const auto& k : stops[st]) p.stops += (p.stops.empty() ? "" : " ") + k;
    p.mode_group = by_group[st][0] ? 'A' : by_group[st][1] ? 'B' : 'C';
    p.headway_min = window_min / (p.departures / 2.0);
    p.category = pt_station_category(pt_headway_band(p.headway_min), p.mode_group);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace cityregions
