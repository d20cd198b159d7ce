// Public-transport benchmark on the rnv feed, Tuesday 15 Nov 2016: import, timetable, one
// departure one-to-all (RAPTOR vs the connection-scan reference, same run), a 60-minute range
// query per origin, and a 1 km grid × 60-minute window matrix. Prints one JSON object.
#include "timing.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

#include "core/geo.hpp"
#include "network/graph_builder.hpp"
#include "network/osm_reader.hpp"
#include "transit/connection_scan.hpp"
#include "transit/transit_times.hpp"

using namespace cityregions;
using bench::median_ms;
using Clock = std::chrono::steady_clock;


int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: transit_bench OSM_FILE GTFS_ZIP\n");
    return 2;
  }
  nlohmann::json out;
  const auto roads = read_osm_roads(argv[1], highways_only_profile(), false);
  const StreetNetwork walk(build_graph(roads, Mode::walk));
  GtfsFeed feed;
  out["gtfs_import_ms"] = median_ms(3, [&](int) { feed = read_gtfs(argv[2], "rnv"); });
  Timetable tt;
  out["timetable_build_ms"] = median_ms(3, [&](int) { tt = build_timetable({feed}, 20161115, walk); });
  out["stops"] = tt.stop_count();
  out["patterns"] = tt.pattern_count();
  out["trips"] = tt.trip_count();
  out["walking_transfers"] = tt.transfer_to.size();
  out["station_capped_transfers"] = std::count(tt.transfer_source.begin(), tt.transfer_source.end(), TransferSource::station);

  std::mt19937 rng(1115);
  std::uniform_int_distribution<uint32_t> stop(0, tt.stop_count() - 1);
  std::vector<uint32_t> origins(201);
  for (auto& s : origins) s = stop(rng);
  const int32_t depart = 7 * 3600 + 30 * 60;
  Raptor raptor(tt);
  const double raptor_ms = median_ms(201, [&](int i) {
    const StopAccess a{origins[static_cast<size_t>(i)], 0};
    raptor.run({&a, 1}, depart);
  });
  const test::ConnectionScan scan(tt);
  const double scan_ms = median_ms(201, [&](int i) { scan.earliest_arrival(origins[static_cast<size_t>(i)], depart); });
  out["one_departure_raptor_ms"] = raptor_ms;
  out["one_departure_connection_scan_ms"] = scan_ms;
  out["raptor_vs_reference"] = scan_ms / raptor_ms;
  const double range_ms = median_ms(51, [&](int i) {
    const StopAccess a{origins[static_cast<size_t>(i)], 0};
    raptor.run_range({&a, 1}, 7 * 3600, 8 * 3600, 60, [](int32_t) {});
  });
  out["range_60min_raptor_ms"] = range_ms;
  // The reference has no range mode: 61 single scans.
  const double scan_range_ms = median_ms(11, [&](int i) {
    for (int32_t t = 8 * 3600; t >= 7 * 3600; t -= 60) scan.earliest_arrival(origins[static_cast<size_t>(i)], t);
  });
  out["range_60min_connection_scan_ms"] = scan_range_ms;
  out["range_vs_reference"] = scan_range_ms / range_ms;

  // A 1 km grid (EPSG:3035 cell centres) over the stops' extent, cells within 500 m of the walk network.
  const Projection laea(3035);
  BBox box;
  for (const auto& c : tt.stop_coord) {
    const XY p = laea.forward(c.lonlat());
    box.extend(p.x, p.y);
  }
  std::vector<Location> cells;
  for (double y = std::floor(box.min_y / 1000) * 1000 + 500; y < box.max_y; y += 1000)
    for (double x = std::floor(box.min_x / 1000) * 1000 + 500; x < box.max_x; x += 1000)
      if (auto loc = walk.try_locate(laea.inverse({x, y}), 500)) cells.push_back(std::move(*loc));
  out["grid_cells"] = cells.size();
  const TransitQuery q{7 * 3600, 3600, 60, 900, 5};
  TransitMatrix m;
  const auto t0 = Clock::now();
  m = transit_matrix(tt, walk, cells, cells, q, {50}, false);
  out["grid_matrix_60min_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  size_t reached = 0;
  for (size_t o = 0; o < m.origins; ++o)
    for (size_t d = 0; d < m.destinations; ++d) reached += m.at(o, d, 0) <= 3600;
  out["grid_pairs_within_60min_median"] = reached;
  fmt::print("{}\n", out.dump(2));
}
