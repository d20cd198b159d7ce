#include "web/openapi.hpp"

namespace cityregions {

namespace {

using json = nlohmann::json;

json param(const char* name, const char* in, const char* description, bool required = false) {
  return {{"name", name}, {"in", in}, {"required", required}, {"description", description}, {"schema", {{"type", "string"}}}};
}

// What each status code means, for the operations that answer it.
const char* status_meaning(int code) {
  switch (code) {
    case 200: return "OK";
    case 400: return "bad request: {\"error\": message}";
    case 401: return "no session (log in)";
    case 403: return "missing CSRF token, or the role may not do this";
    case 404: return "not found, or not in this workspace (network, inventory, scenario, public transport)";
    case 413: return "too large a request (limits, matrix cells)";
    case 415: return "the body is not application/json";
    case 422: return "a point lies too far from the network";
    case 429: return "too many failed logins from this address";
    case 503: return "the server is busy checking passwords";
  }
  return "?";
}

// An operation answering exactly the status codes given.
json op(const char* summary, std::initializer_list<int> codes, json parameters = json::array(), bool write = false,
        const char* body = nullptr) {
  json o = {{"summary", summary}, {"parameters", std::move(parameters)}, {"responses", json::object()}};
  for (int c : codes) o["responses"][std::to_string(c)] = {{"description", status_meaning(c)}};
  if (write) {
    o["security"] = json::array({{{"session", json::array()}}});
    o["parameters"].push_back(param("X-CSRF-Token", "header", "the session's CSRF token (from /api/login or /api/me)", true));
  }
  if (body) o["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}, {"example", json::parse(body)}}}}}};
  return o;
}

}  // namespace

json openapi_document() {
  const json mode = param("mode", "query", "walk, bike, car or transit");
  const json depart = param("depart", "query", "transit: departure time HH:MM on the server's transit date (default 07:00)");
  json paths = {
      {"/api/region", {{"get", op("Region summary: name, CRS, population, modes, statistics, layers, attributions", {200})}}},
      {"/api/municipalities", {{"get", op("Municipalities as GeoJSON (WGS84) with every statistic", {200})}}},
      {"/api/municipalities/{key}",
       {{"patch", op("Change statistics of a municipality (admin, or an editor of that municipality); audited", {200, 400, 401, 403, 404, 415},
                     json::array({param("key", "path", "official key", true)}), true, R"({"jobs": 5400})")}}},
      {"/api/basemap/roads", {{"get", op("Roads of the car network by class as GeoJSON, simplified for zoom z", {200, 404},
                                         json::array({param("z", "query", "zoom 5…16")}))}}},
      {"/api/route", {{"get", op("Fastest route", {200, 400, 404, 422}, json::array({mode, param("from", "query", "lat,lon", true),
                                                               param("to", "query", "lat,lon", true), depart}))}}},
      {"/api/isochrone", {{"get", op("Isochrone polygons as GeoJSON", {200, 400, 404, 413, 422},
                                     json::array({mode, param("at", "query", "lat,lon", true),
                                                  param("minutes", "query", "limits, e.g. 10,20,30 (at most 6, each ≤ 90)"), depart}))}}},
      {"/api/matrix", {{"post", op("Travel-time matrix in seconds (null: not reached); at most 10,000 cells", {200, 400, 404, 413, 415, 422}, json::array(), false,
                                   R"({"mode": "car", "origins": [[49.48, 8.47]], "destinations": [[49.41, 8.69]]})")}}},
      {"/api/layers/{name}", {{"get", op("A result layer (e.g. access_grid1km_car) as GeoJSON", {200, 404},
                                         json::array({param("name", "path", "layer name", true)}))}}},
      {"/api/sites", {{"get", op("The site inventory as GeoJSON with attributes and location criteria", {200})}}},
      {"/api/sites/{id}", {{"patch", op("Change site attributes (admin, or an editor of the site's municipality); audited", {200, 400, 401, 403, 404, 415},
                                        json::array({param("id", "path", "site id", true)}), true, R"({"availability": "immediately"})")}}},
      {"/api/sites/rank", {{"get", op("Sites ranked for a sector profile, with points per criterion and exclusions", {200, 400, 404},
                                      json::array({param("profile", "query", "logistics, automotive, chemicals or general")}))}}},
      {"/api/sites/enquiry", {{"get", op("An investor's enquiry: the profile's ranking with further constraints", {200, 400, 404},
                                         json::array({param("profile", "query", "built-in profile"), param("min_ha", "query", "smallest area (ha)"),
                                                      param("max_ha", "query", "largest area (ha)"),
                                                      param("max_motorway_min", "query", "longest car time to a motorway junction"),
                                                      param("max_price", "query", "highest price €/m²"),
                                                      param("rail", "query", "1: a siding must exist or be possible"),
                                                      param("available", "query", "immediately or within_2_years")}))}}},
      {"/api/sites/fields", {{"get", op("The site attributes: name, label, kind and allowed values", {200})}}},
      {"/api/pool", {{"get", op("Pool simulation of the server's scenario: per member alone vs in the pool", {200, 404})}}},
      {"/api/audit", {{"get", op("The last 500 changes (admin only)", {200, 401, 403})}}},
      {"/api/login", {{"post", op("Log in; sets the HttpOnly session cookie and returns the CSRF token", {200, 400, 401, 415, 429, 503}, json::array(), false,
                                  R"({"name": "anna", "password": "…"})")}}},
      {"/api/logout", {{"post", op("Log out", {200, 401, 403}, json::array(), true)}}},
      {"/api/me", {{"get", op("The logged-in user and the session's CSRF token", {200, 401})}}},
      {"/api/openapi.json", {{"get", op("This description", {200})}}}};
  return {{"openapi", "3.0.3"},
          {"info", {{"title", "cityregions region API"}, {"version", "0.1.0"},
                    {"description", "JSON API of one region workspace. Errors are JSON {\"error\": message}. Any request may also get 421 (a host name the server does not answer to) and any write 403 (sent from a page of another site)."}}},
          {"components", {{"securitySchemes", {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "cr_session"}}}}}}},
          {"paths", paths}};
}

}  // namespace cityregions
