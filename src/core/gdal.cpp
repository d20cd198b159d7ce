#include "core/gdal.hpp"

#include "core/output_file.hpp"

#include "core/error.hpp"

namespace cityregions {

OGRSpatialReference srs_from_epsg(int epsg) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE) throw Error("unknown CRS EPSG:" + std::to_string(epsg));
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

OGRSpatialReference gis_order(const OGRSpatialReference& srs) {
  OGRSpatialReference copy(srs);
  copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return copy;
}

DatasetPtr open_vector(const std::filesystem::path& path, std::string& error) {
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  DatasetPtr ds(static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  error = CPLGetLastErrorMsg();
  CPLPopErrorHandler();
  if (!ds && error.empty()) error = std::filesystem::exists(path) ? "not a vector format GDAL reads" : "no such file";
  return ds;
}

DatasetPtr create_vector(const std::filesystem::path& path) {
  GDALAllRegister();
  std::string ext = path.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const char* driver_name = ext == ".gpkg" ? "GPKG" : (ext == ".geojson" || ext == ".json") ? "GeoJSON" : ext == ".csv" ? "CSV" : nullptr;
  if (!driver_name) throw Error(path.string() + ": unknown output format (use .geojson, .gpkg or .csv)");
  auto* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  if (!driver) throw Error(std::string("GDAL driver ") + driver_name + " is not available");
  if (is_workspace_database(path))
    throw Error(path.string() + ": is a workspace's database; write the output to another file (or store a matrix in the "
                "workspace with --table)");
  std::error_code ec;
  std::filesystem::remove(path, ec);
  DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(path.string() + ": cannot create (" + CPLGetLastErrorMsg() + ")");
  return ds;
}

}  // namespace cityregions
