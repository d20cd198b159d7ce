#pragma once
// Round-based public-transit routing (RAPTOR, Delling et al. 2012): round k finds the earliest
// arrivals with k trips. Range queries over a departure window run the departures from late to
// early and keep the labels, so each departure costs only what it improves (rRAPTOR).
#include <functional>
#include <span>
#include <vector>

#include "transit/timetable.hpp"

namespace cityregions {

struct StopAccess {
  uint32_t stop;
  int32_t seconds;  // walking time between the point and the stop
};

// One leg of a journey.
struct Leg {
  enum class Kind { walk, ride } kind;
  uint32_t from_stop = kNone, to_stop = kNone;  // kNone: the journey's origin or destination point
  int32_t depart = 0, arrive = 0;               // seconds after midnight
  uint32_t trip = kNone, route = kNone;         // for rides
};

class Raptor {
 public:
  explicit Raptor(const Timetable& tt, int max_transfers = 5);

  // Earliest arrival at every stop when leaving the origin at `departure`.
  void run(std::span<const StopAccess> access, int32_t departure);
  // One run per departure from `last` down to `first` in `step` seconds, keeping labels; after
  // each, `visit(departure)` may read arrival().
  void run_range(std::span<const StopAccess> access, int32_t first, int32_t last, int32_t step,
                 const std::function<void(int32_t departure)>& visit);

  int32_t arrival(uint32_t stop) const { return tau_[rounds_ * stops_ + stop]; }
  // Earliest arrival at a point reached from stops by walking (egress), or kUnreached.
  int32_t arrival(std::span<const StopAccess> egress) const;
  // The journey to a stop (after run()), fewest rides among the earliest.
  std::vector<Leg> journey(uint32_t stop) const;

 private:
  struct Parent {
    enum Kind : uint8_t { none, access, ride, walk } kind = none;
    // ride: trip, board position, alight position; walk: the ride before it likewise, and the
    // stop the walk starts from (so that a walk never depends on a label overwritten later).
    uint32_t trip = 0, board = 0, alight = 0, from = 0;
  };
  void iterate(std::span<const StopAccess> access, int32_t departure);
  int32_t& tau(uint32_t k, uint32_t s) { return tau_[k * stops_ + s]; }
  int32_t tau(uint32_t k, uint32_t s) const { return tau_[k * stops_ + s]; }
  Parent& parent(uint32_t k, uint32_t s) { return parent_[k * stops_ + s]; }
  int32_t& ride_tau(uint32_t k, uint32_t s) { return ride_tau_[k * stops_ + s]; }

  const Timetable& tt_;
  uint32_t rounds_, stops_;
  std::vector<int32_t> tau_;  // (rounds + 1) × stops, cumulative: round k holds the best with ≤ k rides
  std::vector<int32_t> ride_tau_;  // likewise, arrivals by a ride only
  std::vector<Parent> parent_;
  std::vector<Parent> ride_of_;     // per stop: the ride behind ride_tau in the current round
  std::vector<uint8_t> rode_mark_;
  std::vector<uint8_t> marked_, next_marked_;
  std::vector<uint32_t> earliest_;  // per pattern: first marked position, kNone when not queued
  std::vector<uint32_t> queue_, rode_;
};

}  // namespace cityregions
