#pragma once
// Accessibility indicators per zone: opportunities reachable within T minutes (cumulative) and
// gravity potential (Hansen) with exponential or power decay, by walk, bike, car or public
// transport. Times are folded into the indicators origin by origin; no N × N matrix is held.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "access/grid.hpp"
#include "network/street_network.hpp"
#include "transit/transit_times.hpp"

namespace cityregions {

struct IndicatorSpec {
  // cumulative and gravity count zone opportunities; nearest and two_step (2SFCA) use facilities.
  enum class Kind { cumulative, gravity, nearest, two_step } kind = Kind::cumulative;
  std::vector<double> minutes;  // cumulative: the limits
  std::string decay = "exp";    // gravity: "exp" → e^(−β t), "power" → max(t, 1)^(−β); t in minutes
  double beta = 0.1;
  double max_minutes = 120;     // gravity: destinations beyond count 0; nearest: search horizon;
                                // two_step: the catchment
};

struct AccessResult {
  std::vector<std::string> columns;          // e.g. population_30min, population_gravity_exp_0.1
  std::vector<std::optional<double>> values;  // zones × columns; empty where the zone is off the network
  size_t zones = 0;
  double at(size_t z, size_t c) const { return values[z * columns.size() + c].value_or(0); }
};

// Travel times (seconds, kUnreached) from each origin zone to every zone, handed to `fold`
// origin by origin.
using TimesVisitor = std::function<void(size_t origin, const std::vector<int32_t>& seconds)>;

// Street modes: PHAST on the hierarchy when the network has one, else bounded Dijkstra.
void street_times(const StreetNetwork& net, const std::vector<std::optional<Location>>& origins,
                  const std::vector<std::optional<Location>>& destinations, double max_minutes, const TimesVisitor& visit,
                  bool show_progress, bool use_hierarchy = true);
// Public transport: range RAPTOR over the window, each destination's time at the percentile.
void transit_times(const Timetable& tt, const StreetNetwork& walk, const std::vector<std::optional<Location>>& origins,
                   const std::vector<std::optional<Location>>& destinations, const TransitQuery& q, double percentile,
                   const TimesVisitor& visit, bool show_progress);

// Two-step floating catchment (Luo & Wang 2003): with reach[i] the facilities zone i reaches within
// the catchment, each facility's ratio R_j = supply_j / Σ_{i reaches j} demand_i, and each zone's
// accessibility A_i = Σ_{j in reach[i]} R_j (supply per person, e.g. places per child).
std::vector<double> two_step_floating_catchment(const std::vector<std::vector<uint32_t>>& reach,
                                                const std::vector<double>& demand, const std::vector<double>& supply);

// The indicator columns of one opportunity column over the zones.
std::vector<std::string> indicator_columns(const std::string& opportunity, const IndicatorSpec& spec);
// Folds one origin's times into its indicator values.
std::vector<double> fold_indicators(const std::vector<int32_t>& seconds, const std::vector<double>& opportunities,
                                    const IndicatorSpec& spec);

}  // namespace cityregions
