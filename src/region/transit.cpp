#include "region/transit.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <map>

#include "io/csv.hpp"
#include "core/error.hpp"
#include "region/networks.hpp"
#include "store/artefacts.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {
fs::path feed_file(Workspace& ws, const std::string& name) { return ws.dir() / "transit" / (name + ".feed"); }

void ensure_tables(Database& db) {
  if (db.table_exists("transit_feeds")) {
    if (!db.has_column("transit_feeds", "content_hash")) db.exec("ALTER TABLE transit_feeds ADD COLUMN content_hash TEXT");
    return;
  }
  db.exec(R"(CREATE TABLE transit_feeds (
      name TEXT PRIMARY KEY, file TEXT NOT NULL, stops INTEGER, routes INTEGER, trips INTEGER, stop_times INTEGER,
      first_date TEXT, last_date TEXT, imported_at TEXT, content_hash TEXT))");
  gpkg_register_attributes(db, "transit_feeds", "Public-transport feeds (GTFS)");
  db.exec(R"(CREATE TABLE transit_stops (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, feed TEXT NOT NULL, stop_id TEXT NOT NULL, name TEXT,
      location_type INTEGER, UNIQUE (feed, stop_id)))");
  gpkg_register_features(db, "transit_stops", "POINT", 4326, "Public-transport stops of all feeds");
}

std::string iso_date(int32_t d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
  return buf;
}
}  // namespace

std::pair<int32_t, int32_t> parse_departure(const std::string& text) {
  const auto t = text.find('T');
  if (t == std::string::npos) throw Error("--depart: expected DATE'T'TIME such as 2016-11-15T07:30, got '" + text + "'");
  const int32_t date = parse_date(text.substr(0, t));
  const auto time = parse_time_of_day(text.substr(t + 1));
  if (!time) throw Error("--depart: '" + text.substr(t + 1) + "' is not a time such as 07:30");
  return {date, *time};
}

FeedReport import_gtfs(Workspace& ws, const fs::path& zip, std::string name, const std::string& attribution, bool replace) {
  if (name.empty()) name = zip.stem().string();
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      throw Error("--name: '" + name + "' may hold only letters, digits, '-' and '_'");
  ArtefactUpdate update(ws);  // one import at a time; the feed file changes with the database
  GtfsFeed feed = read_gtfs(zip, name);
  feed.build_id = update.build_id();
  FeedReport r{name, feed.stop_id.size(), feed.route_id.size(), feed.trip_count(), feed.stop_time_stop.size(),
               feed.date_range().first, feed.date_range().second, feed.warnings, "", 0};

  fs::create_directories(ws.dir() / "transit");
  // The same content, or the same name, only with --replace.
  std::string same_content, same_name;
  if (ws.db().table_exists("transit_feeds")) {
    ensure_tables(ws.db());
    auto st = ws.db().prepare("SELECT name, content_hash FROM transit_feeds ORDER BY name");
    while (st.step()) {
      const std::string n = st.text(0), hash = st.is_null(1) ? std::string() : st.text(1);
      std::string h = hash;
      if (h.empty() && fs::exists(feed_file(ws, n))) {  // imported before content hashes were kept
        try {
          h = load_feed(feed_file(ws, n)).content_hash;
        } catch (const Error&) {  // a file of an older format: no hash to compare
        }
      }
      if (h == feed.content_hash && same_content.empty()) same_content = n;
      if (n == name) same_name = n;
    }
  }
  if (!replace && !same_content.empty())
    throw Error(zip.string() + ": the same feed content is in the workspace already as feed '" + same_content +
                "' (use --replace to import it again)");
  if (!replace && !same_name.empty())
    throw Error(zip.string() + ": the workspace has a feed named '" + name + "' already (use --replace to replace it, or --name)");
  r.replaced = !same_content.empty() ? same_content : same_name;
  {
    save_feed(feed, update.stage(feed_file(ws, name)));
    Database& db = ws.db();
    Transaction tx(db);
    ensure_tables(db);
    if (!same_content.empty() && same_content != name) {  // replaced under another name: the old one goes
      db.prepare("DELETE FROM transit_feeds WHERE name = ?").bind(1, same_content).run();
      db.prepare("DELETE FROM transit_stops WHERE feed = ?").bind(1, same_content).run();
      if (db.table_exists("transit_station_overrides"))
        db.prepare("DELETE FROM transit_station_overrides WHERE feed = ?").bind(1, same_content).run();
    }
    if (db.table_exists("transit_station_overrides")) {
      // Overrides of stops the new feed no longer has are dropped (and counted).
      std::vector<std::string> gone;
      auto st = db.prepare("SELECT stop_id FROM transit_station_overrides WHERE feed = ?");
      st.bind(1, name);
      while (st.step())
        if (std::find(feed.stop_id.begin(), feed.stop_id.end(), st.text(0)) == feed.stop_id.end()) gone.push_back(st.text(0));
      auto del = db.prepare("DELETE FROM transit_station_overrides WHERE feed = ? AND stop_id = ?");
      for (const auto& g : gone) del.bind(1, name).bind(2, g).run();
      r.overrides_dropped = gone.size();
    }
    auto del = db.prepare("DELETE FROM transit_stops WHERE feed = ?");
    del.bind(1, name).run();
    auto ins = db.prepare("INSERT INTO transit_stops (geom, feed, stop_id, name, location_type) VALUES (?, ?, ?, ?, ?)");
    BBox box;
    for (size_t s = 0; s < feed.stop_id.size(); ++s) {
      const LonLat p = feed.stop_coord[s].lonlat();
      if (feed.stop_location_type[s] <= 2) box.extend(p.lon, p.lat);
      OGRPoint pt(p.lon, p.lat);
      ins.bind(1, gpkg_encode(pt, 4326)).bind(2, name).bind(3, feed.stop_id[s]).bind(4, feed.stop_name[s]);
      ins.bind(5, static_cast<int64_t>(feed.stop_location_type[s])).run();
    }
    gpkg_set_extent(db, "transit_stops", box);
    auto rec = db.prepare(
        "INSERT OR REPLACE INTO transit_feeds (name, file, stops, routes, trips, stop_times, first_date, last_date, imported_at, "
        "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?)");
    rec.bind(1, name).bind(2, zip.filename().string()).bind(3, static_cast<int64_t>(r.stops)).bind(4, static_cast<int64_t>(r.routes));
    rec.bind(5, static_cast<int64_t>(r.trips)).bind(6, static_cast<int64_t>(r.stop_times)).bind(7, iso_date(r.first_date));
    rec.bind(8, iso_date(r.last_date)).bind(9, feed.content_hash).run();
    ws.record_source("transit:" + name, zip.filename().string(), attribution);
    ws.extend_extent(box);
    if (!same_content.empty() && same_content != name) update.remove(feed_file(ws, same_content));
    update.record();
    tx.commit();
  }
  update.complete();
  return r;
}

std::vector<GtfsFeed> load_feeds(Workspace& ws) {
  std::vector<GtfsFeed> feeds;
  if (!ws.db().table_exists("transit_feeds")) return feeds;
  auto st = ws.db().prepare("SELECT name FROM transit_feeds ORDER BY name");
  while (st.step()) {
    const fs::path file = feed_file(ws, st.text(0));
    feeds.push_back(load_feed(file));
    check_artefact(ws, file, feeds.back().build_id);
  }
  return feeds;
}

Timetable load_timetable(Workspace& ws, const StreetNetwork& walk, int32_t date, const TimetableOptions& options) {
  const auto feeds = load_feeds(ws);
  if (feeds.empty())
    throw Error(ws.dir().string() + ": no public-transport feed yet (run 'cityregions import gtfs " + ws.dir().string() +
                " FEED.zip')");
  TimetableOptions with_overrides = options;
  if (with_overrides.station_overrides.empty()) with_overrides.station_overrides = station_overrides(ws);
  Timetable tt = build_timetable(feeds, date, walk, with_overrides);
  if (tt.trip_count() == 0) {
    std::string ranges;
    for (const auto& f : feeds)
      ranges += (ranges.empty() ? "" : ", ") + f.name + " " + iso_date(f.date_range().first) + "…" + iso_date(f.date_range().second);
    throw Error("no public transport runs on " + iso_date(date) + " (feeds: " + ranges + ")");
  }
  return tt;
}

size_t set_station_overrides(Workspace& ws, const fs::path& csv) {
  std::vector<StationOverride> list;
  if (!csv.empty()) {
    const auto feeds = load_feeds(ws);
    CsvReader in(csv.string());
    const size_t feed = in.require_column("feed"), stop = in.require_column("stop_id"), station = in.require_column("station");
    std::vector<std::string> row;
    std::map<std::pair<std::string, std::string>, size_t> seen;
    while (in.next(row)) {
      const std::string line = std::to_string(in.line());
      const auto f = std::find_if(feeds.begin(), feeds.end(), [&](const GtfsFeed& x) { return x.name == row[feed]; });
      if (f == feeds.end()) throw input_error(csv.string(), line, "feed", "no feed '" + row[feed] + "' in the workspace");
      if (std::find(f->stop_id.begin(), f->stop_id.end(), row[stop]) == f->stop_id.end())
        throw input_error(csv.string(), line, "stop_id", "feed '" + row[feed] + "' has no stop '" + row[stop] + "'");
      if (row[station].empty()) throw input_error(csv.string(), line, "station", "empty");
      if (auto [it, fresh] = seen.emplace(std::pair{row[feed], row[stop]}, in.line()); !fresh)
        throw input_error(csv.string(), line, "stop_id", "stop '" + row[stop] + "' is listed already on line " + std::to_string(it->second));
      list.push_back({row[feed], row[stop], row[station]});
    }
  }
  Database& db = ws.db();
  Transaction tx(db);
  if (!db.table_exists("transit_station_overrides")) {
    db.exec("CREATE TABLE transit_station_overrides (feed TEXT NOT NULL, stop_id TEXT NOT NULL, station TEXT NOT NULL, "
            "PRIMARY KEY (feed, stop_id))");
    gpkg_register_attributes(db, "transit_station_overrides", "Stops put into stations by hand (cityregions transit stations)");
  }
  db.exec("DELETE FROM transit_station_overrides");
  auto ins = db.prepare("INSERT INTO transit_station_overrides VALUES (?, ?, ?)");
  for (const auto& o : list) ins.bind(1, o.feed).bind(2, o.stop_id).bind(3, o.station).run();
  tx.commit();
  return list.size();
}

std::vector<StationOverride> station_overrides(Workspace& ws) {
  std::vector<StationOverride> out;
  if (!ws.db().table_exists("transit_station_overrides")) return out;
  auto st = ws.db().prepare("SELECT feed, stop_id, station FROM transit_station_overrides ORDER BY feed, stop_id");
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2)});
  return out;
}

Stations workspace_stations(Workspace& ws, const std::vector<GtfsFeed>& feeds) {
  return group_stations(feeds, station_overrides(ws));
}

StationCheck check_workspace_stations(Workspace& ws, const StationCheckOptions& options) {
  const auto feeds = load_feeds(ws);
  if (feeds.empty())
    throw Error(ws.dir().string() + ": no public-transport feed yet (run 'cityregions import gtfs " + ws.dir().string() + " FEED.zip')");
  const auto walk = load_street_network(ws, Mode::walk);
  return check_stations(feeds, workspace_stations(ws, feeds), walk, options);
}

}  // namespace cityregions
