#pragma once
// Small helpers shared by the command groups of the CLI: printing, timing, parsing of lists.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
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

struct Timer {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

// --mode of route, matrix, isochrone and access: a street mode, or "transit" (the caller's case).
inline void street_or_transit_mode(const std::string& mode) {
  if (mode != "walk" && mode != "bike" && mode != "car" && mode != "transit")
    throw Error("--mode: unknown mode '" + mode + "' (expected walk, bike, car or transit)");
}

// "10,20,30" → sorted positive numbers; `option` names the flag in errors.
inline std::vector<double> parse_minutes(const std::string& text, const std::string& option = "--minutes") {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      size_t used = 0;
      const double v = std::stod(item, &used);
      if (used != item.size() || !(v > 0) || v > 1e6) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      throw Error(option + ": '" + item + "' is not a positive number");
    }
  }
  if (out.empty()) throw Error(option + ": give values such as 10,20,30");
  std::sort(out.begin(), out.end());
  return out;
}

// Adds a check to every number option of `app` and its subcommands: NaN and infinities are refused
// (`--max-snap nan` would pass every range check and reach undefined float→int conversions).
void require_finite_numbers(CLI::App& app);
// Adds a check to every --out option (but matrix's, which may store a table in the workspace):
// a workspace's database is refused before any work is done.
void refuse_workspace_outputs(CLI::App& app);

}  // namespace cityregions::cli
