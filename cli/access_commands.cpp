#include "access_commands.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "access/grid.hpp"
#include "cli_common.hpp"
#include "network_commands.hpp"
#include "region/accessibility.hpp"
#include "region/transit.hpp"

namespace cityregions::cli {

void print_disaggregation(const DisaggregationReport& r, const std::string& column, const std::string& zones) {
  fmt::print("Spread {} ({} in all) over {} cells of {}: {} municipalities by residential buildings, {} by residential land "
             "use, {} by street length weighted by class (no motorways), {} evenly (no such data)\n",
             column, thousands(std::llround(r.total)), thousands(static_cast<int64_t>(r.cells)), zones, r.by_buildings,
             r.by_landuse, r.by_street_length, r.evenly);
  if (!r.partly_uncovered.empty()) {
    std::string list;
    for (size_t i = 0; i < std::min<size_t>(8, r.partly_uncovered.size()); ++i)
      list += fmt::format("{}{} {:.0f} % ({})", i ? ", " : "", r.partly_uncovered[i].key, r.partly_uncovered[i].uncovered_share * 100,
                          thousands(std::llround(r.partly_uncovered[i].people)));
    fmt::print("  {} ({:.1f} %) spread evenly over cells farther than {:.0f} m from any way of the network, in {} "
               "municipalities (share of their cells, people): {}{}\n",
               thousands(std::llround(r.uncovered)), r.total > 0 ? 100 * r.uncovered / r.total : 0.0, kCoverageRadiusM,
               r.partly_uncovered.size(), list, r.partly_uncovered.size() > 8 ? ", …" : "");
  }
  if (!r.max_density_cell.empty())
    fmt::print("  densest cell {} ({}): {} per km²\n", r.max_density_cell, r.max_density_municipality,
               thousands(std::llround(r.max_density_km2)));
  if (!r.without_cells.empty()) {
    std::string keys;
    for (const auto& k : r.without_cells) keys += (keys.empty() ? "" : ", ") + k;
    fmt::print("warning: {} municipalities hold no cell centre at this resolution and are left out: {}\n",
               r.without_cells.size(), keys);
  }
}

void print_centres(const CentreReport& r) {
  fmt::print("Municipality centres: {} population-weighted centre of {}, {} OSM place node, {} point inside the polygon, "
             "{} from a file\n",
             r.count("grid"), r.grid_layer.empty() ? "the grid" : r.grid_layer, r.count("place"), r.count("inside"),
             r.count("file"));
  // The largest moves.
  std::vector<std::pair<double, const CentreChoice*>> moved;
  for (const auto& c : r.municipalities) moved.push_back({haversine_m(c.before, c.after), &c});
  std::sort(moved.begin(), moved.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < std::min<size_t>(3, moved.size()) && moved[i].first >= 100; ++i)
    fmt::print("  {} ({}): moved {:.1f} km to {:.4f},{:.4f} ({})\n", moved[i].second->name, moved[i].second->key,
               moved[i].first / 1000, moved[i].second->after.lat, moved[i].second->after.lon, moved[i].second->source);
}

AccessCommands::AccessCommands(CLI::App& app, CLI::App& import) {
  grid_ = app.add_subcommand("grid", "zones on the INSPIRE grid (EPSG:3035) clipped to the municipalities");
  grid_->add_option("WS", ws_, "workspace directory")->required();
  grid_->add_option("--resolution", resolution_, "cell size: 100, 250 or 1000 m")->capture_default_str();

  import_grid_ = import.add_subcommand("grid", "census grid values (CSV with cell ids, or points) into a grid layer");
  import_grid_->add_option("WS", ws_, "workspace directory")->required();
  import_grid_->add_option("FILE", file_, "CSV with INSPIRE/GEOSTAT cell ids, or a point layer")->required();
  import_grid_->add_option("--resolution", resolution_, "cell size: 100, 250 or 1000 m")->capture_default_str();
  import_grid_->add_option("--column", column_, "grid column to fill, e.g. population")->required();
  import_grid_->add_option("--id-field", id_field_, "CSV column with the cell id (default id)");
  import_grid_->add_option("--value-field", value_field_, "column or field with the value")->required();

  disaggregate_ = app.add_subcommand("disaggregate", "spread a municipality column onto grid cells by street length");
  disaggregate_->add_option("WS", ws_, "workspace directory")->required();
  disaggregate_->add_option("--zones", zones_, "grid layer, e.g. grid1km")->capture_default_str();
  disaggregate_->add_option("--column", column_, "municipality column, e.g. population or jobs")->required();

  access_ = app.add_subcommand("access", "accessibility indicators per zone for a mode");
  access_->add_option("WS", ws_, "workspace directory")->required();
  mode_opt_ = access_->add_option("--mode", mode_, "walk, bike, car or transit");
  access_->add_option("--config", config_, "TOML file with [[run]] tables: several runs in one go (docs in README)")
      ->excludes(mode_opt_);
  access_->add_option("--indicator", indicator_, "cumulative, gravity, nearest or 2sfca")->capture_default_str();
  access_->add_option("--minutes", minutes_, "cumulative: limits, e.g. 30,45");
  access_->add_option("--decay", decay_, "gravity: exp or power")->capture_default_str();
  access_->add_option("--beta", beta_, "gravity: decay parameter (per minute)")->capture_default_str();
  access_->add_option("--horizon", horizon_,
                      "minutes: gravity ignores destinations beyond (default 120), nearest searches up to (120), "
                      "2sfca catchment (30)");
  access_->add_option("--facilities", facilities_, "nearest/2sfca: CSV (id,lat,lon), GDAL point layer or FPTF .ndjson");
  access_->add_option("--capacity", capacity_, "2sfca: the facilities' capacity field (default 1 each)");
  access_->add_option("--opportunities", opportunities_, "zone column to count, e.g. population or jobs")->capture_default_str();
  access_->add_option("--zones", zones_, "grid1km, grid250m, grid100m or municipalities")->capture_default_str();
  access_->add_option("--name", layer_, "result layer (default access_<zones>_<mode>)");
  access_->add_option("--out", out_, "also write FILE.csv (zone_id, one column per indicator)");
  access_->add_option("--max-snap", max_snap_, "zones farther from the network get no value, metres")->capture_default_str();
  transit_.add_to(access_, true, false);
  access_->add_option("--engine", engine_, "street modes: phast (contraction hierarchy) or dijkstra (for comparison)")
      ->capture_default_str();

  centres_ = app.add_subcommand("centres", "choose the municipality centres (grid population, OSM place, point inside)");
  centres_->add_option("WS", ws_, "workspace directory")->required();
  centres_->add_option("--centres", centres_file_, "CSV (id,lat,lon; id = key or name) or point layer of given centres");

  compare_ = app.add_subcommand("compare", "difference layer of two accessibility runs (scenario minus base)");
  compare_->add_option("WS", ws_, "workspace directory")->required();
  compare_->add_option("--base", base_, "layer of the base run, e.g. access_grid1km_transit")->required();
  compare_->add_option("--scenario", scenario_, "layer of the scenario run")->required();
  compare_->add_option("--name", layer_, "result layer (default diff_<scenario>_minus_<base>)");
}

bool AccessCommands::run(bool show_progress) {
  Timer timer;
  if (grid_->parsed()) {
    auto ws = Workspace::open(ws_);
    const auto cells = create_grid(ws, resolution_);
    std::set<std::string> munis;
    for (const auto& c : cells) munis.insert(c.municipality);
    fmt::print("Created layer {}: {} cells of {} m over {} municipalities (EPSG:3035, INSPIRE ids such as {})\n",
               grid_layer_name(resolution_), thousands(static_cast<int64_t>(cells.size())), resolution_, munis.size(),
               cells.empty() ? "-" : cells.front().id);
  } else if (import_grid_->parsed()) {
    auto ws = Workspace::open(ws_);
    const auto r = import_grid_values(ws, file_, resolution_, column_, id_field_, value_field_);
    fmt::print("Filled {}.{} from {}: {} rows, {} cells matched ({:.0f} in all), {} outside the region's grid\n",
               grid_layer_name(resolution_), column_, file_, r.rows, r.matched, r.total, r.outside);
    if (column_ == "population") print_centres(update_centres(ws));
  } else if (disaggregate_->parsed()) {
    auto ws = Workspace::open(ws_);
    const auto r = disaggregate(ws, zones_, column_);
    print_disaggregation(r, column_, zones_);
    print_centres(update_centres(ws));
  } else if (centres_->parsed()) {
    auto ws = Workspace::open(ws_);
    print_centres(update_centres(ws, centres_file_));
  } else if (compare_->parsed()) {
    auto ws = Workspace::open(ws_);
    const auto c = compare_layers(ws, base_, scenario_, layer_);
    std::string cols;
    for (const auto& col : c.columns) cols += (cols.empty() ? "" : ", ") + col;
    fmt::print("Layer {}: {} − {} for {} zones ({} of the scenario without a base zone); columns {}\n", c.layer, scenario_,
               base_, thousands(static_cast<int64_t>(c.zones)), c.unmatched, cols);
  } else if (access_->parsed() && !config_.empty()) {
    auto ws = Workspace::open(ws_);
    for (const auto& rq : load_access_config(config_)) {
      const auto run = run_accessibility(ws, rq, show_progress);
      fmt::print("{:<8} {:<40} {} zones ({} on the network) → layer {}\n", rq.mode, run.columns.front(),
                 thousands(static_cast<int64_t>(run.zones)), thousands(static_cast<int64_t>(run.placed)), run.layer);
    }
    fmt::print("done in {:.1f} s\n", timer.seconds());
  } else if (access_->parsed()) {
    if (!mode_opt_->count()) throw Error("access: give --mode or --config");
    AccessRequest rq;
    rq.mode = mode_;
    street_or_transit_mode(mode_);
    transit_.validate(true);
    rq.zones = zones_;
    rq.opportunities = opportunities_;
    if (indicator_ == "cumulative") {
      rq.indicator.kind = IndicatorSpec::Kind::cumulative;
      rq.indicator.minutes = parse_minutes(minutes_.empty() ? "30" : minutes_);
    } else if (indicator_ == "gravity") {
      rq.indicator.kind = IndicatorSpec::Kind::gravity;
      if (decay_ != "exp" && decay_ != "power") throw Error("--decay: exp or power");
      if (!(beta_ > 0) || !std::isfinite(beta_)) throw Error("--beta must be a positive number");
      rq.indicator.decay = decay_;
      rq.indicator.beta = beta_;
      rq.indicator.max_minutes = horizon_ > 0 ? horizon_ : 120;
    } else if (indicator_ == "nearest" || indicator_ == "2sfca") {
      rq.indicator.kind = indicator_ == "nearest" ? IndicatorSpec::Kind::nearest : IndicatorSpec::Kind::two_step;
      rq.indicator.max_minutes = horizon_ > 0 ? horizon_ : indicator_ == "nearest" ? 120 : 30;
      rq.facilities = facilities_;
      rq.capacity_field = capacity_;
    } else {
      throw Error("--indicator: cumulative, gravity, nearest or 2sfca");
    }
    if (!std::isfinite(horizon_) || horizon_ > 24 * 60) throw Error("--horizon must be at most 1440 minutes");
    if (mode_ == "transit") {
      if (transit_.depart.empty()) throw Error("--mode transit needs --depart, e.g. --depart 2016-11-15T07:00");
      const auto [date, time] = parse_departure(transit_.depart);
      rq.date = date;
      rq.transit = transit_.query(time, true);
      rq.percentile = transit_.percentile;
    } else {
      rq.car_depart_minute = car_depart_minute(mode_, transit_.depart);
    }
    rq.max_snap_m = max_snap_;
    rq.layer = layer_;
    if (engine_ != "phast" && engine_ != "dijkstra") throw Error("--engine: phast or dijkstra");
    rq.use_hierarchy = engine_ == "phast";
    auto ws = Workspace::open(ws_);
    const auto run = run_accessibility(ws, rq, show_progress);
    if (!out_.empty()) write_access_csv(out_, run);
    if (run.facilities)
      fmt::print("{} facilities in the region ({} outside dropped, {} off the network)\n", run.facilities, run.facilities_outside,
                 run.facilities_off_network);
    fmt::print("{} accessibility ({}) for {} zones of {} ({} on the network) in {:.1f} s → layer {}{}\n", mode_,
               run.columns.front(), thousands(static_cast<int64_t>(run.zones)), zones_,
               thousands(static_cast<int64_t>(run.placed)), timer.seconds(), run.layer, out_.empty() ? "" : " and " + out_);
    auto rows = run.municipalities;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.mean[0].has_value() != b.mean[0].has_value() ? a.mean[0].has_value() : a.mean[0].value_or(0) > b.mean[0].value_or(0);
    });
    fmt::print("Population-weighted mean per municipality over the zones with a value (table {}_by_municipality), the 10 "
               "highest; coverage = share of the population with a value, * below {:.0f} %:\n",
               run.layer, kLowCoverage * 100);
    fmt::print("  {:<10} {:<30} {:>9}", "key", "municipality", "coverage");
    for (const auto& c : run.columns) fmt::print(" {:>26}", c);
    fmt::print("\n");
    auto coverage = [](const AccessSummaryRow& r) {
      return r.coverage ? fmt::format("{:.0f} %{}", *r.coverage * 100, *r.coverage < kLowCoverage ? "*" : " ") : std::string("–");
    };
    for (size_t i = 0; i < std::min<size_t>(10, rows.size()); ++i) {
      fmt::print("  {:<10} {:<30} {:>9}", rows[i].key, rows[i].name.substr(0, 30), coverage(rows[i]));
      for (const auto& v : rows[i].mean)
        fmt::print(" {:>26}", !v ? std::string("no value") : std::abs(*v) >= 100 ? thousands(std::llround(*v)) : fmt::format("{:.3g}", *v));
      fmt::print("\n");
    }
    std::string low;
    size_t n_low = 0;
    for (const auto& r : run.municipalities)
      if (!r.coverage || *r.coverage < kLowCoverage) {
        ++n_low;
        if (n_low <= 10) low += fmt::format("{}{} {}", low.empty() ? "" : ", ", r.name, coverage(r));
      }
    if (n_low)
      fmt::print("{} municipalities have less than {:.0f} % of their population with a value (their means describe only "
                 "that part; 0 % = no value, stored as NULL): {}{}\n",
                 n_low, kLowCoverage * 100, low, n_low > 10 ? ", …" : "");
    print_attribution(ws);
  } else {
    return false;
  }
  return true;
}

}  // namespace cityregions::cli
