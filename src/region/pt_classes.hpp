#pragma once
// `ptclasses`: public-transport quality class areas of the region and, per municipality, the
// share of area and population in each class.
#include <ogr_geometry.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "store/workspace.hpp"
#include "transit/quality_classes.hpp"

namespace cityregions {

struct PtClassArea {
  char cls;                   // 'A' … 'F'
  OGRGeometryUniquePtr area;  // MultiPolygon in the workspace CRS; the better class already cut out
  double area_km2 = 0;
};

struct MunicipalityPtClasses {
  std::string key, name;
  double area_km2 = 0;
  int64_t population = 0;
  std::array<double, 6> area_share{};  // A…F, 0…1; the rest has no class
  // Population in each class: from the finest grid layer with a population column (each cell's
  // people in the class at its centre), else the municipality's population spread evenly over its area.
  std::array<double, 6> population_in{};
};

struct PtClassResult {
  int epsg = 0;
  std::vector<PtStation> stations;
  std::vector<PtClassArea> classes;
  std::vector<MunicipalityPtClasses> municipalities;
  std::string population_source;  // the grid layer, or "area" (spread evenly)
};

PtClassResult pt_classes(Workspace& ws, int32_t date, int32_t from_s, int32_t to_s);
// GeoPackage layers pt_classes (polygons), pt_stations (points), pt_classes_by_municipality.
void write_pt_classes(const std::filesystem::path& file, const PtClassResult& result);

}  // namespace cityregions
