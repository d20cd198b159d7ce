#pragma once
// What every endpoint of the region API shares: the options, the networks and timetable loaded at
// start, sessions and the login limiter, the refusal type, JSON/GeoJSON helpers, and the router.
// Each module's endpoints live in their own file (region, travel, land, accounts, static files)
// and register themselves with add_<module>_endpoints.
#include <ogr_spatialref.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <semaphore>
#include <span>
#include <string>
#include <vector>

#include "network/street_network.hpp"
#include "store/sqlite.hpp"
#include "store/workspace.hpp"
#include "transit/timetable.hpp"
#include "transit/transit_times.hpp"
#include "web/accounts.hpp"
#include "web/http_server.hpp"
#include "web/region_api.hpp"

namespace cityregions {

// An answer that ends the request early: a status and a message.
struct Refusal {
  int status;
  std::string message;
};

// JSON text of a value; bytes that are not UTF-8 (an imported text in another encoding) become U+FFFD.
std::string json_text(const nlohmann::json& j);
HttpResponse json_response(const nlohmann::json& j, int status = 200);
HttpResponse error_response(int status, const std::string& message);

// A column value as JSON (integer, real, text, or null).
nlohmann::json cell_value(const Statement& st, int c);
// A geometry blob of a layer as a GeoJSON geometry in WGS84 (coordinates to 6 decimals).
std::string geometry_json(std::span<const uint8_t> blob, OGRCoordinateTransformation* ct);
std::unique_ptr<OGRCoordinateTransformation> to_wgs84(Database& db, const std::string& table);
// A feature layer of the workspace as a GeoJSON FeatureCollection in WGS84, every other column a property.
std::string layer_geojson(Database& db, const std::string& table);
// The request body as a non-empty JSON object, or a 400 refusal that shows the expected form.
nlohmann::json object_body(const HttpRequest& rq, const std::string& expected);
// A query parameter LAT,LON, or a 400 refusal.
LonLat latlon(const HttpRequest& rq, const std::string& key);

class ApiContext {
 public:
  explicit ApiContext(const ApiOptions& options);

  const ApiOptions options;
  std::map<Mode, std::unique_ptr<StreetNetwork>> networks;
  std::unique_ptr<Timetable> timetable;  // on the walk network, for options.transit_date
  SessionStore sessions;
  LoginLimiter limiter;

  Workspace open() const { return Workspace::open(options.workspace); }
  // The network of a mode, or a refusal (400 unknown mode, 404 not built).
  const StreetNetwork& network(const std::string& mode) const;
  // The request's session, while its account still exists with the same role (a removed or
  // changed account loses its sessions at once).
  std::optional<Session> session(const HttpRequest& rq);
  // The session of a write, or a refusal: 401 without a session, 403 without its CSRF token.
  Session write_session(const HttpRequest& rq);
  // The session's user when it may write a record of `municipality`, else a 403 refusal.
  static User writer(const Session& session, const std::string& municipality);
  // Both: the user allowed to write a record of `municipality`.
  User writer(const HttpRequest& rq, const std::string& municipality) { return writer(write_session(rq), municipality); }
  // A transit query from ?depart=HH:MM (default 07:00); 404 when transit is off.
  TransitQuery transit_query(const HttpRequest& rq, int32_t window_s) const;

  // Holds one of the few places for a password check (each takes ~64 MiB and a quarter second of
  // a core) while it lives; a 503 refusal when none frees up within a few seconds.
  class HashingSlot {
   public:
    explicit HashingSlot(std::counting_semaphore<>& s);
    ~HashingSlot() { s_.release(); }
    HashingSlot(const HashingSlot&) = delete;
    HashingSlot& operator=(const HashingSlot&) = delete;

   private:
    std::counting_semaphore<>& s_;
  };
  HashingSlot hashing_slot() { return HashingSlot(hashing_); }
  // "; Secure" behind TLS, else nothing.
  std::string cookie_flags() const { return options.behind_tls ? "; Secure" : ""; }

 private:
  std::counting_semaphore<> hashing_;
};

// One endpoint: a method and a path, exact or (ending in '*') a prefix whose rest is the handler's `tail`.
struct Endpoint {
  std::string method, path;
  std::function<HttpResponse(const HttpRequest&, const std::string& tail)> handle;
};
using Endpoints = std::vector<Endpoint>;

void add_region_endpoints(Endpoints& e, ApiContext& ctx);
void add_travel_endpoints(Endpoints& e, ApiContext& ctx);
void add_land_endpoints(Endpoints& e, ApiContext& ctx);
void add_account_endpoints(Endpoints& e, ApiContext& ctx);
// The built web UI (GET/HEAD of everything outside /api/): only files inside the UI's directory.
HttpResponse static_file(const ApiOptions& options, const HttpRequest& rq);

}  // namespace cityregions
