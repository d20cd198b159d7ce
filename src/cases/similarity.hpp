#pragma once
// "Cases like my region": a weighted similarity of a region profile to each case, with the part
// every attribute contributed spelled out.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cases/case.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct RegionProfile {
  std::string name;
  std::optional<int64_t> population;
  std::optional<int> municipalities;
  std::string structure = "unknown";  // polycentric, monocentric, unknown
  std::vector<std::string> themes;    // of interest, from case_themes()
  std::string country;                // ISO code, optional
};

// A TOML file: name, population, municipalities, structure, themes = [...], country.
RegionProfile load_region_profile(const std::filesystem::path& file);
// From the workspace: total population, number of municipalities, and polycentric when the
// second-largest municipality has at least half the population of the largest.
RegionProfile region_profile(Workspace& ws);

struct AttributeScore {
  std::string attribute;
  double weight = 0;      // share of the total, weights of the attributes in play sum to 1
  double similarity = 0;  // 0 … 1
  std::string reason;
};

struct SimilarCase {
  Case c;
  double score = 0;  // 0 … 100
  std::vector<AttributeScore> parts;
};

// Attributes: population and number of municipalities (log-scale closeness: a factor of 10
// apart scores 0), structure, share of the profile's themes the case covers, and country.
// Attributes the profile leaves open are left out and the weights renormalised; a case that
// lacks a value gets 0.5 for it.
std::vector<SimilarCase> similar_cases(const std::vector<Case>& cases, const RegionProfile& profile, size_t top);

}  // namespace cityregions
