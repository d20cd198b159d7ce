#include "access/grid.hpp"

#include <ogr_geometry.h>

#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/gdal.hpp"
#include "network/graph.hpp"
#include "store/artefacts.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

std::string grid_layer_name(int r) {
  if (r == 1000) return "grid1km";
  if (r == 250) return "grid250m";
  if (r == 100) return "grid100m";
  throw Error("--resolution: the grid has cells of 100, 250 or 1000 m");
}

std::string grid_cell_id(int r, double north, double east) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "CRS3035RES%dmN%lldE%lld", r, static_cast<long long>(std::llround(north)),
                static_cast<long long>(std::llround(east)));
  return buf;
}

std::vector<GridCell> create_grid(Workspace& ws, int r) {
  const std::string layer = grid_layer_name(r);
  Database& db = ws.db();
  if (!db.table_exists("municipalities")) throw Error("grid: the workspace has no municipalities to clip the grid to");
  const auto epsg = ws.epsg();
  OGRSpatialReference from = srs_from_epsg(*epsg), laea = srs_from_epsg(3035), wgs84 = srs_from_epsg(4326);
  std::unique_ptr<OGRCoordinateTransformation> to_laea(OGRCreateCoordinateTransformation(&from, &laea));
  std::unique_ptr<OGRCoordinateTransformation> laea_to_wgs(OGRCreateCoordinateTransformation(&laea, &wgs84));
  struct Muni {
    std::string key;
    OGRGeometryUniquePtr geom;
    OGREnvelope env;
  };
  std::vector<Muni> munis;
  OGREnvelope all;
  auto st = db.prepare("SELECT key, geom FROM municipalities ORDER BY key");
  while (st.step()) {
    Muni m{st.text(0), gpkg_decode(st.blob(1)), {}};
    if (m.geom->transform(to_laea.get()) != OGRERR_NONE) throw Error("grid: cannot project municipality " + m.key);
    m.geom->getEnvelope(&m.env);
    all.Merge(m.env);
    munis.push_back(std::move(m));
  }
  std::vector<GridCell> cells;
  for (double n = std::floor(all.MinY / r) * r; n < all.MaxY; n += r)
    for (double e = std::floor(all.MinX / r) * r; e < all.MaxX; e += r) {
      OGRPoint c(e + r / 2.0, n + r / 2.0);
      for (const auto& m : munis) {
        if (c.getX() < m.env.MinX || c.getX() > m.env.MaxX || c.getY() < m.env.MinY || c.getY() > m.env.MaxY) continue;
        if (!m.geom->Contains(&c)) continue;
        double x = c.getX(), y = c.getY();
        laea_to_wgs->Transform(1, &x, &y);
        cells.push_back({grid_cell_id(r, n, e), m.key, e, n, {x, y}});
        break;
      }
    }
  Transaction tx(db);
  gpkg_drop(db, layer);
  db.exec("CREATE TABLE " + quote_ident(layer) +
          " (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POLYGON, cell_id TEXT NOT NULL UNIQUE, municipality TEXT NOT NULL, "
          "centre_lon REAL, centre_lat REAL)");
  gpkg_register_features(db, layer, "POLYGON", 3035, "INSPIRE grid cells of " + std::to_string(r) + " m in the region");
  auto ins = db.prepare("INSERT INTO " + quote_ident(layer) +
                        " (geom, cell_id, municipality, centre_lon, centre_lat) VALUES (?, ?, ?, ?, ?)");
  BBox box;
  for (const auto& c : cells) {
    OGRLinearRing ring;
    ring.addPoint(c.east, c.north);
    ring.addPoint(c.east + r, c.north);
    ring.addPoint(c.east + r, c.north + r);
    ring.addPoint(c.east, c.north + r);
    ring.closeRings();
    OGRPolygon poly;
    poly.addRing(&ring);
    box.extend(c.east, c.north);
    box.extend(c.east + r, c.north + r);
    ins.bind(1, gpkg_encode(poly, 3035)).bind(2, c.id).bind(3, c.municipality).bind(4, c.centre.lon).bind(5, c.centre.lat);
    ins.run();
  }
  gpkg_set_extent(db, layer, box);
  tx.commit();
  return cells;
}

std::vector<Zone> load_zones(Workspace& ws, const std::string& layer) {
  std::vector<Zone> zones;
  if (layer == "municipalities") {
    auto st = ws.db().prepare("SELECT key, centre_lon, centre_lat FROM municipalities ORDER BY key");
    while (st.step()) zones.push_back({st.text(0), st.text(0), {st.real(1), st.real(2)}});
  } else {
    if (!layer.starts_with("grid") || !ws.db().table_exists(layer))
      throw Error("--zones: no zone layer '" + layer + "' (create one with 'cityregions grid', or use municipalities)");
    auto st = ws.db().prepare("SELECT cell_id, municipality, centre_lon, centre_lat FROM " + quote_ident(layer) + " ORDER BY fid");
    while (st.step()) zones.push_back({st.text(0), st.text(1), {st.real(2), st.real(3)}});
  }
  if (zones.empty()) throw Error("--zones: '" + layer + "' holds no zones");
  return zones;
}

std::vector<double> zone_values(Workspace& ws, const std::string& layer, const std::string& column, size_t expected) {
  if (!ws.db().has_column(layer, column))
    throw Error("--opportunities: the zones '" + layer + "' have no column '" + column + "'" +
                (layer == "municipalities" ? "" : " (spread it onto the grid with 'cityregions disaggregate')"));
  auto st = ws.db().prepare("SELECT " + quote_ident(column) + " FROM " + quote_ident(layer) +
                            (layer == "municipalities" ? " ORDER BY key" : " ORDER BY fid"));
  std::vector<double> out;
  while (st.step()) out.push_back(st.is_null(0) ? 0.0 : st.real(0));
  if (out.size() != expected) throw Error("zones changed while reading");
  return out;
}

void reset_grid_column(Database& db, const std::string& layer, const std::string& column) {
  if (!db.has_column(layer, column)) db.exec("ALTER TABLE " + quote_ident(layer) + " ADD COLUMN " + quote_ident(column) + " REAL");
  db.exec("UPDATE " + quote_ident(layer) + " SET " + quote_ident(column) + " = 0");
}

DisaggregationReport disaggregate(Workspace& ws, const std::string& layer, const std::string& column) {
  Database& db = ws.db();
  if (!layer.starts_with("grid") || !db.table_exists(layer)) throw Error("--zones: no grid layer '" + layer + "'");
  static const std::set<std::string> reserved = {"fid", "geom", "cell_id", "municipality", "centre_lon", "centre_lat"};
  if (reserved.count(column)) throw Error("--column: '" + column + "' is a field of the grid itself");
  // Municipality totals.
  std::map<std::string, double> totals;
  {
    if (!db.has_column("municipalities", column)) throw Error("--column: municipalities have no column '" + column + "'");
    auto st = db.prepare("SELECT key, " + quote_ident(column) + " FROM municipalities");
    while (st.step())
      if (!st.is_null(1)) totals[st.text(0)] = st.real(1);
  }
  // Street length per cell: the walk network's chains, segment by segment, by midpoint.
  const int r = layer == "grid1km" ? 1000 : layer == "grid250m" ? 250 : 100;
  std::map<std::string, double> length;
  if (std::filesystem::exists(ws.network_file("walk"))) {
    const Graph g = load_graph(ws.network_file("walk"));
    check_artefact(ws, ws.network_file("walk"), g.build_id);
    const Projection laea(3035);
    std::vector<XY> pts;
    for (uint32_t c = 0; c < g.chain_count(); ++c) {
      const auto shape = g.chain_shape(c);
      pts.clear();
      for (const auto& p : shape) pts.push_back({p.lonlat().lon, p.lonlat().lat});
      laea.forward(pts);
      for (size_t i = 0; i + 1 < pts.size(); ++i) {
        const double mx = (pts[i].x + pts[i + 1].x) / 2, my = (pts[i].y + pts[i + 1].y) / 2;
        length[grid_cell_id(r, std::floor(my / r) * r, std::floor(mx / r) * r)] +=
            std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
      }
    }
  }
  struct Cell {
    std::string id, municipality;
    double weight;
  };
  std::map<std::string, std::vector<Cell>> by_muni;
  {
    auto st = db.prepare("SELECT cell_id, municipality FROM " + quote_ident(layer));
    while (st.step()) {
      const auto it = length.find(st.text(0));
      by_muni[st.text(1)].push_back({st.text(0), st.text(1), it == length.end() ? 0.0 : it->second});
    }
  }
  DisaggregationReport rep;
  std::set<std::string> totals_done;
  Transaction tx(db);
  reset_grid_column(db, layer, column);
  auto up = db.prepare("UPDATE " + quote_ident(layer) + " SET " + quote_ident(column) + " = ? WHERE cell_id = ?");
  for (auto& [key, cells] : by_muni) {
    const auto total = totals.find(key);
    if (total == totals.end()) continue;
    totals_done.insert(key);
    double sum = 0;
    for (const auto& c : cells) sum += c.weight;
    const bool even = sum <= 0;
    ++rep.municipalities;
    ++(even ? rep.evenly : rep.by_street_length);
    for (const auto& c : cells) {
      const double share = even ? 1.0 / static_cast<double>(cells.size()) : c.weight / sum;
      up.bind(1, total->second * share).bind(2, c.id).run();
      ++rep.cells;
    }
    rep.total += total->second;
  }
  for (const auto& [key, value] : totals)
    if (!totals_done.count(key)) rep.without_cells.push_back(key);
  tx.commit();
  return rep;
}

}  // namespace cityregions
