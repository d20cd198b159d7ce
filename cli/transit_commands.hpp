#pragma once
// Public transport: `import gtfs`, `ptclasses`, `transit check|stations`, and the transit mode of `route`, `matrix` and
// `isochrone` (the street verbs call these when --mode transit is given).
#include <CLI/CLI.hpp>

#include <string>

#include "transit/transit_times.hpp"

namespace cityregions::cli {

// Options of a public-transport query, shared by route, matrix, isochrone and access.
struct TransitOptions {
  std::string depart, percentiles = "50";
  double window_min = 60, max_walk_min = 15, percentile = 50, walk_kmh = 5, transfer_walk_min = 10;
  int max_transfers = 5;

  // `window`: the verb takes a departure window; `many_percentiles`: --percentiles instead of --percentile.
  void add_to(CLI::App* cmd, bool window, bool many_percentiles);
  // Checks every value (--window and --percentile only where the verb has them); every verb that
  // takes these options calls it first, whatever its --mode.
  void validate(bool window) const;
  // The query for one departure time (seconds after midnight); checks the values.
  TransitQuery query(int32_t departure, bool window) const;
};

struct TransitRouteArgs {
  std::string ws, from, to;
  double max_snap = 500;
  bool as_json = false;
};
void transit_route(const TransitRouteArgs& a, const TransitOptions& t);

struct TransitMatrixArgs {
  std::string ws, origins, destinations, out, table;
  double max_minutes = 0, max_snap = 500;
};
void transit_matrix(const TransitMatrixArgs& a, const TransitOptions& t, bool show_progress);

struct TransitIsochroneArgs {
  std::string ws, from, minutes, out;
  double cell = 0, buffer = -1, max_snap = 500;
};
void transit_isochrone(const TransitIsochroneArgs& a, const TransitOptions& t);

class TransitCommands {
 public:
  TransitCommands(CLI::App& app, CLI::App& import);
  bool run();

 private:
  CLI::App *import_gtfs_ = nullptr, *ptclasses_ = nullptr, *check_ = nullptr, *stations_ = nullptr;
  std::string ws_, file_, feed_name_, attribution_, out_, date_, from_ = "06:00", to_ = "20:00", csv_, overrides_;
  bool replace_ = false, as_json_ = false, clear_overrides_ = false;
  size_t top_ = 20;
  double detour_ = 1.4;
};

}  // namespace cityregions::cli
