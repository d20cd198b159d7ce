#pragma once
// The site requirements of a sector (logistics, automotive & suppliers, chemicals, general) as a
// data file: hard constraints that exclude a site, and weighted criteria whose values are
// normalised to 0…1 (research/domain.md §4.6, §8.7). Four profiles are built into the program;
// any TOML file of the same form can be given instead.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cityregions {

// A field is a site attribute (site_fields), a computed criterion (site_criteria), or area_ha.
struct SiteConstraint {
  std::string field;
  std::optional<double> min, max;   // numbers
  std::vector<std::string> allowed;  // choices and yes/no ("1"/"0")
  bool unknown_passes = false;       // a site whose value is unknown: excluded unless this is set
  std::string why;                   // shown with the exclusion
};

struct SiteCriterionWeight {
  std::string field;
  double weight = 0;  // relative; the weights of a profile are scaled to sum to 1
  bool higher_is_better = true;
  // Numbers: normalised by min–max over the candidate sites (§8.7), or over a fixed range
  // (clipped), or as a ratio to the best candidate (x / max, or min / x when lower is better),
  // which keeps near-equal values near-equal where min–max would stretch them to 0 and 1.
  std::optional<std::pair<double, double>> range;
  bool ratio = false;
  // Choices and yes/no: the score of each value (0…1); values not listed score 0.
  std::map<std::string, double> scores;
};

struct SectorProfile {
  std::string name, title, description;
  std::vector<SiteConstraint> constraints;
  std::vector<SiteCriterionWeight> criteria;
};

// The names of the built-in profiles.
std::vector<std::string> builtin_profile_names();
// A built-in profile by name, or a TOML file; errors name the file, the entry and the field.
SectorProfile load_sector_profile(const std::string& name_or_file);
SectorProfile parse_sector_profile(std::string_view toml_text, const std::string& source);

// The label of a field for explanations ("car time to the nearest motorway junction").
std::string site_field_label(const std::string& field);

}  // namespace cityregions
