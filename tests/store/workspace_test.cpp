#include "store/workspace.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "core/error.hpp"
#include "core/gdal.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {
const char* kRhineNeckar = "rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson";

MunicipalityImport rnv_spec() { return {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""}; }
}  // namespace

TEST(Workspace, CreateOpenAndRefuseTwice) {
  TempDir dir;
  {
    auto ws = Workspace::create(dir / "ws", "Test region", 3035);
    EXPECT_EQ(ws.name(), "Test region");
    EXPECT_EQ(ws.epsg(), 3035);
  }
  auto ws = Workspace::open(dir / "ws");
  const auto info = ws.info();
  EXPECT_EQ(info.municipalities, 0);
  EXPECT_TRUE(info.networks.empty());
  EXPECT_THROW(Workspace::create(dir / "ws", "again", std::nullopt), Error);
  EXPECT_THROW(Workspace::open(dir / "nothing"), Error);
  EXPECT_THROW(Workspace::create(dir / "bad", "x", 999999), Error);
}

TEST(Workspace, ImportsRhineNeckarMunicipalitiesIntoUtm) {
  TempDir dir;
  auto ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  const auto s = import_municipalities(ws, data_path(kRhineNeckar), rnv_spec());
  EXPECT_EQ(s.records, 84u);
  const auto info = ws.info();
  EXPECT_EQ(info.epsg, 32632);  // UTM zone of the data
  EXPECT_EQ(info.municipalities, 84);
  EXPECT_EQ(info.population, 1451185);  // SOURCE.md: Destatis 2019 total

  // Independent area check: the same polygons measured by GDAL in the equal-area EPSG:3035.
  std::string err;
  auto ds = open_vector(data_path(kRhineNeckar), err);
  ASSERT_TRUE(ds) << err;
  OGRSpatialReference laea, wgs;
  laea.importFromEPSG(3035);
  wgs.importFromEPSG(4326);
  laea.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &laea));
  double area = 0;
  for (auto& f : *ds->GetLayer(0)) {
    OGRGeometryUniquePtr g(f->GetGeometryRef()->clone());
    ASSERT_EQ(g->transform(ct.get()), OGRERR_NONE);
    area += OGR_G_Area(OGRGeometry::ToHandle(g.get()));
  }
  EXPECT_NEAR(info.area_km2, area / 1e6, area / 1e6 * 0.002);  // UTM scale error < 0.2 % here

  const auto ms = load_municipalities(ws);
  const auto mannheim = std::find_if(ms.begin(), ms.end(), [](const Municipality& m) { return m.key == "08222000"; });
  ASSERT_NE(mannheim, ms.end());
  EXPECT_EQ(mannheim->name, "Mannheim");
  EXPECT_NEAR(mannheim->centre.lat, 49.5, 0.05);
  EXPECT_NEAR(mannheim->centre.lon, 8.49, 0.05);
}

TEST(Workspace, GeoPackageOpensInGdalWithLayersAndCrs) {
  TempDir dir;
  {
    auto ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
    import_municipalities(ws, data_path(kRhineNeckar), rnv_spec());
  }
  std::string err;
  auto ds = open_vector(dir / "ws" / "region.gpkg", err);
  ASSERT_TRUE(ds) << err;
  EXPECT_STREQ(ds->GetDriver()->GetDescription(), "GPKG");
  OGRLayer* layer = ds->GetLayerByName("municipalities");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->GetFeatureCount(), 84);
  ASSERT_NE(layer->GetSpatialRef(), nullptr);
  EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "32632");
  OGREnvelope env;
  ASSERT_EQ(layer->GetExtent(&env), OGRERR_NONE);
  EXPECT_GT(env.MinX, 400000);
  EXPECT_LT(env.MaxX, 520000);
  for (auto& f : *layer) {
    ASSERT_NE(f->GetGeometryRef(), nullptr);
    EXPECT_TRUE(f->GetGeometryRef()->IsValid());
  }
}

TEST(Workspace, StatsJoinByKeyKeepsLeadingZerosAndSkipsOtherKeys) {
  TempDir dir;
  auto ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  import_municipalities(ws, data_path(kRhineNeckar), rnv_spec());
  write_file(dir / "stats.csv",
             "AGS;jobs;tax_multiplier;kreis;area_km2\n"
             "08222000;190000;430;08222;145.0\n"
             "08221000;100000;400.5;08221;108.8\n"
             "99999999;1;1;99999;1\n");
  const auto s = import_stats(ws, dir / "stats.csv", "AGS");
  EXPECT_EQ(s.records, 2u);
  EXPECT_EQ(s.skipped, 1u);
  EXPECT_EQ(s.ignored_columns, std::vector<std::string>{"area_km2"});
  auto st = ws.db().prepare(
      "SELECT jobs, typeof(tax_multiplier), kreis, typeof(kreis) FROM municipalities WHERE key = '08222000'");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 190000);
  EXPECT_EQ(st.text(1), "real");
  EXPECT_EQ(st.text(2), "08222");
  EXPECT_EQ(st.text(3), "text");  // a leading zero keeps the column textual
  EXPECT_EQ(ws.info().jobs, 290000);
}

TEST(Workspace, BadMunicipalityInputLeavesWorkspaceUnchanged) {
  TempDir dir;
  auto ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  import_municipalities(ws, data_path(kRhineNeckar), rnv_spec());
  const std::string before = fingerprint(dir / "ws");

  auto expect_error = [&](const std::filesystem::path& file, MunicipalityImport spec, const std::string& fragment) {
    try {
      import_municipalities(ws, file, spec);
      ADD_FAILURE() << "no error for " << file;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
    EXPECT_EQ(fingerprint(dir / "ws"), before);
    EXPECT_EQ(ws.info().municipalities, 84);
  };
  // A bow-tie polygon in the second feature.
  write_file(dir / "bowtie.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"AGS":"1","GEN":"A"},"geometry":{"type":"Polygon","coordinates":[[[8.4,49.4],[8.5,49.4],[8.5,49.5],[8.4,49.5],[8.4,49.4]]]}},
    {"type":"Feature","properties":{"AGS":"2","GEN":"B"},"geometry":{"type":"Polygon","coordinates":[[[8.4,49.4],[8.5,49.5],[8.5,49.4],[8.4,49.5],[8.4,49.4]]]}}]})");
  expect_error(dir / "bowtie.geojson", {"AGS", "GEN", std::nullopt, std::nullopt, std::nullopt, ""}, "feature 2 (key 2): field 'geometry': invalid polygon");
  expect_error(data_path(kRhineNeckar), {"AGS_X", "GEN", std::nullopt, std::nullopt, std::nullopt, ""}, "field 'AGS_X': no such field");
  write_file(dir / "dup.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"AGS":"1","GEN":"A"},"geometry":{"type":"Polygon","coordinates":[[[8.4,49.4],[8.5,49.4],[8.5,49.5],[8.4,49.4]]]}},
    {"type":"Feature","properties":{"AGS":"1","GEN":"B"},"geometry":{"type":"Polygon","coordinates":[[[8.4,49.4],[8.5,49.4],[8.5,49.5],[8.4,49.4]]]}}]})");
  expect_error(dir / "dup.geojson", {"AGS", "GEN", std::nullopt, std::nullopt, std::nullopt, ""}, "feature 2 (key 1): field 'AGS': duplicate key");
  write_file(dir / "pop.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"AGS":"1","GEN":"A","population_2019":"many"},"geometry":{"type":"Polygon","coordinates":[[[8.4,49.4],[8.5,49.4],[8.5,49.5],[8.4,49.4]]]}}]})");
  expect_error(dir / "pop.geojson", rnv_spec(), "field 'population_2019': 'many' is not a whole number");
  write_file(dir / "broken.geojson", R"({"type":"FeatureCollection","features":[ {"type":)");
  expect_error(dir / "broken.geojson", rnv_spec(), "broken.geojson: cannot open");
}

// Failures after the first write: the transaction must put everything back. Real input that fails
// half-way (a stats column twice, in two spellings SQLite takes as one) and failures injected by
// a trigger after rows are written (an import that dies while recording its source, an update
// that dies on the second municipality).
TEST(Workspace, FailuresMidWriteRollBack) {
  TempDir dir;
  auto ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  import_municipalities(ws, data_path(kRhineNeckar), rnv_spec());
  auto population = [&](const std::string& key) {
    auto st = ws.db().prepare("SELECT population FROM municipalities WHERE key = ?");
    st.bind(1, key);
    return st.step() ? st.int64(0) : -1;
  };
  const int64_t mannheim = population("08222000");
  ASSERT_GT(mannheim, 300000);

  // Stats: "area_code" is added, then "AREA_CODE" fails as a duplicate column.
  std::string before = fingerprint(dir / "ws");
  write_file(dir / "twice.csv", "AGS;area_code;AREA_CODE\n08222000;1;2\n");
  EXPECT_THROW(import_stats(ws, dir / "twice.csv", "AGS"), std::exception);
  EXPECT_EQ(fingerprint(dir / "ws"), before);
  EXPECT_FALSE(ws.db().has_column("municipalities", "area_code"));

  // Stats: Mannheim is updated, Heidelberg's update fails.
  ws.db().exec("CREATE TRIGGER fail_hd BEFORE UPDATE ON municipalities WHEN NEW.key = '08221000' "
               "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  before = fingerprint(dir / "ws");
  write_file(dir / "stats.csv", "AGS;population;jobs\n08222000;1;5\n08221000;2;6\n");
  EXPECT_THROW(import_stats(ws, dir / "stats.csv", "AGS"), std::exception);
  EXPECT_EQ(fingerprint(dir / "ws"), before);
  EXPECT_EQ(population("08222000"), mannheim);
  ws.db().exec("DROP TRIGGER fail_hd");

  // Municipalities: the old table dropped and a new one written, then recording the source fails.
  ws.db().exec("CREATE TRIGGER fail_source BEFORE INSERT ON sources BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  before = fingerprint(dir / "ws");
  write_file(dir / "one.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"AGS":"1","GEN":"A"},"geometry":{"type":"Polygon","coordinates":[[[8.4,49.4],[8.5,49.4],[8.5,49.5],[8.4,49.4]]]}}]})");
  try {
    import_municipalities(ws, dir / "one.geojson", {"AGS", "GEN", std::nullopt, std::nullopt, std::nullopt, ""});
    ADD_FAILURE() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("injected failure"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fingerprint(dir / "ws"), before);
  EXPECT_EQ(ws.info().municipalities, 84);
  EXPECT_EQ(population("08222000"), mannheim);
  EXPECT_EQ(population("1"), -1);
}
