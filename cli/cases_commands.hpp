#pragma once
// The good-practice catalogue: `cases load|search|show|similar|add|update|remove|export`.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace cityregions::cli {

class CasesCommands {
 public:
  explicit CasesCommands(CLI::App& app);
  bool run();

 private:
  CLI::App *cases_ = nullptr, *load_ = nullptr, *search_ = nullptr, *show_ = nullptr, *similar_ = nullptr, *add_ = nullptr,
           *update_ = nullptr, *remove_ = nullptr, *export_ = nullptr;
  std::string ws_, query_, id_, file_, out_, profile_, themes_, theme_, country_, instrument_, legal_form_;
  int64_t min_pop_ = -1, max_pop_ = -1;
  int min_munis_ = -1, max_munis_ = -1;
  size_t limit_ = 20;
  bool verified_only_ = false, from_region_ = false, json_ = false;
};

}  // namespace cityregions::cli
