#include "transit/quality_classes.hpp"

#include <map>

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

std::vector<PtStation> pt_stations(const std::vector<GtfsFeed>& feeds, int32_t date, int32_t from_s, int32_t to_s) {
  if (to_s <= from_s) throw Error("quality classes: the time window is empty");
  const int32_t yesterday = add_days(date, -1);
  std::vector<PtStation> stations;
  std::vector<std::vector<int>> groups_seen;  // per station: count of departures per mode group (A, B, C)
  for (const auto& f : feeds) {
    // Station of each stop: its parent, else the first stop of the same name within 200 m.
    std::vector<uint32_t> station_of(f.stop_id.size(), kNone);
    std::map<std::string, std::vector<uint32_t>> by_name;  // name → stations
    std::map<uint32_t, uint32_t> of_parent;                 // parent stop → station
    auto station_for = [&](uint32_t s) {
      if (station_of[s] != kNone) return station_of[s];
      const uint32_t parent = f.stop_parent[s];
      uint32_t st = kNone;
      if (parent != kNone) {
        if (auto it = of_parent.find(parent); it != of_parent.end()) st = it->second;
      } else {
        for (uint32_t candidate : by_name[f.stop_name[s]])
          if (haversine_m(stations[candidate].position, f.stop_coord[s].lonlat()) <= 200) st = candidate;
      }
      if (st == kNone) {
        st = static_cast<uint32_t>(stations.size());
        const uint32_t named = parent != kNone ? parent : s;
        stations.push_back({f.stop_name[named], "", f.stop_coord[named].lonlat(), 0, 0, 'C', 0});
        groups_seen.push_back({0, 0, 0});
        if (parent != kNone) of_parent[parent] = st;
        else by_name[f.stop_name[s]].push_back(st);
      }
      stations[st].stops += (stations[st].stops.empty() ? "" : " ") + f.name + ":" + f.stop_id[s];
      return station_of[s] = st;
    };
    for (uint32_t t = 0; t < f.trip_count(); ++t) {
      if (f.trip_service[t] == kNone) continue;
      const uint32_t b = f.trip_first_stop_time[t], e = f.trip_first_stop_time[t + 1];
      if (e - b < 2) continue;
      for (int32_t shift : {0, -86400}) {
        if (!f.service_active(f.trip_service[t], shift == 0 ? date : yesterday)) continue;
        const char group = pt_mode_group(f.route_type[f.trip_route[t]]);
        for (uint32_t i = b; i + 1 < e; ++i) {  // the last stop has no departure
          const int32_t d = f.stop_time_departure[i] + shift;
          if (d < from_s || d >= to_s) continue;
          const uint32_t st = station_for(f.stop_time_stop[i]);
          ++stations[st].departures;
          ++groups_seen[st][group - 'A'];
        }
      }
    }
  }
  const double window_min = (to_s - from_s) / 60.0;
  std::vector<PtStation> out;
  for (size_t i = 0; i < stations.size(); ++i) {
    auto& s = stations[i];
    if (s.departures == 0) continue;
    s.mode_group = groups_seen[i][0] ? 'A' : groups_seen[i][1] ? 'B' : 'C';
    s.headway_min = window_min / (s.departures / 2.0);
    s.category = pt_station_category(pt_headway_band(s.headway_min), s.mode_group);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace cityregions
