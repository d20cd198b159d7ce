#include "store/gpkg.hpp"

#include <ogr_spatialref.h>

#include <cstring>

#include "core/error.hpp"

namespace cityregions {

void gpkg_initialize(Database& db) {
  db.exec("PRAGMA application_id = 1196444487");  // 'GPKG'
  db.exec("PRAGMA user_version = 10300");
  db.exec(R"(
    CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
      srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    CREATE TABLE IF NOT EXISTS gpkg_contents (
      table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
      description TEXT DEFAULT '',
      last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
    CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
      table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT uk_gc_table_name UNIQUE (table_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
    INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
      ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
      ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
  )");
  gpkg_ensure_srs(db, 4326);
}

void gpkg_ensure_srs(Database& db, int epsg) {
  auto exists = db.prepare("SELECT 1 FROM gpkg_spatial_ref_sys WHERE srs_id = ?");
  exists.bind(1, epsg);
  if (exists.step()) return;
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE) throw Error("unknown CRS EPSG:" + std::to_string(epsg));
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string definition = wkt ? wkt : "";
  CPLFree(wkt);
  auto ins = db.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, ?)");
  const char* name = srs.GetName();
  ins.bind(1, name ? name : ("EPSG:" + std::to_string(epsg)).c_str()).bind(2, epsg).bind(3, epsg).bind(4, definition);
  ins.bind(5, name ? name : "");
  ins.run();
}

void gpkg_register_features(Database& db, const std::string& table, const std::string& geometry_type, int epsg,
                            const std::string& description) {
  gpkg_ensure_srs(db, epsg);
  auto c = db.prepare(
      "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
      "VALUES (?, 'features', ?, ?, ?)");
  c.bind(1, table).bind(2, table).bind(3, description).bind(4, epsg).run();
  auto g = db.prepare("INSERT OR REPLACE INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)");
  g.bind(1, table).bind(2, geometry_type).bind(3, epsg).run();
}

void gpkg_register_attributes(Database& db, const std::string& table, const std::string& description) {
  auto c = db.prepare(
      "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier, description) "
      "VALUES (?, 'attributes', ?, ?)");
  c.bind(1, table).bind(2, table).bind(3, description).run();
}

void gpkg_drop(Database& db, const std::string& table) {
  db.exec("DROP TABLE IF EXISTS " + quote_ident(table));
  auto g = db.prepare("DELETE FROM gpkg_geometry_columns WHERE table_name = ?");
  g.bind(1, table).run();
  auto c = db.prepare("DELETE FROM gpkg_contents WHERE table_name = ?");
  c.bind(1, table).run();
}

void gpkg_set_extent(Database& db, const std::string& table, const BBox& box) {
  auto st = db.prepare(
      "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, "
      "last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?");
  if (box.empty())
    st.bind_null(1).bind_null(2).bind_null(3).bind_null(4);
  else
    st.bind(1, box.min_x).bind(2, box.min_y).bind(3, box.max_x).bind(4, box.max_y);
  st.bind(5, table).run();
}

std::vector<uint8_t> gpkg_encode(const OGRGeometry& geometry, int srs_id) {
  OGREnvelope env;
  geometry.getEnvelope(&env);
  const bool empty = geometry.IsEmpty();
  const size_t wkb_size = geometry.WkbSize();
  std::vector<uint8_t> out(8 + (empty ? 0 : 32) + wkb_size);
  out[0] = 'G';
  out[1] = 'P';
  out[2] = 0;                                                   // version 1
  out[3] = static_cast<uint8_t>(0x01 | (empty ? 0x10 : 0x02));  // little endian; xy envelope or empty
  const int32_t srs = srs_id;
  std::memcpy(&out[4], &srs, 4);
  size_t off = 8;
  if (!empty) {
    const double e[4] = {env.MinX, env.MaxX, env.MinY, env.MaxY};
    std::memcpy(&out[off], e, 32);
    off += 32;
  }
  geometry.exportToWkb(wkbNDR, &out[off], wkbVariantIso);
  return out;
}

OGRGeometryUniquePtr gpkg_decode(std::span<const uint8_t> blob) {
  if (blob.size() < 8 || blob[0] != 'G' || blob[1] != 'P') throw Error("database: not a GeoPackage geometry");
  static constexpr size_t envelope_bytes[8] = {0, 32, 48, 48, 64, 0, 0, 0};
  const size_t off = 8 + envelope_bytes[(blob[3] >> 1) & 0x07];
  if (blob.size() < off) throw Error("database: truncated GeoPackage geometry");
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(blob.data() + off, nullptr, &g, blob.size() - off) != OGRERR_NONE || !g)
    throw Error("database: unreadable geometry");
  return OGRGeometryUniquePtr(g);
}

}  // namespace cityregions
