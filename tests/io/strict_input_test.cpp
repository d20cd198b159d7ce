// One strict-input discipline for every CSV (issue 13 §1): numbers read whole or refused with
// FILE:LINE and the field, decimal commas on request, ambiguous files refused, encodings.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/csv.hpp"
#include "io/points.hpp"
#include "land/sites.hpp"
#include "region/accessibility.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using cityregions::test::data_path;
using cityregions::test::fingerprint;
using cityregions::test::TempDir;
using cityregions::test::write_file;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

const char* kRhineNeckar = "rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson";

struct StatsWorkspace {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  StatsWorkspace() {
    import_municipalities(ws, data_path(kRhineNeckar), {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""});
  }
  std::filesystem::path csv(const std::string& text) {
    write_file(dir / "stats.csv", text);
    return dir / "stats.csv";
  }
  std::string value(const std::string& column, const std::string& key = "08222000") {
    auto st = ws.db().prepare("SELECT typeof(" + column + ") || ':' || " + column + " FROM municipalities WHERE key = ?");
    st.bind(1, key);
    return st.step() ? (st.is_null(0) ? "null" : st.text(0)) : "(no row)";
  }
};

}  // namespace

TEST(StrictCsv, NumbersAreReadWholeOrNotAtAll) {
  EXPECT_EQ(parse_number("1234.5"), 1234.5);
  EXPECT_EQ(parse_number(" -3 "), -3);
  EXPECT_EQ(parse_number("12 345"), 12345);
  EXPECT_FALSE(parse_number("9x000"));
  EXPECT_FALSE(parse_number("12,5"));
  EXPECT_FALSE(parse_number("inf"));
  EXPECT_FALSE(parse_number("nan"));
  EXPECT_FALSE(parse_number("1."));
  EXPECT_EQ(parse_number("1.234,5", true), 1234.5);
  EXPECT_EQ(parse_number("12,5", true), 12.5);
  EXPECT_EQ(parse_number("1.234", true), 1234);
  EXPECT_EQ(parse_number("12.500.000", true), 12500000);
  EXPECT_FALSE(parse_number("1.5", true));
  EXPECT_FALSE(parse_number("12.34,5", true));
  EXPECT_EQ(parse_whole("190000"), 190000);
  EXPECT_FALSE(parse_whole("200.123"));
  EXPECT_FALSE(parse_whole("12345.0"));
  EXPECT_FALSE(parse_whole("99999999999999999999"));
  EXPECT_EQ(parse_whole("200.123", true), 200123);
  EXPECT_TRUE(ambiguous_thousands("1.234"));
  EXPECT_TRUE(ambiguous_thousands("12.500.000"));
  EXPECT_FALSE(ambiguous_thousands("0.125"));
  EXPECT_FALSE(ambiguous_thousands("1.25"));
}

TEST(StrictCsv, ReaderNamesFileLineAndField) {
  CsvReader r("t.csv", "id;jobs\na;9x000\n");
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(error_of([&] { r.whole(f, 1); }), "t.csv:2: field 'jobs': '9x000' is not a whole number");
  EXPECT_EQ(error_of([&] { r.number(f, 1); }), "t.csv:2: field 'jobs': '9x000' is not a number");
  CsvReader c("c.csv", "id;v\na;12,5\n");
  ASSERT_TRUE(c.next(f));
  EXPECT_NE(error_of([&] { c.number(f, 1); }).find("c.csv:2: field 'v': '12,5' has a decimal comma (give --decimal-comma"),
            std::string::npos);
}

TEST(StrictCsv, InvalidUtf8IsAnErrorNamingTheLine) {
  const std::string text = "id,name\n1,Mannheim\n2,Wei\xDF" "enheim\n";
  EXPECT_EQ(error_of([&] { CsvReader("w.csv", text); }),
            "w.csv:3: invalid UTF-8 (byte 0xDF); give --encoding windows-1252 or --encoding latin-1 if the file is not UTF-8");
  CsvReader r("w.csv", text, {TextEncoding::windows1252, false});
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f[1], "Wei\xC3\x9F" "enheim");
  CsvReader euro("e.csv", "a\n\x80\n", {TextEncoding::windows1252, false});
  ASSERT_TRUE(euro.next(f));
  EXPECT_EQ(f[0], "\xE2\x82\xAC");
  CsvReader latin("l.csv", "a\n\x80\n", {TextEncoding::latin1, false});
  ASSERT_TRUE(latin.next(f));
  EXPECT_EQ(f[0], "\xC2\x80");
  EXPECT_NE(error_of([&] { CsvReader("u.csv", "a\n\x81\n", {TextEncoding::windows1252, false}); }).find("u.csv:2:"),
            std::string::npos);
  EXPECT_EQ(parse_encoding("Windows-1252"), TextEncoding::windows1252);
  EXPECT_NE(error_of([] { parse_encoding("ebcdic"); }).find("--encoding"), std::string::npos);
}

// Before: "9x000" in the INTEGER column jobs was stored as text and read back as 9.
TEST(StrictCsv, StatsRefuseAValueNotOfItsColumnsTypeAndWriteNothing) {
  StatsWorkspace s;
  const std::string before = fingerprint(s.dir / "ws");
  EXPECT_EQ(error_of([&] { import_stats(s.ws, s.csv("AGS;jobs\n08222000;9x000\n"), "AGS"); }),
            (s.dir / "stats.csv").string() + ":2: field 'jobs': '9x000' is not a whole number");
  EXPECT_EQ(error_of([&] { import_stats(s.ws, s.csv("AGS;jobs\n08222000;200.123\n"), "AGS"); }).substr((s.dir / "stats.csv").string().size()),
            ":2: field 'jobs': '200.123' is not a whole number (a thousands dot? give --decimal-comma for files in the 1.234,5 style)");
  EXPECT_NE(error_of([&] { import_stats(s.ws, s.csv("AGS;jobs\n08222000;12,5\n"), "AGS"); }).find("'12,5' has a decimal comma"),
            std::string::npos);
  // A new column of numbers with one word in it is an error, not silently text.
  EXPECT_NE(error_of([&] { import_stats(s.ws, s.csv("AGS;rate\n08222000;1.5\n08221000;2.5\n07314000;3.5\n07316000;n/a\n"), "AGS"); })
                .find(":5: field 'rate': 'n/a' is not a number"),
            std::string::npos);
  EXPECT_EQ(fingerprint(s.dir / "ws"), before);
  EXPECT_EQ(s.value("jobs"), "null");
}

TEST(StrictCsv, StatsRefuseAColumnThatReadsTwoWaysAndReadDecimalCommas) {
  StatsWorkspace s;
  EXPECT_NE(error_of([&] { import_stats(s.ws, s.csv("AGS;tax\n08222000;1.234\n08221000;12.500\n"), "AGS"); })
                .find(":2: field 'tax': '1.234' may be 1.234 or a whole number with a thousands dot"),
            std::string::npos);
  const auto file = s.csv("AGS;tax;debt\n08222000;1.234;1.234,5\n08221000;12.500;12,5\n");
  const auto r = import_stats(s.ws, file, "AGS", "", {TextEncoding::utf8, true});
  EXPECT_EQ(r.records, 2u);
  EXPECT_EQ(s.value("tax"), "integer:1234");
  EXPECT_EQ(s.value("debt"), "real:1234.5");
  EXPECT_EQ(s.value("debt", "08221000"), "real:12.5");
  // A decimal point in a decimal-comma file is refused.
  EXPECT_NE(error_of([&] { import_stats(s.ws, s.csv("AGS;debt\n08222000;1.5\n"), "AGS", "", {TextEncoding::utf8, true}); })
                .find("'1.5' has a decimal point, but the file is read with --decimal-comma"),
            std::string::npos);
}

TEST(StrictCsv, StatsListUnmatchedKeysWithALostLeadingZero) {
  StatsWorkspace s;
  std::string text = "AGS;jobs\n8222000;1\n";
  for (int i = 0; i < 12; ++i) text += "9900000" + std::to_string(i) + ";1\n";
  const auto r = import_stats(s.ws, s.csv(text), "AGS");
  EXPECT_EQ(r.records, 0u);
  EXPECT_EQ(r.skipped, 13u);
  ASSERT_EQ(r.unmatched.size(), 10u);
  EXPECT_EQ(r.unmatched[0], "8222000");
  ASSERT_EQ(r.hints.size(), 1u);
  EXPECT_NE(r.hints[0].find("'8222000' lacks the leading zero of '08222000'"), std::string::npos);
}

TEST(StrictCsv, StatsFromWindows1252) {
  StatsWorkspace s;
  import_stats(s.ws, s.csv("AGS;note\n08222000;Gro\xDF" "stadt\n"), "AGS", "", {TextEncoding::windows1252, false});
  EXPECT_EQ(s.value("note"), "text:Gro\xC3\x9F" "stadt");
  EXPECT_NE(error_of([&] { import_stats(s.ws, s.csv("AGS;note\n08222000;Gro\xDF" "stadt\n"), "AGS"); }).find(":2: invalid UTF-8"),
            std::string::npos);
}

// Before: "49.1x" as a site's latitude was read as 49.1, "9x000" as a grid value as 9.
TEST(StrictCsv, SitesPointsAndGridsReadNumbersWhole) {
  StatsWorkspace s;
  write_file(s.dir / "points.csv", "id,lat,lon,jobs\na,49.48,8.46,9x000\n");
  EXPECT_EQ(error_of([&] { read_point_file((s.dir / "points.csv").string(), "jobs"); }),
            (s.dir / "points.csv").string() + ":2: field 'jobs': '9x000' is not a number");
  write_file(s.dir / "sites.csv", "id,lat,lon,area_ha\ns1,49.48x,8.46,3\n");
  SiteInventory inv(s.ws);
  EXPECT_EQ(error_of([&] { inv.import(s.dir / "sites.csv", {}, "test"); }),
            (s.dir / "sites.csv").string() + ":2: field 'lat': '49.48x' is not a number");
  write_file(s.dir / "sites.csv", "id,lat,lon,area_ha\ns1,49.48,8.46,3ha\n");
  EXPECT_EQ(error_of([&] { inv.import(s.dir / "sites.csv", {}, "test"); }),
            (s.dir / "sites.csv").string() + ":2: field 'area_ha': '3ha' is not a number");
  write_file(s.dir / "grid.csv", "id,pop\nCRS3035RES1000mN2930000E4200000,9x000\n");
  EXPECT_EQ(error_of([&] { import_grid_values(s.ws, s.dir / "grid.csv", 1000, "pop", "id", "pop"); }),
            (s.dir / "grid.csv").string() + ":2: field 'pop': '9x000' is not a number");
}
