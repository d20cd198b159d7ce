#pragma once
// Small printing helpers shared by the command groups of the CLI.
#include <fmt/core.h>

#include <cstdint>
#include <string>

#include "store/workspace.hpp"

namespace cityregions::cli {

// 1234567 → "1,234,567".
inline std::string thousands(int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return (v < 0 ? "-" : "") + out;
}

// The credits the licences of the workspace's data require, on one line.
inline void print_attribution(Workspace& ws) {
  std::string line;
  for (const auto& a : ws.attributions()) line += (line.empty() ? "" : "; ") + a;
  if (!line.empty()) fmt::print("Data: {}\n", line);
}

}  // namespace cityregions::cli
