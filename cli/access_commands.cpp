#include "access_commands.hpp"

#include <fmt/core.h>

#include <cmath>
#include <set>

#include "access/grid.hpp"
#include "cli_common.hpp"
#include "network_commands.hpp"
#include "region/accessibility.hpp"
#include "region/transit.hpp"

namespace cityregions::cli {

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
  } else if (disaggregate_->parsed()) {
    auto ws = Workspace::open(ws_);
    const auto r = disaggregate(ws, zones_, column_);
    fmt::print("Spread {} ({:.0f} in all) over {} cells of {}: {} municipalities by street length, {} evenly (no street)\n",
               column_, r.total, thousands(static_cast<int64_t>(r.cells)), zones_, r.by_street_length, r.evenly);
    if (!r.without_cells.empty()) {
      std::string keys;
      for (const auto& k : r.without_cells) keys += (keys.empty() ? "" : ", ") + k;
      fmt::print("warning: {} municipalities hold no cell centre at this resolution and are left out: {}\n",
                 r.without_cells.size(), keys);
    }
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
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.mean[0] > b.mean[0]; });
    fmt::print("Population-weighted mean per municipality (table {}_by_municipality), the 10 highest:\n", run.layer);
    fmt::print("  {:<10} {:<30}", "key", "municipality");
    for (const auto& c : run.columns) fmt::print(" {:>26}", c);
    fmt::print("\n");
    for (size_t i = 0; i < std::min<size_t>(10, rows.size()); ++i) {
      fmt::print("  {:<10} {:<30}", rows[i].key, rows[i].name.substr(0, 30));
      for (double v : rows[i].mean) fmt::print(" {:>26}", std::abs(v) >= 100 ? thousands(std::llround(v)) : fmt::format("{:.3g}", v));
      fmt::print("\n");
    }
    print_attribution(ws);
  } else {
    return false;
  }
  return true;
}

}  // namespace cityregions::cli
