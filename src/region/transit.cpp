#include "region/transit.hpp"

#include <ogr_geometry.h>

#include "core/error.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {
fs::path feed_file(Workspace& ws, const std::string& name) { return ws.dir() / "transit" / (name + ".feed"); }

void ensure_tables(Database& db) {
  if (db.table_exists("transit_feeds")) return;
  db.exec(R"(CREATE TABLE transit_feeds (
      name TEXT PRIMARY KEY, file TEXT NOT NULL, stops INTEGER, routes INTEGER, trips INTEGER, stop_times INTEGER,
      first_date TEXT, last_date TEXT, imported_at TEXT))");
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

FeedReport import_gtfs(Workspace& ws, const fs::path& zip, std::string name, const std::string& attribution) {
  if (name.empty()) name = zip.stem().string();
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      throw Error("--name: '" + name + "' may hold only letters, digits, '-' and '_'");
  const GtfsFeed feed = read_gtfs(zip, name);
  FeedReport r{name, feed.stop_id.size(), feed.route_id.size(), feed.trip_count(), feed.stop_time_stop.size(),
               feed.date_range().first, feed.date_range().second, feed.warnings};

  fs::create_directories(ws.dir() / "transit");
  const fs::path final_path = feed_file(ws, name);
  fs::path tmp = final_path;
  tmp += ".new";
  try {
    save_feed(feed, tmp);
    Database& db = ws.db();
    Transaction tx(db);
    ensure_tables(db);
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
        "INSERT OR REPLACE INTO transit_feeds VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
    rec.bind(1, name).bind(2, zip.filename().string()).bind(3, static_cast<int64_t>(r.stops)).bind(4, static_cast<int64_t>(r.routes));
    rec.bind(5, static_cast<int64_t>(r.trips)).bind(6, static_cast<int64_t>(r.stop_times)).bind(7, iso_date(r.first_date));
    rec.bind(8, iso_date(r.last_date)).run();
    ws.record_source("transit:" + name, zip.filename().string(), attribution);
    ws.extend_extent(box);
    fs::rename(tmp, final_path);
    tx.commit();
  } catch (...) {
    fs::remove(tmp);
    throw;
  }
  return r;
}

std::vector<GtfsFeed> load_feeds(Workspace& ws) {
  std::vector<GtfsFeed> feeds;
  if (!ws.db().table_exists("transit_feeds")) return feeds;
  auto st = ws.db().prepare("SELECT name FROM transit_feeds ORDER BY name");
  while (st.step()) feeds.push_back(load_feed(feed_file(ws, st.text(0))));
  return feeds;
}

Timetable load_timetable(Workspace& ws, const StreetNetwork& walk, int32_t date, const TimetableOptions& options) {
  const auto feeds = load_feeds(ws);
  if (feeds.empty())
    throw Error(ws.dir().string() + ": no public-transport feed yet (run 'cityregions import gtfs " + ws.dir().string() +
                " FEED.zip')");
  Timetable tt = build_timetable(feeds, date, walk, options);
  if (tt.trip_count() == 0) {
    std::string ranges;
    for (const auto& f : feeds)
      ranges += (ranges.empty() ? "" : ", ") + f.name + " " + iso_date(f.date_range().first) + "…" + iso_date(f.date_range().second);
    throw Error("no public transport runs on " + iso_date(date) + " (feeds: " + ranges + ")");
  }
  return tt;
}

}  // namespace cityregions
