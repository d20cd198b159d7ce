#include "access/grid.hpp"

#include <ogr_geometry.h>

#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "core/gdal.hpp"
#include "access/population_weights.hpp"
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
  const WeightCells weights = load_population_weights(db);
  if (!db.table_exists(kPopulationWeightsTable) && std::filesystem::exists(ws.network_file("walk")))
    throw Error("disaggregate: the workspace's network was imported before population weights were kept; run "
                "'cityregions import osm " + ws.dir().string() + " FILE' again");
  const int r = layer == "grid1km" ? 1000 : layer == "grid250m" ? 250 : 100;
  // The 100 m weights summed into the grid's cells (by their lower-left corner's cell).
  std::unordered_map<uint64_t, WeightCell> per_cell;
  std::unordered_set<uint64_t> reached;  // 500 m blocks holding any way
  constexpr int block = 500;
  for (const auto& [key, w] : weights) {
    const double e = static_cast<double>(static_cast<int64_t>(key >> 32) * kWeightCellM),
                 n = static_cast<double>(static_cast<int64_t>(static_cast<int32_t>(key & 0xffffffffu)) * kWeightCellM);
    // The 100 m cell's centre decides its grid cell (250 m cells do not nest 100 m ones).
    const int64_t ce = static_cast<int64_t>(std::floor((e + 50.0) / r)), cn = static_cast<int64_t>(std::floor((n + 50.0) / r));
    WeightCell& c = per_cell[weight_cell_key(ce, cn)];
    c.street_m += w.street_m, c.any_m += w.any_m, c.building_m2 += w.building_m2, c.landuse_m2 += w.landuse_m2;
    if (w.any_m > 0) reached.insert(weight_cell_key(static_cast<int64_t>(std::floor((e + 50.0) / block)),
                                                    static_cast<int64_t>(std::floor((n + 50.0) / block))));
  }
  auto covered = [&](double east, double north) {
    const double cx = east + r / 2.0, cy = north + r / 2.0;
    const auto x0 = static_cast<int64_t>(std::floor((cx - kCoverageRadiusM) / block)),
               x1 = static_cast<int64_t>(std::floor((cx + kCoverageRadiusM) / block));
    const auto y0 = static_cast<int64_t>(std::floor((cy - kCoverageRadiusM) / block)),
               y1 = static_cast<int64_t>(std::floor((cy + kCoverageRadiusM) / block));
    for (int64_t x = x0; x <= x1; ++x)
      for (int64_t y = y0; y <= y1; ++y)
        if (reached.count(weight_cell_key(x, y))) return true;
    return false;
  };
  struct Cell {
    std::string id;
    WeightCell w;
    bool covered;
  };
  std::map<std::string, std::vector<Cell>> by_muni;
  {
    auto st = db.prepare("SELECT cell_id, municipality, geom FROM " + quote_ident(layer));
    while (st.step()) {
      const auto g = gpkg_decode(st.blob(2));
      OGREnvelope env;
      g->getEnvelope(&env);
      const auto key = weight_cell_key(std::llround(env.MinX / r), std::llround(env.MinY / r));
      const auto it = per_cell.find(key);
      by_muni[st.text(1)].push_back({st.text(0), it == per_cell.end() ? WeightCell{} : it->second, covered(env.MinX, env.MinY)});
    }
  }
  DisaggregationReport rep;
  std::set<std::string> totals_done;
  const double cell_km2 = static_cast<double>(r) * r / 1e6;
  Transaction tx(db);
  reset_grid_column(db, layer, column);
  auto up = db.prepare("UPDATE " + quote_ident(layer) + " SET " + quote_ident(column) + " = ? WHERE cell_id = ?");
  // First pass: per municipality the best weight its covered cells hold.
  enum class By { buildings, landuse, streets, evenly };
  auto weight_of = [](By by, const WeightCell& w) {
    return by == By::buildings ? w.building_m2 : by == By::landuse ? w.landuse_m2 : by == By::streets ? w.street_m : 1.0;
  };
  struct Plan {
    By by = By::evenly;
    double weight_sum = 0;
    size_t covered = 0;
  };
  std::map<std::string, Plan> plans;
  // People per unit of weight in the fully covered municipalities, per kind of weight.
  std::map<By, std::pair<double, double>> per_unit;  // (people, weight)
  for (const auto& [key, cells] : by_muni) {
    const auto total = totals.find(key);
    if (total == totals.end()) continue;
    WeightCell sum;
    Plan& plan = plans[key];
    for (const auto& c : cells) {
      if (!c.covered) continue;
      ++plan.covered;
      sum.street_m += c.w.street_m, sum.building_m2 += c.w.building_m2, sum.landuse_m2 += c.w.landuse_m2;
    }
    if (sum.building_m2 > 0) plan.by = By::buildings;
    else if (sum.landuse_m2 > 0) plan.by = By::landuse;
    else if (sum.street_m > 0) plan.by = By::streets;
    for (const auto& c : cells)
      if (c.covered) plan.weight_sum += weight_of(plan.by, c.w);
    if (plan.covered == cells.size() && plan.by != By::evenly) {
      per_unit[plan.by].first += total->second;
      per_unit[plan.by].second += plan.weight_sum;
    }
  }
  for (auto& [key, cells] : by_muni) {
    const auto total = totals.find(key);
    if (total == totals.end()) continue;
    totals_done.insert(key);
    const Plan& plan = plans[key];
    const By by = plan.by;
    auto weight = [&](const WeightCell& w) { return weight_of(by, w); };
    const double weight_sum = plan.weight_sum;
    const size_t n_covered = plan.covered;
    ++(by == By::buildings ? rep.by_buildings : by == By::landuse ? rep.by_landuse : by == By::streets ? rep.by_street_length : rep.evenly);
    ++rep.municipalities;
    const size_t n_uncovered = cells.size() - n_covered;
    // Partly covered: the covered part holds as many people per unit of weight as the fully covered
    // municipalities do (at most the total), else its share of the cells; the rest is spread evenly
    // over the uncovered cells. With no covered cell, everything is spread evenly.
    double covered_total = total->second;
    if (n_uncovered) {
      const auto unit = per_unit.find(by);
      if (n_covered == 0) covered_total = 0;
      else if (unit != per_unit.end() && unit->second.second > 0)
        covered_total = std::min(total->second, weight_sum * unit->second.first / unit->second.second);
      else covered_total = total->second * static_cast<double>(n_covered) / static_cast<double>(cells.size());
    }
    const double uncovered_total = total->second - covered_total;
    for (const auto& c : cells) {
      double v = 0;
      if (!c.covered) v = uncovered_total / static_cast<double>(n_uncovered);
      else v = covered_total * weight(c.w) / weight_sum;
      up.bind(1, v).bind(2, c.id).run();
      ++rep.cells;
      if (v / cell_km2 > rep.max_density_km2) {
        rep.max_density_km2 = v / cell_km2;
        rep.max_density_cell = c.id;
        rep.max_density_municipality = key;
      }
    }
    if (n_uncovered) {
      rep.uncovered += uncovered_total;
      rep.partly_uncovered.push_back({key, static_cast<double>(n_uncovered) / static_cast<double>(cells.size()), uncovered_total});
    }
    rep.total += total->second;
  }
  for (const auto& [key, value] : totals)
    if (!totals_done.count(key)) rep.without_cells.push_back(key);
  std::sort(rep.partly_uncovered.begin(), rep.partly_uncovered.end(),
            [](const auto& a, const auto& b) { return a.uncovered_share > b.uncovered_share; });
  tx.commit();
  return rep;
}

}  // namespace cityregions
