#include "web/api_context.hpp"

#include <ogr_geometry.h>
#include <sqlite3.h>

#include "core/error.hpp"
#include "core/gdal.hpp"
#include "region/networks.hpp"
#include "region/transit.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

using json = nlohmann::json;

std::string json_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
HttpResponse json_response(const json& j, int status) { return {status, "application/json", json_text(j), {}}; }
HttpResponse error_response(int status, const std::string& message) { return json_response({{"error", message}}, status); }

json cell_value(const Statement& st, int c) {
  switch (st.type(c)) {
    case SQLITE_INTEGER: return st.int64(c);
    case SQLITE_FLOAT: return st.real(c);
    case SQLITE_TEXT: return st.text(c);
    default: return nullptr;
  }
}

std::string geometry_json(std::span<const uint8_t> blob, OGRCoordinateTransformation* ct) {
  auto g = gpkg_decode(blob);
  if (!g || g->transform(ct) != OGRERR_NONE) return "null";
  char** options = CSLSetNameValue(nullptr, "COORDINATE_PRECISION", "6");
  char* text = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(g.get()), options);
  CSLDestroy(options);
  std::string out = text ? text : "null";
  CPLFree(text);
  return out;
}

std::unique_ptr<OGRCoordinateTransformation> to_wgs84(Database& db, const std::string& table) {
  auto st = db.prepare("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?");
  st.bind(1, table);
  if (!st.step()) throw Error("layer '" + table + "' has no geometry");
  const OGRSpatialReference from = srs_from_epsg(static_cast<int>(st.int64(0))), to = srs_from_epsg(4326);
  return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&from, &to));
}

std::string layer_geojson(Database& db, const std::string& table) {
  auto ct = to_wgs84(db, table);
  auto st = db.prepare("SELECT * FROM " + quote_ident(table) + " ORDER BY fid");
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  while (st.step()) {
    json props = json::object();
    std::string geom = "null";
    for (int c = 0; c < st.columns(); ++c) {
      const std::string name = st.column_name(c);
      if (name == "geom") geom = st.is_null(c) ? "null" : geometry_json(st.blob(c), ct.get());
      else if (name != "fid") props[name] = cell_value(st, c);
    }
    if (!first) out += ',';
    out.append("{\"type\":\"Feature\",\"properties\":").append(json_text(props)).append(",\"geometry\":").append(geom).append("}");
    first = false;
  }
  return out + "]}";
}

json object_body(const HttpRequest& rq, const std::string& expected) {
  // A JSON body comes as application/json: a form or text/plain post (which browsers send from any
  // site without asking) is refused before it is read.
  std::string type = rq.header("content-type");
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!type.starts_with("application/json")) throw Refusal{415, "body: send it as Content-Type application/json"};
  json body;
  try {
    body = json::parse(rq.body);
  } catch (const json::exception&) {
    throw Refusal{400, "body: expected " + expected};
  }
  if (!body.is_object() || body.empty()) throw Refusal{400, "body: expected " + expected};
  return body;
}

LonLat latlon(const HttpRequest& rq, const std::string& key) {
  const auto it = rq.query.find(key);
  if (it == rq.query.end() || it->second.empty()) throw Refusal{400, "missing query parameter '" + key + "' (lat,lon)"};
  try {
    return parse_latlon(it->second);
  } catch (const Error& e) {
    throw Refusal{400, key + ": " + e.what()};
  }
}

ApiContext::HashingSlot::HashingSlot(std::counting_semaphore<>& s) : s_(s) {
  if (!s_.try_acquire_for(std::chrono::seconds(5))) throw Refusal{503, "the server is busy checking passwords; try again"};
}

ApiContext::ApiContext(const ApiOptions& o)
    : options(o), hashing_(static_cast<std::ptrdiff_t>(std::max<size_t>(1, o.max_password_checks))) {
  Workspace ws = Workspace::open(o.workspace);
  for (const auto& n : ws.info().networks)
    networks[parse_mode(n.mode)] = std::make_unique<StreetNetwork>(load_street_network(ws, parse_mode(n.mode)));
  if (o.transit_date) {
    if (!networks.count(Mode::walk)) throw Error("--transit-date: public transport needs the walk network (import osm)");
    timetable = std::make_unique<Timetable>(load_timetable(ws, *networks.at(Mode::walk), o.transit_date));
  }
}

const StreetNetwork& ApiContext::network(const std::string& mode) const {
  Mode m;
  try {
    m = parse_mode(mode);
  } catch (const Error&) {
    throw Refusal{400, "mode: expected walk, bike, car or transit, got '" + mode + "'"};
  }
  const auto it = networks.find(m);
  if (it == networks.end()) throw Refusal{404, "the workspace has no " + mode + " network"};
  return *it->second;
}

std::optional<Session> ApiContext::session(const HttpRequest& rq) {
  const std::string token = rq.cookie("cr_session");
  auto s = sessions.find(token);
  if (!s) return s;
  Workspace ws = open();
  const auto u = find_user(ws, s->user.name);
  const bool current =
      u && u->role == s->user.role && u->municipality == s->user.municipality && u->epoch == s->user.epoch;
  if (!current) {
    sessions.close(token);
    return std::nullopt;
  }
  return s;
}

Session ApiContext::write_session(const HttpRequest& rq) {
  auto s = session(rq);
  if (!s) throw Refusal{401, "log in to change data"};
  if (rq.header("x-csrf-token") != s->csrf) throw Refusal{403, "refused: missing or wrong CSRF token"};
  return std::move(*s);
}

User ApiContext::writer(const Session& s, const std::string& municipality) {
  if (!may_write(s.user, municipality))
    throw Refusal{403, s.user.role == Role::viewer ? "viewers cannot change data"
                                                   : "editors change only the records of their own municipality"};
  return s.user;
}

TransitQuery ApiContext::transit_query(const HttpRequest& rq, int32_t window_s) const {
  if (!timetable) throw Refusal{404, "public transport is off (start the server with --transit-date)"};
  const auto it = rq.query.find("depart");
  const std::string text = it == rq.query.end() || it->second.empty() ? "07:00" : it->second;
  const auto t = parse_time_of_day(text);
  if (!t) throw Refusal{400, "depart: '" + text + "' is not a time such as 07:30"};
  return TransitQuery{*t, window_s, 60, 900, 5};
}

}  // namespace cityregions
