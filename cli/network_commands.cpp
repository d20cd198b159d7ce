#include "network_commands.hpp"

#include <fmt/core.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "access_commands.hpp"
#include "cli_common.hpp"
#include "network/car_profile.hpp"
#include "network/isochrone.hpp"
#include "network/matrix.hpp"
#include "network/profile.hpp"
#include "network/route.hpp"
#include "region/networks.hpp"
#include "region/outputs.hpp"
#include "region/points.hpp"

namespace cityregions::cli {

using json = nlohmann::json;

namespace {

json geojson_line(const std::vector<LonLat>& pts) {
  json coords = json::array();
  for (const auto& p : pts) coords.push_back({std::round(p.lon * 1e7) / 1e7, std::round(p.lat * 1e7) / 1e7});
  return {{"type", "LineString"}, {"coordinates", coords}};
}

}  // namespace

void print_network_reports(const std::vector<NetworkReport>& reports) {
  fmt::print("  {:<6} {:>9} {:>9} {:>9} {:>14} {:>14} {:>13} {:>10}\n", "mode", "nodes", "edges", "turns", "dropped nodes",
             "dropped edges", "restrictions", "file");
  for (const auto& r : reports)
    fmt::print("  {:<6} {:>9} {:>9} {:>9} {:>14} {:>14} {:>13} {:>8.1f}MB\n", mode_name(r.mode), thousands(r.nodes),
               thousands(r.edges), r.turns ? thousands(r.turns) : "-", thousands(r.dropped_nodes), thousands(r.dropped_edges),
               fmt::format("{}/{}", r.restrictions_applied, r.restrictions_applied + r.restrictions_skipped),
               static_cast<double>(r.file_bytes) / 1e6);
  for (const auto& r : reports) {
    if (r.turns == 0) continue;
    std::string periods;
    for (const auto& p : r.periods) periods += (periods.empty() ? "" : ", ") + p;
    fmt::print("  car: default speed limits of {}; {} signalised junctions, {} other controls that delay, {} barriers; "
               "{} of {} segments built-up; a hierarchy per period ({})\n",
               r.country.empty() ? "no known country (generic table)" : r.country, thousands(r.signal_junctions),
               thousands(r.controls), thousands(r.barriers), thousands(r.built_up_segments), thousands(r.edges), periods);
  }
}

int car_depart_minute(const std::string& mode, const std::string& depart) {
  if (depart.empty()) return -1;
  if (mode != "car") throw Error("--depart: only car and transit trips have a departure time");
  return parse_clock_minute(depart);
}

namespace {
// "car (peak)" when a departure time picked a period.
std::string mode_label(Mode mode, const StreetNetwork& net) {
  const auto& g = net.graph();
  if (!g.edge_based() || g.periods.empty()) return std::string(mode_name(mode));
  return std::string(mode_name(mode)) + " (" + g.periods[g.period].name + ")";
}
}  // namespace

NetworkCommands::NetworkCommands(CLI::App& app, CLI::App& import, CLI::App& export_cmd) {
  import_osm_ = import.add_subcommand("osm", "build walk, bike and car networks from OSM (PBF or XML)");
  import_osm_->add_option("WS", ws_, "workspace directory")->required();
  import_osm_->add_option("FILE", file_, "OSM file (.osm.pbf, .osm, .osm.gz)")->required();
  import_osm_->add_option("--profile", profile_,
                          "default, highways-only (extracts without footways/cycleways), or a TOML file (docs/profiles.md)");

  route_ = app.add_subcommand("route", "fastest route between two points");
  route_->add_option("WS", ws_, "workspace directory")->required();
  route_->add_option("--mode", mode_, "walk, bike, car or transit")->required();
  route_->add_option("--from", from_, "origin as LAT,LON")->required();
  route_->add_option("--to", to_, "destination as LAT,LON")->required();
  route_->add_option("--max-snap", max_snap_, "farthest a point may lie from a usable road, in metres")->capture_default_str();
  route_->add_flag("--json", json_, "print JSON with duration_s, distance_m and a GeoJSON geometry (transit: legs)");
  transit_.add_to(route_, false, false);

  matrix_ = app.add_subcommand("matrix", "travel times between many origins and destinations");
  matrix_->add_option("WS", ws_, "workspace directory")->required();
  matrix_->add_option("--mode", mode_, "walk, bike, car or transit")->required();
  matrix_->add_option("--origins", origins_, "CSV (id,lat,lon), a GDAL point layer, or 'municipalities'")->required();
  matrix_->add_option("--destinations", destinations_, "as --origins")->required();
  matrix_->add_option("--out", out_, "output: FILE.csv or FILE.gpkg (table, see --table)")->required();
  matrix_->add_option("--table", table_, "table name in a .gpkg output (default matrix_<mode>)");
  matrix_->add_option("--max-minutes", max_minutes_, "leave out pairs farther apart than this");
  matrix_->add_option("--max-snap", max_snap_, "farthest a point may lie from a usable road, in metres")->capture_default_str();
  transit_.add_to(matrix_, true, true);

  isochrone_ = app.add_subcommand("isochrone", "areas reachable within given minutes");
  isochrone_->add_option("WS", ws_, "workspace directory")->required();
  isochrone_->add_option("--mode", mode_, "walk, bike, car or transit")->required();
  isochrone_->add_option("--from", from_, "start as LAT,LON")->required();
  isochrone_->add_option("--minutes", minutes_, "limits, e.g. 10,20,30")->required();
  isochrone_->add_option("--out", out_, "output: FILE.geojson or FILE.gpkg")->required();
  isochrone_->add_option("--cell", cell_, "raster resolution in metres (default walk 25, bike 50, car 100)");
  isochrone_->add_option("--buffer", buffer_, "land this close to a reached street counts as reached, metres (default 2 cells)");
  isochrone_->add_option("--max-snap", max_snap_, "farthest the start may lie from a usable road, in metres")->capture_default_str();
  transit_.add_to(isochrone_, true, false);

  export_network_ =
      export_cmd.add_subcommand("network", "a mode's routing graph (CSV for pgRouting, GPKG for QGIS); car: segments and turns");
  export_network_->add_option("WS", ws_, "workspace directory")->required();
  export_network_->add_option("--mode", mode_, "walk, bike or car")->required();
  export_network_->add_option("--out", out_, "FILE.csv or FILE.gpkg")->required();
}

bool NetworkCommands::run(bool show_progress) {
  Timer timer;
  if (import_osm_->parsed()) {
    auto ws = Workspace::open(ws_);
    const Profile profile = profile_by_name_or_file(profile_);
    const auto reports = import_osm(ws, file_, profile, show_progress);
    fmt::print("Built street networks from {} in {:.1f} s (largest strongly connected component kept):\n", file_, timer.seconds());
    print_network_reports(reports);
    if (ws.db().table_exists("municipalities")) print_centres(update_centres(ws));
    return true;
  }
  const bool transit = mode_ == "transit";
  if (route_->parsed() || matrix_->parsed() || isochrone_->parsed()) {
    transit_.validate(!route_->parsed());
    if (!transit) street_or_transit_mode(mode_);
  }
  if (route_->parsed()) {
    if (transit) {
      transit_route({ws_, from_, to_, max_snap_, json_}, transit_);
      return true;
    }
    auto ws = Workspace::open(ws_);
    const Mode mode = parse_mode(mode_);
    const auto net = load_street_network(ws, mode, 1.0, car_depart_minute(mode_, transit_.depart));
    const auto a = net.locate(point_in_region(ws, from_, "--from"), max_snap_), b = net.locate(point_in_region(ws, to_, "--to"), max_snap_);
    Dijkstra search(net.graph());
    const auto r = route(net, search, a, b);
    if (!r) throw Error("no " + std::string(mode_name(mode)) + " route from " + from_ + " to " + to_);
    if (json_) {
      json j = {{"mode", mode_name(mode)},
                {"period", net.graph().edge_based() ? net.graph().periods[net.graph().period].name : ""},
                {"duration_s", std::round(r->duration_s * 10) / 10},
                {"distance_m", std::round(r->distance_m * 10) / 10},
                {"snap_from_m", std::round(r->snap_from_m * 10) / 10},
                {"snap_to_m", std::round(r->snap_to_m * 10) / 10},
                {"geometry", geojson_line(r->geometry)}};
      fmt::print("{}\n", j.dump());
    } else {
      fmt::print("{} route: {:.1f} min, {:.2f} km (start {:.0f} m and end {:.0f} m from the network)\n", mode_label(mode, net),
                 r->duration_s / 60, r->distance_m / 1000, r->snap_from_m, r->snap_to_m);
      print_attribution(ws);
    }
    return true;
  }
  if (matrix_->parsed()) {
    if (transit) {
      transit_matrix({ws_, origins_, destinations_, out_, table_, max_minutes_, max_snap_}, transit_, show_progress);
      return true;
    }
    auto ws = Workspace::open(ws_);
    const Mode mode = parse_mode(mode_);
    const auto net = load_street_network(ws, mode, 1.0, car_depart_minute(mode_, transit_.depart));
    const auto o = read_points(ws, origins_), d = read_points(ws, destinations_);
    const auto lo = locate_all(net, o, max_snap_), ld = locate_all(net, d, max_snap_);
    const uint32_t limit = max_minutes_ > 0 ? static_cast<uint32_t>(max_minutes_ * 60000) : kNone;
    const auto m = fastest_matrix(net, lo, ld, limit, show_progress);
    write_matrix(out_, table_.empty() ? "matrix_" + std::string(mode_name(mode)) : table_, o, d, m);
    size_t reached = 0;
    for (const auto& c : m.cells) reached += c.time_ms != kNone;
    fmt::print("{} matrix {} × {}: {} pairs reachable{}, written to {} in {:.2f} s\n", mode_label(mode, net), o.size(), d.size(), reached,
               limit == kNone ? "" : fmt::format(" within {} min", max_minutes_), out_, timer.seconds());
    print_attribution(ws);
    return true;
  }
  if (isochrone_->parsed()) {
    if (transit) {
      transit_isochrone({ws_, from_, minutes_, out_, cell_, buffer_, max_snap_}, transit_);
      return true;
    }
    auto ws = Workspace::open(ws_);
    const Mode mode = parse_mode(mode_);
    const auto net = load_street_network(ws, mode, 1.0, car_depart_minute(mode_, transit_.depart));
    const auto start = net.locate(point_in_region(ws, from_, "--from"), max_snap_);
    Dijkstra search(net.graph());
    IsochroneOptions opts{parse_minutes(minutes_), cell_ > 0 ? cell_ : default_cell_m(mode), 0};
    opts.buffer_m = buffer_ >= 0 ? buffer_ : 2 * opts.cell_m;
    const auto isos = isochrones(net, search, start, opts);
    write_isochrones(out_, mode_name(mode), isos);
    fmt::print("{} isochrones from {} (start {:.0f} m from the network) written to {}\n", mode_label(mode, net), from_,
               start.snap.distance_m, out_);
    for (const auto& iso : isos) fmt::print("  {:>5} min  {:>9.2f} km²\n", iso.minutes, iso.area_km2);
    print_attribution(ws);
    return true;
  }
  if (export_network_->parsed()) {
    auto ws = Workspace::open(ws_);
    const Mode mode = parse_mode(mode_);
    const auto net = load_street_network(ws, mode);
    export_edges(net.graph(), out_);
    if (net.graph().edge_based())
      fmt::print("Exported the {} turn graph ({} road segments as vertices, {} turns as edges) to {}\n", mode_name(mode),
                 net.graph().edge_count(), net.graph().routing_arc_count(), out_);
    else
      fmt::print("Exported {} directed {} edges to {}\n", net.graph().edge_count(), mode_name(mode), out_);
    print_attribution(ws);
    return true;
  }
  return false;
}

}  // namespace cityregions::cli
