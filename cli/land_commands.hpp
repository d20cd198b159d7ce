#pragma once
// The land verbs: the site inventory (`sites import|list|show|add|update|remove|export`), site
// criteria, ranking, enquiries, the regional balance, the pool (`pool simulate|draft`), the report.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cityregions::cli {

class LandCommands {
 public:
  explicit LandCommands(CLI::App& app);
  // Runs the parsed command; false when none of these was given.
  bool run(bool show_progress);

 private:
  bool run_inventory();
  bool run_simulate();

  CLI::App *sites_import_ = nullptr, *sites_list_ = nullptr, *sites_show_ = nullptr, *sites_add_ = nullptr,
           *sites_update_ = nullptr, *sites_remove_ = nullptr, *sites_export_ = nullptr, *simulate_ = nullptr;
  std::string file_, mapping_, municipality_, site_id_, wkt_, who_ = std::getenv("USER") ? std::getenv("USER") : "cli";
  std::vector<std::string> sets_;
  int sim_years_ = 0, runs_ = -1;
  CLI::App *criteria_ = nullptr, *rank_ = nullptr, *balance_ = nullptr, *draft_ = nullptr, *enquiry_ = nullptr, *report_ = nullptr;
  std::string ws_, out_, profile_ = "general", stations_, stations_attribution_, junctions_ = "motorway_junctions", zones_ = "grid1km",
              population_ = "population";
  std::string depart_, core_, scenario_, available_, paper_ = "A4";
  std::vector<std::string> demand_, profiles_;
  double window_min_ = 60, max_snap_ = 1000;
  int years_ = 15;
  std::optional<double> min_ha_, max_ha_, max_motorway_, max_price_;
  bool rail_ = false, json_ = false, all_ = false, pdf_ = false;
};

}  // namespace cityregions::cli
