#include "demo_commands.hpp"

#include <fmt/core.h>

#include "access_commands.hpp"
#include "cli_common.hpp"
#include "region/accessibility.hpp"
#include "core/data_dir.hpp"
#include "demo/demo.hpp"
#include "network_commands.hpp"
#include "region_commands.hpp"

namespace cityregions::cli {

DemoCommands::DemoCommands(CLI::App& app) {
  demo_ = app.add_subcommand("demo", "build the Rhein-Neckar demo region and print a summary");
  demo_->add_option("WS", ws_, "workspace directory to create")->required();
  demo_->add_option("--data", data_, "shared data directory (default $CITYREGIONS_DATA or ../shared/data)");
  demo_->add_flag("--force", force_, "replace an existing demo workspace");
}

bool DemoCommands::run(bool show_progress, bool quiet) {
  if (!demo_->parsed()) return false;
  Timer timer;
  DemoOptions opt{ws_, data_.empty() ? data_dir() : std::filesystem::path(data_), force_, show_progress};
  const auto r = run_demo(opt, [&](const std::string& s) {
    if (!quiet) fmt::print(stderr, "• {}\n", s);
  });
  print_info(r.info, false);
  fmt::print("\nNetworks built:\n");
  print_network_reports(r.networks);
  fmt::print("\nPopulation on the 1 km grid:\n  ");
  print_disaggregation(r.population, "population", "grid1km");
  print_centres(r.centres);
  fmt::print("\nPopulation reachable within 30 minutes (centre to centre), top 10 by car:\n");
  fmt::print("  {:<10} {:<34} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "AGS", "municipality", "population", "car 30'",
             "transit 30'", "bike 30'", "walk 30'");
  for (size_t i = 0; i < std::min<size_t>(10, r.reach.size()); ++i) {
    const auto& m = r.reach[i];
    fmt::print("  {:<10} {:<34} {:>12} {:>12} {:>12} {:>12} {:>12}\n", m.key, m.name.substr(0, 34), thousands(m.population),
               thousands(m.within_30[2]), thousands(m.transit_30), thousands(m.within_30[1]), thousands(m.within_30[0]));
  }
  for (Mode mode : kStreetModes) {
    const auto& missing = r.unplaced[static_cast<int>(mode)];
    if (missing.empty()) continue;
    std::string keys;
    for (size_t i = 0; i < std::min<size_t>(5, missing.size()); ++i) keys += (i ? ", " : "") + missing[i];
    fmt::print("  {}: {} of {} centres lie more than {:.0f} m from the {} network (outside the OSM extract) and are "
               "left out: {}{}\n",
               mode_name(mode), missing.size(), r.info.municipalities, r.snap_limit_m, mode_name(mode), keys,
               missing.size() > 5 ? ", …" : "");
  }
  fmt::print("  transit: median over departures every minute 07:00–08:00 on Tuesday 15 Nov 2016 ({} stops, {} trips "
             "that day), walking up to 15 min to, from and instead of transit; the feed holds rnv's trams and buses "
             "only, not DB regional trains or other operators' buses.\n",
             r.transit_stops, r.transit_trips);
  fmt::print("\nAccessibility on the 1 km grid ({} cells, {} within 500 m of the network):\n  mean population reachable, "
             "weighted by where people live (people in cells off the network left out):\n",
             thousands(static_cast<int64_t>(r.grid_cells)), thousands(static_cast<int64_t>(r.grid_cells_on_network)));
  for (size_t i = 0; i < r.grid_reach.size(); ++i) {
    const auto& [mode, v] = r.grid_reach[i];
    fmt::print("    {:<8} within 30 min {:>10}   within 45 min {:>10}   (layer access_grid1km_{})\n", mode,
               thousands(std::llround(v[0])), thousands(std::llround(v[1])), mode);
    const auto& low = r.low_coverage[i];
    if (low.empty()) continue;
    std::string names;
    for (size_t k = 0; k < std::min<size_t>(6, low.size()); ++k) names += (k ? ", " : "") + low[k];
    fmt::print("             {} municipalities with less than {:.0f} % of their population on the network: {}{}\n",
               low.size(), kLowCoverage * 100, names, low.size() > 6 ? ", …" : "");
  }
  fmt::print("\nILLUSTRATIVE site inventory (not real sites): {} sites, {:.0f} ha in {} municipalities, drawn from their "
             "commercial land (statistics 2018); criteria computed, best site per sector profile:\n",
             r.sites, r.site_hectares, r.site_municipalities);
  for (const auto& [profile, best] : r.best_site) fmt::print("    {:<11} {}\n", profile, best);
  fmt::print("  try 'cityregions enquiry {0} --min-ha 8 --max-motorway-min 10 --rail --profile logistics' and\n"
             "  'cityregions report {0} --out report --scenario {1} --demand logistics=20 --demand general=15'.\n",
             ws_, r.pool_scenario.string());
  fmt::print("\n{} good-practice cases loaded: try 'cityregions cases similar {} --region --themes "
             "commercial_land,transport --country DE'.\n",
             r.cases, ws_);
  fmt::print("{} matrix entries stored as matrix_walk, matrix_bike, matrix_car, matrix_transit in {}/region.gpkg; done in {:.1f} s.\n",
             r.matrix_pairs, ws_, timer.seconds());
  auto demo_ws = Workspace::open(ws_);
  print_attribution(demo_ws);
  return true;
}

}  // namespace cityregions::cli
