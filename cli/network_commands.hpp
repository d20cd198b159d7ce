#pragma once
// Street networks: `import osm`, `route`, `matrix`, `isochrone` (walk, bike, car; transit is
// handed to the transit commands) and `export network`.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "region/networks.hpp"
#include "transit_commands.hpp"

namespace cityregions::cli {

// The table of graphs built by an import (also printed by the demo).
void print_network_reports(const std::vector<NetworkReport>& reports);
// --depart as a minute of the day for car (-1 when not given); an error for walk and bike.
int car_depart_minute(const std::string& mode, const std::string& depart);

class NetworkCommands {
 public:
  NetworkCommands(CLI::App& app, CLI::App& import, CLI::App& export_cmd);
  bool run(bool show_progress);

 private:
  CLI::App *import_osm_ = nullptr, *route_ = nullptr, *matrix_ = nullptr, *isochrone_ = nullptr, *export_network_ = nullptr;
  std::string ws_, file_, profile_, mode_ = "car", from_, to_, origins_, destinations_, out_, minutes_, table_;
  double max_snap_ = 500, max_minutes_ = 0, cell_ = 0, buffer_ = -1;
  bool json_ = false;
  TransitOptions transit_;
};

}  // namespace cityregions::cli
