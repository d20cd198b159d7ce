// The OpenAPI description lists exactly the endpoints the router serves.
#include <gtest/gtest.h>

#include <set>

#include "support/test_support.hpp"
#include "web/openapi.hpp"
#include "web/region_api.hpp"

using namespace cityregions;

TEST(OpenApi, DescribesExactlyTheRoutedEndpoints) {
  test::TempDir dir;
  Workspace::create(dir / "ws", "Empty", std::nullopt);
  ApiOptions o;
  o.workspace = dir / "ws";
  const RegionApi api(o);
  std::set<std::string> routed, described;
  for (auto [method, path] : api.endpoints()) {
    for (auto& c : method) c = static_cast<char>(std::tolower(c));
    if (path.ends_with('*')) path.pop_back(), path += "{}";
    routed.insert(method + " " + path);
  }
  const auto doc = openapi_document();
  for (const auto& [path, ops] : doc["paths"].items()) {
    std::string p = path;
    if (const auto open = p.find('{'); open != std::string::npos) p = p.substr(0, open) + "{}";
    for (const auto& [method, op] : ops.items()) described.insert(method + " " + p);
  }
  EXPECT_EQ(routed, described);
  EXPECT_GE(routed.size(), 19u);
}
