// cityregions command line: a thin face over the library. Each verb parses its options,
// calls the library, and prints a readable summary or JSON.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "access/grid.hpp"
#include "cli_format.hpp"
#include "land_commands.hpp"
#include "web_commands.hpp"
#include "cases/catalogue.hpp"
#include "land/pool.hpp"
#include "land/sites.hpp"
#include "cases/similarity.hpp"
#include "core/data_dir.hpp"
#include "core/error.hpp"
#include "network/isochrone.hpp"
#include "network/matrix.hpp"
#include "network/profile.hpp"
#include "network/route.hpp"
#include "network/street_network.hpp"
#include "region/accessibility.hpp"
#include "demo/demo.hpp"
#include "region/networks.hpp"
#include "region/outputs.hpp"
#include "region/points.hpp"
#include "region/pt_classes.hpp"
#include "region/transit.hpp"
#include "transit/transit_times.hpp"
#include "store/municipalities.hpp"
#include "store/workspace.hpp"

using namespace cityregions;
using cityregions::cli::print_attribution;
using cityregions::cli::thousands;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Timer {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

std::vector<double> parse_minutes(const std::string& text) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      size_t used = 0;
      const double v = std::stod(item, &used);
      if (used != item.size() || v <= 0) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      throw Error("--minutes: '" + item + "' is not a positive number");
    }
  }
  if (out.empty()) throw Error("--minutes: give limits such as 10,20,30");
  std::sort(out.begin(), out.end());
  return out;
}

json geojson_line(const std::vector<LonLat>& pts) {
  json coords = json::array();
  for (const auto& p : pts) coords.push_back({std::round(p.lon * 1e7) / 1e7, std::round(p.lat * 1e7) / 1e7});
  return {{"type", "LineString"}, {"coordinates", coords}};
}

void print_info(const RegionInfo& info, bool as_json) {
  if (as_json) {
    json nets = json::array(), details = json::array();
    for (const auto& n : info.networks) {
      nets.push_back(n.mode);
      details.push_back({{"mode", n.mode}, {"nodes", n.nodes}, {"edges", n.edges}, {"dropped_nodes", n.dropped_nodes},
                         {"dropped_edges", n.dropped_edges}, {"source", n.source}, {"built_at", n.built_at}});
    }
    json j = {{"name", info.name},
              {"crs", info.epsg ? json("EPSG:" + std::to_string(*info.epsg)) : json(nullptr)},
              {"municipalities", info.municipalities},
              {"population", info.population},
              {"jobs", info.jobs ? json(*info.jobs) : json(nullptr)},
              {"area_km2", std::round(info.area_km2 * 100) / 100},
              {"networks", nets},
              {"network_details", details},
              {"layers", info.layers}};
    json sources = json::array();
    for (const auto& s : info.sources)
      sources.push_back({{"layer", s.layer}, {"file", s.file}, {"attribution", s.attribution}, {"imported_at", s.imported_at}});
    j["sources"] = sources;
    if (!info.bbox.empty())
      j["bbox"] = {info.bbox.min_x, info.bbox.min_y, info.bbox.max_x, info.bbox.max_y};
    else
      j["bbox"] = nullptr;
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("Region          {}\n", info.name);
  fmt::print("CRS             {}\n", info.epsg ? "EPSG:" + std::to_string(*info.epsg) : "not set (chosen at first import)");
  fmt::print("Municipalities  {}\n", info.municipalities);
  fmt::print("Population      {}\n", thousands(info.population));
  if (info.jobs) fmt::print("Jobs            {}\n", thousands(*info.jobs));
  fmt::print("Area            {:.1f} km²\n", info.area_km2);
  if (!info.bbox.empty())
    fmt::print("Extent          lon {:.4f} … {:.4f}, lat {:.4f} … {:.4f}\n", info.bbox.min_x, info.bbox.max_x, info.bbox.min_y,
               info.bbox.max_y);
  if (info.networks.empty()) {
    fmt::print("Networks        none (cityregions import osm)\n");
  } else {
    fmt::print("Networks\n  {:<6} {:>9} {:>9} {:>14}  {}\n", "mode", "nodes", "edges", "dropped nodes", "source");
    for (const auto& n : info.networks)
      fmt::print("  {:<6} {:>9} {:>9} {:>14}  {}\n", n.mode, thousands(n.nodes), thousands(n.edges), thousands(n.dropped_nodes),
                 n.source);
  }
  std::string layers;
  for (const auto& l : info.layers) layers += (layers.empty() ? "" : ", ") + l;
  fmt::print("Layers          {}\n", layers);
  if (!info.sources.empty()) {
    fmt::print("Sources\n");
    for (const auto& s : info.sources)
      fmt::print("  {:<28} {}  {}\n", s.layer, s.file, s.attribution.empty() ? "(no attribution given)" : s.attribution);
  }
}

void print_transit_route(Workspace& ws, const Timetable& tt, const StreetNetwork& walk, const Location& from,
                         const Location& to, const TransitQuery& q, bool as_json) {
  const auto trip = plan_transit_trip(tt, walk, from, to, q);
  if (!trip)
    throw Error("no public-transport route within " + std::to_string(q.max_walk_s / 60) +
                " min walk and the timetable of the day (try another --depart or --max-walk)");
  auto clock = [](int32_t s) { return format_time_of_day(s).substr(0, 5); };
  if (as_json) {
    json legs = json::array();
    for (const auto& l : trip->legs) {
      json j = {{"mode", l.kind == TripLeg::Kind::ride ? "ride" : "walk"}, {"from", l.from}, {"to", l.to},
                {"depart", clock(l.depart)}, {"arrive", clock(l.arrive)}, {"duration_s", l.arrive - l.depart}};
      if (l.kind == TripLeg::Kind::ride) j.update({{"route", l.route}, {"route_type", l.route_type}, {"trip", l.trip}});
      legs.push_back(j);
    }
    fmt::print("{}\n", json({{"mode", "transit"}, {"depart", clock(trip->depart)}, {"arrive", clock(trip->arrive)},
                             {"duration_s", trip->arrive - trip->depart}, {"legs", legs}})
                           .dump());
    return;
  }
  fmt::print("transit: {:.0f} min, depart {}, arrive {}\n", (trip->arrive - trip->depart) / 60.0, clock(trip->depart),
             clock(trip->arrive));
  for (const auto& l : trip->legs) {
    if (l.kind == TripLeg::Kind::ride)
      fmt::print("  {} – {}  {} {} → {}\n", clock(l.depart), clock(l.arrive), l.route, l.from, l.to);
    else if (l.from == "origin" && l.to == "destination")
      fmt::print("  {} – {}  walk all the way ({:.0f} min)\n", clock(l.depart), clock(l.arrive), (l.arrive - l.depart) / 60.0);
    else
      fmt::print("  {} – {}  walk {} → {}\n", clock(l.depart), clock(l.arrive), l.from, l.to);
  }
  print_attribution(ws);
}

void print_network_reports(const std::vector<NetworkReport>& reports) {
  fmt::print("  {:<6} {:>9} {:>9} {:>14} {:>14} {:>13} {:>10}\n", "mode", "nodes", "edges", "dropped nodes", "dropped edges",
             "restrictions", "file");
  for (const auto& r : reports)
    fmt::print("  {:<6} {:>9} {:>9} {:>14} {:>14} {:>13} {:>8.1f}MB\n", mode_name(r.mode), thousands(r.nodes), thousands(r.edges),
               thousands(r.dropped_nodes), thousands(r.dropped_edges),
               fmt::format("{}/{}", r.restrictions_applied, r.restrictions_applied + r.restrictions_skipped),
               static_cast<double>(r.file_bytes) / 1e6);
}

struct CasesArgs {
  std::string ws, query, id, file, out, profile, themes, country;
  bool from_region, as_json;
  size_t limit;
  CaseFilter filter;
};

std::vector<Case> read_cases_any(const std::string& file) {
  return fs::path(file).extension() == ".csv" ? read_case_csv(file) : read_case_file(file);
}

std::string join_labels(const std::vector<std::string>& ids, const std::map<std::string, std::string>& vocab) {
  std::string s;
  for (const auto& id : ids) s += (s.empty() ? "" : ", ") + (vocab.count(id) ? vocab.at(id) : id);
  return s;
}

void print_case(const Case& c) {
  fmt::print("{}  [{}]{}\n", c.name, c.id, c.verified ? "" : "  (⚠ not all facts verified)");
  fmt::print("{}\n", std::string(std::min<size_t>(c.name.size(), 100), '='));
  fmt::print("Region        {} ({})\n", c.region, c.country);
  fmt::print("Kind          {}\n", c.kind);
  if (c.start_year || c.end_year)
    fmt::print("Years         {}–{}\n", c.start_year ? std::to_string(*c.start_year) : "?",
               c.end_year ? std::to_string(*c.end_year) : "");
  if (c.population || c.municipalities)
    fmt::print("Scale         {}{}\n", c.population ? thousands(*c.population) + " inhabitants" : "",
               c.municipalities ? (c.population ? ", " : "") + std::to_string(*c.municipalities) + " municipalities" : "");
  fmt::print("Structure     {}\n", c.structure);
  fmt::print("Themes        {}\n", join_labels(c.themes, case_themes()));
  fmt::print("Instruments   {}\n", join_labels(c.instruments, case_instruments()));
  if (!c.legal_form.empty()) fmt::print("Legal form    {}\n", c.legal_form);
  if (!c.partners.empty()) {
    fmt::print("Partners\n");
    for (const auto& p : c.partners) fmt::print("  - {} ({})\n", p.name, p.type);
  }
  if (!c.funding.empty()) fmt::print("Funding       {}\n", c.funding);
  if (c.sharing_rule) fmt::print("Sharing rule  {}\n", describe(*c.sharing_rule));
  if (c.sharing_rule && !c.sharing_rule->note.empty()) fmt::print("              {}\n", c.sharing_rule->note);
  for (const auto& [label, text] : {std::pair{"\nSummary", &c.summary}, {"\nOutcomes", &c.outcomes}, {"\nLessons", &c.lessons}})
    if (!text->empty()) fmt::print("{}\n  {}\n", label, *text);
  if (!c.sources.empty()) {
    fmt::print("\nSources\n");
    for (const auto& s : c.sources) fmt::print("  {}\n", s);
  }
}

void run_cases(CLI::App* load, CLI::App* search, CLI::App* show, CLI::App* similar, CLI::App* add, CLI::App* update,
               CLI::App* remove, CLI::App* export_cmd, const CasesArgs& a) {
  auto ws = Workspace::open(a.ws);
  CaseCatalogue catalogue(ws);
  if (load->parsed()) {
    const auto n = catalogue.load(seed_cases());
    fmt::print("Loaded {} cases of the shipped catalogue; the workspace now holds {}.\n", n, catalogue.size());
  } else if (search->parsed()) {
    const auto hits = catalogue.search(a.query, a.filter, a.limit);
    if (a.as_json) {
      json j = json::array();
      for (const auto& h : hits) {
        json c = case_to_json(h.c);
        c["score"] = std::round(h.score * 1000) / 1000;
        c["snippet"] = h.snippet;
        j.push_back(c);
      }
      fmt::print("{}\n", j.dump(2));
      return;
    }
    if (hits.empty()) {
      fmt::print("No case matches{}.\n", a.query.empty() ? "" : " '" + a.query + "'");
      return;
    }
    // Relevance relative to the best hit; the raw BM25 score is in --json.
    fmt::print("{:>3}  {:>9}  {:<34} {:<60} {:<3}\n", "#", "relevance", "id", "name", "cc");
    for (size_t i = 0; i < hits.size(); ++i) {
      const auto& h = hits[i];
      const std::string relevance = a.query.empty() ? "" : fmt::format("{:.0f} %", 100 * h.score / hits[0].score);
      fmt::print("{:>3}  {:>9}  {:<34} {:<60} {:<3}{}\n", i + 1, relevance, h.c.id, h.c.name.substr(0, 60), h.c.country,
                 h.c.verified ? "" : " ⚠");
      if (!h.snippet.empty()) fmt::print("{:16}{}\n", "", h.snippet);
    }
    fmt::print("⚠ = not all facts verified. 'cityregions cases show {} ID' for details and sources.\n", a.ws);
  } else if (show->parsed()) {
    const auto c = catalogue.get(a.id);
    if (!c) throw Error("no case '" + a.id + "' (see 'cityregions cases search " + a.ws + "')");
    if (a.as_json)
      fmt::print("{}\n", case_to_json(*c).dump(2));
    else
      print_case(*c);
  } else if (similar->parsed()) {
    RegionProfile profile;
    if (!a.profile.empty()) {
      profile = load_region_profile(a.profile);
    } else if (a.from_region) {
      profile = region_profile(ws);
      std::stringstream ss(a.themes);
      std::string t;
      while (std::getline(ss, t, ','))
        if (!t.empty()) {
          if (!case_themes().count(t)) throw Error("--themes: unknown theme '" + t + "'");
          profile.themes.push_back(t);
        }
      profile.country = a.country;
    } else {
      throw Error("cases similar: give --profile FILE or --region");
    }
    const auto found = similar_cases(catalogue.all(), profile, a.limit);
    if (a.as_json) {
      json j = json::array();
      for (const auto& s : found) {
        json parts = json::array();
        for (const auto& p : s.parts)
          parts.push_back({{"attribute", p.attribute}, {"weight", p.weight}, {"similarity", p.similarity}, {"reason", p.reason}});
        j.push_back({{"id", s.c.id}, {"name", s.c.name}, {"score", std::round(s.score * 10) / 10}, {"parts", parts}});
      }
      fmt::print("{}\n", j.dump(2));
      return;
    }
    fmt::print("Cases most like {}: {}{}{}{}\n", profile.name.empty() ? "the profile" : profile.name,
               profile.population ? thousands(*profile.population) + " inhabitants, " : "",
               profile.municipalities ? std::to_string(*profile.municipalities) + " municipalities, " : "", profile.structure,
               profile.themes.empty() ? "" : ", themes: " + join_labels(profile.themes, case_themes()));
    for (size_t i = 0; i < found.size(); ++i) {
      const auto& s = found[i];
      fmt::print("\n{:>2}. {:5.1f}  {} [{}]{}\n", i + 1, s.score, s.c.name, s.c.id, s.c.verified ? "" : " ⚠");
      for (const auto& p : s.parts)
        fmt::print("           {:<15} {:4.2f} × {:4.0f} % = {:5.1f}   {}\n", p.attribute, p.similarity, p.weight * 100,
                   100 * p.similarity * p.weight, p.reason);
    }
  } else if (add->parsed()) {
    const auto list = read_cases_any(a.file);
    catalogue.add(list);
    fmt::print("Added {} cases from {}.\n", list.size(), a.file);
  } else if (update->parsed()) {
    const auto list = read_cases_any(a.file);
    catalogue.update(list);
    fmt::print("Updated {} cases from {}.\n", list.size(), a.file);
  } else if (remove->parsed()) {
    catalogue.remove(a.id);
    fmt::print("Removed case {}.\n", a.id);
  } else if (export_cmd->parsed()) {
    const auto list = catalogue.all();
    if (fs::path(a.out).extension() == ".csv") {
      write_case_csv(list, a.out);
    } else {
      json j = json::object();
      j["cases"] = json::array();
      for (const auto& c : list) j["cases"].push_back(case_to_json(c));
      std::ofstream f(a.out, std::ios::trunc);
      if (!f) throw Error(a.out + ": cannot write");
      f << j.dump(2) << "\n";
    }
    fmt::print("Exported {} cases to {}.\n", list.size(), a.out);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cityregions — decision support for inter-municipal cooperation in city regions"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cityregions 0.1.0");
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "no progress output");

  // region create / info
  auto* region = app.add_subcommand("region", "create a region workspace or describe it");
  region->require_subcommand(1);
  std::string ws_path, name, crs;
  bool as_json = false;
  auto* create = region->add_subcommand("create", "create an empty workspace directory (GeoPackage + network files)");
  create->add_option("WS", ws_path, "workspace directory")->required();
  create->add_option("--name", name, "name of the region")->required();
  create->add_option("--crs", crs, "projected CRS for metric work, e.g. EPSG:3035 (default: UTM zone of the data)");
  auto* info = region->add_subcommand("info", "municipalities, population, area, networks and layers of a workspace");
  info->add_option("WS", ws_path, "workspace directory")->required();
  info->add_flag("--json", as_json, "print JSON");

  // import municipalities / stats / osm
  auto* import = app.add_subcommand("import", "import data into a workspace");
  import->require_subcommand(1);
  std::string file, key_field, name_field, pop_field, jobs_field, layer, profile_file, attribution;
  auto* imp_muni = import->add_subcommand("municipalities", "municipality polygons (GeoJSON, GeoPackage, Shapefile … via GDAL)");
  imp_muni->add_option("WS", ws_path, "workspace directory")->required();
  imp_muni->add_option("FILE", file, "vector file with polygons")->required();
  imp_muni->add_option("--key", key_field, "field with the official key (AGS, GKZ, TERYT, ISTAT …)")->required();
  imp_muni->add_option("--name", name_field, "field with the name")->required();
  imp_muni->add_option("--population", pop_field, "field with the population");
  imp_muni->add_option("--jobs", jobs_field, "field with the number of jobs");
  imp_muni->add_option("--layer", layer, "layer name (default: the first)");
  imp_muni->add_option("--attribution", attribution, "credit the data's licence requires, shown wherever it is displayed");
  auto* imp_stats = import->add_subcommand("stats", "join further columns of a CSV onto municipalities by official key");
  imp_stats->add_option("WS", ws_path, "workspace directory")->required();
  imp_stats->add_option("FILE", file, "CSV file (comma, semicolon or tab separated)")->required();
  imp_stats->add_option("--key", key_field, "column with the official key")->required();
  imp_stats->add_option("--attribution", attribution, "credit the data's licence requires, shown wherever it is displayed");
  auto* imp_osm = import->add_subcommand("osm", "build walk, bike and car networks from OSM (PBF or XML)");
  imp_osm->add_option("WS", ws_path, "workspace directory")->required();
  imp_osm->add_option("FILE", file, "OSM file (.osm.pbf, .osm, .osm.gz)")->required();
  imp_osm->add_option("--profile", profile_file,
                      "default, highways-only (extracts without footways/cycleways), or a TOML file (docs/profiles.md)");

  std::string feed_name;
  auto* imp_gtfs = import->add_subcommand("gtfs", "a public-transport feed (GTFS zip); several feeds per workspace");
  imp_gtfs->add_option("WS", ws_path, "workspace directory")->required();
  imp_gtfs->add_option("FILE", file, "GTFS zip")->required();
  imp_gtfs->add_option("--name", feed_name, "feed name in the workspace (default: the file name)");
  imp_gtfs->add_option("--attribution", attribution, "credit the data's licence requires, shown wherever it is displayed");

  // route / matrix / isochrone
  std::string mode_text = "car", from, to, origins, destinations, out, minutes_text, table;
  double max_snap = 500, max_minutes = 0, cell = 0, buffer = -1;
  // public transport
  std::string depart, percentiles_text = "50";
  double window_min = 60, max_walk_min = 15, percentile = 50, walk_kmh = 5, transfer_walk_min = 10;
  int max_transfers = 5;
  auto add_transit_options = [&](CLI::App* cmd, bool window, bool many_percentiles) {
    cmd->add_option("--depart", depart, "transit: date and time of departure, e.g. 2016-11-15T07:30");
    if (window) cmd->add_option("--window", window_min, "transit: departures every minute over this many minutes")->capture_default_str();
    if (many_percentiles)
      cmd->add_option("--percentiles", percentiles_text, "transit: travel-time percentiles over the window, e.g. 50,90")
          ->capture_default_str();
    else if (window)
      cmd->add_option("--percentile", percentile, "transit: travel-time percentile over the window")->capture_default_str();
    cmd->add_option("--max-walk", max_walk_min, "transit: longest walk to, from or instead of transit, minutes")->capture_default_str();
    cmd->add_option("--max-transfers", max_transfers, "transit: most transfers")->capture_default_str();
    cmd->add_option("--walk-speed", walk_kmh, "transit: walking speed in km/h (the walk network is built for 5)")
        ->capture_default_str();
    cmd->add_option("--transfer-walk", transfer_walk_min, "transit: longest walk between two stops to change, minutes")
        ->capture_default_str();
  };
  auto* route_cmd = app.add_subcommand("route", "fastest route between two points");
  route_cmd->add_option("WS", ws_path, "workspace directory")->required();
  route_cmd->add_option("--mode", mode_text, "walk, bike, car or transit")->required();
  route_cmd->add_option("--from", from, "origin as LAT,LON")->required();
  route_cmd->add_option("--to", to, "destination as LAT,LON")->required();
  route_cmd->add_option("--max-snap", max_snap, "farthest a point may lie from a usable road, in metres")->capture_default_str();
  route_cmd->add_flag("--json", as_json, "print JSON with duration_s, distance_m and a GeoJSON geometry (transit: legs)");
  add_transit_options(route_cmd, false, false);

  auto* matrix_cmd = app.add_subcommand("matrix", "travel times between many origins and destinations");
  matrix_cmd->add_option("WS", ws_path, "workspace directory")->required();
  matrix_cmd->add_option("--mode", mode_text, "walk, bike, car or transit")->required();
  matrix_cmd->add_option("--origins", origins, "CSV (id,lat,lon), a GDAL point layer, or 'municipalities'")->required();
  matrix_cmd->add_option("--destinations", destinations, "as --origins")->required();
  matrix_cmd->add_option("--out", out, "output: FILE.csv or FILE.gpkg (table, see --table)")->required();
  matrix_cmd->add_option("--table", table, "table name in a .gpkg output (default matrix_<mode>)");
  matrix_cmd->add_option("--max-minutes", max_minutes, "leave out pairs farther apart than this");
  matrix_cmd->add_option("--max-snap", max_snap, "farthest a point may lie from a usable road, in metres")->capture_default_str();
  add_transit_options(matrix_cmd, true, true);

  auto* iso_cmd = app.add_subcommand("isochrone", "areas reachable within given minutes");
  iso_cmd->add_option("WS", ws_path, "workspace directory")->required();
  iso_cmd->add_option("--mode", mode_text, "walk, bike, car or transit")->required();
  iso_cmd->add_option("--from", from, "start as LAT,LON")->required();
  iso_cmd->add_option("--minutes", minutes_text, "limits, e.g. 10,20,30")->required();
  iso_cmd->add_option("--out", out, "output: FILE.geojson or FILE.gpkg")->required();
  iso_cmd->add_option("--cell", cell, "raster resolution in metres (default walk 25, bike 50, car 100)");
  iso_cmd->add_option("--buffer", buffer, "land this close to a reached street counts as reached, metres (default 2 cells)");
  iso_cmd->add_option("--max-snap", max_snap, "farthest the start may lie from a usable road, in metres")->capture_default_str();
  add_transit_options(iso_cmd, true, false);

  // accessibility
  int resolution = 1000;
  auto* grid_cmd = app.add_subcommand("grid", "zones on the INSPIRE grid (EPSG:3035) clipped to the municipalities");
  grid_cmd->add_option("WS", ws_path, "workspace directory")->required();
  grid_cmd->add_option("--resolution", resolution, "cell size: 100, 250 or 1000 m")->capture_default_str();
  std::string zones_layer = "grid1km", column, indicator = "cumulative", decay = "exp", opportunities = "population", layer_name;
  double beta = 0.1, horizon = 0;
  std::string facilities, capacity;
  auto* disagg_cmd = app.add_subcommand("disaggregate", "spread a municipality column onto grid cells by street length");
  disagg_cmd->add_option("WS", ws_path, "workspace directory")->required();
  disagg_cmd->add_option("--zones", zones_layer, "grid layer, e.g. grid1km")->capture_default_str();
  disagg_cmd->add_option("--column", column, "municipality column, e.g. population or jobs")->required();
  auto* access_cmd = app.add_subcommand("access", "accessibility indicators per zone for a mode");
  std::string config;
  access_cmd->add_option("WS", ws_path, "workspace directory")->required();
  auto* mode_opt = access_cmd->add_option("--mode", mode_text, "walk, bike, car or transit");
  access_cmd->add_option("--config", config, "TOML file with [[run]] tables: several runs in one go (docs in README)")
      ->excludes(mode_opt);
  access_cmd->add_option("--indicator", indicator, "cumulative, gravity, nearest or 2sfca")->capture_default_str();
  access_cmd->add_option("--minutes", minutes_text, "cumulative: limits, e.g. 30,45");
  access_cmd->add_option("--decay", decay, "gravity: exp or power")->capture_default_str();
  access_cmd->add_option("--beta", beta, "gravity: decay parameter (per minute)")->capture_default_str();
  access_cmd->add_option("--horizon", horizon,
                         "minutes: gravity ignores destinations beyond (default 120), nearest searches up to (120), "
                         "2sfca catchment (30)");
  access_cmd->add_option("--facilities", facilities, "nearest/2sfca: CSV (id,lat,lon), GDAL point layer or FPTF .ndjson");
  access_cmd->add_option("--capacity", capacity, "2sfca: the facilities' capacity field (default 1 each)");
  access_cmd->add_option("--opportunities", opportunities, "zone column to count, e.g. population or jobs")->capture_default_str();
  access_cmd->add_option("--zones", zones_layer, "grid1km, grid250m, grid100m or municipalities")->capture_default_str();
  access_cmd->add_option("--name", layer_name, "result layer (default access_<zones>_<mode>)");
  access_cmd->add_option("--out", out, "also write FILE.csv (zone_id, one column per indicator)");
  access_cmd->add_option("--max-snap", max_snap, "zones farther from the network get no value, metres")->capture_default_str();
  add_transit_options(access_cmd, true, false);
  std::string engine = "phast";
  access_cmd->add_option("--engine", engine, "street modes: phast (contraction hierarchy) or dijkstra (for comparison)")
      ->capture_default_str();

  std::string base_layer, scenario_layer, id_field, value_field;
  auto* compare_cmd = app.add_subcommand("compare", "difference layer of two accessibility runs (scenario minus base)");
  compare_cmd->add_option("WS", ws_path, "workspace directory")->required();
  compare_cmd->add_option("--base", base_layer, "layer of the base run, e.g. access_grid1km_transit")->required();
  compare_cmd->add_option("--scenario", scenario_layer, "layer of the scenario run")->required();
  compare_cmd->add_option("--name", layer_name, "result layer (default diff_<scenario>_minus_<base>)");
  auto* imp_grid = import->add_subcommand("grid", "census grid values (CSV with cell ids, or points) into a grid layer");
  imp_grid->add_option("WS", ws_path, "workspace directory")->required();
  imp_grid->add_option("FILE", file, "CSV with INSPIRE/GEOSTAT cell ids, or a point layer")->required();
  imp_grid->add_option("--resolution", resolution, "cell size: 100, 250 or 1000 m")->capture_default_str();
  imp_grid->add_option("--column", column, "grid column to fill, e.g. population")->required();
  imp_grid->add_option("--id-field", id_field, "CSV column with the cell id (default id)");
  imp_grid->add_option("--value-field", value_field, "column or field with the value")->required();

  // land pool
  std::string scenario_file;
  int years = 0, runs = -1;
  auto* pool = app.add_subcommand("pool", "regional commercial-land pool");
  pool->require_subcommand(1);
  auto* pool_sim = pool->add_subcommand("simulate", "revenue per member alone vs in the pool, year by year, with timing risk");
  pool_sim->add_option("WS", ws_path, "workspace directory (member names from its municipalities)")->required();
  pool_sim->add_option("--scenario", scenario_file, "TOML scenario: rules, members, sites (docs/pool.md)")->required();
  pool_sim->add_option("--years", years, "horizon in years (default: the scenario's, else 20)");
  pool_sim->add_option("--runs", runs, "random sale timings for the spread (default: the scenario's, else 200)");
  pool_sim->add_option("--out", out, "also write FILE.csv: member, year, alone, pool");
  pool_sim->add_flag("--json", as_json, "print JSON");

  // site inventory
  std::string who = std::getenv("USER") ? std::getenv("USER") : "cli", site_id, wkt, mapping_file;
  std::vector<std::string> sets;
  auto* sites = app.add_subcommand("sites", "inventory of commercial and industrial sites, with an audit trail");
  sites->require_subcommand(1);
  auto* sites_import = sites->add_subcommand("import", "sites from GeoJSON/GeoPackage/Shapefile or CSV (wkt or lat/lon)");
  sites_import->add_option("WS", ws_path, "workspace directory")->required();
  sites_import->add_option("FILE", file, "site file")->required();
  sites_import->add_option("--mapping", mapping_file, "TOML field and value mapping (docs/sites.md)");
  auto* sites_list = sites->add_subcommand("list", "the sites, by municipality");
  sites_list->add_option("WS", ws_path, "workspace directory")->required();
  sites_list->add_option("--municipality", column, "only this municipality (key)");
  sites_list->add_flag("--json", as_json, "print JSON");
  auto* sites_show = sites->add_subcommand("show", "one site with its history");
  sites_show->add_option("WS", ws_path, "workspace directory")->required();
  sites_show->add_option("ID", site_id, "site id")->required();
  sites_show->add_flag("--json", as_json, "print JSON");
  auto* sites_add = sites->add_subcommand("add", "add a site");
  sites_add->add_option("WS", ws_path, "workspace directory")->required();
  sites_add->add_option("--id", site_id, "site id")->required();
  sites_add->add_option("--wkt", wkt, "polygon in WGS84 lon lat, e.g. 'POLYGON((8.5 49.4, …))'")->required();
  auto* sites_update = sites->add_subcommand("update", "change attributes of a site");
  sites_update->add_option("WS", ws_path, "workspace directory")->required();
  sites_update->add_option("ID", site_id, "site id")->required();
  auto* sites_remove = sites->add_subcommand("remove", "remove a site");
  sites_remove->add_option("WS", ws_path, "workspace directory")->required();
  sites_remove->add_option("ID", site_id, "site id")->required();
  auto* sites_export = sites->add_subcommand("export", "write the inventory as GeoPackage, GeoJSON or CSV");
  sites_export->add_option("WS", ws_path, "workspace directory")->required();
  sites_export->add_option("--out", out, "FILE.gpkg, FILE.geojson or FILE.csv")->required();
  for (auto* cmd : {sites_import, sites_add, sites_update, sites_remove})
    cmd->add_option("--who", who, "name recorded in the audit trail")->capture_default_str();
  for (auto* cmd : {sites_add, sites_update})
    cmd->add_option("--set", sets, "field=value, e.g. planning_status=binding_plan (repeatable)");

  // public-transport quality classes
  std::string pt_date, pt_from = "06:00", pt_to = "20:00";
  auto* pt_cmd = app.add_subcommand("ptclasses", "public-transport quality classes (ÖV-Güteklassen, Swiss ARE method)");
  pt_cmd->add_option("WS", ws_path, "workspace directory")->required();
  pt_cmd->add_option("--date", pt_date, "service date, e.g. 2016-11-15")->required();
  pt_cmd->add_option("--from", pt_from, "start of the counting window")->capture_default_str();
  pt_cmd->add_option("--to", pt_to, "end of the counting window")->capture_default_str();
  pt_cmd->add_option("--out", out, "OUT.gpkg: class polygons, stations, shares per municipality")->required();

  // export
  auto* export_cmd = app.add_subcommand("export", "export workspace data for other tools");
  export_cmd->require_subcommand(1);
  auto* export_net = export_cmd->add_subcommand("network", "the directed edges of a mode's graph (CSV for pgRouting, GPKG for QGIS)");
  export_net->add_option("WS", ws_path, "workspace directory")->required();
  export_net->add_option("--mode", mode_text, "walk, bike or car")->required();
  export_net->add_option("--out", out, "FILE.csv or FILE.gpkg")->required();
  std::string export_name;
  auto* export_lyr = export_cmd->add_subcommand("layer", "any workspace layer (accessibility results, sites …) to a file");
  export_lyr->add_option("WS", ws_path, "workspace directory")->required();
  export_lyr->add_option("LAYER", export_name, "layer name (see 'region info')")->required();
  export_lyr->add_option("--out", out, "FILE.gpkg, FILE.geojson or FILE.csv")->required();

  // demo
  std::string data;
  bool force = false;
  auto* demo = app.add_subcommand("demo", "build the Rhein-Neckar demo region and print a summary");
  demo->add_option("WS", ws_path, "workspace directory to create")->required();
  demo->add_option("--data", data, "shared data directory (default $CITYREGIONS_DATA or ../shared/data)");
  demo->add_flag("--force", force, "replace an existing demo workspace");

  // cases
  auto* cases = app.add_subcommand("cases", "good-practice catalogue of inter-municipal cooperation");
  cases->require_subcommand(1);
  std::string query, case_id, theme, country, instrument, legal_form, profile_path, themes_text;
  int64_t min_pop = -1, max_pop = -1;
  int min_munis = -1, max_munis = -1;
  size_t max_results = 20;
  bool verified_only = false, from_region = false;
  auto* cases_load = cases->add_subcommand("load", "load the catalogue shipped with cityregions into the workspace");
  cases_load->add_option("WS", ws_path, "workspace directory")->required();
  auto* cases_search = cases->add_subcommand("search", "ranked full-text search with filters");
  cases_search->add_option("WS", ws_path, "workspace directory")->required();
  cases_search->add_option("QUERY", query, "words to look for (empty: list all)");
  cases_search->add_option("--theme", theme, "only cases with this theme (e.g. commercial_land)");
  cases_search->add_option("--country", country, "only cases in this country (ISO code, e.g. DE)");
  cases_search->add_option("--instrument", instrument, "only cases using this instrument (e.g. land_pool)");
  cases_search->add_option("--legal-form", legal_form, "only cases whose legal form contains this text");
  cases_search->add_option("--min-population", min_pop, "smallest population");
  cases_search->add_option("--max-population", max_pop, "largest population");
  cases_search->add_option("--min-municipalities", min_munis, "fewest municipalities");
  cases_search->add_option("--max-municipalities", max_munis, "most municipalities");
  cases_search->add_flag("--verified", verified_only, "only cases whose facts are confirmed");
  cases_search->add_option("--limit", max_results, "at most this many results")->capture_default_str();
  cases_search->add_flag("--json", as_json, "print JSON");
  auto* cases_show = cases->add_subcommand("show", "one case in full, with its sources");
  cases_show->add_option("WS", ws_path, "workspace directory")->required();
  cases_show->add_option("ID", case_id, "case id")->required();
  cases_show->add_flag("--json", as_json, "print JSON");
  auto* cases_similar = cases->add_subcommand("similar", "cases most like a region, with the score explained");
  cases_similar->add_option("WS", ws_path, "workspace directory")->required();
  auto* profile_opt = cases_similar->add_option("--profile", profile_path, "TOML region profile (see docs/cases.md)");
  cases_similar->add_flag("--region", from_region, "derive the profile from the workspace's municipalities")->excludes(profile_opt);
  cases_similar->add_option("--themes", themes_text, "themes of interest, comma-separated (with --region)");
  cases_similar->add_option("--country", country, "the region's country code (with --region)");
  cases_similar->add_option("--top", max_results, "how many cases")->capture_default_str();
  cases_similar->add_flag("--json", as_json, "print JSON");
  auto* cases_add = cases->add_subcommand("add", "add new cases from a JSON or CSV file");
  cases_add->add_option("WS", ws_path, "workspace directory")->required();
  cases_add->add_option("FILE", file, "cases as JSON ({\"cases\": [...]}) or CSV (see docs/cases.md)")->required();
  auto* cases_update = cases->add_subcommand("update", "replace existing cases (by id) from a JSON or CSV file");
  cases_update->add_option("WS", ws_path, "workspace directory")->required();
  cases_update->add_option("FILE", file, "cases as JSON or CSV")->required();
  auto* cases_remove = cases->add_subcommand("remove", "remove a case");
  cases_remove->add_option("WS", ws_path, "workspace directory")->required();
  cases_remove->add_option("ID", case_id, "case id")->required();
  auto* cases_export = cases->add_subcommand("export", "write the workspace's catalogue as JSON or CSV");
  cases_export->add_option("WS", ws_path, "workspace directory")->required();
  cases_export->add_option("--out", out, "FILE.json or FILE.csv")->required();

  cityregions::cli::LandCommands land(app, *sites, *pool);
  cityregions::cli::WebCommands web(app);
  CLI11_PARSE(app, argc, argv);
  const bool show_progress = !quiet;

  try {
    Timer timer;
    if (land.run(show_progress) || web.run()) {
    } else if (create->parsed()) {
      std::optional<int> epsg;
      if (!crs.empty()) {
        std::string digits = crs.starts_with("EPSG:") || crs.starts_with("epsg:") ? crs.substr(5) : crs;
        try {
          epsg = std::stoi(digits);
        } catch (const std::exception&) {
          throw Error("--crs: expected EPSG:NNNN, got '" + crs + "'");
        }
      }
      auto ws = Workspace::create(ws_path, name, epsg);
      fmt::print("Created workspace '{}' in {} ({})\n", name, ws_path,
                 epsg ? "EPSG:" + std::to_string(*epsg) : "CRS: UTM zone of the first data imported");
    } else if (info->parsed()) {
      auto ws = Workspace::open(ws_path);
      print_info(ws.info(), as_json);
    } else if (imp_muni->parsed()) {
      auto ws = Workspace::open(ws_path);
      MunicipalityImport spec{key_field, name_field, std::nullopt, std::nullopt, std::nullopt, attribution};
      if (!pop_field.empty()) spec.population_field = pop_field;
      if (!jobs_field.empty()) spec.jobs_field = jobs_field;
      if (!layer.empty()) spec.layer = layer;
      const auto s = import_municipalities(ws, file, spec);
      const auto i = ws.info();
      fmt::print("Imported {} municipalities from {} into EPSG:{}: population {}, area {:.1f} km²\n", s.records, file,
                 i.epsg.value_or(0), thousands(i.population), i.area_km2);
    } else if (imp_stats->parsed()) {
      auto ws = Workspace::open(ws_path);
      const auto s = import_stats(ws, file, key_field, attribution);
      std::string cols;
      for (const auto& c : s.columns) cols += (cols.empty() ? "" : ", ") + c;
      fmt::print("Joined {} rows onto municipalities ({} rows for other keys skipped); columns: {}\n", s.records, s.skipped, cols);
      std::string ignored;
      for (const auto& c : s.ignored_columns) ignored += (ignored.empty() ? "" : ", ") + c;
      if (!ignored.empty()) fmt::print("Ignored columns that the workspace computes or keys itself: {}\n", ignored);
    } else if (imp_osm->parsed()) {
      auto ws = Workspace::open(ws_path);
      const Profile profile = profile_by_name_or_file(profile_file);
      const auto reports = import_osm(ws, file, profile, show_progress);
      fmt::print("Built street networks from {} in {:.1f} s (largest strongly connected component kept):\n", file, timer.seconds());
      print_network_reports(reports);
    } else if (imp_gtfs->parsed()) {
      auto ws = Workspace::open(ws_path);
      const auto r = import_gtfs(ws, file, feed_name, attribution);
      fmt::print("Imported feed '{}' from {}: {} stops, {} routes, {} trips, {} stop times, service {}–{}\n", r.name, file,
                 thousands(static_cast<int64_t>(r.stops)), r.routes, thousands(static_cast<int64_t>(r.trips)),
                 thousands(static_cast<int64_t>(r.stop_times)), r.first_date, r.last_date);
      for (const auto& w : r.warnings) fmt::print("warning: {}\n", w);
    } else if (grid_cmd->parsed()) {
      auto ws = Workspace::open(ws_path);
      const auto cells = create_grid(ws, resolution);
      std::set<std::string> munis;
      for (const auto& c : cells) munis.insert(c.municipality);
      fmt::print("Created layer {}: {} cells of {} m over {} municipalities (EPSG:3035, INSPIRE ids such as {})\n",
                 grid_layer_name(resolution), thousands(static_cast<int64_t>(cells.size())), resolution, munis.size(),
                 cells.empty() ? "-" : cells.front().id);
    } else if (disagg_cmd->parsed()) {
      auto ws = Workspace::open(ws_path);
      const auto r = disaggregate(ws, zones_layer, column);
      fmt::print("Spread {} ({:.0f} in all) over {} cells of {}: {} municipalities by street length, {} evenly (no street)\n",
                 column, r.total, thousands(static_cast<int64_t>(r.cells)), zones_layer, r.by_street_length, r.evenly);
      if (!r.without_cells.empty()) {
        std::string keys;
        for (const auto& k : r.without_cells) keys += (keys.empty() ? "" : ", ") + k;
        fmt::print("warning: {} municipalities hold no cell centre at this resolution and are left out: {}\n",
                   r.without_cells.size(), keys);
      }
    } else if (sites->parsed()) {
      auto ws = Workspace::open(ws_path);
      SiteInventory inventory(ws);
      std::map<std::string, std::string> values;
      for (const auto& s : sets) {
        const auto eq = s.find('=');
        if (eq == std::string::npos) throw Error("--set: expected field=value, got '" + s + "'");
        values[s.substr(0, eq)] = s.substr(eq + 1);
      }
      auto site_json = [](const Site& s) {
        json j = {{"id", s.id}, {"municipality", s.municipality}, {"area_ha", std::round(s.area_ha * 100) / 100}};
        for (const auto& [k, v] : s.values) j[k] = v;
        return j;
      };
      if (sites_import->parsed()) {
        const auto r = inventory.import(file, mapping_file.empty() ? SiteMapping{} : load_site_mapping(mapping_file), who);
        fmt::print("Imported {} new and {} changed sites from {}\n", r.added, r.updated, file);
      } else if (sites_list->parsed()) {
        const auto all = inventory.list(column);
        if (as_json) {
          json j = json::array();
          for (const auto& s : all) j.push_back(site_json(s));
          fmt::print("{}\n", j.dump(2));
        } else {
          fmt::print("  {:<16} {:<10} {:>8}  {:<14} {:<15} {:<16} {}\n", "id", "municip.", "ha", "planning", "availability",
                     "ownership", "name");
          double ha = 0;
          for (const auto& s : all) {
            auto v = [&](const char* k) { return s.values.count(k) ? s.values.at(k) : std::string("–"); };
            fmt::print("  {:<16} {:<10} {:>8.1f}  {:<14} {:<15} {:<16} {}\n", s.id, s.municipality, s.area_ha, v("planning_status"),
                       v("availability"), v("ownership"), v("name"));
            ha += s.area_ha;
          }
          fmt::print("{} sites, {:.1f} ha\n", all.size(), ha);
        }
      } else if (sites_show->parsed()) {
        const auto s = inventory.get(site_id);
        if (!s) throw Error("no site '" + site_id + "'");
        const auto history = inventory.audit(site_id);
        if (as_json) {
          json j = site_json(*s);
          j["history"] = json::array();
          for (const auto& h : history)
            j["history"].push_back({{"at", h.at}, {"who", h.who}, {"action", h.action}, {"field", h.field}, {"old", h.old_value},
                                    {"new", h.new_value}});
          fmt::print("{}\n", j.dump(2));
        } else {
          fmt::print("Site {}  ({}, {:.2f} ha)\n", s->id, s->municipality.empty() ? "no municipality" : s->municipality, s->area_ha);
          for (const auto& f : site_fields())
            fmt::print("  {:<24} {}\n", f.label, s->values.count(f.name) ? s->values.at(f.name) : "unknown");
          fmt::print("History\n");
          for (const auto& h : history)
            fmt::print("  {}  {:<10} {:<7} {}{}\n", h.at, h.who, h.action, h.field,
                       h.field.empty() ? "" : ": '" + h.old_value + "' → '" + h.new_value + "'");
        }
      } else if (sites_add->parsed()) {
        inventory.add(site_id, wkt, values, who);
        fmt::print("Added site {} ({:.2f} ha)\n", site_id, inventory.get(site_id)->area_ha);
      } else if (sites_update->parsed()) {
        inventory.update(site_id, values, who);
        fmt::print("Updated site {}\n", site_id);
      } else if (sites_remove->parsed()) {
        inventory.remove(site_id, who);
        fmt::print("Removed site {}\n", site_id);
      } else if (sites_export->parsed()) {
        export_layer(ws, "sites", out);
        fmt::print("Exported {} sites to {}\n", inventory.list().size(), out);
      }
    } else if (pool_sim->parsed()) {
      auto ws = Workspace::open(ws_path);
      PoolScenario s = load_pool_scenario(scenario_file);
      if (years > 0) s.years = years;
      if (runs >= 0) s.timing_runs = runs;
      std::map<std::string, std::string> names;
      for (const auto& m : load_municipalities(ws)) names[m.key] = m.name;
      name_members(s, names);
      const auto r = simulate_pool(s);
      if (!out.empty()) {
        std::ofstream f(out, std::ios::trunc);
        if (!f) throw Error(out + ": cannot write");
        f << "member,year,alone,pool\n";
        for (const auto& m : r.members)
          for (int y = 0; y < r.years; ++y) f << m.key << ',' << y + 1 << ',' << m.alone[y] << ',' << m.pool[y] << '\n';
      }
      if (as_json) {
        fmt::print("{}\n", pool_result_to_json(r).dump(2));
      } else {
        fmt::print("Land pool over {} years: {} members, {} sites; rules: host bonus {:.0f} %, the rest by {}{}\n", r.years,
                   s.members.size(), s.sites.size(), s.rules.host_bonus * 100, s.rules.remainder,
                   s.rules.running_costs > 0 ? fmt::format(", running costs {} €/yr", thousands(std::llround(s.rules.running_costs))) : "");
        fmt::print("  {:<26} {:>14} {:>7} {:>14} {:>14} {:>14}   {:>27}   {:>27}\n", "member", "capital €", "share",
                   "alone €", "pool €", "pool − alone", "alone p10…p90 (timing)", "pool p10…p90 (timing)");
        for (const auto& m : r.members)
          fmt::print("  {:<26} {:>14} {:>6.1f}% {:>14} {:>14} {:>14}   {:>13}…{:<13}   {:>13}…{:<13}\n", m.name.substr(0, 26),
                     thousands(std::llround(m.capital)), m.share * 100, thousands(std::llround(m.total_alone)),
                     thousands(std::llround(m.total_pool)), thousands(std::llround(m.total_pool - m.total_alone)),
                     thousands(std::llround(m.alone_p10)), thousands(std::llround(m.alone_p90)), thousands(std::llround(m.pool_p10)),
                     thousands(std::llround(m.pool_p90)));
        fmt::print("Totals are over the horizon (planned sale years); cash contributions count as paid in year 1. The spread\n"
                   "comes from {} random sale timings within each site's earliest…latest years.\n", r.runs);
        print_attribution(ws);
      }
    } else if (compare_cmd->parsed()) {
      auto ws = Workspace::open(ws_path);
      const auto c = compare_layers(ws, base_layer, scenario_layer, layer_name);
      std::string cols;
      for (const auto& col : c.columns) cols += (cols.empty() ? "" : ", ") + col;
      fmt::print("Layer {}: {} − {} for {} zones ({} of the scenario without a base zone); columns {}\n", c.layer, scenario_layer,
                 base_layer, thousands(static_cast<int64_t>(c.zones)), c.unmatched, cols);
    } else if (imp_grid->parsed()) {
      auto ws = Workspace::open(ws_path);
      const auto r = import_grid_values(ws, file, resolution, column, id_field, value_field);
      fmt::print("Filled {}.{} from {}: {} rows, {} cells matched ({:.0f} in all), {} outside the region's grid\n",
                 grid_layer_name(resolution), column, file, r.rows, r.matched, r.total, r.outside);
    } else if (access_cmd->parsed() && !config.empty()) {
      auto ws = Workspace::open(ws_path);
      for (const auto& rq : load_access_config(config)) {
        const auto run = run_accessibility(ws, rq, show_progress);
        fmt::print("{:<8} {:<40} {} zones ({} on the network) → layer {}\n", rq.mode, run.columns.front(),
                   thousands(static_cast<int64_t>(run.zones)), thousands(static_cast<int64_t>(run.placed)), run.layer);
      }
      fmt::print("done in {:.1f} s\n", timer.seconds());
    } else if (access_cmd->parsed()) {
      auto ws = Workspace::open(ws_path);
      if (!mode_opt->count()) throw Error("access: give --mode or --config");
      AccessRequest rq;
      rq.mode = mode_text;
      if (mode_text != "transit") parse_mode(mode_text);
      rq.zones = zones_layer;
      rq.opportunities = opportunities;
      if (indicator == "cumulative") {
        rq.indicator.kind = IndicatorSpec::Kind::cumulative;
        rq.indicator.minutes = parse_minutes(minutes_text.empty() ? "30" : minutes_text);
      } else if (indicator == "gravity") {
        rq.indicator.kind = IndicatorSpec::Kind::gravity;
        if (decay != "exp" && decay != "power") throw Error("--decay: exp or power");
        if (beta <= 0) throw Error("--beta must be positive");
        rq.indicator.decay = decay;
        rq.indicator.beta = beta;
        rq.indicator.max_minutes = horizon > 0 ? horizon : 120;
      } else if (indicator == "nearest" || indicator == "2sfca") {
        rq.indicator.kind = indicator == "nearest" ? IndicatorSpec::Kind::nearest : IndicatorSpec::Kind::two_step;
        rq.indicator.max_minutes = horizon > 0 ? horizon : indicator == "nearest" ? 120 : 30;
        rq.facilities = facilities;
        rq.capacity_field = capacity;
      } else {
        throw Error("--indicator: cumulative, gravity, nearest or 2sfca");
      }
      if (mode_text == "transit") {
        if (depart.empty()) throw Error("--mode transit needs --depart, e.g. --depart 2016-11-15T07:00");
        const auto [date, time] = parse_departure(depart);
        rq.date = date;
        rq.transit = {time, static_cast<int32_t>(window_min * 60), 60, static_cast<int32_t>(max_walk_min * 60), max_transfers};
        rq.percentile = percentile;
      }
      rq.max_snap_m = max_snap;
      rq.layer = layer_name;
      if (engine != "phast" && engine != "dijkstra") throw Error("--engine: phast or dijkstra");
      rq.use_hierarchy = engine == "phast";
      const auto run = run_accessibility(ws, rq, show_progress);
      if (!out.empty()) write_access_csv(out, run);
      if (run.facilities)
        fmt::print("{} facilities in the region ({} outside dropped, {} off the network)\n", run.facilities,
                   run.facilities_outside, run.facilities_off_network);
      fmt::print("{} accessibility ({}) for {} zones of {} ({} on the network) in {:.1f} s → layer {}{}\n", mode_text,
                 run.columns.front(), thousands(static_cast<int64_t>(run.zones)), zones_layer, thousands(static_cast<int64_t>(run.placed)),
                 timer.seconds(), run.layer, out.empty() ? "" : " and " + out);
      auto rows = run.municipalities;
      std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.mean[0] > b.mean[0]; });
      fmt::print("Population-weighted mean per municipality (table {}_by_municipality), the 10 highest:\n", run.layer);
      fmt::print("  {:<10} {:<30}", "key", "municipality");
      for (const auto& c : run.columns) fmt::print(" {:>26}", c);
      fmt::print("\n");
      for (size_t i = 0; i < std::min<size_t>(10, rows.size()); ++i) {
        fmt::print("  {:<10} {:<30}", rows[i].key, rows[i].name.substr(0, 30));
        for (double v : rows[i].mean)
          fmt::print(" {:>26}", std::abs(v) >= 100 ? thousands(std::llround(v)) : fmt::format("{:.3g}", v));
        fmt::print("\n");
      }
      print_attribution(ws);
    } else if ((route_cmd->parsed() || matrix_cmd->parsed() || iso_cmd->parsed()) && mode_text == "transit") {
      auto ws = Workspace::open(ws_path);
      if (depart.empty()) throw Error("--mode transit needs --depart, e.g. --depart 2016-11-15T07:30");
      const auto [date, time] = parse_departure(depart);
      if (walk_kmh <= 0) throw Error("--walk-speed must be positive");
      const auto walk = load_street_network(ws, Mode::walk, 5.0 / walk_kmh);
      const Timetable tt = load_timetable(ws, walk, date, {static_cast<int32_t>(transfer_walk_min * 60), 300});
      TransitQuery q{time, 0, 60, static_cast<int32_t>(max_walk_min * 60), max_transfers};
      if (route_cmd->parsed()) {
        print_transit_route(ws, tt, walk, walk.locate(parse_latlon(from), max_snap), walk.locate(parse_latlon(to), max_snap), q,
                            as_json);
      } else if (matrix_cmd->parsed()) {
        q.window_s = static_cast<int32_t>(window_min * 60);
        std::vector<double> pcts;
        for (const auto& v : parse_minutes(percentiles_text)) {
          if (v > 100) throw Error("--percentiles: " + std::to_string(v) + " is above 100");
          pcts.push_back(v);
        }
        const auto o = read_points(ws, origins), d = read_points(ws, destinations);
        const auto lo = locate_all(walk, o, max_snap), ld = locate_all(walk, d, max_snap);
        const auto m = transit_matrix(tt, walk, lo, ld, q, pcts, show_progress);
        write_transit_matrix(out, table.empty() ? "matrix_transit" : table, o, d, m,
                             max_minutes > 0 ? static_cast<int32_t>(max_minutes * 60) : kUnreached);
        fmt::print("transit matrix {} × {} ({} {}, window {} min, percentiles {}) written to {} in {:.1f} s\n", o.size(), d.size(),
                   depart.substr(0, 10), format_time_of_day(time).substr(0, 5), window_min, percentiles_text, out, timer.seconds());
        print_attribution(ws);
      } else {
        q.window_s = static_cast<int32_t>(window_min * 60);
        const auto start = walk.locate(parse_latlon(from), max_snap);
        IsochroneOptions opts{parse_minutes(minutes_text), cell > 0 ? cell : default_cell_m(Mode::walk) * 2, 0};
        opts.buffer_m = buffer >= 0 ? buffer : 2 * opts.cell_m;
        const auto node_ms = transit_node_times(tt, walk, start, q, percentile, opts.minutes.back());
        const auto isos = isochrones(walk, node_ms, start, opts);
        write_isochrones(out, "transit", isos);
        fmt::print("transit isochrones from {} ({} {}, window {} min, percentile {}) written to {}\n", from, depart.substr(0, 10),
                   format_time_of_day(time).substr(0, 5), window_min, percentile, out);
        for (const auto& iso : isos) fmt::print("  {:>5} min  {:>9.2f} km²\n", iso.minutes, iso.area_km2);
        print_attribution(ws);
      }
    } else if (route_cmd->parsed()) {
      auto ws = Workspace::open(ws_path);
      const Mode mode = parse_mode(mode_text);
      const auto net = load_street_network(ws, mode);
      const auto a = net.locate(parse_latlon(from), max_snap), b = net.locate(parse_latlon(to), max_snap);
      Dijkstra search(net.graph());
      const auto r = route(net, search, a, b);
      if (!r) throw Error("no " + std::string(mode_name(mode)) + " route from " + from + " to " + to);
      if (as_json) {
        json j = {{"mode", mode_name(mode)},
                  {"duration_s", std::round(r->duration_s * 10) / 10},
                  {"distance_m", std::round(r->distance_m * 10) / 10},
                  {"snap_from_m", std::round(r->snap_from_m * 10) / 10},
                  {"snap_to_m", std::round(r->snap_to_m * 10) / 10},
                  {"geometry", geojson_line(r->geometry)}};
        fmt::print("{}\n", j.dump());
      } else {
        fmt::print("{} route: {:.1f} min, {:.2f} km (start {:.0f} m and end {:.0f} m from the network)\n", mode_name(mode),
                   r->duration_s / 60, r->distance_m / 1000, r->snap_from_m, r->snap_to_m);
        print_attribution(ws);
      }
    } else if (matrix_cmd->parsed()) {
      auto ws = Workspace::open(ws_path);
      const Mode mode = parse_mode(mode_text);
      const auto net = load_street_network(ws, mode);
      const auto o = read_points(ws, origins), d = read_points(ws, destinations);
      const auto lo = locate_all(net, o, max_snap), ld = locate_all(net, d, max_snap);
      const uint32_t limit = max_minutes > 0 ? static_cast<uint32_t>(max_minutes * 60000) : kNone;
      const auto m = fastest_matrix(net, lo, ld, limit, show_progress);
      write_matrix(out, table.empty() ? "matrix_" + std::string(mode_name(mode)) : table, o, d, m);
      size_t reached = 0;
      for (const auto& c : m.cells) reached += c.time_ms != kNone;
      fmt::print("{} matrix {} × {}: {} pairs reachable{}, written to {} in {:.2f} s\n", mode_name(mode), o.size(), d.size(),
                 reached, limit == kNone ? "" : fmt::format(" within {} min", max_minutes), out, timer.seconds());
      print_attribution(ws);
    } else if (iso_cmd->parsed()) {
      auto ws = Workspace::open(ws_path);
      const Mode mode = parse_mode(mode_text);
      const auto net = load_street_network(ws, mode);
      const auto start = net.locate(parse_latlon(from), max_snap);
      Dijkstra search(net.graph());
      IsochroneOptions opts{parse_minutes(minutes_text), cell > 0 ? cell : default_cell_m(mode), 0};
      opts.buffer_m = buffer >= 0 ? buffer : 2 * opts.cell_m;
      const auto isos = isochrones(net, search, start, opts);
      write_isochrones(out, mode_name(mode), isos);
      fmt::print("{} isochrones from {} (start {:.0f} m from the network) written to {}\n", mode_name(mode), from,
                 start.snap.distance_m, out);
      for (const auto& iso : isos) fmt::print("  {:>5} min  {:>9.2f} km²\n", iso.minutes, iso.area_km2);
      print_attribution(ws);
    } else if (pt_cmd->parsed()) {
      auto ws = Workspace::open(ws_path);
      const auto from_s = parse_time_of_day(pt_from), to_s = parse_time_of_day(pt_to);
      if (!from_s) throw Error("--from: '" + pt_from + "' is not a time such as 06:00");
      if (!to_s) throw Error("--to: '" + pt_to + "' is not a time such as 20:00");
      const auto r = pt_classes(ws, parse_date(pt_date), *from_s, *to_s);
      write_pt_classes(out, r);
      int by_category[8] = {0};
      for (const auto& s : r.stations) ++by_category[s.category];
      fmt::print("Public-transport quality classes, {} {}–{}: {} stations with departures\n", pt_date, pt_from, pt_to,
                 r.stations.size());
      fmt::print("  stations by category: I {}, II {}, III {}, IV {}, V {}, VI {}, VII {}, none {}\n", by_category[1],
                 by_category[2], by_category[3], by_category[4], by_category[5], by_category[6], by_category[7], by_category[0]);
      fmt::print("  class areas (km²):");
      for (const auto& c : r.classes) fmt::print(" {} {:.1f}", c.cls, c.area_km2);
      fmt::print("\n");
      if (!r.municipalities.empty()) {
        auto ms = r.municipalities;
        auto abc = [](const MunicipalityPtClasses& m) { return m.area_share[0] + m.area_share[1] + m.area_share[2]; };
        std::sort(ms.begin(), ms.end(), [&](const auto& a, const auto& b) { return abc(a) > abc(b); });
        fmt::print("\n  Share of population in each class (spread evenly over the area), top 10 by classes A–C:\n");
        fmt::print("  {:<10} {:<30} {:>11} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}\n", "key", "municipality", "population", "A",
                   "B", "C", "D", "E", "F", "none");
        for (size_t i = 0; i < std::min<size_t>(10, ms.size()); ++i) {
          const auto& m = ms[i];
          double none = 1;
          for (double s : m.area_share) none -= s;
          fmt::print("  {:<10} {:<30} {:>11}", m.key, m.name.substr(0, 30), thousands(m.population));
          for (double s : m.area_share) fmt::print(" {:>5.1f}%", 100 * s);
          fmt::print(" {:>5.1f}%\n", 100 * std::max(0.0, none));
        }
      }
      fmt::print("Written to {} (layers pt_classes, pt_stations, pt_classes_by_municipality).\n", out);
      print_attribution(ws);
    } else if (export_lyr->parsed()) {
      auto ws = Workspace::open(ws_path);
      export_layer(ws, export_name, out);
      fmt::print("Exported layer {} to {}\n", export_name, out);
      print_attribution(ws);
    } else if (export_net->parsed()) {
      auto ws = Workspace::open(ws_path);
      const Mode mode = parse_mode(mode_text);
      const auto net = load_street_network(ws, mode);
      export_edges(net.graph(), out);
      fmt::print("Exported {} directed {} edges to {}\n", net.graph().edge_count(), mode_name(mode), out);
      print_attribution(ws);
    } else if (cases->parsed()) {
      run_cases(cases_load, cases_search, cases_show, cases_similar, cases_add, cases_update, cases_remove, cases_export,
                CasesArgs{ws_path, query, case_id, file, out, profile_path, themes_text, country, from_region, as_json, max_results,
                          CaseFilter{theme, country, instrument, legal_form,
                                     min_pop >= 0 ? std::optional<int64_t>(min_pop) : std::nullopt,
                                     max_pop >= 0 ? std::optional<int64_t>(max_pop) : std::nullopt,
                                     min_munis >= 0 ? std::optional<int>(min_munis) : std::nullopt,
                                     max_munis >= 0 ? std::optional<int>(max_munis) : std::nullopt, verified_only}});
    } else if (demo->parsed()) {
      DemoOptions opt{ws_path, data.empty() ? data_dir() : fs::path(data), force, show_progress};
      const auto r = run_demo(opt, [&](const std::string& s) {
        if (!quiet) fmt::print(stderr, "• {}\n", s);
      });
      print_info(r.info, false);
      fmt::print("\nNetworks built:\n");
      print_network_reports(r.networks);
      fmt::print("\nPopulation reachable within 30 minutes (centre to centre), top 10 by car:\n");
      fmt::print("  {:<10} {:<34} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "AGS", "municipality", "population", "car 30'",
                 "transit 30'", "bike 30'", "walk 30'");
      for (size_t i = 0; i < std::min<size_t>(10, r.reach.size()); ++i) {
        const auto& m = r.reach[i];
        fmt::print("  {:<10} {:<34} {:>12} {:>12} {:>12} {:>12} {:>12}\n", m.key, m.name.substr(0, 34), thousands(m.population),
                   thousands(m.within_30[2]), thousands(m.transit_30), thousands(m.within_30[1]), thousands(m.within_30[0]));
      }
      for (Mode mode : kStreetModes) {
        const auto& missing = r.unplaced[static_cast<int>(mode)];
        if (missing.empty()) continue;
        std::string keys;
        for (size_t i = 0; i < std::min<size_t>(5, missing.size()); ++i) keys += (i ? ", " : "") + missing[i];
        fmt::print("  {}: {} of {} centres lie more than {:.0f} m from the {} network (outside the OSM extract) and are "
                   "left out: {}{}\n",
                   mode_name(mode), missing.size(), r.info.municipalities, r.snap_limit_m, mode_name(mode), keys,
                   missing.size() > 5 ? ", …" : "");
      }
      fmt::print("  transit: median over departures every minute 07:00–08:00 on Tuesday 15 Nov 2016 ({} stops, {} trips "
                 "that day), walking up to 15 min to, from and instead of transit; the feed holds rnv's trams and buses "
                 "only, not DB regional trains or other operators' buses.\n",
                 r.transit_stops, r.transit_trips);
      fmt::print("\nAccessibility on the 1 km grid ({} cells, {} within 500 m of the network; population spread by street "
                 "length):\n  mean population reachable, weighted by where people live:\n",
                 thousands(static_cast<int64_t>(r.grid_cells)), thousands(static_cast<int64_t>(r.grid_cells_on_network)));
      for (const auto& [mode, v] : r.grid_reach)
        fmt::print("    {:<8} within 30 min {:>10}   within 45 min {:>10}   (layer access_grid1km_{})\n", mode,
                   thousands(std::llround(v[0])), thousands(std::llround(v[1])), mode);
      fmt::print("\nILLUSTRATIVE site inventory (not real sites): {} sites, {:.0f} ha in {} municipalities, drawn from their "
                 "commercial land (statistics 2018); criteria computed, best site per sector profile:\n",
                 r.sites, r.site_hectares, r.site_municipalities);
      for (const auto& [profile, best] : r.best_site) fmt::print("    {:<11} {}\n", profile, best);
      fmt::print("  try 'cityregions enquiry {0} --min-ha 8 --max-motorway-min 10 --rail --profile logistics' and\n"
                 "  'cityregions report {0} --out report --scenario {1} --demand logistics=20 --demand general=15'.\n",
                 ws_path, r.pool_scenario.string());
      fmt::print("\n{} good-practice cases loaded: try 'cityregions cases similar {} --region --themes "
                 "commercial_land,transport --country DE'.\n",
                 r.cases, ws_path);
      fmt::print("{} matrix entries stored as matrix_walk, matrix_bike, matrix_car, matrix_transit in {}/region.gpkg; done in {:.1f} s.\n",
                 r.matrix_pairs, ws_path, timer.seconds());
      auto demo_ws = Workspace::open(ws_path);
      print_attribution(demo_ws);
    }
  } catch (const Error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  return 0;
}
