#pragma once
// The JSON API of a region workspace for the web platform: region, municipalities (GeoJSON with
// their statistics, editable by role), a basemap drawn from the workspace's own networks, route,
// isochrone and matrix for every mode, accessibility layers, sites with ranking, the pool, the
// audit log, accounts and sessions, the OpenAPI description, and the built web UI as static files.
// Every write needs a session, its CSRF token and a role allowed to write that record.
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "web/accounts.hpp"
#include "web/http_server.hpp"

namespace cityregions {

struct ApiOptions {
  std::filesystem::path workspace;
  std::filesystem::path static_dir;     // the built web UI (web/dist); empty: API only
  std::filesystem::path pool_scenario;  // optional: served at /api/pool
  int32_t transit_date = 0;             // yyyymmdd; 0: public transport off
  size_t max_matrix_cells = 10000;      // origins × destinations per request
  size_t max_isochrone_limits = 6;
  double max_isochrone_minutes = 90;
  size_t max_password_checks = 2;       // at once (Argon2id: ~64 MiB and a quarter second each)
  // Host names the server answers to (the Host header, and the Origin of writes); anything else
  // is refused, so that a web page elsewhere cannot reach a loopback server by DNS rebinding.
  std::vector<std::string> hosts = {"localhost", "127.0.0.1", "[::1]"};
  bool behind_tls = false;  // cookies get the Secure flag
};

class RegionApi {
 public:
  explicit RegionApi(const ApiOptions& options);
  ~RegionApi();
  RegionApi(const RegionApi&) = delete;
  RegionApi& operator=(const RegionApi&) = delete;
  HttpResponse handle(const HttpRequest& request);
  // (method, path) of every API endpoint; a path ending in '*' takes the rest as an id.
  std::vector<std::pair<std::string, std::string>> endpoints() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cityregions
