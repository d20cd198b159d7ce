#pragma once
// Municipalities of the region in the workspace: polygons with official key, name and statistics
// (read by io/municipalities.hpp), kept in the workspace CRS.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "io/csv.hpp"
#include "io/municipalities.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct ImportSummary {
  size_t records = 0;
  size_t skipped = 0;  // stats rows whose key names no municipality of the region
  std::vector<std::string> columns;
  std::vector<std::string> ignored_columns;  // stats columns that would overwrite workspace fields
  std::vector<std::string> unmatched;        // the first 10 keys that name no municipality
  std::vector<std::string> hints;            // why keys may not match (a lost leading zero)
};

// Replaces the municipalities of the workspace in one transaction.
ImportSummary import_municipalities(Workspace& ws, const std::filesystem::path& file, const MunicipalityImport& spec);

// Joins the other columns of a CSV by official key onto the municipalities (new columns are
// added; existing ones updated). Rows for keys outside the region are counted, not stored. Every
// value must parse as its column's declared or inferred type, else an error names FILE:LINE and
// the field and nothing is written.
ImportSummary import_stats(Workspace& ws, const std::filesystem::path& csv, const std::string& key_field,
                           const std::string& attribution = "", const CsvOptions& options = {});

struct Municipality {
  int64_t fid = 0;
  std::string key, name;
  std::optional<int64_t> population, jobs;
  double area_km2 = 0;
  LonLat centre;  // a point inside the polygon: the centroid where it lies inside
};

std::vector<Municipality> load_municipalities(Workspace& ws);

}  // namespace cityregions
