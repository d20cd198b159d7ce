#pragma once
// `report`: a readable HTML report of a workspace for a council of mayors — region, site
// inventory with its location criteria, regional land balance, ranking per sector profile and,
// given a pool scenario, shares and revenue alone vs in the pool — with SVG charts beside it.
// Everything is computed from the workspace at the time of writing; the sources are credited.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "store/workspace.hpp"

namespace cityregions {

struct ReportOptions {
  std::filesystem::path out_dir;
  std::vector<std::string> profiles;    // default: the built-in ones
  std::map<std::string, double> demand;  // profile → ha per year, for the balance
  int years = 15;
  std::filesystem::path pool_scenario;  // optional
  std::string paper = "A4";             // page size of the printed report: A4 or letter
};

struct ReportFiles {
  std::filesystem::path html;
  std::vector<std::filesystem::path> charts;
};

ReportFiles write_report(Workspace& ws, const ReportOptions& options);

// Prints an HTML file to PDF with headless chromium (Debian's /usr/bin/chromium unless `chromium`
// names another); an error says when it is missing or fails.
void print_pdf(const std::filesystem::path& html, const std::filesystem::path& pdf,
               const std::filesystem::path& chromium = "/usr/bin/chromium");

}  // namespace cityregions
