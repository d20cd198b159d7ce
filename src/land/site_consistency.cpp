#include "land/site_consistency.hpp"

namespace cityregions {

std::vector<std::string> site_contradictions(const std::map<std::string, std::string>& v) {
  auto is = [&](const char* field, std::initializer_list<const char*> values) {
    const auto it = v.find(field);
    if (it == v.end()) return false;
    for (const char* x : values)
      if (it->second == x) return true;
    return false;
  };
  std::vector<std::string> out;
  if (is("availability", {"immediately"})) {
    if (is("owner_willing", {"no"})) out.push_back("availability 'immediately' but owner_willing 'no'");
    if (is("planning_status", {"none", "land_use_plan"}))
      out.push_back("availability 'immediately' but planning_status '" + v.at("planning_status") + "' (no binding plan)");
    if (is("road_access", {"planned", "no"}))
      out.push_back("availability 'immediately' but road_access '" + v.at("road_access") + "'");
  }
  if (is("planning_status", {"serviced"})) {
    if (is("road_access", {"planned", "no"})) out.push_back("planning_status 'serviced' but road_access '" + v.at("road_access") + "'");
    if (is("water_sewer", {"no"})) out.push_back("planning_status 'serviced' but water_sewer 'no'");
  }
  return out;
}

}  // namespace cityregions
