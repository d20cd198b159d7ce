#include "region/accessibility.hpp"

#include <cctype>
#include <cmath>
#include <charconv>
#include <fstream>
#include <set>
#include <map>
#include <mutex>

#include "core/output_file.hpp"
#include "io/csv.hpp"
#include "core/error.hpp"
#include "core/toml_file.hpp"
#include "region/networks.hpp"
#include "region/points.hpp"
#include "region/transit.hpp"
#include "store/gpkg.hpp"
#include "store/result_tables.hpp"

namespace cityregions {


std::vector<AccessSummaryRow> summarise_by_municipality(std::vector<AccessSummaryRow> rows, const std::vector<size_t>& row_of_zone,
                                                        const std::vector<double>& weights,
                                                        const std::vector<std::optional<double>>& values, size_t columns) {
  std::vector<double> all(rows.size(), 0.0);
  std::vector<std::vector<double>> sums(rows.size(), std::vector<double>(columns, 0.0));
  for (auto& row : rows) row.weight = 0;
  for (size_t z = 0; z < row_of_zone.size(); ++z) {
    const size_t r = row_of_zone[z];
    if (r == std::string::npos || !(weights[z] > 0)) continue;
    all[r] += weights[z];
    bool valued = columns > 0;
    for (size_t c = 0; c < columns; ++c) valued &= values[z * columns + c].has_value();
    if (!valued) continue;
    rows[r].weight += weights[z];
    for (size_t c = 0; c < columns; ++c) sums[r][c] += weights[z] * *values[z * columns + c];
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    rows[r].coverage = all[r] > 0 ? std::optional<double>(rows[r].weight / all[r]) : std::nullopt;
    rows[r].mean.assign(columns, std::nullopt);
    if (rows[r].weight > 0)
      for (size_t c = 0; c < columns; ++c) rows[r].mean[c] = sums[r][c] / rows[r].weight;
  }
  return rows;
}

AccessRun run_accessibility(Workspace& ws, const AccessRequest& rq, bool show_progress) {
  const auto zones = load_zones(ws, rq.zones);
  const bool uses_facilities =
      rq.indicator.kind == IndicatorSpec::Kind::nearest || rq.indicator.kind == IndicatorSpec::Kind::two_step;
  AccessRun run;
  std::vector<NamedPoint> facilities;
  if (uses_facilities) {
    if (rq.facilities.empty()) throw Error("--facilities: the nearest and 2sfca indicators need a point source of facilities");
    facilities = read_facilities(ws, rq.facilities, rq.capacity_field, run.facilities_outside);
    run.facilities = facilities.size();
  }
  // Zone opportunities (cumulative, gravity) and the population that weights means and demand.
  const auto opportunities = uses_facilities ? std::vector<double>(zones.size(), 0.0)
                                             : zone_values(ws, rq.zones, rq.opportunities, zones.size());
  // Without a population column: 2SFCA has no demand (an error); other means weigh zones equally.
  std::vector<double> weights = uses_facilities ? std::vector<double>(zones.size(), 1.0) : opportunities;
  const bool opportunities_are_population = !uses_facilities && rq.opportunities == "population";
  if (!opportunities_are_population) {
    try {
      weights = zone_values(ws, rq.zones, "population", zones.size());
    } catch (const Error&) {
      if (rq.indicator.kind == IndicatorSpec::Kind::two_step) throw;
    }
  }
  std::string label = uses_facilities ? std::filesystem::path(rq.facilities).stem().string() : rq.opportunities;
  for (char& c : label)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  run.layer = rq.layer.empty() ? "access_" + rq.zones + "_" + rq.mode : rq.layer;
  run.columns = indicator_columns(label, rq.indicator);
  run.zones = zones.size();
  run.result.columns = run.columns;
  run.result.zones = zones.size();
  run.result.values.assign(zones.size() * run.columns.size(), std::nullopt);
  for (const auto& z : zones) run.zone_ids.push_back(z.id);
  if (rq.indicator.kind == IndicatorSpec::Kind::cumulative && rq.indicator.minutes.empty())
    throw Error("--minutes: give the limits for a cumulative indicator, e.g. 30,45");

  const bool transit = rq.mode == "transit";
  const StreetNetwork net = load_street_network(ws, transit ? Mode::walk : parse_mode(rq.mode), 1.0, rq.car_depart_minute);
  std::vector<std::optional<Location>> located(zones.size());
  for (size_t i = 0; i < zones.size(); ++i) {
    located[i] = net.try_locate(zones[i].centre, rq.max_snap_m);
    run.placed += located[i].has_value();
  }
  // Destinations: the zones, or the facilities on the network.
  std::vector<std::optional<Location>> targets;
  std::vector<double> supply;
  if (uses_facilities) {
    for (const auto& f : facilities) {
      targets.push_back(net.try_locate(f.position, rq.max_snap_m));
      run.facilities_off_network += !targets.back().has_value();
      supply.push_back(f.value);
    }
  } else {
    targets = located;
  }
  std::vector<std::vector<uint32_t>> reach(zones.size());  // two_step: facilities within the catchment
  std::mutex reach_mutex;
  auto fold = [&](size_t o, const std::vector<int32_t>& seconds) {
    if (rq.indicator.kind == IndicatorSpec::Kind::two_step) {
      std::vector<uint32_t> r;
      for (size_t j = 0; j < seconds.size(); ++j)
        if (seconds[j] <= rq.indicator.max_minutes * 60) r.push_back(static_cast<uint32_t>(j));
      const std::lock_guard lock(reach_mutex);
      reach[o] = std::move(r);
      return;
    }
    const auto v = fold_indicators(seconds, opportunities, rq.indicator);
    for (size_t c = 0; c < v.size(); ++c)
      if (!std::isnan(v[c])) run.result.values[o * run.columns.size() + c] = v[c];
  };
  const double horizon = rq.indicator.kind == IndicatorSpec::Kind::cumulative
                             ? *std::max_element(rq.indicator.minutes.begin(), rq.indicator.minutes.end())
                             : rq.indicator.max_minutes;
  if (transit) {
    if (rq.date == 0) throw Error("--mode transit needs --depart, e.g. --depart 2016-11-15T07:00");
    const Timetable tt = load_timetable(ws, net, rq.date);
    transit_times(tt, net, located, targets, rq.transit, rq.percentile, fold, show_progress);
  } else {
    street_times(net, located, targets, horizon, fold, show_progress, rq.use_hierarchy);
  }
  if (rq.indicator.kind == IndicatorSpec::Kind::two_step) {
    const auto a = two_step_floating_catchment(reach, weights, supply);
    for (size_t z = 0; z < zones.size(); ++z)
      if (located[z]) run.result.values[z] = a[z];
  }

  // Population-weighted means per municipality, over the zones that have a value.
  std::map<std::string, size_t> row_of;
  {
    auto st = ws.db().prepare("SELECT key, name FROM municipalities ORDER BY key");
    while (st.step()) {
      row_of[st.text(0)] = run.municipalities.size();
      run.municipalities.push_back({st.text(0), st.text(1), 0, std::nullopt, {}});
    }
  }
  std::vector<size_t> row_of_zone(zones.size(), std::string::npos);
  for (size_t z = 0; z < zones.size(); ++z)
    if (const auto it = row_of.find(zones[z].municipality); it != row_of.end()) row_of_zone[z] = it->second;
  run.municipalities = summarise_by_municipality(std::move(run.municipalities), row_of_zone, weights, run.result.values,
                                                 run.columns.size());

  // The layer: the zones' geometry with the indicator columns.
  Database& db = ws.db();
  const bool grid = rq.zones != "municipalities";
  int srs = 3035;
  std::string geom_type = "POLYGON";
  if (!grid) {
    srs = ws.epsg().value_or(4326);
    geom_type = "MULTIPOLYGON";
  }
  Transaction tx(db);
  replace_result_table(db, run.layer, "accessibility");
  auto with_values = [&](std::vector<Column> columns) {
    for (const auto& c : run.columns) columns.push_back({c, "REAL"});
    return columns;
  };
  {  // statements scoped: an open read cursor would lock the tables dropped below
    auto ins = create_table(db, run.layer,
                            with_values({{"geom", geom_type}, {"zone_id", "TEXT NOT NULL"}, {"municipality", "TEXT"}}));
    gpkg_register_features(db, run.layer, geom_type, srs,
                           "Accessibility (" + rq.mode + ") of " + rq.opportunities + " for the zones " + rq.zones);
    auto geoms = db.prepare(grid ? "SELECT geom FROM " + quote_ident(rq.zones) + " ORDER BY fid"
                                 : std::string("SELECT geom FROM municipalities ORDER BY key"));
    for (size_t z = 0; z < zones.size() && geoms.step(); ++z) {
      ins.bind(1, geoms.blob(0)).bind(2, zones[z].id).bind(3, zones[z].municipality);
      for (size_t c = 0; c < run.columns.size(); ++c) ins.bind(static_cast<int>(4 + c), run.result.values[z * run.columns.size() + c]);
      ins.run();
    }
  }
  {
    auto extent = db.prepare("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?");
    extent.bind(1, grid ? rq.zones : std::string("municipalities"));
    BBox box;
    if (extent.step() && !extent.is_null(0)) box = {extent.real(0), extent.real(1), extent.real(2), extent.real(3)};
    extent.reset();
    if (!box.empty()) gpkg_set_extent(db, run.layer, box);
  }
  // Means per municipality.
  const std::string summary = run.layer + "_by_municipality";
  replace_result_table(db, summary, "accessibility by municipality");
  auto sins = create_table(db, summary,
                           with_values({{"key", "TEXT"}, {"name", "TEXT"}, {"weight", "REAL"}, {"coverage", "REAL"}}));
  gpkg_register_attributes(db, summary,
                           "Population-weighted mean accessibility per municipality over the zones with a value (NULL: "
                           "none); coverage = share of the population in zones with a value");
  for (const auto& row : run.municipalities) {
    sins.bind(1, row.key).bind(2, row.name).bind(3, row.weight).bind(4, row.coverage);
    for (size_t c = 0; c < run.columns.size(); ++c) sins.bind(static_cast<int>(5 + c), row.mean[c]);
    sins.run();
  }
  tx.commit();
  return run;
}

void write_access_csv(const std::filesystem::path& file, const AccessRun& run) {
  auto out = open_output_file(file);
  out << "zone_id";
  for (const auto& c : run.columns) out << "," << csv_escape(c);
  out << "\n";
  for (size_t z = 0; z < run.zones; ++z) {
    out << csv_escape(run.zone_ids[z]);
    for (size_t c = 0; c < run.columns.size(); ++c) {
      out << ",";
      if (const auto& v = run.result.values[z * run.columns.size() + c]) out << *v;
    }
    out << "\n";
  }
  if (!out.flush()) throw Error(file.string() + ": write failed");
}

std::vector<AccessRequest> load_access_config(const std::filesystem::path& file) {
  const toml::table doc = parse_toml_file(file);
  const auto* runs = doc["run"].as_array();
  if (!runs || runs->empty()) throw Error(file.string() + ": no [[run]] tables");
  std::vector<AccessRequest> out;
  for (size_t i = 0; i < runs->size(); ++i) {
    const auto* t = (*runs)[i].as_table();
    const std::string where = "run " + std::to_string(i + 1);
    if (!t) throw input_error(file.string(), where, "", "expected a table");
    auto text = [&](const char* key, const std::string& fallback) {
      const auto v = (*t)[key].value<std::string>();
      return v ? *v : fallback;
    };
    auto number = [&](const char* key, double fallback) {
      const auto v = (*t)[key].value<double>();
      return v ? *v : fallback;
    };
    for (const auto& [key, value] : *t) {
      static const std::set<std::string> known = {"mode",          "indicator", "minutes", "decay",   "beta",      "horizon",
                                                  "opportunities", "zones",     "facilities", "capacity", "depart", "window",
                                                  "percentile",    "max_walk",  "max_transfers", "name"};
      if (!known.count(std::string(key.str()))) throw input_error(file.string(), where, std::string(key.str()), "unknown key");
    }
    AccessRequest rq;
    rq.mode = text("mode", "");
    if (rq.mode != "transit") parse_mode(rq.mode);
    rq.zones = text("zones", "grid1km");
    rq.opportunities = text("opportunities", "population");
    rq.layer = text("name", "");
    const std::string kind = text("indicator", "cumulative");
    const double horizon = number("horizon", 0);
    if (kind == "cumulative") {
      if (const auto* m = (*t)["minutes"].as_array())
        for (const auto& v : *m) {
          const auto x = v.value<double>();
          if (!x || *x <= 0) throw input_error(file.string(), where, "minutes", "expected positive numbers");
          rq.indicator.minutes.push_back(*x);
        }
      if (rq.indicator.minutes.empty()) throw input_error(file.string(), where, "minutes", "missing, e.g. minutes = [30, 45]");
    } else if (kind == "gravity") {
      rq.indicator.kind = IndicatorSpec::Kind::gravity;
      rq.indicator.decay = text("decay", "exp");
      rq.indicator.beta = number("beta", 0.1);
      rq.indicator.max_minutes = horizon > 0 ? horizon : 120;
      if (rq.indicator.decay != "exp" && rq.indicator.decay != "power")
        throw input_error(file.string(), where, "decay", "exp or power");
    } else if (kind == "nearest" || kind == "2sfca") {
      rq.indicator.kind = kind == "nearest" ? IndicatorSpec::Kind::nearest : IndicatorSpec::Kind::two_step;
      rq.indicator.max_minutes = horizon > 0 ? horizon : kind == "nearest" ? 120 : 30;
      rq.facilities = text("facilities", "");
      rq.capacity_field = text("capacity", "");
    } else {
      throw input_error(file.string(), where, "indicator", "cumulative, gravity, nearest or 2sfca");
    }
    if (rq.mode == "transit") {
      const auto [date, time] = parse_departure(text("depart", ""));
      rq.date = date;
      rq.transit = {time, static_cast<int32_t>(number("window", 60) * 60), 60, static_cast<int32_t>(number("max_walk", 15) * 60),
                    static_cast<int>(number("max_transfers", 5))};
      rq.percentile = number("percentile", 50);
    } else if (const auto depart = text("depart", ""); !depart.empty()) {
      if (rq.mode != "car") throw input_error(file.string(), where, "depart", "only car and transit have departure times");
      try {
        rq.car_depart_minute = parse_clock_minute(depart);
      } catch (const Error& e) {
        throw input_error(file.string(), where, "depart", e.what());
      }
    }
    out.push_back(std::move(rq));
  }
  return out;
}

Comparison compare_layers(Workspace& ws, const std::string& base, const std::string& scenario, std::string name) {
  Database& db = ws.db();
  for (const auto& l : {base, scenario})
    if (!db.table_exists(l)) throw Error("compare: no layer '" + l + "'");
  auto columns_of = [&](const std::string& table) {
    std::vector<std::string> cols;
    auto st = db.prepare("SELECT name, type FROM pragma_table_info(?)");
    st.bind(1, table);
    while (st.step())
      if (st.text(1) == "REAL") cols.push_back(st.text(0));
    return cols;
  };
  const auto a = columns_of(base), b = columns_of(scenario);
  Comparison c;
  for (const auto& col : b)
    if (std::find(a.begin(), a.end(), col) != a.end()) c.columns.push_back(col);
  if (c.columns.empty()) throw Error("compare: '" + base + "' and '" + scenario + "' share no indicator column");
  c.layer = name.empty() ? "diff_" + scenario + "_minus_" + base : name;
  auto geom = db.prepare("SELECT g.geometry_type_name, g.srs_id FROM gpkg_geometry_columns g WHERE g.table_name = ?");
  geom.bind(1, scenario);
  if (!geom.step()) throw Error("compare: '" + scenario + "' is not a zone layer");
  const std::string geom_type = geom.text(0);
  const int srs = static_cast<int>(geom.int64(1));
  geom.reset();
  Transaction tx(db);
  replace_result_table(db, c.layer, "comparison");
  std::string create = "CREATE TABLE " + quote_ident(c.layer) + " (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom " + geom_type +
                       ", zone_id TEXT NOT NULL, municipality TEXT";
  std::string select = "SELECT s.geom, s.zone_id, s.municipality";
  for (const auto& col : c.columns) {
    create += ", " + quote_ident(col) + " REAL";
    select += ", s." + quote_ident(col) + " - b." + quote_ident(col);
  }
  db.exec(create + ")");
  db.exec("INSERT INTO " + quote_ident(c.layer) + " (geom, zone_id, municipality" + [&] {
    std::string cols;
    for (const auto& col : c.columns) cols += ", " + quote_ident(col);
    return cols;
  }() + ") " + select + " FROM " + quote_ident(scenario) + " s JOIN " + quote_ident(base) + " b ON b.zone_id = s.zone_id");
  gpkg_register_features(db, c.layer, geom_type, srs, "Difference " + scenario + " minus " + base);
  {
    auto n = db.prepare("SELECT (SELECT count(*) FROM " + quote_ident(c.layer) + "), (SELECT count(*) FROM " +
                        quote_ident(scenario) + ")");
    n.step();
    c.zones = static_cast<size_t>(n.int64(0));
    c.unmatched = static_cast<size_t>(n.int64(1)) - c.zones;
  }
  tx.commit();
  return c;
}

namespace {
// Lower-left corner (metres, EPSG:3035) of an INSPIRE or GEOSTAT cell id.
std::optional<std::pair<double, double>> parse_cell_id(const std::string& id, int resolution_m) {
  const auto n = id.find('N'), e = id.find('E', n == std::string::npos ? 0 : n);
  if (n == std::string::npos || e == std::string::npos) return std::nullopt;
  double north = 0, east = 0;
  auto [p1, ec1] = std::from_chars(id.data() + n + 1, id.data() + e, north);
  auto [p2, ec2] = std::from_chars(id.data() + e + 1, id.data() + id.size(), east);
  if (ec1 != std::errc() || ec2 != std::errc() || p1 != id.data() + e || p2 != id.data() + id.size()) return std::nullopt;
  if (!id.starts_with("CRS3035")) north *= resolution_m, east *= resolution_m;  // GEOSTAT: in cell units
  return std::make_pair(north, east);
}
}  // namespace

GridImport import_grid_values(Workspace& ws, const std::filesystem::path& file, int resolution_m, const std::string& column,
                              const std::string& id_field, const std::string& value_field) {
  const std::string layer = grid_layer_name(resolution_m);
  Database& db = ws.db();
  static const std::set<std::string> reserved = {"fid", "geom", "cell_id", "municipality", "centre_lon", "centre_lat"};
  if (column.empty() || reserved.count(column)) throw Error("--column: '" + column + "' cannot hold grid values");
  std::map<std::string, double> values;
  GridImport r;
  const std::string fname = file.string();
  if (file.extension() == ".csv") {
    CsvReader reader(fname);
    const size_t id = reader.require_column(id_field.empty() ? "id" : id_field), value = reader.require_column(value_field);
    std::vector<std::string> f;
    while (reader.next(f)) {
      ++r.rows;
      const auto corner = parse_cell_id(f[id], resolution_m);
      if (!corner) throw input_error(fname, std::to_string(reader.line()), reader.header()[id], "'" + f[id] + "' is not a grid cell id");
      const auto v = reader.number(f, value);
      if (!v) continue;
      values[grid_cell_id(resolution_m, corner->first, corner->second)] += *v;
    }
  } else {
    size_t outside = 0;
    const auto points = read_facilities(ws, fname, value_field, outside);
    const Projection laea(3035);
    for (const auto& p : points) {
      ++r.rows;
      const XY xy = laea.forward(p.position);
      values[grid_cell_id(resolution_m, std::floor(xy.y / resolution_m) * resolution_m,
                          std::floor(xy.x / resolution_m) * resolution_m)] += p.value;
    }
    r.rows += outside;
    r.outside += outside;
  }
  // The grid only once the input is read: a refused file leaves the workspace as it was.
  if (!db.table_exists(layer)) create_grid(ws, resolution_m);
  Transaction tx(db);
  reset_grid_column(db, layer, column);
  auto up = db.prepare("UPDATE " + quote_ident(layer) + " SET " + quote_ident(column) + " = ? WHERE cell_id = ?");
  for (const auto& [cell, v] : values) {
    up.bind(1, v).bind(2, cell).run();
    if (sqlite3_changes(db.handle()) > 0) {
      ++r.matched;
      r.total += v;
    } else {
      ++r.outside;
    }
  }
  tx.commit();
  return r;
}

}  // namespace cityregions
