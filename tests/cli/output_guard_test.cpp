// Output options never destroy the workspace: a result table may not take the name of the
// workspace's own data, no output file may overwrite a workspace's database, and numbers that are
// not finite are refused before any work.
#include <gtest/gtest.h>

#include "store/sqlite.hpp"
#include "support/test_support.hpp"

using namespace cityregions::test;

namespace {

// Liechtenstein's municipalities and street networks, made on first use (a failing set-up fails
// every test that needs it).
struct Region {
  TempDir dir;
  std::filesystem::path ws = dir / "ws";
  Region() {
    const std::string w = ws.string();
    for (const std::string& args :
         {"region create " + w + " --name Liechtenstein",
          "import municipalities " + w + " " + data_path("osm-liechtenstein/liechtenstein_gemeinden_osm2015.geojson").string() +
              " --key name --name name",
          "import osm " + w + " " + data_path("osm-liechtenstein/liechtenstein-latest.osm.pbf").string()}) {
      const auto r = run_cli(args);
      if (r.exit_code != 0) throw std::runtime_error(args + ": " + r.err);
    }
  }
};

Region& region() {
  static Region r;
  return r;
}

// The command fails with one line containing `fragment`, and the workspace stays as it was.
void expect_refused(const std::string& args, const std::string& fragment) {
  const std::string before = fingerprint(region().ws);
  const auto r = run_cli(args);
  EXPECT_NE(r.exit_code, 0) << args;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << args << "\nstderr: " << r.err;
  EXPECT_EQ(fingerprint(region().ws), before) << "workspace changed by: " << args;
}

}  // namespace

TEST(OutputGuard, ResultTablesNeverReplaceTheWorkspacesOwnTables) {
  const std::string w = region().ws.string(), db = (region().ws / "region.gpkg").string();
  const std::string matrix = "matrix " + w + " --mode car --origins municipalities --destinations municipalities --max-snap 3000 --out " + db;
  for (const std::string table : {"users", "municipalities", "Municipalities", "region_meta", "gpkg_contents", "sources",
                                  "networks", "sites", "sqlite_sequence", "rtree_x_geom", "bad name", "x;DROP"})
    expect_refused(matrix + " --table '" + table + "'", "");
  // A result may replace itself.
  EXPECT_EQ(run_cli(matrix + " --table matrix_car").exit_code, 0);
  const auto again = run_cli(matrix + " --table matrix_car");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  const auto count = run_cli("export layer " + w + " matrix_car --out " + (region().dir / "m.csv").string());
  EXPECT_EQ(count.exit_code, 0) << count.err;
  const std::string csv = read_file(region().dir / "m.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 11 * 11);  // replaced, not appended
  expect_refused("access " + w + " --mode car --zones municipalities --name municipalities", "keeps its own data");
  {
    cityregions::Database db_handle(region().ws / "region.gpkg", cityregions::Database::Mode::open_existing);
    db_handle.exec("CREATE TABLE IF NOT EXISTS planning_notes (note TEXT)");  // a table no analysis wrote
  }
  expect_refused(matrix + " --table planning_notes", "holds other data");
  expect_refused(matrix + " --table PLANNING_NOTES", "holds other data");

  expect_refused("access " + w + " --mode car --zones municipalities --name users", "keeps its own data");
  expect_refused("compare " + w + " --base municipalities --scenario municipalities --name users", "");
}

TEST(OutputGuard, NoOutputFileOverwritesAWorkspaceDatabase) {
  const std::string w = region().ws.string(), db = (region().ws / "region.gpkg").string();
  expect_refused("export layer " + w + " municipalities --out " + db, "is a workspace's database");
  expect_refused("export network " + w + " --mode car --out " + db.substr(0, db.size() - 5) + ".gpkg", "");
  expect_refused("cases export " + w + " --out " + db, "is a workspace's database");
  expect_refused("access " + w + " --mode car --zones municipalities --out " + db, "is a workspace's database");
}

TEST(OutputGuard, NumbersThatAreNotFiniteAreRefused) {
  const std::string w = region().ws.string();
  expect_refused("route " + w + " --mode car --from 47.14,9.52 --to 47.17,9.51 --max-snap nan", "not a finite number");
  expect_refused("route " + w + " --mode car --from nan,9.52 --to 47.17,9.51", "not a WGS84 coordinate");
  expect_refused("isochrone " + w + " --mode car --from 47.14,9.52 --minutes 10,inf --out " + (region().dir / "i.geojson").string(),
                 "--minutes");
  expect_refused("isochrone " + w + " --mode car --from 47.14,9.52 --minutes 10 --cell inf --out " +
                     (region().dir / "i.geojson").string(),
                 "not a finite number");
  expect_refused("matrix " + w + " --mode car --origins municipalities --destinations municipalities --max-minutes nan --out " +
                     (region().dir / "m.csv").string(),
                 "not a finite number");
}
