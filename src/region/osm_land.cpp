#include "region/osm_land.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cstring>

#include "core/error.hpp"

namespace cityregions {

namespace {

using LocationIndex = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;

class LandHandler : public osmium::handler::Handler {
 public:
  explicit LandHandler(OsmLand& out) : out_(out) {}

  void node(const osmium::Node& n) {
    const char* place = n.tags()["place"];
    const char* name = n.tags()["name"];
    if (!place || !name || !n.location().valid()) return;
    if (std::strcmp(place, "city") != 0 && std::strcmp(place, "town") != 0 && std::strcmp(place, "village") != 0) return;
    out_.places.push_back({name, place, {n.location().lon(), n.location().lat()}});
  }

  void way(const osmium::Way& w) {
    const char* building = w.tags()["building"];
    const char* landuse = w.tags()["landuse"];
    const char* highway = w.tags()["highway"];
    const char* name = w.tags()["name"];
    if (highway && name && commercial_road_name(name)) {
      for (const auto& nr : w.nodes())
        if (nr.location().valid()) out_.commercial_roads.push_back({nr.location().lon(), nr.location().lat()});
    }
    const bool is_building = building && residential_building(building);
    const bool is_residential = landuse && std::strcmp(landuse, "residential") == 0;
    const bool is_commercial = landuse && (std::strcmp(landuse, "industrial") == 0 || std::strcmp(landuse, "commercial") == 0 ||
                                           std::strcmp(landuse, "retail") == 0);
    if (!is_building && !is_residential && !is_commercial) return;
    if (w.nodes().size() < 4 || !w.is_closed()) return;
    std::vector<LonLat> ring;
    for (const auto& nr : w.nodes()) {
      if (!nr.location().valid()) return;
      ring.push_back({nr.location().lon(), nr.location().lat()});
    }
    if (is_commercial) {
      LonLat c{0, 0};
      for (size_t i = 0; i + 1 < ring.size(); ++i) c.lon += ring[i].lon, c.lat += ring[i].lat;
      const double k = static_cast<double>(ring.size() - 1);
      out_.commercial_areas.push_back({c.lon / k, c.lat / k});
    }
    if (is_building) out_.buildings.push_back(std::move(ring));
    else if (is_residential) out_.residential.push_back(std::move(ring));
  }

 private:
  OsmLand& out_;
};

}  // namespace

bool residential_building(std::string_view v) {
  static const char* const kept[] = {"yes",       "house",  "residential", "apartments", "detached", "semidetached_house",
                                     "terrace",   "bungalow", "dormitory", "farm",       "semi",     "row_house"};
  return std::any_of(std::begin(kept), std::end(kept), [&](const char* k) { return v == k; });
}

bool commercial_road_name(std::string_view name) {
  return name.find("Industrie") != std::string_view::npos || name.find("Gewerbe") != std::string_view::npos ||
         name.find("industrie") != std::string_view::npos || name.find("gewerbe") != std::string_view::npos;
}

OsmLand read_osm_land(const std::filesystem::path& file) {
  OsmLand out;
  try {
    const osmium::io::File input(file.string());
    osmium::io::Reader reader(input, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    LocationIndex index;
    osmium::handler::NodeLocationsForWays<LocationIndex> locations(index);
    locations.ignore_errors();
    LandHandler handler(out);
    while (osmium::memory::Buffer buffer = reader.read()) osmium::apply(buffer, locations, handler);
    reader.close();
  } catch (const std::exception& e) {
    throw Error(file.string() + ": cannot read OSM data: " + e.what());
  }
  return out;
}

void store_osm_land(Database& db, const OsmLand& land) {
  db.exec("DROP TABLE IF EXISTS osm_places");
  db.exec("CREATE TABLE osm_places (name TEXT NOT NULL, place TEXT NOT NULL, lon REAL, lat REAL)");
  auto ins = db.prepare("INSERT INTO osm_places VALUES (?, ?, ?, ?)");
  for (const auto& p : land.places) ins.bind(1, p.name).bind(2, p.place).bind(3, p.position.lon).bind(4, p.position.lat).run();
  db.exec("DROP TABLE IF EXISTS osm_commercial_anchors");
  db.exec("CREATE TABLE osm_commercial_anchors (kind TEXT NOT NULL, lon REAL, lat REAL)");
  auto a = db.prepare("INSERT INTO osm_commercial_anchors VALUES (?, ?, ?)");
  for (const auto& p : land.commercial_areas) a.bind(1, "landuse").bind(2, p.lon).bind(3, p.lat).run();
  for (const auto& p : land.commercial_roads) a.bind(1, "road").bind(2, p.lon).bind(3, p.lat).run();
}

std::vector<OsmPlace> load_osm_places(Database& db) {
  std::vector<OsmPlace> out;
  if (!db.table_exists("osm_places")) return out;
  auto st = db.prepare("SELECT name, place, lon, lat FROM osm_places");
  while (st.step()) out.push_back({st.text(0), st.text(1), {st.real(2), st.real(3)}});
  return out;
}

std::vector<LonLat> load_commercial_anchors(Database& db) {
  std::vector<LonLat> out;
  if (!db.table_exists("osm_commercial_anchors")) return out;
  auto st = db.prepare("SELECT lon, lat FROM osm_commercial_anchors");
  while (st.step()) out.push_back({st.real(0), st.real(1)});
  return out;
}

}  // namespace cityregions
