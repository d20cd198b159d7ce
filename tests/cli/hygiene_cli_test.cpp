// Small things a planner trips over (issue 13 §4), through the command line on the demo region.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/test_support.hpp"

using namespace cityregions::test;

namespace {

class HygieneCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    const auto r = run_cli("demo " + ws().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { dir_.reset(); }
  static std::filesystem::path ws() { return dir_->path() / "ws"; }
  static std::string refused(const std::string& args) {
    const auto r = run_cli(args);
    EXPECT_NE(r.exit_code, 0) << args;
    return r.err;
  }
  static std::unique_ptr<TempDir> dir_;
};
std::unique_ptr<TempDir> HygieneCli::dir_;

}  // namespace

// Before: isochrone took --percentile 150 and --window 0 (matrix refused them).
TEST_F(HygieneCli, OneValidationOfTransitOptionsInEveryVerb) {
  const std::string iso = "isochrone " + ws().string() + " --from 49.48,8.47 --minutes 10 --out " + (dir_->path() / "i.geojson").string();
  for (const std::string mode : {"car", "transit"}) {
    EXPECT_NE(refused(iso + " --mode " + mode + " --percentile 150 --depart 2016-11-15T07:00").find("--percentile must lie in (0, 100]"),
              std::string::npos)
        << mode;
    EXPECT_NE(refused(iso + " --mode " + mode + " --window 0 --depart 2016-11-15T07:00").find("--window must be between 1 and 1440"),
              std::string::npos)
        << mode;
  }
  EXPECT_NE(refused("sites criteria " + ws().string() + " --window 0").find("--window must be between 1 and 1440"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_->path() / "i.geojson"));
}

TEST_F(HygieneCli, RouteOutsideTheRegionAsksAboutSwappedCoordinates) {
  const auto err = refused("route " + ws().string() + " --mode car --from 8.47,49.48 --to 49.48,8.47");
  EXPECT_NE(err.find("--from: point 8.470000,49.480000 (lat,lon) lies outside the region"), std::string::npos) << err;
  EXPECT_NE(err.find("(did you swap LAT,LON?)"), std::string::npos) << err;
  const auto transit = refused("route " + ws().string() + " --mode transit --depart 2016-11-15T07:00 --from 49.48,8.47 --to 8.47,49.48");
  EXPECT_NE(transit.find("--to: point"), std::string::npos) << transit;
}

TEST_F(HygieneCli, ModeErrorsListAllFourModes) {
  for (const std::string& verb : {"route " + ws().string() + " --from 49.48,8.47 --to 49.4,8.6",
                                 "isochrone " + ws().string() + " --from 49.48,8.47 --minutes 10 --out x.geojson"}) {
    const auto err = refused(verb + " --mode auto");
    EXPECT_NE(err.find("--mode: unknown mode 'auto' (expected walk, bike, car or transit)"), std::string::npos) << err;
  }
}

// Before: a second `sites criteria` without --stations and --depart left rail and PT unknown;
// a newly added site was excluded as "motorway … — unknown".
TEST_F(HygieneCli, CriteriaAgainReuseTheSourcesAndNewSitesAskForThem) {
  auto r = run_cli("sites add " + ws().string() +
                   " --id fresh --wkt 'POLYGON((8.55 49.45, 8.56 49.45, 8.56 49.455, 8.55 49.455, 8.55 49.45))'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_cli("sites rank " + ws().string() + " --profile logistics --all");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto line = r.out.find("fresh ");
  ASSERT_NE(line, std::string::npos) << r.out;
  EXPECT_NE(r.out.substr(line, r.out.find('\n', line) - line).find("not computed yet (run `sites criteria`)"), std::string::npos)
      << r.out;
  r = run_cli("sites criteria " + ws().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("reused from the last run — rail stations from"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reused from the last run — public transport on 2016-11-15"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("left unknown"), std::string::npos) << r.out;
  // The table row of the new site: id, ha, motorway, rail car, rail walk, PT … all known.
  const auto row = r.out.find("\n  fresh ");
  ASSERT_NE(row, std::string::npos) << r.out;
  std::istringstream cells(r.out.substr(row + 1, r.out.find('\n', row + 1) - row - 1));
  std::vector<std::string> v;
  for (std::string c; cells >> c;) v.push_back(c);
  ASSERT_GE(v.size(), 6u) << r.out;
  EXPECT_NE(v[3], "–") << "rail car time";
  EXPECT_NE(v[5], "–") << "PT class";
}

// Before: `pool simulate --out` wrote 4.17453e+07 (6 digits; sums 189 € off the JSON).
TEST_F(HygieneCli, PoolCsvHoldsMoneyToTheCent) {
  const auto csv = dir_->path() / "pool.csv";
  const std::string base = "pool simulate " + ws().string() + " --scenario " + (ws() / "pool-scenario.toml").string();
  auto r = run_cli(base + " --out " + csv.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const std::string text = read_file(csv);
  EXPECT_EQ(text.find("e+"), std::string::npos) << text.substr(0, 300);
  std::map<std::string, double> alone;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "member,year,alone,pool");
  while (std::getline(lines, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    const std::string cents = line.substr(b + 1, c - b - 1);
    ASSERT_EQ(cents.size() - cents.find('.'), 3u) << line;
    alone[line.substr(0, a)] += std::stod(cents);
  }
  ASSERT_FALSE(j["members"].empty());
  for (const auto& m : j["members"]) {
    const std::string key = m["key"];
    EXPECT_NEAR(alone[key], m["total_alone"].get<double>(), 0.01 * static_cast<double>(m["alone"].size())) << key;
  }
  r = run_cli(base);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("so the\nplanned total may lie outside it"), std::string::npos) << r.out;
}

// Before: a missing scenario left a half-written report folder and said "missing.toml:0: …".
TEST_F(HygieneCli, FailedReportLeavesNoFolderAndNoLineZero) {
  const auto out = dir_->path() / "report";
  const auto err = refused("report " + ws().string() + " --out " + out.string() + " --scenario " +
                           (dir_->path() / "missing.toml").string());
  EXPECT_NE(err.find("missing.toml: no such file"), std::string::npos) << err;
  EXPECT_EQ(err.find(":0"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(out));
  for (const auto& e : std::filesystem::directory_iterator(dir_->path()))
    EXPECT_EQ(e.path().filename().string().find(".report.tmp"), std::string::npos) << e.path();
  const auto r = run_cli("report " + ws().string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(out / "index.html"));
  // A failed run over an existing report leaves that report as it was.
  const std::string before = fingerprint(out);
  refused("report " + ws().string() + " --out " + out.string() + " --scenario " + (dir_->path() / "missing.toml").string());
  EXPECT_EQ(fingerprint(out), before);
}

TEST_F(HygieneCli, DemandTypoNamesDemand) {
  const auto err = refused("sites balance " + ws().string() + " --demand logstics=20");
  EXPECT_TRUE(err.starts_with("error: --demand: 'logstics' is neither a built-in profile")) << err;
}

TEST_F(HygieneCli, ReportPrintsOnA4UnlessLetterIsAsked) {
  auto r = run_cli("report " + ws().string() + " --out " + (dir_->path() / "a4").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(dir_->path() / "a4" / "index.html").find("@page{size:A4}"), std::string::npos);
  r = run_cli("report " + ws().string() + " --out " + (dir_->path() / "letter").string() + " --paper letter");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(dir_->path() / "letter" / "index.html").find("@page{size:letter}"), std::string::npos);
  EXPECT_NE(refused("report " + ws().string() + " --out " + (dir_->path() / "x").string() + " --paper A3").find("--paper: 'A3'"),
            std::string::npos);
}

// Before: the transit matrix said nothing of the pairs it could not reach.
TEST_F(HygieneCli, TransitMatrixCountsUnreachablePairs) {
  const auto points = dir_->path() / "p.csv";
  write_file(points, "id,lat,lon\nparadeplatz,49.4874,8.4660\nheidelberg,49.4093,8.6937\nwoods,49.43,8.85\n");
  const auto r = run_cli("matrix " + ws().string() + " --mode transit --depart 2016-11-15T07:00 --window 10 --max-snap 3000 --origins " +
                         points.string() + " --destinations " + points.string() + " --out " + (dir_->path() / "t.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The point in the Odenwald lies far from the timetable: some of its pairs stay unreached.
  EXPECT_NE(r.out.find(": 2 of 9 pairs unreachable; written to "), std::string::npos) << r.out;
}
