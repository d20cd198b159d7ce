#include "region/pt_classes.hpp"

#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>

#include "core/error.hpp"
#include "core/gdal.hpp"
#include "region/transit.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace {
const char* roman(int c) {
  static const char* r[] = {"", "I", "II", "III", "IV", "V", "VI", "VII"};
  return c >= 0 && c <= 7 ? r[c] : "";
}
}  // namespace

PtClassResult pt_classes(Workspace& ws, int32_t date, int32_t from_s, int32_t to_s) {
  const auto feeds = load_feeds(ws);
  if (feeds.empty()) throw Error(ws.dir().string() + ": no public-transport feed yet (run 'cityregions import gtfs')");
  PtClassResult r;
  r.stations = pt_stations(feeds, date, from_s, to_s, station_overrides(ws));
  if (r.stations.empty()) throw Error("no departures on that date and time window");
  r.epsg = ws.epsg().value_or(utm_epsg_for(r.stations.front().position));
  const Projection proj(r.epsg);

  // Discs per class; the better class wins where they overlap.
  std::array<std::unique_ptr<OGRMultiPolygon>, 6> discs;
  for (auto& d : discs) d = std::make_unique<OGRMultiPolygon>();
  for (const auto& s : r.stations) {
    if (s.category == 0) continue;
    const XY c = proj.forward(s.position);
    OGRPoint p(c.x, c.y);
    for (double band : kPtClassBands) {
      const char cls = pt_quality_class(s.category, band);
      if (!cls) continue;
      discs[cls - 'A']->addGeometryDirectly(p.Buffer(band, 16));
    }
  }
  OGRGeometryUniquePtr better;
  for (int i = 0; i < 6; ++i) {
    OGRGeometryUniquePtr u(discs[i]->IsEmpty() ? new OGRMultiPolygon() : discs[i]->UnionCascaded());
    if (!u) u.reset(new OGRMultiPolygon());
    OGRGeometryUniquePtr own(better && !u->IsEmpty() ? u->Difference(better.get()) : u->clone());
    OGRGeometryUniquePtr multi(OGRGeometryFactory::forceToMultiPolygon(own.release()));
    better.reset(better ? better->Union(u.get()) : u->clone());
    const double km2 = multi->IsEmpty() ? 0.0 : multi->toMultiPolygon()->get_Area() / 1e6;
    r.classes.push_back({static_cast<char>('A' + i), std::move(multi), km2});
  }

  // Population per class from the finest grid with population: the class at each cell's centre.
  std::map<std::string, std::array<double, 6>> grid_population;
  r.population_source = "area";
  for (const char* layer : {"grid100m", "grid250m", "grid1km"}) {
    Database& db = ws.db();
    if (!db.table_exists(layer) || !db.has_column(layer, "population")) continue;
    std::vector<OGRPreparedGeometryUniquePtr> prepared;
    for (const auto& c : r.classes) prepared.emplace_back(c.area->IsEmpty() ? nullptr : OGRCreatePreparedGeometry(OGRGeometry::ToHandle(c.area.get())));
    auto st = db.prepare(std::string("SELECT municipality, centre_lon, centre_lat, population FROM ") + layer +
                         " WHERE population > 0");
    bool any = false;
    while (st.step()) {
      any = true;
      auto& row = grid_population[st.text(0)];
      const XY xy = proj.forward(LonLat{st.real(1), st.real(2)});
      OGRPoint p(xy.x, xy.y);
      for (size_t i = 0; i < prepared.size(); ++i)
        if (prepared[i] && OGRPreparedGeometryContains(prepared[i].get(), OGRGeometry::ToHandle(&p))) {
          row[i] += st.real(3);
          break;
        }
    }
    if (any) {
      r.population_source = layer;
      break;
    }
  }
  // Shares per municipality (their polygons are stored in the workspace CRS).
  if (ws.db().table_exists("municipalities") && ws.epsg() == r.epsg) {
    auto st = ws.db().prepare("SELECT key, name, population, geom, area_km2 FROM municipalities ORDER BY key");
    while (st.step()) {
      MunicipalityPtClasses m{st.text(0), st.text(1), st.real(4), st.is_null(2) ? 0 : st.int64(2), {}, {}};
      const auto geom = gpkg_decode(st.blob(3));
      const double area = geom->toMultiPolygon()->get_Area();
      for (int i = 0; i < 6; ++i) {
        if (r.classes[i].area->IsEmpty() || !geom->Intersects(r.classes[i].area.get())) continue;
        OGRGeometryUniquePtr part(geom->Intersection(r.classes[i].area.get()));
        double a = 0;
        if (part) {
          OGRGeometryUniquePtr mp(OGRGeometryFactory::forceToMultiPolygon(part.release()));
          if (mp && wkbFlatten(mp->getGeometryType()) == wkbMultiPolygon) a = mp->toMultiPolygon()->get_Area();
        }
        m.area_share[i] = area > 0 ? a / area : 0;
        m.population_in[i] = m.area_share[i] * static_cast<double>(m.population);
      }
      if (r.population_source != "area") {
        const auto g = grid_population.find(m.key);
        m.population_in = g == grid_population.end() ? std::array<double, 6>{} : g->second;
      }
      r.municipalities.push_back(std::move(m));
    }
  }
  return r;
}

void write_pt_classes(const std::filesystem::path& file, const PtClassResult& r) {
  if (file.extension() != ".gpkg") throw Error(file.string() + ": quality classes are written as a GeoPackage (.gpkg)");
  DatasetPtr ds = create_vector(file);
  OGRSpatialReference crs = srs_from_epsg(r.epsg);
  OGRSpatialReference wgs84 = srs_from_epsg(4326);
  auto field = [](OGRLayer* layer, const char* name, OGRFieldType type) {
    OGRFieldDefn f(name, type);
    if (layer->CreateField(&f) != OGRERR_NONE) throw Error(std::string("cannot create field ") + name);
  };
  OGRLayer* classes = ds->CreateLayer("pt_classes", &crs, wkbMultiPolygon, nullptr);
  field(classes, "class", OFTString);
  field(classes, "area_km2", OFTReal);
  for (const auto& c : r.classes) {
    OGRFeature f(classes->GetLayerDefn());
    f.SetField("class", std::string(1, c.cls).c_str());
    f.SetField("area_km2", std::round(c.area_km2 * 1000) / 1000);
    f.SetGeometry(c.area.get());
    if (classes->CreateFeature(&f) != OGRERR_NONE) throw Error(file.string() + ": cannot write class " + c.cls);
  }
  OGRLayer* stations = ds->CreateLayer("pt_stations", &wgs84, wkbPoint, nullptr);
  field(stations, "name", OFTString);
  field(stations, "stops", OFTString);
  field(stations, "departures", OFTInteger);
  field(stations, "headway_min", OFTReal);
  field(stations, "mode_group", OFTString);
  field(stations, "category", OFTString);
  if (stations->StartTransaction() != OGRERR_NONE) throw Error(file.string() + ": cannot start a transaction");
  for (const auto& s : r.stations) {
    OGRFeature f(stations->GetLayerDefn());
    f.SetField("name", s.name.c_str());
    f.SetField("stops", s.stops.c_str());
    f.SetField("departures", s.departures);
    f.SetField("headway_min", std::round(s.headway_min * 10) / 10);
    f.SetField("mode_group", std::string(1, s.mode_group).c_str());
    f.SetField("category", roman(s.category));
    OGRPoint p(s.position.lon, s.position.lat);
    f.SetGeometry(&p);
    if (stations->CreateFeature(&f) != OGRERR_NONE) throw Error(file.string() + ": cannot write station");
  }
  if (stations->CommitTransaction() != OGRERR_NONE) throw Error(file.string() + ": cannot commit");
  if (!r.municipalities.empty()) {
    OGRLayer* munis = ds->CreateLayer("pt_classes_by_municipality", nullptr, wkbNone, nullptr);
    field(munis, "key", OFTString);
    field(munis, "name", OFTString);
    field(munis, "area_km2", OFTReal);
    field(munis, "population", OFTInteger64);
    for (char c = 'a'; c <= 'f'; ++c) {
      field(munis, (std::string("area_share_") + c).c_str(), OFTReal);
      field(munis, (std::string("population_") + c).c_str(), OFTInteger64);
    }
    for (const auto& m : r.municipalities) {
      OGRFeature f(munis->GetLayerDefn());
      f.SetField("key", m.key.c_str());
      f.SetField("name", m.name.c_str());
      f.SetField("area_km2", std::round(m.area_km2 * 100) / 100);
      f.SetField("population", static_cast<GIntBig>(m.population));
      for (int i = 0; i < 6; ++i) {
        const char c = static_cast<char>('a' + i);
        f.SetField((std::string("area_share_") + c).c_str(), std::round(m.area_share[i] * 10000) / 10000);
        f.SetField((std::string("population_") + c).c_str(), static_cast<GIntBig>(std::llround(m.population_in[i])));
      }
      if (munis->CreateFeature(&f) != OGRERR_NONE) throw Error(file.string() + ": cannot write municipality shares");
    }
  }
}

}  // namespace cityregions
