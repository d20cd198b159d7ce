#include "region/networks.hpp"

#include <tbb/parallel_for.h>

#include <cmath>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "network/contraction_hierarchy.hpp"
#include "network/graph_builder.hpp"
#include "network/osm_reader.hpp"
#include "access/population_weights.hpp"
#include "region/osm_land.hpp"
#include "store/artefacts.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {
// The motorway junctions of the file as a point layer: destinations for "time to the motorway".
void store_motorway_junctions(Workspace& ws, const OsmRoads& roads) {
  Database& db = ws.db();
  gpkg_drop(db, "motorway_junctions");
  db.exec("CREATE TABLE motorway_junctions (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, id TEXT, ref TEXT, name TEXT)");
  gpkg_register_features(db, "motorway_junctions", "POINT", 4326, "Motorway junctions (OSM highway=motorway_junction)");
  auto ins = db.prepare("INSERT INTO motorway_junctions (geom, id, ref, name) VALUES (?, ?, ?, ?)");
  BBox box;
  for (const auto& j : roads.motorway_junctions) {
    OGRPoint p(j.position.lon, j.position.lat);
    box.extend(j.position.lon, j.position.lat);
    ins.bind(1, gpkg_encode(p, 4326)).bind(2, std::to_string(j.id)).bind(3, j.ref).bind(4, j.name).run();
  }
  gpkg_set_extent(db, "motorway_junctions", box);
}
}  // namespace

std::vector<NetworkReport> import_osm(Workspace& ws, const fs::path& file, const Profile& profile, bool show_progress) {
  ArtefactUpdate update(ws);  // one import at a time; its files change with the database (store/artefacts.hpp)
  const OsmRoads roads = read_osm_roads(file, profile, show_progress);
  // Places, buildings and land use: centres, population weights, plausible commercial land.
  const OsmLand land = read_osm_land(file);
  const WeightCells weights = population_weight_cells(roads, land);

  BBox data_box;
  for (const auto& c : roads.node_coords) data_box.extend(c.lonlat().lon, c.lonlat().lat);
  const BBox region = ws.extent();
  if (!region.empty() && (data_box.max_x < region.min_x || data_box.min_x > region.max_x ||
                          data_box.max_y < region.min_y || data_box.min_y > region.max_y))
    throw Error(file.string() + ": the OSM data does not overlap the region (wrong file for this workspace?)");

  std::vector<Graph> graphs(kStreetModes.size());
  {
    Progress progress("building networks", kStreetModes.size(), show_progress);
    tbb::parallel_for(size_t{0}, kStreetModes.size(), [&](size_t i) {
      graphs[i] = build_graph(roads, kStreetModes[i]);
      graphs[i].build_id = update.build_id();
      progress.advance();
    });
  }
  // One hierarchy per mode, and for the car one per time period: the hierarchy depends on the
  // weights, which the periods scale differently by road class and area.
  std::vector<std::pair<size_t, uint32_t>> jobs;  // (mode index, period)
  for (size_t i = 0; i < graphs.size(); ++i)
    for (uint32_t p = 0; p < std::max<size_t>(1, graphs[i].edge_based() ? graphs[i].periods.size() : 1); ++p)
      jobs.emplace_back(i, p);
  std::vector<ContractionHierarchy> hierarchies(jobs.size());
  {
    Progress progress("contraction hierarchies", jobs.size(), show_progress);
    tbb::parallel_for(size_t{0}, jobs.size(), [&](size_t j) {
      const auto [i, p] = jobs[j];
      if (p == 0) {
        hierarchies[j] = build_contraction_hierarchy(graphs[i]);
      } else {
        Graph scaled = graphs[i];
        apply_period(scaled, p);
        hierarchies[j] = build_contraction_hierarchy(scaled);
      }
      progress.advance();
    });
  }

  std::vector<NetworkReport> reports;
  for (size_t i = 0; i < graphs.size(); ++i) {
    const Graph& g = graphs[i];
    if (g.node_count() == 0) throw Error(file.string() + ": no " + std::string(mode_name(g.mode)) + " network in this file");
    const fs::path graph_file = update.stage(ws.network_file(mode_name(g.mode)));
    save_graph(g, graph_file);
    NetworkReport r{g.mode, g.node_count(), g.edge_count(), g.edge_based() ? g.routing_arc_count() : 0,
                    g.dropped_nodes, g.dropped_edges, g.restrictions_applied, g.restrictions_skipped,
                    fs::file_size(graph_file), g.country, g.signal_junctions, g.controls, g.barriers,
                    g.built_up_segments, {}};
    for (size_t j = 0; j < jobs.size(); ++j) {
      if (jobs[j].first != i) continue;
      const fs::path ch_file = update.stage(hierarchy_file(ws, g.mode, jobs[j].second));
      save_contraction_hierarchy(hierarchies[j], ch_file);
      r.file_bytes += fs::file_size(ch_file);
      if (g.edge_based()) r.periods.push_back(g.periods[jobs[j].second].name);
    }
    reports.push_back(std::move(r));
  }
  Transaction tx(ws.db());
  for (size_t i = 0; i < graphs.size(); ++i) {
    const auto& r = reports[i];
    ws.record_network({std::string(mode_name(r.mode)), r.nodes, r.edges, r.dropped_nodes, r.dropped_edges,
                       fs::absolute(file).filename().string(), ""},
                      graphs[i].bbox());
  }
  ws.record_source("networks", file.filename().string(), "© OpenStreetMap contributors, ODbL 1.0");
  store_motorway_junctions(ws, roads);
  store_population_weights(ws.db(), weights);
  store_osm_land(ws.db(), land);
  update.record();
  tx.commit();
  update.complete();
  return reports;
}

fs::path hierarchy_file(Workspace& ws, Mode mode, uint32_t period) {
  const std::string name(mode_name(mode));
  return ws.hierarchy_file(period == 0 ? name : name + ".period" + std::to_string(period));
}

Graph load_street_graph(Workspace& ws, Mode mode) {
  const std::string name(mode_name(mode));
  if (!fs::exists(ws.network_file(name)))
    throw Error(ws.dir().string() + ": no " + name + " network yet (run 'cityregions import osm " + ws.dir().string() +
                " FILE.osm.pbf')");
  Graph g = load_graph(ws.network_file(name));
  check_artefact(ws, ws.network_file(name), g.build_id);
  return g;
}

StreetNetwork load_street_network(Workspace& ws, Mode mode, double time_factor, int depart_minute) {
  Graph g = load_street_graph(ws, mode);
  if (time_factor != 1.0) {
    if (!(time_factor > 0.1 && time_factor < 10)) throw Error("speed: the factor on travel times must lie between 0.1 and 10");
    for (auto& w : g.weight_ms) w = static_cast<uint32_t>(std::lround(w * time_factor));
    for (auto& w : g.turn_ms) w = static_cast<uint32_t>(std::lround(w * time_factor));
    return StreetNetwork(std::move(g));
  }
  uint32_t period = 0;
  if (depart_minute >= 0 && g.edge_based()) {
    CarProfile periods;
    periods.periods = g.periods;
    period = static_cast<uint32_t>(periods.period_at(depart_minute));
  }
  apply_period(g, period);
  const fs::path ch = hierarchy_file(ws, mode, period);
  StreetNetwork net(std::move(g));
  if (fs::exists(ch)) {
    ContractionHierarchy h = load_contraction_hierarchy(ch);
    check_artefact(ws, ch, h.build_id);
    try {
      net.attach(std::move(h));
    } catch (const Error& e) {
      throw Error(ch.string() + ": " + e.what());
    }
  }
  return net;
}

}  // namespace cityregions
