#pragma once
// Municipality polygons with official key, name and counts, read through GDAL from any vector
// format and reprojected to WGS84; every feature checked (keys, counts, polygon validity).
#include <ogr_geometry.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.hpp"

namespace cityregions {

struct MunicipalityImport {
  std::string key_field;
  std::string name_field;
  std::optional<std::string> population_field;
  std::optional<std::string> jobs_field;
  std::optional<std::string> layer;  // default: the first layer
  std::string attribution;           // required credit of the data, shown with it
};

struct MunicipalityRecord {
  std::string key, name;
  std::optional<int64_t> population, jobs;
  OGRGeometryUniquePtr geom_wgs84;  // a multipolygon
};

struct MunicipalityLayer {
  std::vector<MunicipalityRecord> rows;
  BBox wgs_box;
};

// Errors name file, feature (and key) and field.
MunicipalityLayer read_municipality_layer(const std::filesystem::path& file, const MunicipalityImport& spec);

}  // namespace cityregions
