#include "store/workspace.hpp"

#include "core/error.hpp"
#include "store/artefacts.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {
constexpr const char* kDatabase = "region.gpkg";
constexpr int kSchemaVersion = 1;
}  // namespace

Workspace Workspace::create(const fs::path& dir, const std::string& name, std::optional<int> epsg) {
  if (name.empty()) throw Error("region create: --name must not be empty");
  if (fs::exists(dir / kDatabase)) throw Error(dir.string() + ": a workspace exists there already");
  if (epsg) Projection check(*epsg);  // fails early on an unknown CRS
  fs::create_directories(dir / "networks");
  Database db(dir / kDatabase, Database::Mode::create);
  Workspace ws(dir, std::move(db));
  Transaction tx(ws.db_);
  gpkg_initialize(ws.db_);
  ws.db_.exec("CREATE TABLE region_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  ws.db_.exec(R"(CREATE TABLE networks (
      mode TEXT PRIMARY KEY, nodes INTEGER, edges INTEGER, dropped_nodes INTEGER, dropped_edges INTEGER,
      source TEXT, built_at TEXT, min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL))");
  gpkg_register_attributes(ws.db_, "networks", "Street networks built from OSM, one per mode");
  ws.db_.exec(R"(CREATE TABLE sources (
      layer TEXT PRIMARY KEY, file TEXT NOT NULL, attribution TEXT NOT NULL, imported_at TEXT NOT NULL))");
  gpkg_register_attributes(ws.db_, "sources", "Origin and required attribution of each layer's data");
  ws.set_meta("name", name);
  ws.set_meta("schema_version", std::to_string(kSchemaVersion));
  if (epsg) {
    gpkg_ensure_srs(ws.db_, *epsg);
    ws.set_meta("epsg", std::to_string(*epsg));
  }
  tx.commit();
  return ws;
}

Workspace Workspace::open(const fs::path& dir) {
  if (!fs::exists(dir / kDatabase))
    throw Error(dir.string() + ": not a workspace (no " + kDatabase + "; create one with 'cityregions region create')");
  Workspace ws(dir, Database(dir / kDatabase, Database::Mode::open_existing));
  const auto v = ws.meta("schema_version");
  if (!v || std::stoi(*v) != kSchemaVersion)
    throw Error(dir.string() + ": workspace schema version " + v.value_or("?") + " is not the supported " +
                std::to_string(kSchemaVersion));
  recover_artefacts(ws);
  return ws;
}

fs::path Workspace::network_file(std::string_view mode) const { return dir_ / "networks" / (std::string(mode) + ".graph"); }
fs::path Workspace::hierarchy_file(std::string_view mode) const { return dir_ / "networks" / (std::string(mode) + ".ch"); }

std::optional<std::string> Workspace::meta(const std::string& key) {
  auto st = db_.prepare("SELECT value FROM region_meta WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void Workspace::set_meta(const std::string& key, const std::string& value) {
  auto st = db_.prepare("INSERT OR REPLACE INTO region_meta VALUES (?, ?)");
  st.bind(1, key).bind(2, value).run();
}

std::string Workspace::name() { return meta("name").value_or(""); }

std::optional<int> Workspace::epsg() {
  if (auto v = meta("epsg")) return std::stoi(*v);
  return std::nullopt;
}

int Workspace::ensure_epsg(LonLat hint) {
  if (auto e = epsg()) return *e;
  const int e = utm_epsg_for(hint);
  gpkg_ensure_srs(db_, e);
  set_meta("epsg", std::to_string(e));
  return e;
}

BBox Workspace::extent() {
  BBox b;
  if (auto v = meta("extent")) {
    if (std::sscanf(v->c_str(), "%lf %lf %lf %lf", &b.min_x, &b.min_y, &b.max_x, &b.max_y) != 4) b = BBox{};
  }
  return b;
}

void Workspace::extend_extent(const BBox& add) {
  BBox b = extent();
  if (!add.empty()) {
    b.extend(add.min_x, add.min_y);
    b.extend(add.max_x, add.max_y);
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.7f %.7f %.7f %.7f", b.min_x, b.min_y, b.max_x, b.max_y);
  set_meta("extent", buf);
}

void Workspace::record_source(const std::string& layer, const std::string& file, const std::string& attribution) {
  auto st = db_.prepare("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
  st.bind(1, layer).bind(2, file).bind(3, attribution).run();
}

std::vector<std::string> Workspace::attributions() {
  std::vector<std::string> out;
  auto st = db_.prepare("SELECT DISTINCT attribution FROM sources WHERE attribution <> '' ORDER BY layer");
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void Workspace::record_network(const NetworkRecord& r, const BBox& bbox) {
  auto st = db_.prepare(
      "INSERT OR REPLACE INTO networks VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?, ?, ?)");
  st.bind(1, r.mode).bind(2, r.nodes).bind(3, r.edges).bind(4, r.dropped_nodes).bind(5, r.dropped_edges);
  st.bind(6, r.source).bind(7, bbox.min_x).bind(8, bbox.min_y).bind(9, bbox.max_x).bind(10, bbox.max_y).run();
  extend_extent(bbox);
}

RegionInfo Workspace::info() {
  RegionInfo info;
  info.name = name();
  info.epsg = epsg();
  info.bbox = extent();
  if (db_.table_exists("municipalities")) {
    auto st = db_.prepare("SELECT count(*), coalesce(sum(population),0), sum(jobs), coalesce(sum(area_km2),0) FROM municipalities");
    st.step();
    info.municipalities = st.int64(0);
    info.population = st.int64(1);
    if (!st.is_null(2)) info.jobs = st.int64(2);
    info.area_km2 = st.real(3);
  }
  auto nets = db_.prepare("SELECT mode, nodes, edges, dropped_nodes, dropped_edges, source, built_at FROM networks ORDER BY mode");
  while (nets.step())
    info.networks.push_back({nets.text(0), nets.int64(1), nets.int64(2), nets.int64(3), nets.int64(4), nets.text(5), nets.text(6)});
  auto src = db_.prepare("SELECT layer, file, attribution, imported_at FROM sources ORDER BY layer");
  while (src.step()) info.sources.push_back({src.text(0), src.text(1), src.text(2), src.text(3)});
  auto layers = db_.prepare("SELECT table_name FROM gpkg_contents ORDER BY table_name");
  while (layers.step()) info.layers.push_back(layers.text(0));
  return info;
}

}  // namespace cityregions
