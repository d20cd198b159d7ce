// Isochrone bands nest (issue 13 §4): each band is traced and simplified on its own, and before
// the fix a smaller band could stick out of a larger one (car 10' had 0.12 km² outside the 30').
#include <gtest/gtest.h>

#include <ogr_api.h>

#include <cmath>

#include "network/graph_builder.hpp"
#include "network/isochrone.hpp"
#include "network/osm_fixture.hpp"
#include "network/osm_reader.hpp"
#include "network/street_network.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(IsochroneBands, SmallerBandsLieInsideLargerOnes) {
  TempDir dir;
  OsmFixture f;
  // Streets at odd angles from one junction: their buffers are staircases on the raster, which
  // each band simplifies differently.
  f.node(1, 49.0, 8.0);
  const double angles[] = {0.21, 1.13, 2.05, 2.9, 3.77, 4.6, 5.5};
  int64_t node = 2, way = 100;
  for (double a : angles) {
    std::vector<int64_t> nodes{1};
    for (int k = 1; k <= 12; ++k) {
      const double r = 120.0 * k, wiggle = (k % 2 ? 18.0 : -18.0);
      const double north = r * std::sin(a) + wiggle * std::cos(a), east = r * std::cos(a) - wiggle * std::sin(a);
      f.node(node, 49.0 + north / 111195.08, 8.0 + east / (111195.08 * std::cos(49.0 * M_PI / 180)));
      nodes.push_back(node++);
    }
    f.way(way++, nodes, {{"highway", "residential"}});
  }
  f.write(dir / "f.osm");
  const StreetNetwork walk(build_graph(read_osm_roads(dir / "f.osm", default_profile(), false), Mode::walk));
  Dijkstra search(walk.graph());
  const std::vector<double> minutes{4, 7, 10, 13, 16};
  const auto isos = isochrones(walk, search, walk.locate({8.0, 49.0}, 50), {minutes, 25, 50});
  ASSERT_EQ(isos.size(), minutes.size());
  for (size_t i = 0; i + 1 < isos.size(); ++i) {
    ASSERT_FALSE(isos[i].area->IsEmpty());
    OGRGeometryUniquePtr outside(isos[i].area->Difference(isos[i + 1].area.get()));
    ASSERT_TRUE(outside);
    // Square degrees → km² at 49°N.
    const double km2 = OGR_G_Area(OGRGeometry::ToHandle(outside.get())) * 111.195 * 111.195 * std::cos(49.0 * M_PI / 180);
    EXPECT_LT(km2, 1e-6) << minutes[i] << "' band outside the " << minutes[i + 1] << "' one";
    EXPECT_LE(isos[i].area_km2, isos[i + 1].area_km2 + 1e-9);
  }
}
