#pragma once
// GeoPackage 1.3 layout inside a SQLite database, so QGIS and GDAL open the workspace directly.
#include <ogr_geometry.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "store/sqlite.hpp"

namespace cityregions {

// Creates the GeoPackage metadata tables and pragmas; harmless on an existing GeoPackage.
void gpkg_initialize(Database& db);
// Adds an EPSG CRS to gpkg_spatial_ref_sys (its WKT from PROJ) if missing.
void gpkg_ensure_srs(Database& db, int epsg);
// Registers a feature table (geometry column "geom") or an attribute-only table in gpkg_contents.
void gpkg_register_features(Database& db, const std::string& table, const std::string& geometry_type, int epsg,
                            const std::string& description);
void gpkg_register_attributes(Database& db, const std::string& table, const std::string& description);
// Drops a table and its registration.
void gpkg_drop(Database& db, const std::string& table);
void gpkg_set_extent(Database& db, const std::string& table, const BBox& box);

// GeoPackage binary geometry: "GP" header with envelope, then ISO WKB.
std::vector<uint8_t> gpkg_encode(const OGRGeometry& geometry, int srs_id);
OGRGeometryUniquePtr gpkg_decode(std::span<const uint8_t> blob);

}  // namespace cityregions
