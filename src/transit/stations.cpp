#include "transit/stations.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/error.hpp"
#include "network/graph.hpp"

namespace cityregions {

const char* station_source_name(Stations::Source s) {
  switch (s) {
    case Stations::Source::single: return "single stop";
    case Stations::Source::parent: return "parent_station";
    case Stations::Source::name: return "same name";
    case Stations::Source::override: return "override";
  }
  return "";
}

namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  uint32_t find(uint32_t a) {
    while (parent_[a] != a) a = parent_[a] = parent_[parent_[a]];
    return a;
  }
  // The root of the merged set is b's.
  void join(uint32_t a, uint32_t b) { parent_[find(a)] = find(b); }

 private:
  std::vector<uint32_t> parent_;
};

}  // namespace

Stations group_stations(const std::vector<GtfsFeed>& feeds, std::span<const StationOverride> overrides, const StationRules& rules) {
  // All stops of all feeds numbered one after the other.
  std::vector<uint32_t> offset(feeds.size() + 1, 0);
  for (size_t f = 0; f < feeds.size(); ++f) offset[f + 1] = offset[f] + static_cast<uint32_t>(feeds[f].stop_id.size());
  const uint32_t n = offset.back();
  std::vector<uint32_t> feed_of(n);
  for (uint32_t f = 0; f < feeds.size(); ++f) std::fill(feed_of.begin() + offset[f], feed_of.begin() + offset[f + 1], f);
  auto stop = [&](uint32_t g) { return g - offset[feed_of[g]]; };
  auto type = [&](uint32_t g) { return feeds[feed_of[g]].stop_location_type[stop(g)]; };
  auto coord = [&](uint32_t g) { return feeds[feed_of[g]].stop_coord[stop(g)].lonlat(); };
  auto name = [&](uint32_t g) -> const std::string& { return feeds[feed_of[g]].stop_name[stop(g)]; };

  // Overrides by label.
  std::vector<std::string> label(n);
  for (const auto& o : overrides) {
    const auto f = std::find_if(feeds.begin(), feeds.end(), [&](const GtfsFeed& x) { return x.name == o.feed; });
    if (f == feeds.end()) throw Error("station override: no feed '" + o.feed + "' in the workspace");
    const auto s = std::find(f->stop_id.begin(), f->stop_id.end(), o.stop_id);
    if (s == f->stop_id.end()) throw Error("station override: feed '" + o.feed + "' has no stop '" + o.stop_id + "'");
    if (o.station.empty()) throw Error("station override: stop '" + o.stop_id + "' of feed '" + o.feed + "' names no station");
    label[offset[static_cast<size_t>(f - feeds.begin())] + static_cast<uint32_t>(s - f->stop_id.begin())] = o.station;
  }

  UnionFind sets(n);
  // 1. A stop follows its parent (boarding areas, entrances and nodes too), unless overridden.
  for (uint32_t g = 0; g < n; ++g) {
    const uint32_t parent = feeds[feed_of[g]].stop_parent[stop(g)];
    if (parent != kNone && label[g].empty()) sets.join(g, offset[feed_of[g]] + parent);
  }
  // Candidates for the name and place rules, swept by latitude: stops and stations not overridden.
  // Within a feed the name rule joins only stops without a parent station (those follow it).
  std::vector<uint32_t> candidates;
  for (uint32_t g = 0; g < n; ++g)
    if (label[g].empty() && type(g) <= 1) candidates.push_back(g);
  auto free = [&](uint32_t g) { return type(g) == 1 || feeds[feed_of[g]].stop_parent[stop(g)] == kNone; };
  std::sort(candidates.begin(), candidates.end(), [&](uint32_t a, uint32_t b) { return coord(a).lat < coord(b).lat; });
  struct Pair {
    double metres;
    uint32_t a, b;
  };
  std::vector<Pair> same_name, same_place;
  const double reach_deg = std::max(rules.same_name_m, rules.same_place_m) / 111195.0;
  for (size_t i = 0; i < candidates.size(); ++i)
    for (size_t j = i + 1; j < candidates.size() && coord(candidates[j]).lat - coord(candidates[i]).lat <= reach_deg; ++j) {
      const uint32_t a = candidates[i], b = candidates[j];
      const bool one_feed = feed_of[a] == feed_of[b];
      if (one_feed && !(free(a) && free(b))) continue;
      const double d = haversine_m(coord(a), coord(b));
      if (d <= rules.same_name_m && !name(a).empty() && name(a) == name(b)) same_name.push_back({d, a, b});
      else if (!one_feed && d <= rules.same_place_m && type(a) == 0 && type(b) == 0) same_place.push_back({d, a, b});
    }
  auto by_distance = [](const Pair& x, const Pair& y) { return x.metres != y.metres ? x.metres < y.metres : std::tie(x.a, x.b) < std::tie(y.a, y.b); };
  std::sort(same_name.begin(), same_name.end(), by_distance);
  std::sort(same_place.begin(), same_place.end(), by_distance);

  // 2. Same name within a feed, closest first; two parent stations are never merged.
  std::vector<uint8_t> has_parent_station(n, 0);
  for (uint32_t g = 0; g < n; ++g)
    if (type(g) == 1) has_parent_station[sets.find(g)] = 1;
  for (const auto& p : same_name) {
    if (feed_of[p.a] != feed_of[p.b]) continue;
    const uint32_t ra = sets.find(p.a), rb = sets.find(p.b);
    if (ra == rb || (has_parent_station[ra] && has_parent_station[rb])) continue;
    has_parent_station[rb] |= has_parent_station[ra];
    sets.join(ra, rb);
  }
  // 3. Across feeds: same name, or platforms at the same place; a station never takes in two
  // stations of one feed.
  std::vector<std::vector<uint32_t>> feeds_in(n);
  for (uint32_t g = 0; g < n; ++g) {
    auto& v = feeds_in[sets.find(g)];
    if (std::find(v.begin(), v.end(), feed_of[g]) == v.end()) v.push_back(feed_of[g]);
  }
  for (const auto* list : {&same_name, &same_place})
    for (const auto& p : *list) {
      if (feed_of[p.a] == feed_of[p.b]) continue;
      const uint32_t ra = sets.find(p.a), rb = sets.find(p.b);
      if (ra == rb) continue;
      auto& fa = feeds_in[ra];
      auto& fb = feeds_in[rb];
      if (std::any_of(fa.begin(), fa.end(), [&](uint32_t f) { return std::find(fb.begin(), fb.end(), f) != fb.end(); })) continue;
      fb.insert(fb.end(), fa.begin(), fa.end());
      sets.join(ra, rb);
    }
  // 4. Overrides: one station per label.
  std::map<std::string, uint32_t> first_with_label;
  for (uint32_t g = 0; g < n; ++g)
    if (!label[g].empty()) {
      auto [it, fresh] = first_with_label.emplace(label[g], g);
      if (!fresh) sets.join(g, it->second);
    }

  // Number the stations in stop order; name, position and source from their members.
  Stations st;
  st.of_stop.resize(feeds.size());
  for (size_t f = 0; f < feeds.size(); ++f) st.of_stop[f].assign(feeds[f].stop_id.size(), kNone);
  std::vector<uint32_t> index(n, kNone);
  std::vector<std::vector<uint32_t>> members;
  for (uint32_t g = 0; g < n; ++g) {
    uint32_t& i = index[sets.find(g)];
    if (i == kNone) {
      i = static_cast<uint32_t>(members.size());
      members.emplace_back();
    }
    members[i].push_back(g);
    st.of_stop[feed_of[g]][stop(g)] = i;
  }
  for (const auto& m : members) {
    uint32_t parent_station = kNone, platforms = 0, first_platform = kNone;
    std::string overridden;
    double lon = 0, lat = 0;
    bool by_parent = false;
    for (uint32_t g : m) {
      if (type(g) == 1 && parent_station == kNone) parent_station = g;
      if (!label[g].empty() && overridden.empty()) overridden = label[g];
      if (type(g) == 0) {
        ++platforms;
        if (first_platform == kNone) first_platform = g;
        lon += coord(g).lon;
        lat += coord(g).lat;
        by_parent |= feeds[feed_of[g]].stop_parent[stop(g)] != kNone;
      }
    }
    const uint32_t named = parent_station != kNone ? parent_station : first_platform != kNone ? first_platform : m.front();
    st.name.push_back(!overridden.empty() ? overridden : name(named));
    st.position.push_back(parent_station != kNone || platforms == 0 ? coord(named) : LonLat{lon / platforms, lat / platforms});
    st.source.push_back(!overridden.empty() ? Stations::Source::override
                        : by_parent         ? Stations::Source::parent
                        : platforms > 1     ? Stations::Source::name
                                            : Stations::Source::single);
  }
  return st;
}

}  // namespace cityregions
