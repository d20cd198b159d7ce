#pragma once
// Door-to-door travel times by public transport: walk to stops, ride (RAPTOR), walk from stops —
// or walk all the way when that is quicker — over a window of departure minutes, summarised by
// percentiles as accessibility tools do (Conveyal/R5).
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "network/street_network.hpp"
#include "transit/raptor.hpp"

namespace cityregions {

struct TransitQuery {
  int32_t departure = 0;   // seconds after midnight of the timetable's date: the first departure
  int32_t window_s = 0;    // 0: one departure; else every step_s within [departure, departure + window_s]
  int32_t step_s = 60;
  int32_t max_walk_s = 900;  // access, egress, and walking-only trips
  int max_transfers = 5;
};

// Nearest-rank percentile (p in 0…100] of travel times, kUnreached counting as the longest.
int32_t percentile_of(std::vector<int32_t> samples, double p);

struct TransitMatrix {
  size_t origins = 0, destinations = 0;
  std::vector<double> percentiles;
  // Per pair: the minimum, then each percentile, in seconds (kUnreached when not reached).
  std::vector<int32_t> values;
  size_t stride() const { return percentiles.size() + 1; }
  int32_t min(size_t o, size_t d) const { return values[(o * destinations + d) * stride()]; }
  int32_t at(size_t o, size_t d, size_t pi) const { return values[(o * destinations + d) * stride() + 1 + pi]; }
};

// For each origin (in parallel): the travel time to every destination at every departure of the
// window, door to door (kUnreached where not reached). Origins or destinations without a
// location are skipped (their samples stay empty).
using SamplesVisitor = std::function<void(size_t origin, std::vector<std::vector<int32_t>>& samples)>;
void transit_samples(const Timetable& tt, const StreetNetwork& walk, std::span<const std::optional<Location>> origins,
                     std::span<const std::optional<Location>> destinations, const TransitQuery& q, const SamplesVisitor& visit,
                     bool show_progress);

TransitMatrix transit_matrix(const Timetable& tt, const StreetNetwork& walk, std::span<const Location> origins,
                             std::span<const Location> destinations, const TransitQuery& q,
                             const std::vector<double>& percentiles, bool show_progress);

// Travel time to every node of the walk network at a percentile over the window (kNone when not
// reached within max_minutes): the input of transit isochrones.
std::vector<uint32_t> transit_node_times(const Timetable& tt, const StreetNetwork& walk, const Location& origin,
                                         const TransitQuery& q, double percentile, double max_minutes);

}  // namespace cityregions

namespace cityregions {

// One door-to-door public-transport trip for a single departure, with its legs.
struct TripLeg {
  enum class Kind { walk, ride } kind;
  std::string from, to;  // stop names, or "origin" / "destination"
  int32_t depart = 0, arrive = 0;
  std::string route, trip;  // rides
  int32_t route_type = -1;
};
struct TransitTrip {
  int32_t depart = 0, arrive = 0;
  std::vector<TripLeg> legs;
};

// The earliest arrival: RAPTOR between the stops near both points, or walking all the way when
// that is as quick; nullopt when neither reaches the destination.
std::optional<TransitTrip> plan_transit_trip(const Timetable& tt, const StreetNetwork& walk, const Location& from,
                                             const Location& to, const TransitQuery& q);

}  // namespace cityregions
