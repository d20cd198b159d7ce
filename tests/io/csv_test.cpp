#include "io/csv.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using cityregions::test::TempDir;
using cityregions::test::write_file;

TEST(Csv, ReadsBomQuotesCrlfAndSemicolons) {
  TempDir dir;
  write_file(dir / "a.csv", "\xEF\xBB\xBF" "ags;name;population\r\n01001000;\"Flensburg; Stadt\";90164\r\n\r\n01002000;\"Kiel \"\"Landeshauptstadt\"\"\";246794\r\n");
  CsvReader r((dir / "a.csv").string());
  ASSERT_EQ(r.header().size(), 3u);
  EXPECT_EQ(r.header()[0], "ags");
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.line(), 2u);
  EXPECT_EQ(f[0], "01001000");
  EXPECT_EQ(f[1], "Flensburg; Stadt");
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.line(), 4u);
  EXPECT_EQ(f[1], "Kiel \"Landeshauptstadt\"");
  EXPECT_EQ(f[2], "246794");
  EXPECT_FALSE(r.next(f));
}

TEST(Csv, WrongFieldCountNamesFileAndLine) {
  TempDir dir;
  write_file(dir / "b.csv", "id,lat,lon\n1,49.1,8.1\n2,49.2\n");
  CsvReader r((dir / "b.csv").string());
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  try {
    r.next(f);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("b.csv:3: expected 3 fields, found 2"), std::string::npos) << e.what();
  }
}

TEST(Csv, MissingColumnListsTheHeader) {
  TempDir dir;
  write_file(dir / "c.csv", "id,lat,lng\n");
  CsvReader r((dir / "c.csv").string());
  try {
    r.require_column("lon");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("field 'lon'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("id, lat, lng"), std::string::npos) << e.what();
  }
}
