#pragma once
// `demo`: the Rhein-Neckar demo region built from the shared data, with a summary.
#include <CLI/CLI.hpp>

#include <string>

namespace cityregions::cli {

class DemoCommands {
 public:
  explicit DemoCommands(CLI::App& app);
  bool run(bool show_progress, bool quiet);

 private:
  CLI::App* demo_ = nullptr;
  std::string ws_, data_;
  bool force_ = false;
};

}  // namespace cityregions::cli
