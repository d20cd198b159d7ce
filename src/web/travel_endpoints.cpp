// GET /api/route and /api/isochrone, POST /api/matrix: travel for every mode, transit included
// when the server runs with --transit-date.
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <charconv>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "network/dijkstra.hpp"
#include "network/isochrone.hpp"
#include "network/matrix.hpp"
#include "network/route.hpp"
#include "web/api_context.hpp"

namespace cityregions {

using json = nlohmann::json;

namespace {

std::vector<double> minutes_list(const std::string& text, size_t max_count, double max_minutes) {
  std::vector<double> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    double v = 0;
    const auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || p != item.data() + item.size() || !(v > 0 && v <= max_minutes))  // NaN too
      throw Refusal{400, "minutes: '" + item + "' is not a number in 0 … " + std::to_string(static_cast<int>(max_minutes))};
    out.push_back(v);
  }
  if (out.empty()) throw Refusal{400, "minutes: give limits such as 10,20,30"};
  if (out.size() > max_count) throw Refusal{413, "minutes: at most " + std::to_string(max_count) + " limits per request"};
  std::sort(out.begin(), out.end());
  return out;
}

HttpResponse route_of(ApiContext& ctx, const HttpRequest& rq) {
  const std::string mode = rq.query.count("mode") ? rq.query.at("mode") : "car";
  const LonLat a = latlon(rq, "from"), b = latlon(rq, "to");
  if (mode == "transit") {
    const auto q = ctx.transit_query(rq, 0);
    const auto& walk = ctx.network("walk");
    const auto from = walk.try_locate(a, 1000), to = walk.try_locate(b, 1000);
    if (!from || !to) throw Refusal{422, "a point lies more than 1000 m from the walk network"};
    const auto trip = plan_transit_trip(*ctx.timetable, walk, *from, *to, q);
    if (!trip) return json_response({{"mode", "transit"}, {"reached", false}});
    json legs = json::array();
    for (const auto& l : trip->legs)
      legs.push_back({{"kind", l.kind == TripLeg::Kind::walk ? "walk" : "ride"}, {"from", l.from}, {"to", l.to},
                      {"depart", format_time_of_day(l.depart)}, {"arrive", format_time_of_day(l.arrive)}, {"route", l.route}});
    return json_response({{"mode", "transit"}, {"reached", true}, {"depart", format_time_of_day(trip->depart)},
                          {"arrive", format_time_of_day(trip->arrive)}, {"duration_s", trip->arrive - q.departure}, {"legs", legs}});
  }
  const auto& net = ctx.network(mode);
  const auto from = net.try_locate(a, 1000), to = net.try_locate(b, 1000);
  if (!from || !to) throw Refusal{422, "a point lies more than 1000 m from the " + mode + " network"};
  Dijkstra search(net.graph());
  const auto r = route(net, search, *from, *to);
  if (!r) return json_response({{"mode", mode}, {"reached", false}});
  json coords = json::array();
  for (const auto& p : r->geometry) coords.push_back({std::round(p.lon * 1e6) / 1e6, std::round(p.lat * 1e6) / 1e6});
  return json_response({{"mode", mode}, {"reached", true}, {"duration_s", std::round(r->duration_s)},
                        {"distance_m", std::round(r->distance_m)}, {"geometry", {{"type", "LineString"}, {"coordinates", coords}}}});
}

HttpResponse isochrone(ApiContext& ctx, const HttpRequest& rq) {
  const std::string mode = rq.query.count("mode") ? rq.query.at("mode") : "car";
  const LonLat at = latlon(rq, "at");
  const auto limits = minutes_list(rq.query.count("minutes") ? rq.query.at("minutes") : "10,20,30", ctx.options.max_isochrone_limits,
                                   ctx.options.max_isochrone_minutes);
  std::vector<Isochrone> isos;
  if (mode == "transit") {
    const auto q = ctx.transit_query(rq, 3600);
    const auto& walk = ctx.network("walk");
    const auto start = walk.try_locate(at, 1000);
    if (!start) throw Refusal{422, "the point lies more than 1000 m from the walk network"};
    IsochroneOptions o{limits, default_cell_m(Mode::walk) * 2, default_cell_m(Mode::walk) * 4};
    isos = isochrones(walk, transit_node_times(*ctx.timetable, walk, *start, q, 50, limits.back()), *start, o);
  } else {
    const auto& net = ctx.network(mode);
    const auto start = net.try_locate(at, 1000);
    if (!start) throw Refusal{422, "the point lies more than 1000 m from the " + mode + " network"};
    Dijkstra search(net.graph());
    const Mode m = parse_mode(mode);
    IsochroneOptions o{limits, default_cell_m(m), 2 * default_cell_m(m)};
    isos = isochrones(net, search, *start, o);
  }
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t i = 0; i < isos.size(); ++i) {
    std::string geom = "null";
    if (isos[i].area && !isos[i].area->IsEmpty()) {
      char** opts = CSLSetNameValue(nullptr, "COORDINATE_PRECISION", "6");
      char* text = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(isos[i].area.get()), opts);
      CSLDestroy(opts);
      geom = text ? text : "null";
      CPLFree(text);
    }
    if (i) out += ',';
    out.append("{\"type\":\"Feature\",\"properties\":")
        .append(json_text(json{{"mode", mode}, {"minutes", isos[i].minutes}, {"area_km2", std::round(isos[i].area_km2 * 100) / 100}}))
        .append(",\"geometry\":")
        .append(geom)
        .append("}");
  }
  return {200, "application/geo+json", out + "]}", {}};
}

HttpResponse matrix(ApiContext& ctx, const HttpRequest& rq) {
  const json body = object_body(rq, "JSON {mode, origins: [[lat, lon], …], destinations: [[lat, lon], …]}");
  const std::string mode = body.value("mode", "car");
  auto points = [&](const char* key) {
    if (!body.contains(key) || !body[key].is_array() || body[key].empty()) throw Refusal{400, std::string(key) + ": expected [[lat, lon], …]"};
    std::vector<LonLat> out;
    for (const auto& p : body[key]) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
        throw Refusal{400, std::string(key) + ": every point is [lat, lon]"};
      const LonLat ll{p[1].get<double>(), p[0].get<double>()};
      if (!(ll.lat >= -90 && ll.lat <= 90 && ll.lon >= -180 && ll.lon <= 180))
        throw Refusal{400, std::string(key) + ": every point is [lat, lon] in WGS84"};
      out.push_back(ll);
    }
    return out;
  };
  const auto o = points("origins"), d = points("destinations");
  if (o.size() * d.size() > ctx.options.max_matrix_cells)
    throw Refusal{413, "matrix too large: " + std::to_string(o.size()) + " × " + std::to_string(d.size()) + " cells, at most " +
                           std::to_string(ctx.options.max_matrix_cells)};
  const bool transit = mode == "transit";
  const auto& net = ctx.network(transit ? "walk" : mode);
  auto locate = [&](const std::vector<LonLat>& pts, const char* key) {
    std::vector<Location> out;
    for (size_t i = 0; i < pts.size(); ++i) {
      auto l = net.try_locate(pts[i], 1000);
      if (!l) throw Refusal{422, std::string(key) + "[" + std::to_string(i) + "]: more than 1000 m from the network"};
      out.push_back(std::move(*l));
    }
    return out;
  };
  const auto lo = locate(o, "origins"), ld = locate(d, "destinations");
  json rows = json::array();
  if (transit) {
    TransitQuery q = ctx.transit_query(rq, 3600);
    if (body.contains("depart") && body["depart"].is_string()) {
      const auto t = parse_time_of_day(body["depart"].get<std::string>());
      if (!t) throw Refusal{400, "depart: expected a time such as 07:30"};
      q.departure = *t;
    }
    const auto m = transit_matrix(*ctx.timetable, net, lo, ld, q, {50}, false);
    for (size_t i = 0; i < o.size(); ++i) {
      json row = json::array();
      for (size_t j = 0; j < d.size(); ++j) row.push_back(m.at(i, j, 0) == kUnreached ? json(nullptr) : json(m.at(i, j, 0)));
      rows.push_back(row);
    }
  } else {
    const auto m = fastest_matrix(net, lo, ld, kNone, false);
    for (size_t i = 0; i < o.size(); ++i) {
      json row = json::array();
      for (size_t j = 0; j < d.size(); ++j)
        row.push_back(m.at(i, j).time_ms == kNone ? json(nullptr) : json(std::round(m.at(i, j).time_ms / 100.0) / 10));
      rows.push_back(row);
    }
  }
  return json_response({{"mode", mode}, {"durations_s", rows}, {"statistic", transit ? "median over 07:00–08:00 window" : "fastest"}});
}

}  // namespace

void add_travel_endpoints(Endpoints& e, ApiContext& ctx) {
  e.push_back({"GET", "/api/route", [&ctx](const HttpRequest& rq, const std::string&) { return route_of(ctx, rq); }});
  e.push_back({"GET", "/api/isochrone", [&ctx](const HttpRequest& rq, const std::string&) { return isochrone(ctx, rq); }});
  e.push_back({"POST", "/api/matrix", [&ctx](const HttpRequest& rq, const std::string&) { return matrix(ctx, rq); }});
}

}  // namespace cityregions
