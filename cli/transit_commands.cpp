#include "transit_commands.hpp"

#include <fmt/core.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "io/csv.hpp"
#include "core/output_file.hpp"
#include "network/isochrone.hpp"
#include "region/networks.hpp"
#include "region/outputs.hpp"
#include "region/points.hpp"
#include "region/pt_classes.hpp"
#include "region/transit.hpp"
#include "io/gtfs.hpp"

namespace cityregions::cli {

using json = nlohmann::json;

void TransitOptions::add_to(CLI::App* cmd, bool window, bool many_percentiles) {
  cmd->add_option("--depart", depart,
                  "transit: date and time of departure, e.g. 2016-11-15T07:30; car: time of day HH:MM, which picks the "
                  "peak or off-peak times (default off-peak)");
  if (window) cmd->add_option("--window", window_min, "transit: departures every minute over this many minutes")->capture_default_str();
  if (many_percentiles)
    cmd->add_option("--percentiles", percentiles, "transit: travel-time percentiles over the window, e.g. 50,90")
        ->capture_default_str();
  else if (window)
    cmd->add_option("--percentile", percentile, "transit: travel-time percentile over the window")->capture_default_str();
  cmd->add_option("--max-walk", max_walk_min, "transit: longest walk to, from or instead of transit, minutes")->capture_default_str();
  cmd->add_option("--max-transfers", max_transfers, "transit: most transfers")->capture_default_str();
  cmd->add_option("--walk-speed", walk_kmh, "transit: walking speed in km/h (the walk network is built for 5)")
      ->capture_default_str();
  cmd->add_option("--transfer-walk", transfer_walk_min, "transit: longest walk between two stops to change, minutes")
      ->capture_default_str();
}

void TransitOptions::validate(bool window) const {
  if (!(walk_kmh > 0) || walk_kmh > 50) throw Error("--walk-speed must be a positive number of km/h");
  if (!(max_walk_min >= 0) || max_walk_min > 240) throw Error("--max-walk must be between 0 and 240 minutes");
  if (!(transfer_walk_min >= 0) || transfer_walk_min > 60) throw Error("--transfer-walk must be between 0 and 60 minutes");
  if (max_transfers < 0 || max_transfers > 20) throw Error("--max-transfers must be between 0 and 20");
  if (window && (!(window_min > 0) || window_min > 24 * 60)) throw Error("--window must be between 1 and 1440 minutes");
  if (!(percentile > 0) || percentile > 100) throw Error("--percentile must lie in (0, 100]");
  const auto pcts = parse_minutes(percentiles, "--percentiles");
  if (pcts.front() <= 0 || pcts.back() > 100) throw Error("--percentiles must lie in (0, 100]");
}

TransitQuery TransitOptions::query(int32_t departure, bool window) const {
  validate(window);
  return {departure, window ? static_cast<int32_t>(window_min * 60) : 0, 60, static_cast<int32_t>(max_walk_min * 60), max_transfers};
}

namespace {

struct Loaded {
  Workspace ws;
  StreetNetwork walk;
  Timetable tt;
  TransitQuery q;
};

// The options are checked before the loading work.
Loaded load_for(const std::string& ws_path, const TransitOptions& t, bool window) {
  auto ws = Workspace::open(ws_path);
  if (t.depart.empty()) throw Error("--mode transit needs --depart, e.g. --depart 2016-11-15T07:30");
  const auto [date, time] = parse_departure(t.depart);
  const auto q = t.query(time, window);
  auto walk = load_street_network(ws, Mode::walk, 5.0 / t.walk_kmh);
  TimetableOptions options;
  options.max_transfer_walk_s = static_cast<int32_t>(t.transfer_walk_min * 60);
  options.walk_speed_mps = t.walk_kmh / 3.6;
  auto tt = load_timetable(ws, walk, date, options);
  return {std::move(ws), std::move(walk), std::move(tt), q};
}

std::string clock(int32_t s) { return format_time_of_day(s).substr(0, 5); }

std::string metres(double m) { return m < 0 ? "no path" : fmt::format("{:.0f} m", m); }

void print_station_check(const StationCheck& c, size_t top, double factor) {
  fmt::print("Stations whose platforms the walk network links only by detours (network walk > crow-fly × {}): {} of {} stations "
             "with two or more platforms\n", factor, c.gaps.size(), c.stations);
  if (c.gaps.empty()) return;
  fmt::print("  {:<28} {:>9} {:>13}  {:<31} {:>9} {:>9} {:>6}\n", "station", "platforms", "detour pairs", "worst pair", "crow-fly",
             "network", "ratio");
  for (size_t i = 0; i < std::min(top, c.gaps.size()); ++i) {
    const auto& g = c.gaps[i];
    fmt::print("  {:<28} {:>9} {:>6} of {:<4}  {:<31} {:>9} {:>9} {:>6}\n", g.station, g.platforms, g.detours, g.pairs, g.from + " – " + g.to,
               metres(g.crow_fly_m), metres(g.network_m), std::isinf(g.ratio) ? "–" : fmt::format("{:.1f}", g.ratio));
  }
  fmt::print("  Within a station a change is capped at crow-fly × 1.4 at walking speed + 60 s (docs/transit.md); walks to and\n"
             "  between other stations still follow the network: add footways and crossings to the OSM extract there.\n");
}

void write_station_check_csv(const std::string& file, const StationCheck& c) {
  std::ofstream out = open_output_file(file);
  out << "station,platforms,pairs,detour_pairs,worst_from,worst_to,crow_fly_m,network_m,ratio\n";
  for (const auto& g : c.gaps)
    out << csv_escape(g.station) << ',' << g.platforms << ',' << g.pairs << ',' << g.detours << ',' << csv_escape(g.from) << ','
        << csv_escape(g.to) << ',' << fmt::format("{:.1f}", g.crow_fly_m) << ',' << (g.network_m < 0 ? "" : fmt::format("{:.1f}", g.network_m))
        << ',' << (std::isinf(g.ratio) ? "" : fmt::format("{:.3f}", g.ratio)) << '\n';
  if (!out) throw Error(file + ": cannot write");
}

}  // namespace

void transit_route(const TransitRouteArgs& a, const TransitOptions& t) {
  auto l = load_for(a.ws, t, false);
  const auto& q = l.q;
  const auto from = l.walk.locate(point_in_region(l.ws, a.from, "--from"), a.max_snap),
             to = l.walk.locate(point_in_region(l.ws, a.to, "--to"), a.max_snap);
  const auto trip = plan_transit_trip(l.tt, l.walk, from, to, q);
  if (!trip)
    throw Error("no public-transport route within " + std::to_string(q.max_walk_s / 60) +
                " min walk and the timetable of the day (try another --depart or --max-walk)");
  if (a.as_json) {
    json legs = json::array();
    for (const auto& leg : trip->legs) {
      json j = {{"mode", leg.kind == TripLeg::Kind::ride ? "ride" : "walk"}, {"from", leg.from}, {"to", leg.to},
                {"depart", clock(leg.depart)}, {"arrive", clock(leg.arrive)}, {"duration_s", leg.arrive - leg.depart}};
      if (leg.kind == TripLeg::Kind::ride) j.update({{"route", leg.route}, {"route_type", leg.route_type}, {"trip", leg.trip}});
      legs.push_back(j);
    }
    fmt::print("{}\n", json({{"mode", "transit"}, {"depart", clock(trip->depart)}, {"arrive", clock(trip->arrive)},
                             {"duration_s", trip->arrive - trip->depart}, {"legs", legs}})
                           .dump());
    return;
  }
  fmt::print("transit: {:.0f} min, depart {}, arrive {}\n", (trip->arrive - trip->depart) / 60.0, clock(trip->depart),
             clock(trip->arrive));
  for (const auto& leg : trip->legs) {
    if (leg.kind == TripLeg::Kind::ride)
      fmt::print("  {} – {}  {} {} → {}\n", clock(leg.depart), clock(leg.arrive), leg.route, leg.from, leg.to);
    else if (leg.from == "origin" && leg.to == "destination")
      fmt::print("  {} – {}  walk all the way ({:.0f} min)\n", clock(leg.depart), clock(leg.arrive), (leg.arrive - leg.depart) / 60.0);
    else
      fmt::print("  {} – {}  walk {} → {}\n", clock(leg.depart), clock(leg.arrive), leg.from, leg.to);
  }
  print_attribution(l.ws);
}

void transit_matrix(const TransitMatrixArgs& a, const TransitOptions& t, bool show_progress) {
  Timer timer;
  t.validate(true);
  const auto pcts = parse_minutes(t.percentiles, "--percentiles");
  auto l = load_for(a.ws, t, true);
  const auto& q = l.q;
  const auto o = read_points(l.ws, a.origins), d = read_points(l.ws, a.destinations);
  const auto lo = locate_all(l.walk, o, a.max_snap), ld = locate_all(l.walk, d, a.max_snap);
  const auto m = transit_matrix(l.tt, l.walk, lo, ld, q, pcts, show_progress);
  write_transit_matrix(a.out, a.table.empty() ? "matrix_transit" : a.table, o, d, m,
                       a.max_minutes > 0 ? static_cast<int32_t>(a.max_minutes * 60) : kUnreached);
  size_t unreached = 0;
  for (size_t i = 0; i < o.size(); ++i)
    for (size_t k = 0; k < d.size(); ++k) unreached += m.min(i, k) == kUnreached;
  fmt::print("transit matrix {} × {} ({} {}, window {} min, percentiles {}): {} of {} pairs unreachable; written to {} in {:.1f} s\n",
             o.size(), d.size(), t.depart.substr(0, 10), clock(q.departure), t.window_min, t.percentiles, unreached, o.size() * d.size(),
             a.out, timer.seconds());
  print_attribution(l.ws);
}

void transit_isochrone(const TransitIsochroneArgs& a, const TransitOptions& t) {
  auto l = load_for(a.ws, t, true);
  const auto& q = l.q;
  const auto start = l.walk.locate(point_in_region(l.ws, a.from, "--from"), a.max_snap);
  IsochroneOptions opts{parse_minutes(a.minutes), a.cell > 0 ? a.cell : default_cell_m(Mode::walk) * 2, 0};
  opts.buffer_m = a.buffer >= 0 ? a.buffer : 2 * opts.cell_m;
  const auto node_ms = transit_node_times(l.tt, l.walk, start, q, t.percentile, opts.minutes.back());
  const auto isos = isochrones(l.walk, node_ms, start, opts);
  write_isochrones(a.out, "transit", isos);
  fmt::print("transit isochrones from {} ({} {}, window {} min, percentile {}) written to {}\n", a.from, t.depart.substr(0, 10),
             clock(q.departure), t.window_min, t.percentile, a.out);
  for (const auto& iso : isos) fmt::print("  {:>5} min  {:>9.2f} km²\n", iso.minutes, iso.area_km2);
  print_attribution(l.ws);
}

TransitCommands::TransitCommands(CLI::App& app, CLI::App& import) {
  import_gtfs_ = import.add_subcommand("gtfs", "a public-transport feed (GTFS zip); several feeds per workspace");
  import_gtfs_->add_option("WS", ws_, "workspace directory")->required();
  import_gtfs_->add_option("FILE", file_, "GTFS zip")->required();
  import_gtfs_->add_option("--name", feed_name_, "feed name in the workspace (default: the file name)");
  import_gtfs_->add_option("--attribution", attribution_, "credit the data's licence requires, shown wherever it is displayed");
  import_gtfs_->add_flag("--replace", replace_, "replace the feed of the same name or the same content");

  auto* transit = app.add_subcommand("transit", "public-transport stations and the walk network at them");
  transit->require_subcommand(1);
  check_ = transit->add_subcommand("check", "stations whose platforms the walk network links only by long detours, worst first");
  check_->add_option("WS", ws_, "workspace directory")->required();
  check_->add_option("--top", top_, "stations listed in the table")->capture_default_str();
  check_->add_option("--detour", detour_, "a pair is a detour when its network walk exceeds crow-fly × this")->capture_default_str();
  check_->add_option("--csv", csv_, "write every station with a detour to this CSV");
  check_->add_flag("--json", as_json_, "print the result as JSON instead of the table");
  stations_ = transit->add_subcommand("stations", "the stations the stops form (parent_station, same name within 200 m, overrides)");
  stations_->add_option("WS", ws_, "workspace directory")->required();
  stations_->add_option("--override", overrides_, "CSV feed,stop_id,station: put these stops into these stations (replaces the list)");
  stations_->add_flag("--clear-overrides", clear_overrides_, "remove the override list");
  stations_->add_option("--out", out_, "write every stop with its station to this CSV (feed,stop_id,stop_name,station,station_id,source)");

  ptclasses_ = app.add_subcommand("ptclasses", "public-transport quality classes (ÖV-Güteklassen, Swiss ARE method)");
  ptclasses_->add_option("WS", ws_, "workspace directory")->required();
  ptclasses_->add_option("--date", date_, "service date, e.g. 2016-11-15")->required();
  ptclasses_->add_option("--from", from_, "start of the counting window")->capture_default_str();
  ptclasses_->add_option("--to", to_, "end of the counting window")->capture_default_str();
  ptclasses_->add_option("--out", out_, "OUT.gpkg: class polygons, stations, shares per municipality")->required();
}

bool TransitCommands::run() {
  if (import_gtfs_->parsed()) {
    auto ws = Workspace::open(ws_);
    const auto r = import_gtfs(ws, file_, feed_name_, attribution_, replace_);
    fmt::print("Imported feed '{}' from {}: {} stops, {} routes, {} trips, {} stop times, service {}–{}\n", r.name, file_,
               thousands(static_cast<int64_t>(r.stops)), r.routes, thousands(static_cast<int64_t>(r.trips)),
               thousands(static_cast<int64_t>(r.stop_times)), r.first_date, r.last_date);
    if (!r.replaced.empty()) fmt::print("  replaces feed '{}'\n", r.replaced);
    if (r.overrides_dropped) fmt::print("  {} station overrides named stops the feed no longer has and were dropped\n", r.overrides_dropped);
    for (const auto& w : r.warnings) fmt::print("warning: {}\n", w);
    if (std::filesystem::exists(ws.network_file("walk"))) {
      const auto check = check_workspace_stations(ws);
      print_station_check(check, 5, 1.4);
      if (check.gaps.size() > 5) fmt::print("  (all of them: cityregions transit check {})\n", ws_);
    } else {
      fmt::print("No walk network yet: after 'cityregions import osm', 'cityregions transit check {}' lists the stations whose "
                 "platforms it links only by detours.\n", ws_);
    }
    return true;
  }
  if (check_->parsed()) {
    if (!(detour_ >= 1) || detour_ > 100) throw Error("--detour must lie between 1 and 100");
    auto ws = Workspace::open(ws_);
    StationCheckOptions o;
    o.detour_factor = detour_;
    const auto check = check_workspace_stations(ws, o);
    if (!csv_.empty()) write_station_check_csv(csv_, check);
    if (as_json_) {
      json gaps = json::array();
      for (const auto& g : check.gaps)
        gaps.push_back({{"station", g.station}, {"platforms", g.platforms}, {"pairs", g.pairs}, {"detours", g.detours},
                        {"worst_from", g.from}, {"worst_to", g.to}, {"crow_fly_m", std::round(g.crow_fly_m)},
                        {"network_m", g.network_m < 0 ? json(nullptr) : json(std::round(g.network_m))},
                        {"ratio", std::isinf(g.ratio) ? json(nullptr) : json(std::round(g.ratio * 100) / 100)}});
      fmt::print("{}\n", json({{"stations_checked", check.stations}, {"detour_factor", detour_}, {"gaps", gaps}}).dump());
      return true;
    }
    print_station_check(check, top_, detour_);
    if (!csv_.empty()) fmt::print("Every station with a detour written to {}.\n", csv_);
    print_attribution(ws);
    return true;
  }
  if (stations_->parsed()) {
    if (!overrides_.empty() && clear_overrides_) throw Error("--override and --clear-overrides exclude each other");
    auto ws = Workspace::open(ws_);
    if (!overrides_.empty()) fmt::print("{} station overrides stored from {}\n", set_station_overrides(ws, overrides_), overrides_);
    if (clear_overrides_) {
      set_station_overrides(ws, {});
      fmt::print("Station overrides removed.\n");
    }
    const auto feeds = load_feeds(ws);
    if (feeds.empty()) throw Error(ws_ + ": no public-transport feed yet (run 'cityregions import gtfs')");
    const auto st = workspace_stations(ws, feeds);
    size_t platforms = 0, by_source[4] = {0, 0, 0, 0};
    std::vector<uint32_t> size(st.count(), 0);
    for (const auto& f : st.of_stop)
      for (uint32_t s : f)
        if (s != kNone) ++size[s];
    for (size_t fi = 0; fi < feeds.size(); ++fi)
      for (size_t s = 0; s < feeds[fi].stop_id.size(); ++s) platforms += feeds[fi].stop_location_type[s] == 0;
    size_t several = 0;
    for (uint32_t i = 0; i < st.count(); ++i) {
      ++by_source[static_cast<int>(st.source[i])];
      several += size[i] > 1;
    }
    fmt::print("{} stations from {} stops of {} feed(s) ({} platforms); {} stations of several stops\n", thousands(st.count()),
               thousands(static_cast<int64_t>(size.empty() ? 0 : std::accumulate(size.begin(), size.end(), size_t{0}))), feeds.size(),
               thousands(static_cast<int64_t>(platforms)), thousands(static_cast<int64_t>(several)));
    fmt::print("  formed by: one stop {}, parent_station {}, same name within 200 m {}, override {}\n", by_source[0], by_source[1],
               by_source[2], by_source[3]);
    if (!out_.empty()) {
      std::ofstream out = open_output_file(out_);
      out << "feed,stop_id,stop_name,station,station_id,source\n";
      for (size_t fi = 0; fi < feeds.size(); ++fi)
        for (size_t s = 0; s < feeds[fi].stop_id.size(); ++s) {
          const uint32_t i = st.of_stop[fi][s];
          out << csv_escape(feeds[fi].name) << ',' << csv_escape(feeds[fi].stop_id[s]) << ',' << csv_escape(feeds[fi].stop_name[s]) << ','
              << csv_escape(st.name[i]) << ',' << i << ',' << station_source_name(st.source[i]) << '\n';
        }
      if (!out) throw Error(out_ + ": cannot write");
      fmt::print("Written to {} (rows feed,stop_id,station of the stops to move make an --override file).\n", out_);
    }
    return true;
  }
  if (!ptclasses_->parsed()) return false;
  auto ws = Workspace::open(ws_);
  const auto from_s = parse_time_of_day(from_), to_s = parse_time_of_day(to_);
  if (!from_s) throw Error("--from: '" + from_ + "' is not a time such as 06:00");
  if (!to_s) throw Error("--to: '" + to_ + "' is not a time such as 20:00");
  const auto r = pt_classes(ws, parse_date(date_), *from_s, *to_s);
  write_pt_classes(out_, r);
  int by_category[8] = {0};
  for (const auto& s : r.stations) ++by_category[s.category];
  fmt::print("Public-transport quality classes, {} {}–{}: {} stations with departures\n", date_, from_, to_, r.stations.size());
  fmt::print("  stations by category: I {}, II {}, III {}, IV {}, V {}, VI {}, VII {}, none {}\n", by_category[1], by_category[2],
             by_category[3], by_category[4], by_category[5], by_category[6], by_category[7], by_category[0]);
  fmt::print("  class areas (km²):");
  for (const auto& c : r.classes) fmt::print(" {} {:.1f}", c.cls, c.area_km2);
  fmt::print("\n");
  if (!r.municipalities.empty()) {
    auto ms = r.municipalities;
    auto share = [](const MunicipalityPtClasses& m, size_t i) {
      return m.population > 0 ? m.population_in[i] / static_cast<double>(m.population) : 0.0;
    };
    auto abc = [&](const MunicipalityPtClasses& m) { return share(m, 0) + share(m, 1) + share(m, 2); };
    std::sort(ms.begin(), ms.end(), [&](const auto& a, const auto& b) { return abc(a) > abc(b); });
    fmt::print("\n  Share of population in each class ({}), top 10 by classes A–C:\n",
               r.population_source == "area" ? std::string("spread evenly over the area: no population grid")
                                             : "population of " + r.population_source + " by the class at each cell's centre");
    fmt::print("  {:<10} {:<30} {:>11} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}\n", "key", "municipality", "population", "A", "B",
               "C", "D", "E", "F", "none");
    for (size_t i = 0; i < std::min<size_t>(10, ms.size()); ++i) {
      const auto& m = ms[i];
      double none = 1;
      for (size_t c = 0; c < 6; ++c) none -= share(m, c);
      fmt::print("  {:<10} {:<30} {:>11}", m.key, m.name.substr(0, 30), thousands(m.population));
      for (size_t c = 0; c < 6; ++c) fmt::print(" {:>5.1f}%", 100 * share(m, c));
      fmt::print(" {:>5.1f}%\n", 100 * std::max(0.0, none));
    }
  }
  fmt::print("Written to {} (layers pt_classes, pt_stations, pt_classes_by_municipality).\n", out_);
  print_attribution(ws);
  return true;
}

}  // namespace cityregions::cli
