#include "transit/transit_times.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "transit/access.hpp"

namespace cityregions {

int32_t percentile_of(std::vector<int32_t> samples, double p) {
  if (samples.empty()) return kUnreached;
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
  return samples[std::clamp<size_t>(rank, 1, samples.size()) - 1];
}

namespace {

struct Worker {
  Raptor raptor;
  Dijkstra search;
};

void check(const TransitQuery& q) {
  if (q.window_s < 0 || q.step_s <= 0 || q.max_walk_s < 0 || q.max_transfers < 0)
    throw Error("transit query: window, step, walking time and transfers must not be negative");
}

}  // namespace

void transit_samples(const Timetable& tt, const StreetNetwork& walk, std::span<const std::optional<Location>> origins,
                     std::span<const std::optional<Location>> destinations, const TransitQuery& q, const SamplesVisitor& visit,
                     bool show_progress) {
  check(q);
  Progress progress("transit times", origins.size() + destinations.size(), show_progress);
  tbb::enumerable_thread_specific<Worker> workers([&] { return Worker{Raptor(tt, q.max_transfers), Dijkstra(walk.graph())}; });
  // Egress: the stops within walking distance of each destination (walking taken as symmetric).
  std::vector<std::vector<StopAccess>> egress(destinations.size());
  tbb::parallel_for(size_t{0}, destinations.size(), [&](size_t d) {
    if (destinations[d]) egress[d] = stops_within(tt, walk, workers.local().search, *destinations[d], q.max_walk_s, Direction::egress);
    progress.advance();
  });
  tbb::parallel_for(size_t{0}, origins.size(), [&](size_t o) {
    progress.advance();
    if (!origins[o]) return;
    Worker& w = workers.local();
    const auto access = stops_within(tt, walk, w.search, *origins[o], q.max_walk_s);
    std::vector<int32_t> walk_only(destinations.size(), kUnreached);
    for (size_t d = 0; d < destinations.size(); ++d) {
      if (!destinations[d]) continue;
      const Arrival a = arrival_at(walk.graph(), w.search, *origins[o], *destinations[d]);
      if (a.time_ms != kNone) walk_only[d] = static_cast<int32_t>((a.time_ms + 999) / 1000);
    }
    std::vector<std::vector<int32_t>> samples(destinations.size());
    w.raptor.run_range(access, q.departure, q.departure + q.window_s, q.step_s, [&](int32_t dep) {
      for (size_t d = 0; d < destinations.size(); ++d) {
        if (!destinations[d]) continue;
        const int32_t arrive = w.raptor.arrival(egress[d]);
        samples[d].push_back(std::min(arrive == kUnreached ? kUnreached : arrive - dep, walk_only[d]));
      }
    });
    visit(o, samples);
  });
  progress.finish();
}

TransitMatrix transit_matrix(const Timetable& tt, const StreetNetwork& walk, std::span<const Location> origins,
                             std::span<const Location> destinations, const TransitQuery& q,
                             const std::vector<double>& percentiles, bool show_progress) {
  TransitMatrix m;
  m.origins = origins.size();
  m.destinations = destinations.size();
  m.percentiles = percentiles;
  m.values.assign(m.origins * m.destinations * m.stride(), kUnreached);
  const std::vector<std::optional<Location>> from(origins.begin(), origins.end()), to(destinations.begin(), destinations.end());
  transit_samples(tt, walk, from, to, q, [&](size_t o, std::vector<std::vector<int32_t>>& samples) {
    for (size_t d = 0; d < m.destinations; ++d) {
      int32_t* out = &m.values[(o * m.destinations + d) * m.stride()];
      out[0] = *std::min_element(samples[d].begin(), samples[d].end());
      for (size_t pi = 0; pi < percentiles.size(); ++pi) out[1 + pi] = percentile_of(samples[d], percentiles[pi]);
    }
  }, show_progress);
  return m;
}

std::vector<uint32_t> transit_node_times(const Timetable& tt, const StreetNetwork& walk, const Location& origin,
                                         const TransitQuery& q, double percentile, double max_minutes) {
  check(q);
  const Graph& g = walk.graph();
  Raptor raptor(tt, q.max_transfers);
  Dijkstra search(g);
  const auto access = stops_within(tt, walk, search, origin, q.max_walk_s);
  const auto limit_ms = static_cast<uint32_t>(max_minutes * 60000);
  std::vector<std::vector<int32_t>> samples(g.node_count());
  std::vector<Dijkstra::Seed> seeds;
  raptor.run_range(access, q.departure, q.departure + q.window_s, q.step_s, [&](int32_t dep) {
    // Walk on from every stop reached (and from the origin itself) in one multi-source search.
    seeds = seeds_of(origin);
    for (uint32_t s = 0; s < tt.stop_count(); ++s) {
      const int32_t a = raptor.arrival(s);
      if (a == kUnreached || !tt.stop_location[s]) continue;
      const auto offset = static_cast<uint32_t>(a - dep) * 1000;
      if (offset > limit_ms) continue;
      for (const auto& d : tt.stop_location[s]->departures)
        seeds.push_back({d.node, offset + d.time_ms, d.dist_m, d.edge});
    }
    search.run(seeds, limit_ms);
    for (uint32_t v : search.settled()) samples[v].push_back(static_cast<int32_t>(search.time_ms(v)));
  });
  const size_t runs = static_cast<size_t>(q.window_s / q.step_s) + 1;
  std::vector<uint32_t> out(g.node_count(), kNone);
  for (uint32_t v = 0; v < g.node_count(); ++v) {
    auto& s = samples[v];
    if (s.empty()) continue;
    s.resize(runs, kUnreached);  // departures that did not reach the node within the limit
    const int32_t t = percentile_of(std::move(s), percentile);
    if (t != kUnreached) out[v] = static_cast<uint32_t>(t);
  }
  return out;
}

}  // namespace cityregions

namespace cityregions {

std::optional<TransitTrip> plan_transit_trip(const Timetable& tt, const StreetNetwork& walk, const Location& from,
                                             const Location& to, const TransitQuery& q) {
  Raptor raptor(tt, q.max_transfers);
  Dijkstra search(walk.graph());
  const auto access = stops_within(tt, walk, search, from, q.max_walk_s);
  const Arrival direct = arrival_at(walk.graph(), search, from, to);
  const auto egress = stops_within(tt, walk, search, to, q.max_walk_s, Direction::egress);
  raptor.run(access, q.departure);
  // The best stop to leave the network at.
  uint32_t best_stop = kNone;
  int32_t best = kUnreached, egress_s = 0;
  for (const auto& e : egress) {
    const int32_t a = raptor.arrival(e.stop);
    if (a != kUnreached && a + e.seconds < best) best = a + e.seconds, best_stop = e.stop, egress_s = e.seconds;
  }
  const int32_t walk_s = direct.time_ms == kNone ? kUnreached : static_cast<int32_t>((direct.time_ms + 999) / 1000);
  TransitTrip trip{q.departure, 0, {}};
  if (walk_s != kUnreached && (best == kUnreached || q.departure + walk_s <= best)) {
    trip.arrive = q.departure + walk_s;
    trip.legs.push_back({TripLeg::Kind::walk, "origin", "destination", q.departure, trip.arrive, "", "", -1});
    return trip;
  }
  if (best == kUnreached) return std::nullopt;
  trip.arrive = best;
  auto stop_name = [&](uint32_t s) { return s == kNone ? std::string("origin") : tt.stop_name[s]; };
  for (const Leg& l : raptor.journey(best_stop)) {
    if (l.kind == Leg::Kind::ride) {
      const std::string route = tt.route_short_name[l.route].empty() ? tt.route_long_name[l.route] : tt.route_short_name[l.route];
      trip.legs.push_back({TripLeg::Kind::ride, stop_name(l.from_stop), stop_name(l.to_stop), l.depart, l.arrive, route,
                           tt.trip_name[l.trip], tt.route_type[l.route]});
    } else {
      // The access walk is shown from the departure time.
      trip.legs.push_back({TripLeg::Kind::walk, stop_name(l.from_stop), stop_name(l.to_stop),
                           l.from_stop == kNone ? q.departure : l.depart, l.arrive, "", "", -1});
    }
  }
  trip.legs.push_back({TripLeg::Kind::walk, tt.stop_name[best_stop], "destination", best - egress_s, best, "", "", -1});
  return trip;
}

}  // namespace cityregions
