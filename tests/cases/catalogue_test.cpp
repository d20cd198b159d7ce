#include "cases/catalogue.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cases/similarity.hpp"
#include "core/error.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {

// A small fixed catalogue whose ranking and scores can be worked out by hand.
const char* kFixture = R"({"cases": [
  {"id": "pool-a", "name": "Commercial land pool Alpha", "region": "Alpha valley", "country": "DE",
   "themes": ["commercial_land"], "instruments": ["land_pool", "revenue_sharing_key"], "legal_form": "Zweckverband",
   "population": 1000000, "municipalities": 10, "structure": "polycentric", "verified": true,
   "summary": "Sites are pooled; proceeds shared by pool share.",
   "sharing_rule": {"basis": "trade tax", "host_bonus": 0.1, "remainder": "votes", "votes": {"A": 60, "B": 40}}},
  {"id": "rights-b", "name": "Planning rights exchange Beta", "region": "Beta district", "country": "DE",
   "themes": ["commercial_land"], "instruments": ["planning_rights_pool"], "legal_form": "regional-planning contract",
   "population": 300000, "municipalities": 16, "structure": "polycentric", "verified": false,
   "summary": "Allowances of the regional plan go into a common account."},
  {"id": "bus-c", "name": "Feeder buses Gamma", "region": "Gamma city region", "country": "AT",
   "themes": ["public_transport", "transport"], "instruments": ["joint_concept"], "legal_form": "association",
   "population": 100000, "structure": "monocentric", "verified": true,
   "summary": "Buses feed the rail stations off-peak; a land use plan was not part of it."},
  {"id": "green-d", "name": "Green belt Delta", "region": "Delta", "country": "PL",
   "themes": ["green_areas"], "instruments": ["joint_concept"], "municipalities": 40, "verified": true,
   "summary": "A shared concept for open spaces."}
]})";

std::vector<std::string> ids(const std::vector<CaseHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.c.id);
  return out;
}

struct CatalogueTest : ::testing::Test {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "Test", 3035);
  CaseCatalogue catalogue{ws};
  void SetUp() override { catalogue.load(parse_cases(kFixture, "fixture.json")); }
};

}  // namespace

TEST_F(CatalogueTest, SearchRanksNameAndInstrumentMatchesFirst) {
  const auto hits = catalogue.search("land pool", {});
  ASSERT_GE(hits.size(), 3u);
  EXPECT_EQ(hits[0].c.id, "pool-a");    // both words in name and instrument
  EXPECT_EQ(hits[1].c.id, "rights-b");  // "pool" in the instrument label, "land" in the theme label
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_GT(hits[1].score, hits.back().score);
  EXPECT_NE(hits[0].snippet.find("[pool"), std::string::npos) << hits[0].snippet;
  // Stemming: "pools" and "pooling" find "pool"; diacritics fold.
  EXPECT_EQ(ids(catalogue.search("pools", {})).front(), "pool-a");
  EXPECT_EQ(ids(catalogue.search("Zweckverbände", {})), std::vector<std::string>{"pool-a"});
  // Quotes and operators are words, not syntax.
  const auto odd = ids(catalogue.search("pool\" OR name: * AND (", {}));
  ASSERT_FALSE(odd.empty());
  EXPECT_EQ(odd.front(), "pool-a");  // "pool" still ranks first, as a word
  for (const auto& id : ids(catalogue.search("pool", {})))
    EXPECT_NE(std::find(odd.begin(), odd.end(), id), odd.end()) << id;
  EXPECT_TRUE(catalogue.search("nothingmatchesthis", {}).empty());
}

TEST_F(CatalogueTest, FiltersNarrowTheResult) {
  CaseFilter f;
  f.country = "de";
  EXPECT_EQ(ids(catalogue.search("", f)), (std::vector<std::string>{"pool-a", "rights-b"}));  // by name
  f = {};
  f.theme = "transport";
  EXPECT_EQ(ids(catalogue.search("", f)), std::vector<std::string>{"bus-c"});
  f = {};
  f.instrument = "joint_concept";
  EXPECT_EQ(ids(catalogue.search("", f)), (std::vector<std::string>{"bus-c", "green-d"}));
  f = {};
  f.min_population = 200000;
  f.max_population = 500000;
  EXPECT_EQ(ids(catalogue.search("", f)), std::vector<std::string>{"rights-b"});
  f = {};
  f.min_municipalities = 11;
  EXPECT_EQ(ids(catalogue.search("", f)), (std::vector<std::string>{"green-d", "rights-b"}));
  f = {};
  f.legal_form = "contract";
  EXPECT_EQ(ids(catalogue.search("land", f)), std::vector<std::string>{"rights-b"});
  f = {};
  f.verified_only = true;
  EXPECT_EQ(catalogue.search("", f).size(), 3u);
  f = {};
  f.theme = "no_such_theme";
  EXPECT_THROW(catalogue.search("", f), Error);
}

TEST_F(CatalogueTest, SimilarityScoresAreExplainedAndComputable) {
  RegionProfile p;
  p.population = 1000000;
  p.municipalities = 10;
  p.structure = "polycentric";
  p.themes = {"commercial_land", "transport"};
  const auto found = similar_cases(catalogue.all(), p, 10);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].c.id, "pool-a");
  // Weights 0.30/0.20/0.15/0.30 renormalised over 0.95 (no country given).
  // pool-a: population 1, municipalities 1, structure 1, themes 1/2.
  EXPECT_NEAR(found[0].score, 100 * (0.30 + 0.20 + 0.15 + 0.30 * 0.5) / 0.95, 1e-9);
  ASSERT_EQ(found[0].parts.size(), 4u);
  EXPECT_EQ(found[0].parts[3].attribute, "themes");
  EXPECT_NE(found[0].parts[3].reason.find("1 of 2"), std::string::npos);
  // bus-c: population a factor 10 smaller (0), municipalities unknown (0.5), monocentric (0), themes 1/2.
  const auto bus = std::find_if(found.begin(), found.end(), [](const SimilarCase& s) { return s.c.id == "bus-c"; });
  EXPECT_NEAR(bus->score, 100 * (0.20 * 0.5 + 0.30 * 0.5) / 0.95, 1e-9);
  // rights-b: population 0.3 m vs 1 m → 1 − log10(1/0.3); municipalities 16 vs 10 → 1 − log10(1.6).
  const auto rights = std::find_if(found.begin(), found.end(), [](const SimilarCase& s) { return s.c.id == "rights-b"; });
  const double expected = 0.30 * (1 - std::log10(1 / 0.3)) + 0.20 * (1 - std::log10(1.6)) + 0.15 + 0.30 * 0.5;
  EXPECT_NEAR(rights->score, 100 * expected / 0.95, 1e-9);
  // A country counts once given.
  p.country = "AT";
  const auto with_country = similar_cases(catalogue.all(), p, 1);
  ASSERT_EQ(with_country[0].parts.back().attribute, "country");
  EXPECT_NEAR(with_country[0].parts.back().weight, 0.05, 1e-12);
}

TEST_F(CatalogueTest, AddUpdateRemoveAreCheckedAndAtomic) {
  auto c = parse_cases(kFixture, "fixture.json")[0];
  EXPECT_THROW(catalogue.add({c}), Error);  // exists already
  c.id = "pool-e";
  auto other = c;
  other.id = "pool-a";  // exists: the whole batch is refused
  EXPECT_THROW(catalogue.add({c, other}), Error);
  EXPECT_EQ(catalogue.size(), 4u);
  EXPECT_FALSE(catalogue.get("pool-e"));
  catalogue.add({c});
  EXPECT_EQ(catalogue.size(), 5u);
  c.name = "Renamed";
  catalogue.update({c});
  EXPECT_EQ(catalogue.get("pool-e")->name, "Renamed");
  EXPECT_EQ(ids(catalogue.search("renamed", {})), std::vector<std::string>{"pool-e"});  // index follows
  c.id = "unknown";
  EXPECT_THROW(catalogue.update({c}), Error);
  catalogue.remove("pool-e");
  EXPECT_TRUE(catalogue.search("renamed", {}).empty());
  EXPECT_THROW(catalogue.remove("pool-e"), Error);
}

TEST_F(CatalogueTest, JsonAndCsvRoundTrip) {
  const auto before = catalogue.all();
  write_case_csv(before, (dir / "cases.csv").string());
  const auto from_csv = read_case_csv((dir / "cases.csv").string());
  ASSERT_EQ(from_csv.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(case_to_json(from_csv[i]), case_to_json(before[i])) << before[i].id;
  nlohmann::json j;
  for (const auto& c : before) j.push_back(case_to_json(c));
  const auto from_json = parse_cases(j.dump(), "x.json");
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(case_to_json(from_json[i]), case_to_json(before[i]));
}

TEST(CaseValidation, ErrorsNameFileRecordAndField) {
  auto expect = [](const std::string& json, const std::string& fragment) {
    try {
      parse_cases(json, "mine.json");
      ADD_FAILURE() << "no error for " << json;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect(R"([{"id":"a","name":"A","region":"R","country":"DE","themes":["land"]}])",
         "mine.json:case 1 (id a): field 'themes': unknown value 'land'");
  expect(R"([{"id":"a","name":"A","region":"R","country":"DE","themes":["retail"]},
             {"id":"a","name":"B","region":"R","country":"DE","themes":["retail"]}])",
         "mine.json:case 2: field 'id': duplicate id 'a'");
  expect(R"([{"id":"a","region":"R","country":"DE","themes":["retail"]}])", "field 'name': missing");
  expect(R"([{"id":"a","name":"A","region":"R","country":"Germany","themes":["retail"]}])", "field 'country'");
  expect(R"([{"id":"a","name":"A","region":"R","country":"DE","themes":["retail"],"start_year":2010,"end_year":2001}])",
         "field 'end_year': before start_year");
  expect(R"([{"id":"a","name":"A","region":"R","country":"DE","themes":["retail"],"sources":["www.x.de"]}])",
         "field 'sources': 'www.x.de' is not an http(s) address");
  expect(R"([{"id":"a","name":"A","region":"R","country":"DE","themes":["retail"],"verfied":true}])",
         "field 'verfied': unknown field");
  expect(R"([{"id":"a","name":"A","region":"R","country":"DE","themes":["retail"],
              "sharing_rule":{"host_bonus":1.5,"remainder":"votes","votes":{"X":1}}}])",
         "field 'sharing_rule.host_bonus'");
  expect(R"([{"id":"a","name":"A","region":"R","country":"DE","themes":["retail"],"sharing_rule":{"remainder":"votes"}}])",
         "remainder by votes needs the votes");
  expect("[{", "mine.json: not valid JSON");

  TempDir dir;
  write_file(dir / "bad.csv", "id,name,region,country,themes,start_year\na,A,R,DE,retail,20x0\n");
  try {
    read_case_csv((dir / "bad.csv").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:2: field 'start_year': '20x0' is not a whole number"), std::string::npos)
        << e.what();
  }
}

TEST(SeedCatalogue, HoldsThePilotsAndTheVerifyMarks) {
  const auto cases = seed_cases();
  EXPECT_GE(cases.size(), 17u);
  int pilots = 0;
  for (const auto& c : cases) {
    pilots += c.kind == "pilot";
    EXPECT_FALSE(c.sources.empty()) << c.id << " has no source";
  }
  EXPECT_EQ(pilots, 5);
  auto find = [&](const std::string& id) {
    const auto it = std::find_if(cases.begin(), cases.end(), [&](const Case& c) { return c.id == id; });
    EXPECT_NE(it, cases.end()) << id;
    return *it;
  };
  EXPECT_TRUE(find("brabantstad").verified);
  EXPECT_FALSE(find("metropolregion-hamburg").verified);  // ⚠ verify in the research brief
  const auto z = find("zweckverband-zollernalb");
  ASSERT_TRUE(z.sharing_rule);
  EXPECT_DOUBLE_EQ(z.sharing_rule->host_bonus, 0.10);
  double votes = 0;
  for (const auto& [m, v] : z.sharing_rule->votes) votes += v;
  EXPECT_DOUBLE_EQ(votes, 100);
  EXPECT_EQ(describe(*z.sharing_rule),
            "host 10 % + 90 % by votes (Albstadt 24, Balingen 20, Meßstetten 50, Nusplingen 3, Obernheim 3) of trade tax "
            "and property tax B from the estate");
}

TEST(SeedCatalogue, LandPoolSearchListsThePoolCasesFirst) {
  TempDir dir;
  auto ws = Workspace::create(dir / "ws", "Test", 3035);
  CaseCatalogue catalogue(ws);
  catalogue.load(seed_cases());
  const auto hits = catalogue.search("land pool", {});
  ASSERT_GE(hits.size(), 2u);
  const std::vector<std::string> top{hits[0].c.id, hits[1].c.id};
  EXPECT_TRUE(std::is_permutation(top.begin(), top.end(),
                                  std::vector<std::string>{"gewerbeflaechenpool-neckar-alb", "gewerbeflaechenpool-kreis-kleve"}.begin()));
}

TEST(RegionProfile, DerivedFromTheWorkspace) {
  TempDir dir;
  auto ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                        {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""});
  const auto p = region_profile(ws);
  EXPECT_EQ(p.municipalities, 84);
  EXPECT_EQ(p.population, 1451185);
  EXPECT_EQ(p.structure, "polycentric");  // Ludwigshafen has more than half of Mannheim's population
  write_file(dir / "p.toml", "name = \"X\"\npopulation = 500000\nmunicipalities = 20\nstructure = \"monocentric\"\n"
                             "themes = [\"cycling\"]\ncountry = \"AT\"\n");
  const auto q = load_region_profile(dir / "p.toml");
  EXPECT_EQ(q.population, 500000);
  EXPECT_EQ(q.themes, std::vector<std::string>{"cycling"});
  write_file(dir / "bad.toml", "themes = [\"biking\"]\n");
  EXPECT_THROW(load_region_profile(dir / "bad.toml"), Error);
}
