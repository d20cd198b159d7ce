// Raw request bytes through the HTTP parser and the whole region API (router, endpoints, static
// files), on a small workspace with two hand-made municipalities and a UI directory.
#include "fuzz_support.hpp"
#include "store/municipalities.hpp"
#include "web/accounts.hpp"
#include "web/http_server.hpp"
#include "web/region_api.hpp"

namespace {

cityregions::ApiOptions prepare() {
  using namespace cityregions;
  const auto dir = fuzz::scratch().path();
  {
    Workspace ws = Workspace::create(dir / "ws", "Fuzz", std::nullopt);
    std::ofstream(dir / "m.geojson") << R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"key":"A","name":"Alpha","population":1000},"geometry":{"type":"Polygon","coordinates":[[[8.4,49.4],[8.5,49.4],[8.5,49.5],[8.4,49.5],[8.4,49.4]]]}},
      {"type":"Feature","properties":{"key":"B","name":"Beta","population":2000},"geometry":{"type":"Polygon","coordinates":[[[8.5,49.4],[8.6,49.4],[8.6,49.5],[8.5,49.5],[8.5,49.4]]]}}]})";
    import_municipalities(ws, dir / "m.geojson", {"key", "name", "population", std::nullopt, std::nullopt, ""});
    add_user(ws, {"anna", Role::editor, "A"}, "anna-password", KdfCost::minimal);
  }
  std::filesystem::create_directories(dir / "dist/assets");
  std::ofstream(dir / "dist/index.html") << "<!doctype html><title>ui</title>";
  std::ofstream(dir / "dist/assets/a.js") << "1";
  ApiOptions o;
  o.workspace = dir / "ws";
  o.static_dir = dir / "dist";
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cityregions;
  static RegionApi a(prepare());  // one API for the whole run
  const auto rq = parse_http_request(std::string_view(reinterpret_cast<const char*>(data), size), 64 * 1024, "10.0.0.1");
  if (rq) {
    const HttpResponse r = a.handle(*rq);
    if (r.status < 100 || r.status > 599) __builtin_trap();
  }
  return 0;
}
