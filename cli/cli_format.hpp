#pragma once
// Small printing helpers shared by the command groups of the CLI.
#include <fmt/core.h>

#include <cstdint>
#include <string>

#include "core/number_format.hpp"
#include "store/workspace.hpp"

namespace cityregions::cli {

// 1234567 → "1,234,567".
inline std::string thousands(int64_t v) { return grouped(static_cast<double>(v)); }

// The credits the licences of the workspace's data require, on one line.
inline void print_attribution(Workspace& ws) {
  std::string line;
  for (const auto& a : ws.attributions()) line += (line.empty() ? "" : "; ") + a;
  if (!line.empty()) fmt::print("Data: {}\n", line);
}

}  // namespace cityregions::cli
