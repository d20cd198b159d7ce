// The cases verbs through the command line on a workspace with the shipped catalogue.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

using namespace cityregions::test;

TEST(CasesCli, LoadSearchShowSimilarExport) {
  TempDir dir;
  const std::string ws = (dir / "ws").string();
  ASSERT_EQ(run_cli("region create " + ws + " --name Test").exit_code, 0);
  auto r = run_cli("cases load " + ws);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Loaded 17 cases"), std::string::npos) << r.out;

  r = run_cli("cases search " + ws + " 'land pool' --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto hits = nlohmann::json::parse(r.out);
  ASSERT_GE(hits.size(), 2u);
  EXPECT_TRUE(hits[0]["id"] == "gewerbeflaechenpool-neckar-alb" || hits[0]["id"] == "gewerbeflaechenpool-kreis-kleve");
  r = run_cli("cases search " + ws + " 'revenue sharing' --json");  // cases of several countries …
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t everywhere = nlohmann::json::parse(r.out).size();
  r = run_cli("cases search " + ws + " 'revenue sharing' --country AT --json");  // … of which the filter keeps the Austrian
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto at = nlohmann::json::parse(r.out);
  ASSERT_FALSE(at.empty()) << r.out;  // INKOBA, the Upper Austrian joint estate
  bool inkoba = false;
  for (const auto& h : at) {
    EXPECT_TRUE(h["id"] == "inkoba-upper-austria" || h["id"] == "graz-gentle-mobility" || h["id"] == "graz-gu-sued-urban-plus")
        << h["id"];  // Austrian cases only
    inkoba |= h["id"] == "inkoba-upper-austria";
  }
  EXPECT_TRUE(inkoba) << r.out;
  EXPECT_LT(at.size(), everywhere);

  r = run_cli("cases show " + ws + " zweckverband-zollernalb");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Sharing rule  host 10 % + 90 % by votes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not all facts verified"), std::string::npos) << r.out;

  write_file(dir / "profile.toml", "population = 1000000\nmunicipalities = 30\nstructure = \"polycentric\"\n"
                                   "themes = [\"commercial_land\"]\ncountry = \"DE\"\n");
  r = run_cli("cases similar " + ws + " --profile " + (dir / "profile.toml").string() + " --top 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto similar = nlohmann::json::parse(r.out);
  ASSERT_EQ(similar.size(), 3u);
  EXPECT_EQ(similar[0]["id"], "halle-leipzig-commercial-areas");
  EXPECT_EQ(similar[0]["parts"].size(), 5u);

  r = run_cli("cases export " + ws + " --out " + (dir / "all.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_cli("cases add " + ws + " " + (dir / "all.csv").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("exists already"), std::string::npos) << r.err;
  // Edit one case in the export; update writes it back and leaves the others as they were.
  std::string csv = read_file(dir / "all.csv");
  const auto at_name = csv.find("Zweckverband");
  ASSERT_NE(at_name, std::string::npos);
  csv.replace(at_name, std::string("Zweckverband").size(), "Zweckbund");
  write_file(dir / "all.csv", csv);
  r = run_cli("cases update " + ws + " " + (dir / "all.csv").string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Updated 17 cases"), std::string::npos) << r.out;
  r = run_cli("cases search " + ws + " Zweckbund --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(r.out).empty()) << r.out;

  r = run_cli("cases show " + ws + " no-such-case");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no case 'no-such-case'"), std::string::npos) << r.err;
  r = run_cli("cases similar " + ws);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("give --profile FILE or --region"), std::string::npos) << r.err;
}

TEST(PoolCli, SimulateHostBonusScenario) {
  TempDir dir;
  const std::string ws = (dir / "ws").string();
  ASSERT_EQ(run_cli("region create " + ws + " --name Test").exit_code, 0);
  write_file(dir / "pool.toml",
             "years = 3\nruns = 50\n[rules]\nhost_bonus = 0.1\nremainder = \"votes\"\n"
             "[[member]]\nkey = \"m\"\nvotes = 50\n[[member]]\nkey = \"a\"\nvotes = 50\n"
             "[[site]]\nid = \"s\"\nhost = \"m\"\nvalue = 1000000\nsale_year = 1\n");
  auto r = run_cli("pool simulate " + ws + " --scenario " + (dir / "pool.toml").string() + " --json --out " +
                   (dir / "years.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["members"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["members"][0]["total_pool"].get<double>(), 550000);
  EXPECT_DOUBLE_EQ(j["members"][1]["total_pool"].get<double>(), 450000);
  const std::string years = read_file(dir / "years.csv");  // money to the cent
  EXPECT_NE(years.find("\nm,1,1000000.00,550000.00\n"), std::string::npos) << years;
  EXPECT_NE(years.find("\na,1,0.00,450000.00\n"), std::string::npos) << years;
  r = run_cli("pool simulate " + ws + " --scenario " + (dir / "missing.toml").string());
  EXPECT_EQ(r.exit_code, 1);
}
