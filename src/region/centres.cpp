#include "region/centres.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "core/gdal.hpp"
#include "region/osm_land.hpp"
#include "region/points.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

size_t CentreReport::count(const std::string& source) const {
  return static_cast<size_t>(std::count_if(municipalities.begin(), municipalities.end(),
                                           [&](const CentreChoice& c) { return c.source == source; }));
}

namespace {

std::string folded(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int place_rank(const std::string& place) { return place == "city" ? 0 : place == "town" ? 1 : 2; }

}  // namespace

CentreReport update_centres(Workspace& ws, const std::string& centres_file) {
  Database& db = ws.db();
  if (!db.table_exists("municipalities")) throw Error("centres: the workspace has no municipalities yet");
  const int epsg = ws.epsg().value_or(4326);
  const Projection proj(epsg), laea(3035);
  struct Muni {
    std::string key, name, source;
    OGRGeometryUniquePtr geom;  // workspace CRS
    LonLat centre;
  };
  const bool has_source = db.has_column("municipalities", "centre_source");
  std::vector<Muni> munis;
  {
    auto st = db.prepare(std::string("SELECT key, name, geom, centre_lon, centre_lat, ") +
                         (has_source ? "centre_source" : "NULL") + " FROM municipalities ORDER BY key");
    while (st.step())
      munis.push_back({st.text(0), st.text(1), st.is_null(5) ? "" : st.text(5), gpkg_decode(st.blob(2)), {st.real(3), st.real(4)}});
  }
  auto contains = [&](const Muni& m, LonLat p) {
    const XY xy = proj.forward(p);
    const OGRPoint pt(xy.x, xy.y);
    return m.geom->Contains(&pt);
  };
  CentreReport rep;
  std::map<std::string, LonLat> given;  // key → centre from the file
  if (!centres_file.empty()) {
    std::map<std::string, std::string> by_name;
    for (const auto& m : munis) by_name[folded(m.name)] = m.key;
    for (const auto& p : read_points(ws, centres_file)) {
      std::string key = p.id;
      if (std::none_of(munis.begin(), munis.end(), [&](const Muni& m) { return m.key == key; })) {
        const auto it = by_name.find(folded(p.id));
        if (it == by_name.end()) throw Error(p.where + ": field 'id': '" + p.id + "' is no municipality key or name of the workspace");
        key = it->second;
      }
      given[key] = p.position;
    }
  }
  // The finest grid with population.
  std::map<std::string, std::vector<std::pair<LonLat, double>>> cells;
  for (const char* layer : {"grid100m", "grid250m", "grid1km"}) {
    if (!db.table_exists(layer) || !db.has_column(layer, "population")) continue;
    auto st = db.prepare(std::string("SELECT municipality, centre_lon, centre_lat, population FROM ") + layer +
                         " WHERE population > 0");
    while (st.step()) cells[st.text(0)].push_back({{st.real(1), st.real(2)}, st.real(3)});
    if (!cells.empty()) {
      rep.grid_layer = layer;
      break;
    }
  }
  const auto places = load_osm_places(db);
  for (auto& m : munis) {
    CentreChoice c{m.key, m.name, "", m.centre, {}};
    if (const auto g = given.find(m.key); g != given.end()) {
      c.source = "file", c.after = g->second;
    } else if (m.source == "file") {
      c.source = "file", c.after = m.centre;
    } else if (const auto cs = cells.find(m.key); cs != cells.end()) {
      double x = 0, y = 0, w = 0;
      std::vector<XY> xy;
      for (const auto& [p, v] : cs->second) {
        xy.push_back(laea.forward(p));
        x += v * xy.back().x, y += v * xy.back().y, w += v;
      }
      const XY mean{x / w, y / w};
      c.source = "grid";
      c.after = laea.inverse(mean);
      if (!contains(m, c.after)) {
        size_t best = 0;
        for (size_t i = 1; i < xy.size(); ++i)
          if (std::hypot(xy[i].x - mean.x, xy[i].y - mean.y) < std::hypot(xy[best].x - mean.x, xy[best].y - mean.y)) best = i;
        c.after = cs->second[best].first;
      }
    } else {
      const OsmPlace* best = nullptr;
      for (const auto& p : places)
        if (folded(p.name) == folded(m.name) && contains(m, p.position) && (!best || place_rank(p.place) < place_rank(best->place)))
          best = &p;
      if (best) {
        c.source = "place", c.after = best->position;
      } else {
        // As the import: the centroid where it lies inside, else a point on the surface (WGS84).
        OGRGeometryUniquePtr wgs(m.geom->clone());
        OGRSpatialReference from = srs_from_epsg(epsg), to = srs_from_epsg(4326);
        std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
        if (!ct || wgs->transform(ct.get()) != OGRERR_NONE) throw Error("centres: cannot reproject municipality " + m.key);
        OGRPoint centre;
        if (wgs->Centroid(&centre) != OGRERR_NONE || !wgs->Contains(&centre)) {
          OGRGeometryUniquePtr inside(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(wgs.get()))));
          if (inside) centre = *inside->toPoint();
        }
        c.source = "inside", c.after = {centre.getX(), centre.getY()};
      }
    }
    rep.municipalities.push_back(std::move(c));
  }
  Transaction tx(db);
  if (!has_source) db.exec("ALTER TABLE municipalities ADD COLUMN centre_source TEXT");
  auto up = db.prepare("UPDATE municipalities SET centre_lon = ?, centre_lat = ?, centre_source = ? WHERE key = ?");
  for (const auto& c : rep.municipalities) up.bind(1, c.after.lon).bind(2, c.after.lat).bind(3, c.source).bind(4, c.key).run();
  tx.commit();
  return rep;
}

}  // namespace cityregions
