#pragma once
// The workspace itself: `region create|info`, `import municipalities|stats`, `export layer`.
#include <CLI/CLI.hpp>

#include <string>

#include "store/workspace.hpp"

namespace cityregions::cli {

// `region info` as a table or JSON (also printed by the demo).
void print_info(const RegionInfo& info, bool as_json);

class RegionCommands {
 public:
  RegionCommands(CLI::App& app, CLI::App& import, CLI::App& export_cmd);
  bool run();

 private:
  CLI::App *create_ = nullptr, *info_ = nullptr, *import_municipalities_ = nullptr, *import_stats_ = nullptr,
           *export_layer_ = nullptr;
  std::string ws_, name_, crs_, file_, key_, name_field_, population_, jobs_, layer_, attribution_, out_, encoding_ = "utf-8";
  bool json_ = false, decimal_comma_ = false;
};

}  // namespace cityregions::cli
