#pragma once
// GDAL datasets as owned values, and an output file whose driver follows its extension.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <filesystem>
#include <memory>
#include <string>

namespace cityregions {

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// A CRS by EPSG code in GIS axis order (lon/lat, x/y), as every file and transform here uses it.
OGRSpatialReference srs_from_epsg(int epsg);
// A copy of a layer's CRS in GIS axis order.
OGRSpatialReference gis_order(const OGRSpatialReference& srs);

// Opens a vector dataset read-only; nullptr with GDAL's message in `error` on failure.
DatasetPtr open_vector(const std::filesystem::path& path, std::string& error);

// Creates (replacing) a vector file: .geojson/.json → GeoJSON, .gpkg → GPKG, .csv → CSV; never a
// workspace's database.
DatasetPtr create_vector(const std::filesystem::path& path);

}  // namespace cityregions
