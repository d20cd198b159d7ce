#pragma once
// The regional inventory of commercial and industrial sites: polygons with Raum+-style
// attributes in the workspace (layer `sites`), every change written to an audit trail
// (who, when, field, old → new).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/audit.hpp"
#include "store/workspace.hpp"

namespace cityregions {

// One attribute of a site: its column, kind and (for enumerations) allowed values.
struct SiteField {
  std::string name;
  enum class Kind { text, number, boolean, choice } kind;
  std::vector<std::string> choices;
  std::string label;
};
const std::vector<SiteField>& site_fields();

struct Site {
  std::string id;
  std::string municipality;  // key; from the spatial join unless given
  double area_ha = 0;        // from the geometry (or given for point sites)
  // field name → value as text; absent = unknown. Holds the attributes (site_fields) and, once
  // computed, the location criteria (site_criteria).
  std::map<std::string, std::string> values;
  bool criteria_pending = false;  // added since the last `sites criteria`: its criteria were never computed
};

// Field mapping for imports: source field per site field, and per field a map of source values
// to the allowed values (TOML: [fields] id = "NR" …, [values.planning_status] "B-Plan" = "bplan").
struct SiteMapping {
  std::map<std::string, std::string> fields;
  std::map<std::string, std::map<std::string, std::string>> values;
};
SiteMapping load_site_mapping(const std::filesystem::path& file);

struct SiteImportReport {
  size_t added = 0, updated = 0;
  std::vector<std::pair<std::string, std::string>> sites;  // (id, "file:line" or "file:feature N") in file order
};

// True when the workspace's sites were generated for a demo (their source says ILLUSTRATIVE);
// every output of them must then say so.
bool sites_are_illustrative(Workspace& ws);

class SiteInventory {
 public:
  explicit SiteInventory(Workspace& ws);

  // Any GDAL vector file (polygons, or points with an area_ha field), or CSV with a `wkt` column
  // or `lat`/`lon`. One transaction; errors name the file, the feature or line, and the field.
  SiteImportReport import(const std::filesystem::path& file, const SiteMapping& mapping, const std::string& who);
  void add(const std::string& id, const std::string& wkt_or_latlon, const std::map<std::string, std::string>& values,
           const std::string& who);
  void update(const std::string& id, const std::map<std::string, std::string>& values, const std::string& who);
  void remove(const std::string& id, const std::string& who);

  std::optional<Site> get(const std::string& id);
  std::vector<Site> list(const std::string& municipality = "");

  std::vector<AuditEntry> audit(const std::string& site = "");

 private:
  // Checks a value against the field; throws naming `where`.
  std::string checked(const std::string& field, const std::string& value, const std::string& where) const;
  void write(const std::string& id, const std::vector<uint8_t>& geom, double area_ha, std::string municipality,
             const std::map<std::string, std::string>& values, const std::string& who, const std::string& where);
  Workspace& ws_;
  int epsg_;
};

}  // namespace cityregions
