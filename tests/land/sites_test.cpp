// The site inventory: import with a field mapping, spatial join, areas, validation, audit trail.
#include "land/sites.hpp"

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "core/error.hpp"
#include "core/gdal.hpp"
#include "region/outputs.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {
const char* kSites = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"NR":"MA-01","Bez":"Friesenheimer Insel","Stand":"B-Plan","Verfuegbar":"sofort","HW":"nein","Preis":"80"},
 "geometry":{"type":"Polygon","coordinates":[[[8.440,49.510],[8.452,49.510],[8.452,49.517],[8.440,49.517],[8.440,49.510]]]}},
{"type":"Feature","properties":{"NR":"HD-07","Bez":"Pfaffengrund Süd","Stand":"FNP","Verfuegbar":"unbekannt","HW":"ja"},
 "geometry":{"type":"Polygon","coordinates":[[[8.630,49.400],[8.640,49.400],[8.640,49.405],[8.630,49.405],[8.630,49.400]]]}}]})";
const char* kMapping = R"([fields]
id = "NR"
name = "Bez"
planning_status = "Stand"
availability = "Verfuegbar"
flood_zone = "HW"
price_eur_m2 = "Preis"
[values.planning_status]
"B-Plan" = "binding_plan"
"FNP" = "land_use_plan"
[values.availability]
"sofort" = "immediately"
"unbekannt" = "unknown"
)";

struct Fixture {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  Fixture() {
    import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                          {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""});
    write_file(dir / "sites.geojson", kSites);
    write_file(dir / "mapping.toml", kMapping);
  }
};
}  // namespace

TEST(Sites, ImportWithMappingJoinsMunicipalitiesAndComputesAreas) {
  Fixture f;
  SiteInventory inv(f.ws);
  const auto r = inv.import(f.dir / "sites.geojson", load_site_mapping(f.dir / "mapping.toml"), "planner");
  EXPECT_EQ(r.added, 2u);
  const auto ma = inv.get("MA-01");
  ASSERT_TRUE(ma);
  EXPECT_EQ(ma->municipality, "08222000");  // Mannheim, by spatial join
  EXPECT_EQ(ma->values.at("planning_status"), "binding_plan");
  EXPECT_EQ(ma->values.at("availability"), "immediately");
  EXPECT_EQ(ma->values.at("flood_zone"), "0");
  EXPECT_EQ(ma->values.at("price_eur_m2"), "80");
  // 0.012° × 0.007° at 49.51°N: about 868 m × 778 m.
  const double expected_ha = haversine_m({8.440, 49.5135}, {8.452, 49.5135}) * haversine_m({8.446, 49.510}, {8.446, 49.517}) / 1e4;
  EXPECT_NEAR(ma->area_ha, expected_ha, expected_ha * 0.005);
  EXPECT_EQ(inv.get("HD-07")->municipality, "08221000");  // Heidelberg
  EXPECT_EQ(inv.list("08221000").size(), 1u);
  // Importing again changes nothing new; a changed file updates and logs old → new.
  std::string text = kSites;
  text.replace(text.find("\"sofort\""), 8, "\"unbekannt\"");
  write_file(f.dir / "sites.geojson", text);
  const auto again = inv.import(f.dir / "sites.geojson", load_site_mapping(f.dir / "mapping.toml"), "editor");
  EXPECT_EQ(again.updated, 2u);
  const auto history = inv.audit("MA-01");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].who, "editor");
  EXPECT_EQ(history[1].field, "availability");
  EXPECT_EQ(history[1].old_value, "immediately");
  EXPECT_EQ(history[1].new_value, "unknown");
}

TEST(Sites, EditsAreCheckedAndAudited) {
  Fixture f;
  SiteInventory inv(f.ws);
  inv.add("LU-03", "POLYGON((8.40 49.47,8.41 49.47,8.41 49.475,8.40 49.475,8.40 49.47))",
          {{"ownership", "municipal"}, {"rail_siding", "possible"}}, "alice");
  EXPECT_EQ(inv.get("LU-03")->municipality, "07314000");  // Ludwigshafen
  inv.update("LU-03", {{"power_mw", "12.5"}, {"brownfield", "yes"}}, "bob");
  EXPECT_EQ(inv.get("LU-03")->values.at("brownfield"), "1");
  EXPECT_THROW(inv.update("LU-03", {{"availability", "soon"}}, "bob"), Error);
  EXPECT_THROW(inv.update("LU-03", {{"power_mw", "-3"}}, "bob"), Error);
  EXPECT_THROW(inv.update("LU-03", {{"colour", "red"}}, "bob"), Error);
  EXPECT_THROW(inv.add("LU-03", "POLYGON((8.40 49.47,8.41 49.47,8.41 49.475,8.40 49.47))", {}, "x"), Error);
  inv.remove("LU-03", "carol");
  EXPECT_FALSE(inv.get("LU-03"));
  const auto h = inv.audit("LU-03");
  ASSERT_EQ(h.size(), 4u);  // add, two updates, remove
  EXPECT_EQ(h[1].field, "brownfield");
  EXPECT_EQ(h[3].action, "remove");
  EXPECT_EQ(h[3].who, "carol");
}

TEST(Sites, BadFilesLeaveTheInventoryUnchanged) {
  Fixture f;
  SiteInventory inv(f.ws);
  inv.import(f.dir / "sites.geojson", load_site_mapping(f.dir / "mapping.toml"), "planner");
  const std::string before = fingerprint(f.dir / "ws");
  auto expect = [&](const std::string& name, const std::string& content, const std::string& fragment) {
    write_file(f.dir / name, content);
    try {
      inv.import(f.dir / name, load_site_mapping(f.dir / "mapping.toml"), "x");
      ADD_FAILURE() << "no error: " << fragment;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
    EXPECT_EQ(fingerprint(f.dir / "ws"), before);
  };
  std::string bad = kSites;
  bad.replace(bad.find("\"FNP\""), 5, "\"Gewerbe\"");
  expect("bad-status.geojson", bad, "feature 2 (id HD-07): field 'planning_status': 'Gewerbe' is not one of");
  bad = kSites;
  bad.replace(bad.find("\"HD-07\""), 7, "\"MA-01\"");
  expect("dup.geojson", bad, "field 'id': duplicate site id 'MA-01'");
  expect("points.csv", "NR,lat,lon,Bez\nP-1,49.45,8.5,Hafen\n", "points.csv:2: field 'area_ha': a point site needs its area");
  expect("bowtie.csv", "NR,wkt\nB-1,\"POLYGON((8.4 49.4,8.5 49.5,8.5 49.4,8.4 49.5,8.4 49.4))\"\n",
         "bowtie.csv:2: field 'geometry': invalid polygon");
  // Failures after valid rows were written (inside the import's transaction): nothing stays.
  expect("new-then-dup.csv", "NR,lat,lon,area_ha\nNEW-1,49.45,8.5,3\nNEW-1,49.46,8.5,4\n",
         "new-then-dup.csv:3: field 'id': duplicate site id 'NEW-1'");
  expect("new-then-bowtie.csv",
         "NR,wkt,Stand\nMA-01,\"POLYGON((8.44 49.51,8.452 49.51,8.452 49.517,8.44 49.51))\",FNP\n"
         "NEW-2,\"POLYGON((8.4 49.4,8.5 49.5,8.5 49.4,8.4 49.5,8.4 49.4))\",B-Plan\n",
         "new-then-bowtie.csv:3: field 'geometry': invalid polygon");
  expect("new-then-point.csv", "NR,lat,lon,area_ha\nNEW-3,49.45,8.5,3\nNEW-4,49.46,8.5,\n",
         "new-then-point.csv:3: field 'area_ha': a point site needs its area");
  for (const char* id : {"NEW-1", "NEW-2", "NEW-3"}) EXPECT_FALSE(inv.get(id)) << id;
  EXPECT_EQ(inv.get("MA-01")->values.at("planning_status"), "binding_plan");  // its change was rolled back too
  // CSV with points and areas works, and the inventory exports to every format.
  write_file(f.dir / "ok.csv", "NR,lat,lon,area_ha,Stand\nP-1,49.45,8.5,12.5,B-Plan\n");
  inv.import(f.dir / "ok.csv", load_site_mapping(f.dir / "mapping.toml"), "x");
  EXPECT_DOUBLE_EQ(inv.get("P-1")->area_ha, 12.5);
  for (const char* out : {"sites.gpkg", "sites.geojson", "sites.csv"}) {
    export_layer(f.ws, "sites", f.dir / ("out-" + std::string(out)));
    std::string err;
    const auto ds = open_vector(f.dir / ("out-" + std::string(out)), err);
    ASSERT_TRUE(ds) << out << ": " << err;
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 3) << out;
  }
}
