#include "land/sites.hpp"

#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "io/csv.hpp"
#include "core/error.hpp"
#include "core/toml_file.hpp"
#include "core/gdal.hpp"
#include "land/site_criteria.hpp"
#include "store/audit.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

namespace fs = std::filesystem;

const std::vector<SiteField>& site_fields() {
  using K = SiteField::Kind;
  static const std::vector<SiteField> f = {
      {"name", K::text, {}, "name"},
      {"planning_status", K::choice, {"none", "land_use_plan", "binding_plan", "serviced"}, "planning status"},
      {"ownership", K::choice, {"municipal", "public", "private_single", "private_fragmented", "unknown"}, "ownership"},
      {"owner_willing", K::choice, {"yes", "no", "unknown"}, "owner willing to sell"},
      {"road_access", K::choice, {"yes", "planned", "no"}, "road access"},
      {"water_sewer", K::choice, {"yes", "partial", "no"}, "water and sewer"},
      {"power_mw", K::number, {}, "power (MW)"},
      {"broadband", K::choice, {"none", "basic", "fttb", "gigabit"}, "broadband"},
      {"flood_zone", K::boolean, {}, "flood zone"},
      {"nature_protection", K::boolean, {}, "nature protection"},
      {"contamination", K::boolean, {}, "contamination"},
      {"noise_restriction", K::boolean, {}, "noise restriction"},
      {"availability", K::choice, {"immediately", "within_2_years", "later", "unknown"}, "availability"},
      {"brownfield", K::boolean, {}, "brownfield"},
      {"price_eur_m2", K::number, {}, "price (€/m²)"},
      {"rail_siding", K::choice, {"existing", "possible", "none"}, "rail siding"},
      {"notes", K::text, {}, "notes"}};
  return f;
}

namespace {
const SiteField* field_of(const std::string& name) {
  for (const auto& f : site_fields())
    if (f.name == name) return &f;
  return nullptr;
}
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
// Numbers in one canonical text form, so that stored and new values compare.
std::string number_text(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}
std::string field_names() {
  std::string s;
  for (const auto& f : site_fields()) s += (s.empty() ? "" : ", ") + f.name;
  return s;
}
}  // namespace

bool sites_are_illustrative(Workspace& ws) {
  if (!ws.db().table_exists("sources")) return false;
  auto st = ws.db().prepare("SELECT attribution FROM sources WHERE layer = 'sites'");
  return st.step() && st.text(0).find("ILLUSTRATIVE") != std::string::npos;
}

SiteMapping load_site_mapping(const fs::path& file) {
  const toml::table doc = parse_toml_file(file);
  SiteMapping m;
  if (const auto* f = doc["fields"].as_table())
    for (const auto& [k, v] : *f) {
      const std::string key(k.str());
      if (key != "id" && key != "municipality" && key != "area_ha" && !field_of(key))
        throw input_error(file.string(), "fields", key, "not a site field (" + field_names() + ", id, municipality, area_ha)");
      if (!v.is_string()) throw input_error(file.string(), "fields", key, "expected the source field name");
      m.fields[key] = *v.value<std::string>();
    }
  if (const auto* vs = doc["values"].as_table())
    for (const auto& [k, v] : *vs) {
      const std::string key(k.str());
      if (!field_of(key) || !v.is_table()) throw input_error(file.string(), "values", key, "expected a table for a site field");
      for (const auto& [from, to] : *v.as_table()) {
        if (!to.is_string()) throw input_error(file.string(), "values." + key, std::string(from.str()), "expected text");
        m.values[key][std::string(from.str())] = *to.value<std::string>();
      }
    }
  return m;
}

SiteInventory::SiteInventory(Workspace& ws) : ws_(ws), epsg_(0) {
  const auto e = ws.epsg();
  if (!e) throw Error(ws.dir().string() + ": the workspace has no CRS yet (import municipalities first, or create it with --crs)");
  epsg_ = *e;
  Database& db = ws.db();
  if (db.table_exists("sites")) return;
  Transaction tx(db);
  std::string create =
      "CREATE TABLE sites (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY, site_id TEXT NOT NULL UNIQUE, "
      "municipality TEXT, area_ha REAL";
  for (const auto& f : site_fields())
    create += ", " + quote_ident(f.name) +
              (f.kind == SiteField::Kind::number ? " REAL" : f.kind == SiteField::Kind::boolean ? " INTEGER" : " TEXT");
  db.exec(create + ")");
  gpkg_register_features(db, "sites", "GEOMETRY", epsg_, "Commercial and industrial sites of the regional inventory");
  ensure_audit_table(db);
  tx.commit();
}

std::string SiteInventory::checked(const std::string& field, const std::string& value, const std::string& where) const {
  const SiteField* f = field_of(field);
  if (!f) throw Error(where + ": field '" + field + "': not a site field (" + field_names() + ")");
  if (value.empty()) return "";
  switch (f->kind) {
    case SiteField::Kind::text: return value;
    case SiteField::Kind::number: {
      double d = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
      if (ec != std::errc() || p != value.data() + value.size() || d < 0)
        throw Error(where + ": field '" + field + "': '" + value + "' is not a number ≥ 0");
      return number_text(d);
    }
    case SiteField::Kind::boolean: {
      const std::string v = lower(value);
      if (v == "yes" || v == "true" || v == "1" || v == "ja") return "1";
      if (v == "no" || v == "false" || v == "0" || v == "nein") return "0";
      throw Error(where + ": field '" + field + "': '" + value + "' is not yes or no");
    }
    case SiteField::Kind::choice: {
      const std::string v = lower(value);
      for (const auto& c : f->choices)
        if (c == v) return c;
      std::string allowed;
      for (const auto& c : f->choices) allowed += (allowed.empty() ? "" : ", ") + c;
      throw Error(where + ": field '" + field + "': '" + value + "' is not one of " + allowed);
    }
  }
  return value;
}

void SiteInventory::write(const std::string& id, const std::vector<uint8_t>& geom, double area_ha, std::string municipality,
                          const std::map<std::string, std::string>& values, const std::string& who, const std::string& where) {
  Database& db = ws_.db();
  const OGRGeometryUniquePtr g = gpkg_decode(geom);
  if (municipality.empty() && db.table_exists("municipalities")) {
    OGRGeometryUniquePtr inside(g->getGeometryType() == wkbPoint ? g->clone()
                                                                  : OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(g.get()))));
    auto st = db.prepare("SELECT key, geom FROM municipalities");
    while (inside && st.step())
      if (gpkg_decode(st.blob(1))->Contains(inside.get())) {
        municipality = st.text(0);
        break;
      }
  }
  const auto old = get(id);
  auto log = [&](const std::string& action, const std::string& field, const std::string& before, const std::string& after) {
    log_audit(db, who, action, "sites", id, field, before, after);
  };
  if (!old) {
    auto ins = db.prepare("INSERT INTO sites (geom, site_id, municipality, area_ha) VALUES (?, ?, ?, ?)");
    ins.bind(1, std::span<const uint8_t>(geom)).bind(2, id).bind(3, municipality).bind(4, area_ha).run();
    log("add", "", "", "");
  } else {
    auto up = db.prepare("UPDATE sites SET geom = ?, municipality = ?, area_ha = ? WHERE site_id = ?");
    up.bind(1, std::span<const uint8_t>(geom)).bind(2, municipality).bind(3, area_ha).bind(4, id).run();
    if (old->municipality != municipality) log("update", "municipality", old->municipality, municipality);
  }
  for (const auto& [field, raw] : values) {
    const std::string v = checked(field, raw, where);
    const std::string before = old && old->values.count(field) ? old->values.at(field) : "";
    if (old && before == v) continue;
    auto up = db.prepare("UPDATE sites SET " + quote_ident(field) + " = ? WHERE site_id = ?");
    if (v.empty()) up.bind_null(1);
    else up.bind(1, v);
    up.bind(2, id).run();
    if (old) log("update", field, before, v);
  }
}

SiteImportReport SiteInventory::import(const fs::path& file, const SiteMapping& mapping, const std::string& who) {
  const std::string fname = file.string();
  auto source_of = [&](const std::string& field) {
    const auto it = mapping.fields.find(field);
    return it != mapping.fields.end() ? it->second : field;
  };
  auto mapped = [&](const std::string& field, std::string raw) {
    if (const auto it = mapping.values.find(field); it != mapping.values.end())
      if (const auto v = it->second.find(raw); v != it->second.end()) raw = v->second;
    return raw;
  };
  const OGRSpatialReference target = srs_from_epsg(epsg_);
  struct Row {
    std::string id, where, municipality;
    OGRGeometryUniquePtr geom;
    std::optional<double> area_ha;
    std::map<std::string, std::string> values;
  };
  std::vector<Row> rows;
  if (file.extension() == ".csv") {
    CsvReader reader(fname);
    const auto wkt = reader.column(source_of("wkt")), lat = reader.column("lat"), lon = reader.column("lon");
    if (!wkt && !(lat && lon)) throw input_error(fname, "1", "wkt", "give a wkt column or lat and lon");
    const size_t id = reader.require_column(source_of("id"));
    std::vector<std::string> f;
    const OGRSpatialReference wgs84 = srs_from_epsg(4326);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &target));
    while (reader.next(f)) {
      Row r;
      r.id = f[id];
      r.where = fname + ":" + std::to_string(reader.line());
      OGRGeometry* g = nullptr;
      if (wkt) {
        if (OGRGeometryFactory::createFromWkt(f[*wkt].c_str(), nullptr, &g) != OGRERR_NONE || !g)
          throw input_error(fname, std::to_string(reader.line()), "wkt", "not a WKT geometry (WGS84 lon lat)");
      } else {
        const double la = reader.required_number(f, *lat), lo = reader.required_number(f, *lon);
        if (la < -90 || la > 90) reader.fail(*lat, "'" + f[*lat] + "' is out of range (−90…90)");
        if (lo < -180 || lo > 180) reader.fail(*lon, "'" + f[*lon] + "' is out of range (−180…180)");
        g = new OGRPoint(lo, la);
      }
      r.geom.reset(g);
      if (r.geom->transform(ct.get()) != OGRERR_NONE) throw input_error(fname, std::to_string(reader.line()), "wkt", "cannot project");
      for (size_t c = 0; c < reader.header().size(); ++c) {
        const std::string& h = reader.header()[c];
        for (const auto& sf : site_fields())
          if (source_of(sf.name) == h) r.values[sf.name] = mapped(sf.name, f[c]);
        if (h == source_of("municipality") && !f[c].empty()) r.municipality = f[c];
        if (h == source_of("area_ha") && !f[c].empty()) {
          r.area_ha = reader.number(f, c);
          if (*r.area_ha <= 0) reader.fail(c, "'" + f[c] + "' is not a positive area in hectares");
        }
      }
      rows.push_back(std::move(r));
    }
  } else {
    std::string err;
    DatasetPtr ds = open_vector(file, err);
    if (!ds) throw Error(fname + ": cannot open as a vector dataset (" + err + ")");
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const OGRSpatialReference source = layer->GetSpatialRef() ? gis_order(*layer->GetSpatialRef()) : srs_from_epsg(4326);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&source, &target));
    const int id_i = defn->GetFieldIndex(source_of("id").c_str());
    size_t n = 0;
    for (auto& feature : *layer) {
      ++n;
      Row r;
      r.id = id_i >= 0 ? feature->GetFieldAsString(id_i) : std::to_string(feature->GetFID());
      r.where = fname + ":feature " + std::to_string(n) + " (id " + r.id + ")";
      const OGRGeometry* g = feature->GetGeometryRef();
      if (!g || g->IsEmpty()) throw Error(r.where + ": field 'geometry': missing");
      r.geom.reset(g->clone());
      if (r.geom->transform(ct.get()) != OGRERR_NONE) throw Error(r.where + ": field 'geometry': cannot project");
      for (const auto& sf : site_fields()) {
        const int i = defn->GetFieldIndex(source_of(sf.name).c_str());
        if (i >= 0 && feature->IsFieldSetAndNotNull(i)) r.values[sf.name] = mapped(sf.name, feature->GetFieldAsString(i));
      }
      if (const int i = defn->GetFieldIndex(source_of("municipality").c_str()); i >= 0 && feature->IsFieldSetAndNotNull(i))
        r.municipality = feature->GetFieldAsString(i);
      if (const int i = defn->GetFieldIndex(source_of("area_ha").c_str()); i >= 0 && feature->IsFieldSetAndNotNull(i))
        r.area_ha = feature->GetFieldAsDouble(i);
      rows.push_back(std::move(r));
    }
  }
  if (rows.empty()) throw Error(fname + ": no sites");
  SiteImportReport rep;
  Transaction tx(ws_.db());
  std::set<std::string> seen;
  for (auto& r : rows) {
    if (r.id.empty()) throw Error(r.where + ": field 'id': empty");
    if (!seen.insert(r.id).second) throw Error(r.where + ": field 'id': duplicate site id '" + r.id + "'");
    const auto type = wkbFlatten(r.geom->getGeometryType());
    double area = 0;
    if (type == wkbPolygon || type == wkbMultiPolygon) {
      CPLPushErrorHandler(CPLQuietErrorHandler);
      const bool valid = r.geom->IsValid();
      CPLPopErrorHandler();
      if (!valid) throw Error(r.where + ": field 'geometry': invalid polygon");
      r.geom.reset(OGRGeometryFactory::forceToMultiPolygon(r.geom.release()));
      area = r.geom->toMultiPolygon()->get_Area() / 10000;
    } else if (type == wkbPoint) {
      if (!r.area_ha) throw Error(r.where + ": field 'area_ha': a point site needs its area in hectares");
      area = *r.area_ha;
    } else {
      throw Error(r.where + ": field 'geometry': expected a polygon or a point");
    }
    (get(r.id) ? rep.updated : rep.added) += 1;
    rep.sites.emplace_back(r.id, r.where);
    write(r.id, gpkg_encode(*r.geom, epsg_), area, r.municipality, r.values, who, r.where);
  }
  tx.commit();
  return rep;
}

void SiteInventory::add(const std::string& id, const std::string& wkt, const std::map<std::string, std::string>& values,
                        const std::string& who) {
  if (id.empty()) throw Error("sites add: --id must not be empty");
  if (get(id)) throw Error("sites add: site '" + id + "' exists already (use 'sites update')");
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g) != OGRERR_NONE || !g)
    throw Error("sites add: --wkt is not a WKT polygon (WGS84 lon lat)");
  OGRGeometryUniquePtr geom(g);
  const OGRSpatialReference wgs84 = srs_from_epsg(4326), target = srs_from_epsg(epsg_);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &target));
  if (geom->transform(ct.get()) != OGRERR_NONE) throw Error("sites add: cannot project the geometry");
  const auto type = wkbFlatten(geom->getGeometryType());
  if ((type != wkbPolygon && type != wkbMultiPolygon) || !geom->IsValid()) throw Error("sites add: --wkt must be a valid polygon");
  geom.reset(OGRGeometryFactory::forceToMultiPolygon(geom.release()));
  Transaction tx(ws_.db());
  write(id, gpkg_encode(*geom, epsg_), geom->toMultiPolygon()->get_Area() / 10000, "", values, who, "site " + id);
  tx.commit();
}

void SiteInventory::update(const std::string& id, const std::map<std::string, std::string>& values, const std::string& who) {
  const auto old = get(id);
  if (!old) throw Error("sites update: no site '" + id + "'");
  auto st = ws_.db().prepare("SELECT geom FROM sites WHERE site_id = ?");
  st.bind(1, id);
  st.step();
  const std::vector<uint8_t> geom(st.blob(0).begin(), st.blob(0).end());
  st.reset();
  std::map<std::string, std::string> fields = values;
  std::string municipality = old->municipality;
  if (auto it = fields.find("municipality"); it != fields.end()) {
    municipality = it->second;
    fields.erase(it);
  }
  Transaction tx(ws_.db());
  write(id, geom, old->area_ha, municipality, fields, who, "site " + id);
  tx.commit();
}

void SiteInventory::remove(const std::string& id, const std::string& who) {
  if (!get(id)) throw Error("sites remove: no site '" + id + "'");
  Transaction tx(ws_.db());
  auto del = ws_.db().prepare("DELETE FROM sites WHERE site_id = ?");
  del.bind(1, id).run();
  log_audit(ws_.db(), who, "remove", "sites", id);
  tx.commit();
}

std::optional<Site> SiteInventory::get(const std::string& id) {
  std::string sql = "SELECT site_id, municipality, area_ha";
  for (const auto& f : site_fields()) sql += ", " + quote_ident(f.name);
  const bool with_criteria = ws_.db().has_column("sites", "criteria_at");
  if (with_criteria)
    for (const auto& c : site_criteria()) sql += ", " + quote_ident(c.name);
  if (with_criteria) sql += ", criteria_at";
  auto st = ws_.db().prepare(sql + " FROM sites WHERE site_id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  Site s{st.text(0), st.text(1), st.real(2), {}};
  int c = 3;
  for (const auto& f : site_fields()) {
    if (!st.is_null(c)) {
      if (f.kind == SiteField::Kind::boolean) s.values[f.name] = st.int64(c) ? "1" : "0";
      else if (f.kind == SiteField::Kind::number) s.values[f.name] = number_text(st.real(c));
      else s.values[f.name] = st.text(c);
    }
    ++c;
  }
  if (with_criteria)
    for (const auto& k : site_criteria()) {
      if (!st.is_null(c)) s.values[k.name] = k.text ? st.text(c) : number_text(st.real(c));
      ++c;
    }
  s.criteria_pending = !with_criteria || st.is_null(c);
  return s;
}

std::vector<Site> SiteInventory::list(const std::string& municipality) {
  std::vector<Site> out;
  auto st = ws_.db().prepare("SELECT site_id FROM sites WHERE (?1 = '' OR municipality = ?1) ORDER BY municipality, site_id");
  st.bind(1, municipality);
  std::vector<std::string> ids;
  while (st.step()) ids.push_back(st.text(0));
  st.reset();
  for (const auto& id : ids) out.push_back(*get(id));
  return out;
}

std::vector<AuditEntry> SiteInventory::audit(const std::string& site) { return read_audit(ws_.db(), "sites", site); }

}  // namespace cityregions
