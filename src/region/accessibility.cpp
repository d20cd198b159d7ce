#include "region/accessibility.hpp"

#include <fstream>
#include <map>
#include <mutex>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "region/networks.hpp"
#include "region/transit.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace {

// The opportunities of each zone (0 where empty).
std::vector<double> zone_column(Workspace& ws, const std::string& layer, const std::string& column, size_t expected) {
  const std::string table = layer == "municipalities" ? "municipalities" : layer;
  bool found = false;
  auto cols = ws.db().prepare("SELECT name FROM pragma_table_info(?)");
  cols.bind(1, table);
  while (cols.step()) found |= cols.text(0) == column;
  if (!found)
    throw Error("--opportunities: the zones '" + layer + "' have no column '" + column + "'" +
                (layer == "municipalities" ? "" : " (spread it onto the grid with 'cityregions disaggregate')"));
  auto st = ws.db().prepare("SELECT " + quote_ident(column) + " FROM " + quote_ident(table) +
                            (layer == "municipalities" ? " ORDER BY key" : " ORDER BY fid"));
  std::vector<double> out;
  while (st.step()) out.push_back(st.is_null(0) ? 0.0 : st.real(0));
  if (out.size() != expected) throw Error("zones changed while reading");
  return out;
}

}  // namespace

AccessRun run_accessibility(Workspace& ws, const AccessRequest& rq, bool show_progress) {
  const auto zones = load_zones(ws, rq.zones);
  const auto opportunities = zone_column(ws, rq.zones, rq.opportunities, zones.size());
  std::vector<double> weights = opportunities;
  try {
    weights = zone_column(ws, rq.zones, "population", zones.size());
  } catch (const Error&) {
  }
  AccessRun run;
  run.layer = rq.layer.empty() ? "access_" + rq.zones + "_" + rq.mode : rq.layer;
  run.columns = indicator_columns(rq.opportunities, rq.indicator);
  run.zones = zones.size();
  run.result.columns = run.columns;
  run.result.zones = zones.size();
  run.result.values.assign(zones.size() * run.columns.size(), std::nullopt);
  for (const auto& z : zones) run.zone_ids.push_back(z.id);
  if (rq.indicator.kind == IndicatorSpec::Kind::cumulative && rq.indicator.minutes.empty())
    throw Error("--minutes: give the limits for a cumulative indicator, e.g. 30,45");

  const bool transit = rq.mode == "transit";
  const StreetNetwork net = load_street_network(ws, transit ? Mode::walk : parse_mode(rq.mode));
  std::vector<std::optional<Location>> located(zones.size());
  for (size_t i = 0; i < zones.size(); ++i) {
    located[i] = net.try_locate(zones[i].centre, rq.max_snap_m);
    run.placed += located[i].has_value();
  }
  auto fold = [&](size_t o, const std::vector<int32_t>& seconds) {
    const auto v = fold_indicators(seconds, opportunities, rq.indicator);
    for (size_t c = 0; c < v.size(); ++c) run.result.values[o * run.columns.size() + c] = v[c];
  };
  const double horizon = rq.indicator.kind == IndicatorSpec::Kind::cumulative
                             ? *std::max_element(rq.indicator.minutes.begin(), rq.indicator.minutes.end())
                             : rq.indicator.max_minutes;
  if (transit) {
    if (rq.date == 0) throw Error("--mode transit needs --depart, e.g. --depart 2016-11-15T07:00");
    const Timetable tt = load_timetable(ws, net, rq.date);
    transit_times(tt, net, located, rq.transit, rq.percentile, fold, show_progress);
  } else {
    street_times(net, located, horizon, fold, show_progress);
  }

  // Population-weighted means per municipality.
  std::map<std::string, size_t> row_of;
  {
    auto st = ws.db().prepare("SELECT key, name FROM municipalities ORDER BY key");
    while (st.step()) {
      row_of[st.text(0)] = run.municipalities.size();
      run.municipalities.push_back({st.text(0), st.text(1), 0, std::vector<double>(run.columns.size(), 0.0)});
    }
  }
  for (size_t z = 0; z < zones.size(); ++z) {
    const auto it = row_of.find(zones[z].municipality);
    if (it == row_of.end() || !located[z] || weights[z] <= 0) continue;
    auto& row = run.municipalities[it->second];
    row.weight += weights[z];
    for (size_t c = 0; c < run.columns.size(); ++c) row.mean[c] += weights[z] * run.result.at(z, c);
  }
  for (auto& row : run.municipalities)
    for (auto& m : row.mean) m = row.weight > 0 ? m / row.weight : 0;

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
  gpkg_drop(db, run.layer);
  std::string create = "CREATE TABLE " + quote_ident(run.layer) + " (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom " + geom_type +
                       ", zone_id TEXT NOT NULL, municipality TEXT";
  std::string insert = "INSERT INTO " + quote_ident(run.layer) + " (geom, zone_id, municipality";
  std::string marks = "?, ?, ?";
  for (const auto& c : run.columns) {
    create += ", " + quote_ident(c) + " REAL";
    insert += ", " + quote_ident(c);
    marks += ", ?";
  }
  db.exec(create + ")");
  gpkg_register_features(db, run.layer, geom_type, srs,
                         "Accessibility (" + rq.mode + ") of " + rq.opportunities + " for the zones " + rq.zones);
  {  // statements scoped: an open read cursor would lock the tables dropped below
    auto geoms = db.prepare(grid ? "SELECT geom FROM " + quote_ident(rq.zones) + " ORDER BY fid"
                                 : std::string("SELECT geom FROM municipalities ORDER BY key"));
    auto ins = db.prepare(insert + ") VALUES (" + marks + ")");
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
  gpkg_drop(db, summary);
  std::string screate = "CREATE TABLE " + quote_ident(summary) + " (fid INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT, name TEXT, weight REAL";
  std::string sinsert = "INSERT INTO " + quote_ident(summary) + " (key, name, weight";
  std::string smarks = "?, ?, ?";
  for (const auto& c : run.columns) {
    screate += ", " + quote_ident(c) + " REAL";
    sinsert += ", " + quote_ident(c);
    smarks += ", ?";
  }
  db.exec(screate + ")");
  gpkg_register_attributes(db, summary, "Population-weighted mean accessibility per municipality");
  auto sins = db.prepare(sinsert + ") VALUES (" + smarks + ")");
  for (const auto& row : run.municipalities) {
    sins.bind(1, row.key).bind(2, row.name).bind(3, row.weight);
    for (size_t c = 0; c < run.columns.size(); ++c) sins.bind(static_cast<int>(4 + c), row.mean[c]);
    sins.run();
  }
  tx.commit();
  return run;
}

void write_access_csv(const std::filesystem::path& file, const AccessRun& run) {
  std::ofstream out(file, std::ios::trunc);
  if (!out) throw Error(file.string() + ": cannot write");
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

}  // namespace cityregions
