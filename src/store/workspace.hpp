#pragma once
// A region workspace: a directory with one GeoPackage (region.gpkg) that QGIS opens directly,
// and derived binary artefacts (network graphs) beside it.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "store/sqlite.hpp"

namespace cityregions {

struct NetworkRecord {
  std::string mode;
  int64_t nodes = 0, edges = 0, dropped_nodes = 0, dropped_edges = 0;
  std::string source, built_at;
};

// Where a layer's data came from, and the attribution its licence requires.
struct SourceRecord {
  std::string layer, file, attribution, imported_at;
};

struct RegionInfo {
  std::string name;
  std::optional<int> epsg;
  int64_t municipalities = 0;
  int64_t population = 0;
  std::optional<int64_t> jobs;
  double area_km2 = 0;
  BBox bbox;  // WGS84 lon/lat of municipalities and networks
  std::vector<NetworkRecord> networks;
  std::vector<std::string> layers;  // every table in gpkg_contents
  std::vector<SourceRecord> sources;
};

class Workspace {
 public:
  static Workspace create(const std::filesystem::path& dir, const std::string& name, std::optional<int> epsg);
  static Workspace open(const std::filesystem::path& dir);

  Database& db() { return db_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path network_file(std::string_view mode) const;
  std::filesystem::path hierarchy_file(std::string_view mode) const;

  std::string name();
  std::optional<int> epsg();
  // The workspace CRS; when none was chosen yet, the UTM zone of the hint becomes it.
  int ensure_epsg(LonLat hint);

  std::optional<std::string> meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);

  // Replaces the source record of a layer (call inside the import's transaction).
  void record_source(const std::string& layer, const std::string& file, const std::string& attribution);
  // Attribution lines of every source, for display beside the data.
  std::vector<std::string> attributions();

  void record_network(const NetworkRecord& r, const BBox& bbox_wgs84);
  // The WGS84 box of the region's data (municipalities and networks); empty when nothing is imported.
  BBox extent();
  void extend_extent(const BBox& bbox_wgs84);
  RegionInfo info();

 private:
  Workspace(std::filesystem::path dir, Database db) : dir_(std::move(dir)), db_(std::move(db)) {}
  std::filesystem::path dir_;
  Database db_;
};

}  // namespace cityregions
