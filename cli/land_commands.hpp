#pragma once
// The land verbs beyond the inventory itself: site criteria, ranking, enquiries, the regional
// balance, drafting a pool scenario, and the report.
#include <CLI/CLI.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cityregions::cli {

class LandCommands {
 public:
  // Adds `sites criteria|rank|balance`, `pool draft`, `enquiry` and `report`.
  LandCommands(CLI::App& app, CLI::App& sites, CLI::App& pool);
  // Runs the parsed command; false when none of these was given.
  bool run(bool show_progress);

 private:
  CLI::App *criteria_ = nullptr, *rank_ = nullptr, *balance_ = nullptr, *draft_ = nullptr, *enquiry_ = nullptr, *report_ = nullptr;
  std::string ws_, out_, profile_ = "general", stations_, stations_attribution_, junctions_ = "motorway_junctions", zones_ = "grid1km",
              population_ = "population";
  std::string depart_, core_, scenario_, available_;
  std::vector<std::string> demand_, profiles_;
  double window_min_ = 60, max_snap_ = 1000;
  int years_ = 15;
  std::optional<double> min_ha_, max_ha_, max_motorway_, max_price_;
  bool rail_ = false, json_ = false, all_ = false, pdf_ = false;
};

}  // namespace cityregions::cli
