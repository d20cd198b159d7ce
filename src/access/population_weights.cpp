#include "access/population_weights.hpp"

#include <cmath>

#include "core/geo.hpp"
#include "network/mode.hpp"

namespace cityregions {

double street_weight(RoadClass c) {
  switch (c) {
    case RoadClass::residential:
    case RoadClass::living_street:
      return 1.0;
    case RoadClass::unclassified:
    case RoadClass::tertiary:
    case RoadClass::tertiary_link:
    case RoadClass::road:
      return 0.5;
    case RoadClass::primary:
    case RoadClass::primary_link:
    case RoadClass::secondary:
    case RoadClass::secondary_link:
      return 0.3;
    case RoadClass::service:
      return 0.1;
    default:  // motorway, trunk and their links; none
      return 0.0;
  }
}

namespace {

WeightCell& cell_at(WeightCells& cells, double x, double y) {
  return cells[weight_cell_key(static_cast<int64_t>(std::floor(x / kWeightCellM)),
                               static_cast<int64_t>(std::floor(y / kWeightCellM)))];
}

std::vector<XY> projected(const Projection& laea, const std::vector<LonLat>& ring) {
  std::vector<XY> pts;
  pts.reserve(ring.size());
  for (const auto& p : ring) pts.push_back({p.lon, p.lat});
  laea.forward(pts);
  return pts;
}

bool inside(const std::vector<XY>& ring, double x, double y) {
  bool in = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
    if ((ring[i].y > y) != (ring[j].y > y) &&
        x < (ring[j].x - ring[i].x) * (y - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x)
      in = !in;
  return in;
}

}  // namespace

WeightCells population_weight_cells(const OsmRoads& roads, const OsmLand& land) {
  WeightCells cells;
  const Projection laea(3035);
  std::vector<XY> pts;
  const int car = static_cast<int>(Mode::car);
  for (const auto& w : roads.ways) {
    pts.clear();
    for (uint32_t i = 0; i < w.node_count; ++i) {
      const LonLat p = roads.node_coords[roads.way_nodes[w.first_node + i]].lonlat();
      pts.push_back({p.lon, p.lat});
    }
    laea.forward(pts);
    const bool by_car = w.rule[car].usable();
    const double weight = by_car ? street_weight(w.rule[car].road) : 0.0;
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
      const double len = std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
      WeightCell& c = cell_at(cells, (pts[i].x + pts[i + 1].x) / 2, (pts[i].y + pts[i + 1].y) / 2);
      c.any_m += len;
      c.street_m += weight * len;
    }
  }
  // Buildings: the footprint (shoelace) in the cell of the outline's mean vertex.
  for (const auto& b : land.buildings) {
    const auto ring = projected(laea, b);
    double area2 = 0, cx = 0, cy = 0;
    for (size_t i = 0; i + 1 < ring.size(); ++i) {
      area2 += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
      cx += ring[i].x, cy += ring[i].y;
    }
    const double n = static_cast<double>(ring.size() - 1);
    cell_at(cells, cx / n, cy / n).building_m2 += std::abs(area2) / 2;
  }
  // Residential land: sampled on a 25 m lattice (each point stands for 625 m²).
  constexpr double step = 25;
  for (const auto& a : land.residential) {
    const auto ring = projected(laea, a);
    double minx = HUGE_VAL, miny = HUGE_VAL, maxx = -HUGE_VAL, maxy = -HUGE_VAL;
    for (const auto& p : ring) minx = std::min(minx, p.x), miny = std::min(miny, p.y), maxx = std::max(maxx, p.x), maxy = std::max(maxy, p.y);
    for (double y = std::floor(miny / step) * step + step / 2; y < maxy; y += step)
      for (double x = std::floor(minx / step) * step + step / 2; x < maxx; x += step)
        if (inside(ring, x, y)) cell_at(cells, x, y).landuse_m2 += step * step;
  }
  return cells;
}

void store_population_weights(Database& db, const WeightCells& cells) {
  db.exec(std::string("DROP TABLE IF EXISTS ") + kPopulationWeightsTable);
  db.exec(std::string("CREATE TABLE ") + kPopulationWeightsTable +
          " (east INTEGER NOT NULL, north INTEGER NOT NULL, street_m REAL, any_m REAL, building_m2 REAL, landuse_m2 REAL, "
          "PRIMARY KEY (east, north))");
  auto ins = db.prepare(std::string("INSERT INTO ") + kPopulationWeightsTable + " VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& [key, c] : cells) {
    const auto e = static_cast<int64_t>(key >> 32), n = static_cast<int64_t>(static_cast<int32_t>(key & 0xffffffffu));
    ins.bind(1, e * kWeightCellM).bind(2, n * kWeightCellM).bind(3, c.street_m).bind(4, c.any_m).bind(5, c.building_m2);
    ins.bind(6, c.landuse_m2).run();
  }
}

WeightCells load_population_weights(Database& db) {
  WeightCells cells;
  if (!db.table_exists(kPopulationWeightsTable)) return cells;
  auto st = db.prepare(std::string("SELECT east, north, street_m, any_m, building_m2, landuse_m2 FROM ") + kPopulationWeightsTable);
  while (st.step())
    cells[weight_cell_key(st.int64(0) / kWeightCellM, st.int64(1) / kWeightCellM)] = {st.real(2), st.real(3), st.real(4),
                                                                                      st.real(5)};
  return cells;
}

}  // namespace cityregions
