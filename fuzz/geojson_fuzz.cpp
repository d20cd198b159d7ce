// A GeoJSON file through GDAL into `import municipalities` (checks of keys, names, counts and
// polygons, reprojection, the transaction), on one workspace kept for the whole run.
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "store/municipalities.hpp"
#include "store/workspace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cityregions;
  static Workspace ws = Workspace::create(fuzz::scratch().path() / "ws", "Fuzz", 32632);
  const auto file = fuzz::input_file(data, size, "municipalities.geojson");
  try {
    import_municipalities(ws, file, {"key", "name", "population", "jobs", std::nullopt, ""});
  } catch (const Error&) {
  }
  return 0;
}
