// Imports that are refused leave the workspace as it was: `import osm` (missing file, no overlap,
// a mode without network after others were staged: no staged file stays), `import stats` failing
// half-way through its transaction, `import grid` with a bad row or column. And the verbs of the
// web platform in --help.
#include <gtest/gtest.h>

#include "core/geo.hpp"
#include "network/osm_fixture.hpp"
#include "store/municipalities.hpp"
#include "store/workspace.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) {
  std::string out = "'";
  out += p.string();
  out += '\'';
  return out;
}

// A workspace with the 84 municipalities of Rhein-Neckar.
fs::path region(const TempDir& dir) {
  Workspace ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                        {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, "BKG"});
  return dir / "ws";
}

size_t staged_files(const fs::path& ws) {
  size_t n = 0;
  if (fs::exists(ws / "networks"))
    for (const auto& e : fs::recursive_directory_iterator(ws / "networks")) n += e.path().extension() == ".new";
  return n;
}

}  // namespace

TEST(ImportRefusals, ImportOsmLeavesNoStagedFiles) {
  TempDir dir;
  const fs::path ws = region(dir);
  const std::string before = fingerprint(ws);
  auto r = run_cli("import osm " + q(ws) + " " + q(dir / "missing.osm.pbf"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("missing.osm.pbf"), std::string::npos) << r.err;
  EXPECT_EQ(fingerprint(ws), before);
  // Steps in Mannheim: a walk network, but none for bike or car. The walk files are staged first,
  // then the import fails; nothing of it may stay.
  OsmFixture steps;
  steps.node(1, 49.4870, 8.4660);
  steps.node(2, 49.4880, 8.4670);
  steps.node(3, 49.4890, 8.4660);
  steps.way(10, {1, 2, 3}, {{"highway", "steps"}});
  steps.write(dir / "steps.osm");
  r = run_cli("import osm " + q(ws) + " " + q(dir / "steps.osm"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no bike network"), std::string::npos) << r.err;
  EXPECT_EQ(staged_files(ws), 0u);
  EXPECT_EQ(fingerprint(ws), before);
  // Roads far from the region (Black Forest).
  OsmFixture away;
  away.node(1, 48.0, 8.0);
  away.node(2, 48.01, 8.0);
  away.way(10, {1, 2}, {{"highway", "residential"}});
  away.write(dir / "away.osm");
  r = run_cli("import osm " + q(ws) + " " + q(dir / "away.osm"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("does not overlap the region"), std::string::npos) << r.err;
  EXPECT_EQ(fingerprint(ws), before);
  EXPECT_EQ(staged_files(ws), 0u);
}

TEST(ImportRefusals, ImportStatsFailingHalfWayKeepsNothing) {
  TempDir dir;
  const fs::path ws = region(dir);
  const std::string before = fingerprint(ws);
  // Column "Population" clashes with the existing "population" (SQLite names ignore case) only
  // after "beds" was added and filled.
  write_file(dir / "stats.csv", "AGS,beds,Population\n08222000,1200,5\n08221000,900,6\n");
  auto r = run_cli("import stats " + q(ws) + " " + q(dir / "stats.csv") + " --key AGS");
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.err.find("Population"), std::string::npos) << r.err;
  EXPECT_EQ(fingerprint(ws), before);
  {
    Workspace w = Workspace::open(ws);
    auto st = w.db().prepare("SELECT count(*) FROM pragma_table_info('municipalities') WHERE name = 'beds'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 0);
  }
  // The same file without the clash is imported, values and all.
  write_file(dir / "stats.csv", "AGS,beds\n08222000,1200\n08221000,900\n");
  r = run_cli("import stats " + q(ws) + " " + q(dir / "stats.csv") + " --key AGS");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Workspace w = Workspace::open(ws);
  auto st = w.db().prepare("SELECT beds FROM municipalities WHERE key = '08221000'");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 900);
}

TEST(ImportRefusals, ImportGridWithABadRowOrColumnLeavesTheWorkspaceUnchanged) {
  TempDir dir;
  const fs::path ws = region(dir);
  const std::string before = fingerprint(ws);
  // The 1 km cell of Mannheim's centre.
  const XY c = Projection(3035).forward({8.4660, 49.4875});
  const auto n = static_cast<long>(std::floor(c.y / 1000) * 1000), e = static_cast<long>(std::floor(c.x / 1000) * 1000);
  std::string cell = "CRS3035RES1000mN";
  cell += std::to_string(n);
  cell += 'E';
  cell += std::to_string(e);
  write_file(dir / "bad.csv", "id,v\n" + cell + ",10\nnot-a-cell,20\n");
  auto r = run_cli("import grid " + q(ws) + " " + q(dir / "bad.csv") + " --column population --value-field v");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("bad.csv:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not-a-cell"), std::string::npos) << r.err;
  EXPECT_EQ(fingerprint(ws), before);
  write_file(dir / "good.csv", "id,v\n" + cell + ",10\n");
  r = run_cli("import grid " + q(ws) + " " + q(dir / "good.csv") + " --column fid --value-field v");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--column"), std::string::npos) << r.err;
  EXPECT_EQ(fingerprint(ws), before);
  write_file(dir / "good.csv", "id,v\n" + cell + ",12.5\n");
  r = run_cli("import grid " + q(ws) + " " + q(dir / "good.csv") + " --column population --value-field v");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Workspace w = Workspace::open(ws);
  auto st = w.db().prepare("SELECT sum(population), count(population) FROM grid1km");
  ASSERT_TRUE(st.step());
  EXPECT_DOUBLE_EQ(st.real(0), 12.5);
}

TEST(ImportRefusals, HelpListsTheWebPlatformVerbs) {
  auto r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("serve"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("user"), std::string::npos) << r.out;
  r = run_cli("serve --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--transit-date"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--pool-scenario"), std::string::npos) << r.out;
  r = run_cli("user --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* verb : {"add", "remove"}) EXPECT_NE(r.out.find(verb), std::string::npos) << verb << "\n" << r.out;
}

TEST(ImportRefusals, SitesImportWithADuplicateHalfWayKeepsNothing) {
  TempDir dir;
  const fs::path ws = region(dir);
  write_file(dir / "first.csv", "id,lat,lon,area_ha\nMA-A,49.4875,8.4660,12\n");
  auto r = run_cli("sites import " + q(ws) + " " + q(dir / "first.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string before = fingerprint(ws);
  // A new site, then the same id twice: the error comes after MA-B was written.
  write_file(dir / "more.csv", "id,lat,lon,area_ha\nMA-B,49.4800,8.4700,5\nMA-C,49.4700,8.4700,6\nMA-C,49.4600,8.4700,7\n");
  r = run_cli("sites import " + q(ws) + " " + q(dir / "more.csv"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("duplicate site id 'MA-C'"), std::string::npos) << r.err;
  EXPECT_EQ(fingerprint(ws), before);
  Workspace w = Workspace::open(ws);
  auto st = w.db().prepare("SELECT group_concat(site_id) FROM sites");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "MA-A");
}
