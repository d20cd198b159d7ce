#pragma once
// Writing results for the next tool: matrices (CSV or GeoPackage table), isochrones
// (GeoJSON/GeoPackage) and the network's edges (CSV for pgRouting, GeoPackage for QGIS).
#include <ogr_geometry.h>

#include <filesystem>
#include <string>
#include <vector>

#include "network/isochrone.hpp"
#include "network/matrix.hpp"
#include "transit/transit_times.hpp"
#include "io/points.hpp"
#include "store/sqlite.hpp"
#include "store/workspace.hpp"

namespace cityregions {

// origin_id,destination_id,duration_s,distance_m; pairs beyond the limit are left out.
void write_matrix_csv(const std::filesystem::path& file, const std::vector<NamedPoint>& origins,
                      const std::vector<NamedPoint>& destinations, const TravelMatrix& m);
// Replaces table `table` in a GeoPackage (created when missing), in one transaction.
void write_matrix_table(Database& db, const std::string& table, const std::vector<NamedPoint>& origins,
                        const std::vector<NamedPoint>& destinations, const TravelMatrix& m);
// Dispatches on the extension: .csv, or .gpkg (table name given).
void write_matrix(const std::filesystem::path& file, const std::string& table, const std::vector<NamedPoint>& origins,
                  const std::vector<NamedPoint>& destinations, const TravelMatrix& m);

void write_isochrones(const std::filesystem::path& file, std::string_view mode, const std::vector<Isochrone>& isochrones);

void write_transit_matrix_table(Database& db, const std::string& table, const std::vector<NamedPoint>& origins,
                                const std::vector<NamedPoint>& destinations, const TransitMatrix& m, int32_t max_s);
// origin_id,destination_id,min_s,p<P>_s… (CSV or GeoPackage table); pairs whose minimum is not
// reached or exceeds max_s are left out; a percentile not reached is empty (NULL).
void write_transit_matrix(const std::filesystem::path& file, const std::string& table, const std::vector<NamedPoint>& origins,
                          const std::vector<NamedPoint>& destinations, const TransitMatrix& m, int32_t max_s);

// Copies a workspace layer to a file (.gpkg, .geojson, or .csv with the geometry as WKT),
// reprojected to WGS84 for GeoJSON and CSV.
void export_layer(Workspace& ws, const std::string& layer, const std::filesystem::path& file);

// Every arc of the routing graph: id,source,target,cost (seconds),length_m — and a line geometry
// in .gpkg. Walk and bike: junctions and road segments; car: road segments and turns (source and
// target are segments, cost the time from the start of one to the start of the next).
void export_edges(const Graph& g, const std::filesystem::path& file);

}  // namespace cityregions
