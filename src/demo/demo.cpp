#include "demo/demo.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "cases/catalogue.hpp"
#include "demo/illustrative_sites.hpp"
#include "land/pool_draft.hpp"
#include "land/site_criteria.hpp"
#include "land/site_ranking.hpp"
#include "core/error.hpp"
#include "network/matrix.hpp"
#include "network/street_network.hpp"
#include "region/outputs.hpp"
#include "access/grid.hpp"
#include "region/accessibility.hpp"
#include "region/centres.hpp"
#include "region/points.hpp"
#include "region/transit.hpp"
#include "transit/transit_times.hpp"
#include "store/municipalities.hpp"

namespace cityregions {

namespace fs = std::filesystem;

DemoResult run_demo(const DemoOptions& opt, const std::function<void(const std::string&)>& step) {
  const fs::path dir = opt.data_dir / "rhein-neckar-rnv";
  const fs::path boundaries = dir / "vg5000_gem_rhein_neckar_wgs84.geojson", osm = dir / "rnv-highways.osm.pbf",
                 gtfs = dir / "rnv-gtfs-2016.zip", landuse = opt.data_dir / "de-landuse-area-2018" / "area_by_ags_2018.csv",
                 stations = opt.data_dir / "de-db-stations" / "db-stations-5.0.2-data.ndjson";
  for (const auto& f : {boundaries, osm, gtfs, landuse, stations})
    if (!fs::exists(f)) throw Error(f.string() + ": demo data not found (set CITYREGIONS_DATA to the shared data directory)");
  if (fs::exists(opt.workspace)) {
    if (!opt.replace) throw Error(opt.workspace.string() + ": exists already (use --force to rebuild the demo there)");
    if (!fs::exists(opt.workspace / "region.gpkg"))
      throw Error(opt.workspace.string() + ": exists and is not a workspace; refusing to delete it");
    fs::remove_all(opt.workspace);
  }

  DemoResult result;
  result.snap_limit_m = 1000;
  step("creating workspace " + opt.workspace.string());
  Workspace ws = Workspace::create(opt.workspace, "Rhein-Neckar (demo)", std::nullopt);
  step("importing 84 municipalities (BKG VG5000 2021, population 2019)");
  import_municipalities(ws, boundaries,
                        {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt,
                         "© GeoBasis-DE / BKG 2021 (Daten verändert), dl-de/by-2-0; population © Statistisches Bundesamt "
                         "(Destatis), dl-de/by-2-0"});
  // The extract holds only road classes; foot=no/bicycle=no there point to paths it lacks.
  step("importing the OSM road network (walk, bike, car; profile highways-only)");
  result.networks = import_osm(ws, osm, highways_only_profile(), opt.show_progress);

  step("importing the rnv timetable (GTFS 2016)");
  import_gtfs(ws, gtfs, "rnv", "Fahrplandaten: Rhein-Neckar-Verkehr GmbH (rnv), dl-de/by-2-0");
  step("loading the good-practice catalogue of inter-municipal cooperation");
  result.cases = CaseCatalogue(ws).load(seed_cases());

  step("1 km grid and population (by residential buildings, land use or class-weighted street length)");
  result.grid_cells = create_grid(ws, 1000).size();
  result.population = disaggregate(ws, "grid1km", "population");
  step("municipality centres (population-weighted centre of the grid)");
  result.centres = update_centres(ws);
  const auto municipalities = load_municipalities(ws);
  const auto points = read_points(ws, "municipalities");
  std::vector<DemoReach> reach;
  for (const auto& m : municipalities) reach.push_back({m.key, m.name, m.population.value_or(0), {0, 0, 0}});
  for (Mode mode : kStreetModes) {
    step("travel-time matrix between municipality centres: " + std::string(mode_name(mode)));
    const auto net = load_street_network(ws, mode);
    std::vector<NamedPoint> placed;
    std::vector<Location> locations;
    std::vector<size_t> index;  // into reach
    for (size_t i = 0; i < points.size(); ++i) {
      if (auto loc = net.try_locate(points[i].position, result.snap_limit_m)) {
        placed.push_back(points[i]);
        locations.push_back(std::move(*loc));
        index.push_back(i);
      } else {
        result.unplaced[static_cast<int>(mode)].push_back(points[i].id);
      }
    }
    const auto m = fastest_matrix(net, locations, locations, kNone, opt.show_progress);
    write_matrix_table(ws.db(), "matrix_" + std::string(mode_name(mode)), placed, placed, m);
    result.matrix_pairs += m.cells.size();
    for (size_t o = 0; o < m.origins; ++o)
      for (size_t d = 0; d < m.destinations; ++d)
        if (m.at(o, d).time_ms <= 30 * 60000) reach[index[o]].within_30[static_cast<int>(mode)] += reach[index[d]].population;
  }
  {
    step("public-transport matrix: Tuesday 15 Nov 2016, departures 07:00–08:00, median");
    const auto walk = load_street_network(ws, Mode::walk);
    const Timetable tt = load_timetable(ws, walk, 20161115);
    result.transit_stops = tt.stop_count();
    result.transit_trips = tt.trip_count();
    std::vector<NamedPoint> placed;
    std::vector<Location> locations;
    std::vector<size_t> index;
    for (size_t i = 0; i < points.size(); ++i)
      if (auto loc = walk.try_locate(points[i].position, result.snap_limit_m)) {
        placed.push_back(points[i]);
        locations.push_back(std::move(*loc));
        index.push_back(i);
      }
    const TransitQuery q{7 * 3600, 3600, 60, 900, 5};
    const auto m = transit_matrix(tt, walk, locations, locations, q, {50}, opt.show_progress);
    write_transit_matrix_table(ws.db(), "matrix_transit", placed, placed, m, kUnreached);
    for (size_t o = 0; o < m.origins; ++o)
      for (size_t d = 0; d < m.destinations; ++d)
        if (m.at(o, d, 0) <= 30 * 60) reach[index[o]].transit_30 += reach[index[d]].population;
  }
  {
    step("accessibility on the 1 km grid by every mode");
    for (const char* mode : {"walk", "bike", "car", "transit"}) {
      AccessRequest rq;
      rq.mode = mode;
      rq.indicator.minutes = {30, 45};
      rq.date = 20161115;
      rq.transit = {7 * 3600, 3600, 60, 900, 5};
      const auto run = run_accessibility(ws, rq, opt.show_progress);
      result.grid_cells_on_network = std::max(result.grid_cells_on_network, run.placed);
      double weight = 0, reach30 = 0, reach45 = 0;
      std::vector<std::string> low;
      for (const auto& row : run.municipalities) {
        if (!row.coverage || *row.coverage < kLowCoverage) low.push_back(row.name);
        if (!row.mean[0]) continue;
        weight += row.weight;
        reach30 += row.weight * *row.mean[0];
        reach45 += row.weight * *row.mean[1];
      }
      result.low_coverage.push_back(std::move(low));
      result.grid_reach.push_back({mode, {weight > 0 ? reach30 / weight : 0, weight > 0 ? reach45 / weight : 0}});
    }
  }
  {
    step("illustrative site inventory from the municipalities' commercial land (statistics 2018)");
    const auto inv = build_illustrative_sites(ws, landuse);
    result.sites = inv.sites;
    result.site_municipalities = inv.municipalities;
    result.site_hectares = inv.hectares;
    step("location criteria of the sites (motorway, rail, PT class, population reach, core city)");
    CriteriaOptions co;
    co.stations = stations.string();
    co.date = 20161115;
    refresh_site_criteria(ws, co, opt.show_progress);
    ws.record_source("site_criteria", stations.string(), "Stations: Deutsche Bahn / DB InfraGO, CC BY 4.0");
    const auto sites = SiteInventory(ws).list();
    std::map<std::string, std::string> names;
    for (const auto& m : municipalities) names[m.key] = m.name;
    for (const auto& name : builtin_profile_names()) {
      const Ranking r = rank_sites(sites, load_sector_profile(name));
      write_ranking_layer(ws, r, "ranking_" + name);
      if (!r.ranked.empty())
        result.best_site.push_back({name, r.ranked.front().site.id + " (" + names[r.ranked.front().site.municipality] +
                                              ", " + std::to_string(std::lround(r.ranked.front().score)) + " points)"});
    }
    result.pool_scenario = opt.workspace / "pool-scenario.toml";
    const PoolDraftAssumptions assumptions;
    write_pool_scenario(result.pool_scenario, draft_pool_scenario(sites, names, assumptions), assumptions);
  }
  std::sort(reach.begin(), reach.end(), [](const DemoReach& a, const DemoReach& b) {
    return a.within_30[2] != b.within_30[2] ? a.within_30[2] > b.within_30[2] : a.key < b.key;
  });
  result.reach = std::move(reach);
  result.info = ws.info();
  return result;
}

}  // namespace cityregions
