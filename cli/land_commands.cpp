#include "land_commands.hpp"

#include <fmt/core.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_common.hpp"
#include "io/csv.hpp"
#include "land/site_consistency.hpp"
#include "core/output_file.hpp"
#include "core/error.hpp"
#include "land/pool_draft.hpp"
#include "land/sector_profile.hpp"
#include "land/site_balance.hpp"
#include "land/site_criteria.hpp"
#include "land/site_ranking.hpp"
#include "land/pool.hpp"
#include "land/sites.hpp"
#include "region/outputs.hpp"
#include "region/transit.hpp"
#include "report/region_report.hpp"
#include "store/municipalities.hpp"

namespace cityregions::cli {

using json = nlohmann::json;

namespace {

std::string profile_help() {
  std::string names;
  for (const auto& n : builtin_profile_names()) names += (names.empty() ? "" : ", ") + n;
  return "sector profile: " + names + ", or a TOML file (docs/sites.md)";
}

std::map<std::string, double> parse_demand(const std::vector<std::string>& items) {
  std::map<std::string, double> out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    try {
      size_t used = 0;
      if (eq == std::string::npos) throw std::invalid_argument(item);
      const double v = std::stod(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1 || v < 0) throw std::invalid_argument(item);
      out[item.substr(0, eq)] = v;
    } catch (const std::exception&) {
      throw Error("--demand: expected profile=hectares per year, e.g. logistics=25, got '" + item + "'");
    }
  }
  for (const auto& [profile, ha] : out) {
    try {
      load_sector_profile(profile);
    } catch (const Error& e) {
      std::string what = e.what();
      if (what.starts_with("--profile: ")) what = what.substr(11);
      throw Error("--demand: " + what);
    }
  }
  return out;
}

std::map<std::string, std::string> municipality_names(Workspace& ws) {
  std::map<std::string, std::string> names;
  for (const auto& m : load_municipalities(ws)) names[m.key] = m.name;
  return names;
}

void print_ranking(const Ranking& r, const std::map<std::string, std::string>& names, bool all) {
  fmt::print("{} — {}\n", r.profile.title, r.profile.description);
  fmt::print("Hard constraints:");
  for (const auto& c : r.profile.constraints) fmt::print(" [{}]", describe(c));
  fmt::print("\n\n{} sites qualify, {} excluded.\n", r.ranked.size(), r.excluded.size());
  auto name = [&](const std::string& key) {
    const auto it = names.find(key);
    return it == names.end() ? key : it->second;
  };
  const size_t shown = all ? r.ranked.size() : std::min<size_t>(r.ranked.size(), 15);
  for (size_t i = 0; i < shown; ++i) {
    const auto& s = r.ranked[i];
    fmt::print("\n{:>3}. {:5.1f} points  {}  {} ({:.1f} ha){}\n", s.rank, s.score, s.site.id, name(s.site.municipality),
               s.site.area_ha, s.site.values.count("name") ? "  " + s.site.values.at("name") : "");
    for (const auto& p : s.parts)
      fmt::print("        {:<58} {:>16}  {:4.2f} × {:3.0f} % = {:5.1f}\n", p.label.substr(0, 58), p.value, p.normalised,
                 p.weight * 100, p.points);
  }
  if (shown < r.ranked.size()) fmt::print("\n… {} more (--all shows every site).\n", r.ranked.size() - shown);
  if (!r.excluded.empty()) {
    fmt::print("\nExcluded:\n");
    const size_t n = all ? r.excluded.size() : std::min<size_t>(r.excluded.size(), 15);
    for (size_t i = 0; i < n; ++i) {
      const auto& e = r.excluded[i];
      fmt::print("  {:<22} {:<22} ", e.site.id, name(e.site.municipality).substr(0, 22));
      for (size_t k = 0; k < e.reasons.size(); ++k) fmt::print("{}{}", k ? "; " : "", e.reasons[k]);
      fmt::print("\n");
    }
    if (n < r.excluded.size()) fmt::print("  … {} more (--all)\n", r.excluded.size() - n);
  }
}

// The ranking as a workspace layer and, when asked, a file for the map.
// The note goes to stderr after JSON, so that stdout stays one document.
void store_ranking(Workspace& ws, const Ranking& r, const std::string& layer, const std::string& out, bool json_out) {
  write_ranking_layer(ws, r, layer);
  if (!out.empty()) export_layer(ws, layer, out);
  fmt::print(json_out ? stderr : stdout, "\nLayer {} in the workspace{}.\n", layer, out.empty() ? "" : ", written to " + out);
}

}  // namespace

LandCommands::LandCommands(CLI::App& app) {
  auto& sites = *app.add_subcommand("sites", "inventory of commercial and industrial sites, with an audit trail");
  sites.require_subcommand(1);
  sites_import_ = sites.add_subcommand("import", "sites from GeoJSON/GeoPackage/Shapefile or CSV (wkt or lat/lon)");
  sites_import_->add_option("WS", ws_, "workspace directory")->required();
  sites_import_->add_option("FILE", file_, "site file")->required();
  sites_import_->add_option("--mapping", mapping_, "TOML field and value mapping (docs/sites.md)");
  sites_list_ = sites.add_subcommand("list", "the sites, by municipality");
  sites_list_->add_option("WS", ws_, "workspace directory")->required();
  sites_list_->add_option("--municipality", municipality_, "only this municipality (key)");
  sites_list_->add_flag("--json", json_, "print JSON");
  sites_show_ = sites.add_subcommand("show", "one site with its history");
  sites_show_->add_option("WS", ws_, "workspace directory")->required();
  sites_show_->add_option("ID", site_id_, "site id")->required();
  sites_show_->add_flag("--json", json_, "print JSON");
  sites_add_ = sites.add_subcommand("add", "add a site");
  sites_add_->add_option("WS", ws_, "workspace directory")->required();
  sites_add_->add_option("--id", site_id_, "site id")->required();
  sites_add_->add_option("--wkt", wkt_, "polygon in WGS84 lon lat, e.g. 'POLYGON((8.5 49.4, …))'")->required();
  sites_update_ = sites.add_subcommand("update", "change attributes of a site");
  sites_update_->add_option("WS", ws_, "workspace directory")->required();
  sites_update_->add_option("ID", site_id_, "site id")->required();
  sites_remove_ = sites.add_subcommand("remove", "remove a site");
  sites_remove_->add_option("WS", ws_, "workspace directory")->required();
  sites_remove_->add_option("ID", site_id_, "site id")->required();
  sites_export_ = sites.add_subcommand("export", "write the inventory as GeoPackage, GeoJSON or CSV");
  sites_export_->add_option("WS", ws_, "workspace directory")->required();
  sites_export_->add_option("--out", out_, "FILE.gpkg, FILE.geojson or FILE.csv")->required();
  for (auto* cmd : {sites_import_, sites_add_, sites_update_, sites_remove_})
    cmd->add_option("--who", who_, "name recorded in the audit trail")->capture_default_str();
  for (auto* cmd : {sites_add_, sites_update_})
    cmd->add_option("--set", sets_, "field=value, e.g. planning_status=binding_plan (repeatable)");

  criteria_ = sites.add_subcommand("criteria", "compute every site's location criteria from the networks, timetable and grid");
  criteria_->add_option("WS", ws_, "workspace directory")->required();
  criteria_->add_option("--stations", stations_, "rail stations: CSV, GDAL points, FPTF ndjson or a workspace layer");
  criteria_->add_option("--stations-attribution", stations_attribution_, "credit required by the stations' licence");
  criteria_->add_option("--junctions", junctions_, "motorway junctions (default: the layer from import osm)")->capture_default_str();
  criteria_->add_option("--zones", zones_, "grid layer with a population column")->capture_default_str();
  criteria_->add_option("--population", population_, "the zones' column to count (e.g. a working-age population)")
      ->capture_default_str();
  criteria_->add_option("--core", core_, "municipality key(s) of the core city, comma-separated (default: the most populous)");
  criteria_->add_option("--depart", depart_, "public transport: date and start of the morning window, e.g. 2016-11-15T07:00");
  criteria_->add_option("--window", window_min_, "public transport: window in minutes (median over departures)")->capture_default_str();
  criteria_->add_option("--max-snap", max_snap_, "metres from a site to its network")->capture_default_str();

  rank_ = sites.add_subcommand("rank", "rank all sites of the region for a sector profile, with reasons and exclusions");
  enquiry_ = app.add_subcommand("enquiry", "answer an investor's enquiry with one ranked list across the region");
  for (auto* cmd : {rank_, enquiry_}) {
    cmd->add_option("WS", ws_, "workspace directory")->required();
    cmd->add_option("--profile", profile_, profile_help())->capture_default_str();
    cmd->add_option("--out", out_, "also write the ranked and excluded sites: FILE.gpkg, FILE.geojson or FILE.csv");
    cmd->add_flag("--json", json_, "print JSON");
    cmd->add_flag("--all", all_, "print every site, not the first 15");
  }
  enquiry_->add_option("--min-ha", min_ha_, "smallest area in hectares");
  enquiry_->add_option("--max-ha", max_ha_, "largest area in hectares");
  enquiry_->add_option("--max-motorway-min", max_motorway_, "longest car time to a motorway junction (minutes)");
  enquiry_->add_option("--max-price", max_price_, "highest price in €/m²");
  enquiry_->add_flag("--rail", rail_, "a rail siding must exist or be possible");
  enquiry_->add_option("--available", available_, "immediately or within_2_years");

  balance_ = sites.add_subcommand("balance", "hectares on offer per municipality and region against a demand forecast");
  report_ = app.add_subcommand("report", "an HTML report with SVG charts: sites, balance, rankings, pool");
  for (auto* cmd : {balance_, report_}) {
    cmd->add_option("WS", ws_, "workspace directory")->required();
    cmd->add_option("--demand", demand_, "profile=ha per year, e.g. logistics=25 (repeatable)");
    cmd->add_option("--years", years_, "horizon of the demand forecast")->capture_default_str();
  }
  balance_->add_flag("--json", json_, "print JSON");
  report_->add_option("--out", out_, "output directory")->required();
  report_->add_option("--scenario", scenario_, "pool scenario (TOML) for the pool section");
  report_->add_option("--profile", profiles_, "profiles to rank (repeatable; default: all built-in)");
  report_->add_flag("--pdf", pdf_, "also print DIR/report.pdf with headless chromium");
  report_->add_option("--paper", paper_, "page size of the printed report: A4 or letter")->capture_default_str();

  auto& pool = *app.add_subcommand("pool", "regional commercial-land pool");
  pool.require_subcommand(1);
  simulate_ = pool.add_subcommand("simulate", "revenue per member alone vs in the pool, year by year, with timing risk");
  simulate_->add_option("WS", ws_, "workspace directory (member names from its municipalities)")->required();
  simulate_->add_option("--scenario", scenario_, "TOML scenario: rules, members, sites (docs/pool.md)")->required();
  simulate_->add_option("--years", sim_years_, "horizon in years (default: the scenario's, else 20)");
  simulate_->add_option("--runs", runs_, "random sale timings for the spread (default: the scenario's, else 200)");
  simulate_->add_option("--out", out_, "also write FILE.csv: member, year, alone, pool");
  simulate_->add_flag("--json", json_, "print JSON");
  draft_ = pool.add_subcommand("draft", "draft a pool scenario (TOML) from the site inventory, to be edited by the partners");
  draft_->add_option("WS", ws_, "workspace directory")->required();
  draft_->add_option("--out", out_, "scenario file to write")->required();
}

bool LandCommands::run(bool show_progress) {
  if (run_inventory() || run_simulate()) return true;
  if (criteria_->parsed()) {
    auto ws = Workspace::open(ws_);
    CriteriaOptions o;
    o.stations = stations_;
    o.junctions = junctions_;
    o.zones = zones_;
    o.population = population_;
    o.max_snap_m = max_snap_;
    std::stringstream ss(core_);
    for (std::string key; std::getline(ss, key, ',');)
      if (!key.empty()) o.core.push_back(key);
    if (!(window_min_ > 0) || window_min_ > 24 * 60) throw Error("--window must be between 1 and 1440 minutes");
    if (!depart_.empty()) {
      const auto [date, time] = parse_departure(depart_);
      o.date = date;
      o.transit.departure = time;
      o.transit.window_s = static_cast<int32_t>(window_min_ * 60);
    }
    const auto r = refresh_site_criteria(ws, o, show_progress);
    if (!stations_.empty() && !stations_attribution_.empty()) ws.record_source("site_criteria", stations_, stations_attribution_);
    fmt::print("Location criteria of {} sites ({} on the car network, {} on the walk network); {} motorway junctions, {} rail "
               "stations, {} public-transport stations; core city: ",
               r.sites, r.on_car_network, r.on_walk_network, r.junctions, r.stations, r.pt_stations);
    for (size_t i = 0; i < r.core.size(); ++i) fmt::print("{}{}", i ? ", " : "", r.core[i]);
    fmt::print("\n");
    for (const auto& what : r.reused) fmt::print("reused from the last run — {}\n", what);
    for (const auto& why : r.left_unknown) fmt::print("left unknown — {}\n", why);
    SiteInventory inventory(ws);
    fmt::print("\n  {:<20} {:>7} {:>9} {:>9} {:>9} {:>5} {:>10} {:>10} {:>10} {:>8}\n", "site", "ha", "motorway", "rail car",
               "rail walk", "PT", "car 30'", "transit 30'", "within 1km", "core");
    for (const auto& s : inventory.list()) {
      auto v = [&](const char* f) {
        if (!s.values.count(f)) return std::string("–");
        return f == std::string("pt_class") ? s.values.at(f) : fmt::format("{:.1f}", std::stod(s.values.at(f)));
      };
      auto n = [&](const char* f) {
        return s.values.count(f) ? thousands(std::llround(std::stod(s.values.at(f)))) : std::string("–");
      };
      fmt::print("  {:<20} {:>7.1f} {:>9} {:>9} {:>9} {:>5} {:>10} {:>10} {:>10} {:>8}\n", s.id.substr(0, 20), s.area_ha,
                 v("motorway_car_min"), v("rail_car_min"), v("rail_walk_min"), v("pt_class"), n("pop_car_30"),
                 n("pop_transit_30"), n("pop_1km"), v("core_car_min"));
    }
    fmt::print("Times in minutes (car, walk); population: column {} of the grid layer {}; stored on the sites layer.\n",
               population_, zones_);
    print_attribution(ws);
  } else if (rank_->parsed() || enquiry_->parsed()) {
    auto ws = Workspace::open(ws_);
    SectorProfile profile = load_sector_profile(profile_);
    if (enquiry_->parsed())
      profile = with_enquiry(std::move(profile), {min_ha_, max_ha_, max_motorway_, max_price_, rail_, available_});
    const auto sites = SiteInventory(ws).list();
    if (sites.empty()) throw Error(ws_ + ": the site inventory is empty (cityregions sites import)");
    const Ranking r = rank_sites(sites, profile);
    if (json_) {
      json j = ranking_to_json(r);
      j["illustrative_sites"] = sites_are_illustrative(ws);
      fmt::print("{}\n", j.dump(2));
      store_ranking(ws, r, enquiry_->parsed() ? "enquiry" : "ranking_" + profile.name, out_, true);
      return true;
    }
    if (sites_are_illustrative(ws)) fmt::print("ILLUSTRATIVE sites (generated for the demo, not real):\n");
    print_ranking(r, municipality_names(ws), all_);
    store_ranking(ws, r, enquiry_->parsed() ? "enquiry" : "ranking_" + profile.name, out_, false);
    print_attribution(ws);
  } else if (balance_->parsed()) {
    auto ws = Workspace::open(ws_);
    const auto b = land_balance(SiteInventory(ws).list(), municipality_names(ws), parse_demand(demand_), years_);
    static const char* avail[] = {"immediately", "within_2_years", "later", "unknown"};
    static const char* status[] = {"serviced", "binding_plan", "land_use_plan", "none", "unknown"};
    auto ha = [](const std::map<std::string, double>& m, const char* k) {
      const auto it = m.find(k);
      return it == m.end() ? 0.0 : it->second;
    };
    if (json_) {
      auto supply = [&](const LandSupply& s) {
        return json{{"key", s.key}, {"name", s.name}, {"sites", s.sites}, {"total_ha", s.total_ha},
                    {"by_availability", s.by_availability}, {"by_status", s.by_status}};
      };
      json j = {{"years", b.years}, {"region", supply(b.region)}, {"municipalities", json::array()}, {"sectors", json::array()},
                {"demand_ha", b.demand_ha}, {"balance_ha", b.balance_ha}, {"illustrative_sites", sites_are_illustrative(ws)}};
      for (const auto& m : b.municipalities) j["municipalities"].push_back(supply(m));
      for (const auto& d : b.sectors)
        j["sectors"].push_back({{"sector", d.sector}, {"ha_per_year", d.ha_per_year}, {"demand_ha", d.demand_ha},
                                {"suitable_ha", d.suitable_ha}, {"suitable_soon_ha", d.suitable_soon_ha},
                                {"balance_ha", d.balance_ha}, {"years_of_supply", d.years_of_supply}});
      fmt::print("{}\n", j.dump(2));
      return true;
    }
    fmt::print("Land on offer (ha) by availability and planning status\n");
    fmt::print("  {:<28} {:>5} {:>8} | {:>8} {:>8} {:>8} {:>8} | {:>8} {:>8} {:>8} {:>8} {:>8}\n", "municipality", "sites", "total",
               "now", "≤2 yrs", "later", "unknown", "serviced", "b-plan", "fnp", "none", "unknown");
    auto row = [&](const LandSupply& s) {
      fmt::print("  {:<28} {:>5} {:>8.1f} |", s.name.substr(0, 28), s.sites, s.total_ha);
      for (const char* a : avail) fmt::print(" {:>8.1f}", ha(s.by_availability, a));
      fmt::print(" |");
      for (const char* st : status) fmt::print(" {:>8.1f}", ha(s.by_status, st));
      fmt::print("\n");
    };
    for (const auto& m : b.municipalities) row(m);
    row(b.region);
    if (!b.sectors.empty()) {
      fmt::print("\nDemand over {} years against sites meeting each sector's hard constraints (a site may suit several):\n", b.years);
      fmt::print("  {:<14} {:>9} {:>10} {:>11} {:>14} {:>10} {:>8}\n", "sector", "ha/year", "demand ha", "suitable ha",
                 "… within 2 yrs", "balance", "years");
      for (const auto& d : b.sectors)
        fmt::print("  {:<14} {:>9.1f} {:>10.0f} {:>11.0f} {:>14.0f} {:>+10.0f} {:>8.1f}\n", d.sector, d.ha_per_year, d.demand_ha,
                   d.suitable_ha, d.suitable_soon_ha, d.balance_ha, d.years_of_supply);
      fmt::print("  {:<14} {:>9} {:>10.0f} {:>11.0f} {:>14} {:>+10.0f}\n", "all sectors", "", b.demand_ha, b.region.total_ha, "",
                 b.balance_ha);
    }
    print_attribution(ws);
  } else if (draft_->parsed()) {
    auto ws = Workspace::open(ws_);
    const PoolDraftAssumptions a;
    const auto sc = draft_pool_scenario(SiteInventory(ws).list(), municipality_names(ws), a);
    write_pool_scenario(out_, sc, a);
    fmt::print("Drafted {} with {} members and {} sites; edit the values before the partners agree, then run "
               "'cityregions pool simulate {} --scenario {}'.\n",
               out_, sc.members.size(), sc.sites.size(), ws_, out_);
  } else if (report_->parsed()) {
    auto ws = Workspace::open(ws_);
    ReportOptions o{out_, profiles_, parse_demand(demand_), years_, scenario_, paper_};
    const auto files = write_report(ws, o);
    fmt::print("Report written to {} ({} charts).\n", files.html.string(), files.charts.size());
    if (pdf_) {
      print_pdf(files.html, files.html.parent_path() / "report.pdf");
      fmt::print("PDF written to {}.\n", (files.html.parent_path() / "report.pdf").string());
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace cityregions::cli

namespace cityregions::cli {

bool LandCommands::run_inventory() {
  const bool any = sites_import_->parsed() || sites_list_->parsed() || sites_show_->parsed() || sites_add_->parsed() ||
                   sites_update_->parsed() || sites_remove_->parsed() || sites_export_->parsed();
  if (!any) return false;
  auto ws = Workspace::open(ws_);
  // An import creates the inventory's tables in its own transaction: killed, it leaves no empty table.
  std::optional<Transaction> import_tx;
  if (sites_import_->parsed()) import_tx.emplace(ws.db());
  SiteInventory inventory(ws);
  std::map<std::string, std::string> values;
  for (const auto& s : sets_) {
    const auto eq = s.find('=');
    if (eq == std::string::npos) throw Error("--set: expected field=value, got '" + s + "'");
    values[s.substr(0, eq)] = s.substr(eq + 1);
  }
  auto site_json = [](const Site& s) {
    json j = {{"id", s.id}, {"municipality", s.municipality}, {"area_ha", std::round(s.area_ha * 100) / 100}};
    for (const auto& [k, v] : s.values) j[k] = v;
    return j;
  };
  if (sites_import_->parsed()) {
    const auto r = inventory.import(file_, mapping_.empty() ? SiteMapping{} : load_site_mapping(mapping_), who_);
    import_tx->commit();
    fmt::print("Imported {} new and {} changed sites from {}\n", r.added, r.updated, file_);
    size_t contradictory = 0;
    for (const auto& [id, where] : r.sites) {
      const auto site = inventory.get(id);
      if (!site) continue;
      const auto found = site_contradictions(site->values);
      contradictory += !found.empty();
      for (const auto& c : found) fmt::print(stderr, "warning: {}: site {}: {}\n", where, id, c);
    }
    if (contradictory)
      fmt::print(stderr, "warning: {} of the imported sites have contradictory attributes (docs/sites.md, \"Consistency\")\n",
                 contradictory);
  } else if (sites_list_->parsed()) {
    const auto all = inventory.list(municipality_);
    if (json_) {
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
  } else if (sites_show_->parsed()) {
    const auto s = inventory.get(site_id_);
    if (!s) throw Error("no site '" + site_id_ + "'");
    const auto history = inventory.audit(site_id_);
    if (json_) {
      json j = site_json(*s);
      j["history"] = json::array();
      for (const auto& h : history)
        j["history"].push_back(
            {{"at", h.at}, {"who", h.who}, {"action", h.action}, {"field", h.field}, {"old", h.old_value}, {"new", h.new_value}});
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
  } else if (sites_add_->parsed()) {
    inventory.add(site_id_, wkt_, values, who_);
    fmt::print("Added site {} ({:.2f} ha)\n", site_id_, inventory.get(site_id_)->area_ha);
  } else if (sites_update_->parsed()) {
    inventory.update(site_id_, values, who_);
    fmt::print("Updated site {}\n", site_id_);
  } else if (sites_remove_->parsed()) {
    inventory.remove(site_id_, who_);
    fmt::print("Removed site {}\n", site_id_);
  } else {
    export_layer(ws, "sites", out_);
    fmt::print("Exported {} sites to {}\n", inventory.list().size(), out_);
  }
  return true;
}

bool LandCommands::run_simulate() {
  if (!simulate_->parsed()) return false;
  auto ws = Workspace::open(ws_);
  PoolScenario s = load_pool_scenario(scenario_);
  if (sim_years_ > 0) s.years = sim_years_;
  if (runs_ >= 0) s.timing_runs = runs_;
  name_members(s, municipality_names(ws));
  const auto r = simulate_pool(s);
  if (!out_.empty()) {
    auto f = open_output_file(out_);
    f << "member,year,alone,pool\n";
    for (const auto& m : r.members)
      for (int y = 0; y < r.years; ++y) f << fmt::format("{},{},{:.2f},{:.2f}\n", csv_escape(m.key), y + 1, m.alone[y], m.pool[y]);
  }
  if (json_) {
    fmt::print("{}\n", pool_result_to_json(r).dump(2));
    return true;
  }
  fmt::print("Land pool over {} years: {} members, {} sites; rules: host bonus {:.0f} %, the rest by {}{}\n", r.years,
             s.members.size(), s.sites.size(), s.rules.host_bonus * 100, s.rules.remainder,
             s.rules.running_costs > 0 ? fmt::format(", running costs {} €/yr", thousands(std::llround(s.rules.running_costs))) : "");
  fmt::print("  {:<26} {:>14} {:>7} {:>14} {:>14} {:>14}   {:>27}   {:>27}\n", "member", "capital €", "share", "alone €",
             "pool €", "pool − alone", "alone p10…p90 (timing)", "pool p10…p90 (timing)");
  for (const auto& m : r.members)
    fmt::print("  {:<26} {:>14} {:>6.1f}% {:>14} {:>14} {:>14}   {:>13}…{:<13}   {:>13}…{:<13}\n", m.name.substr(0, 26),
               thousands(std::llround(m.capital)), m.share * 100, thousands(std::llround(m.total_alone)),
               thousands(std::llround(m.total_pool)), thousands(std::llround(m.total_pool - m.total_alone)),
               thousands(std::llround(m.alone_p10)), thousands(std::llround(m.alone_p90)), thousands(std::llround(m.pool_p10)),
               thousands(std::llround(m.pool_p90)));
  fmt::print("Totals are over the horizon with every site sold in its planned year; cash contributions count as paid in\n"
             "year 1. The p10…p90 spread comes from {} random sale timings within each site's earliest…latest years, so the\n"
             "planned total may lie outside it (a sale planned early, or late, in its window is seldom drawn so).\n",
             r.runs);
  print_attribution(ws);
  return true;
}

}  // namespace cityregions::cli
