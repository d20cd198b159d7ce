// UTF-8 checking and repair, on the cases of Unicode's Table 3-7 and the usual traps.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "core/temp_dir.hpp"
#include "core/utf8.hpp"

using namespace cityregions;

TEST(Utf8, AcceptsWellFormedText) {
  for (const char* s : {"", "Mannheim", "Straße", "Wrocław", "Plzeň", "€", "\xF0\x9F\x9A\xB2" /* 🚲 */, "\xEF\xBB\xBF" "BOM"})
    EXPECT_TRUE(valid_utf8(s)) << s;
}

TEST(Utf8, FindsTheFirstMalformedByte) {
  EXPECT_EQ(invalid_utf8_at("Stra\xDF" "e"), 4u);            // Windows-1252 ß
  EXPECT_EQ(invalid_utf8_at("ab\xC3"), 2u);                  // cut sequence
  EXPECT_EQ(invalid_utf8_at("\xC0\xAF"), 0u);                // overlong '/'
  EXPECT_EQ(invalid_utf8_at("\xE0\x80\xAF"), 0u);            // overlong, three bytes
  EXPECT_EQ(invalid_utf8_at("\xED\xA0\x80"), 0u);            // surrogate U+D800
  EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0u);        // above U+10FFFF
  EXPECT_EQ(invalid_utf8_at("ok\x80"), 2u);                  // lone continuation byte
  EXPECT_EQ(invalid_utf8_at("\xF5\x80\x80\x80"), 0u);        // no such lead byte
}

TEST(Utf8, ReplacesEachMalformedByte) {
  EXPECT_EQ(replace_invalid_utf8("Stra\xDF" "e"), "Stra\xEF\xBF\xBD" "e");
  EXPECT_EQ(replace_invalid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(replace_invalid_utf8("Straße"), "Straße");
}

TEST(TempDirectory, IsPrivateUniqueAndRemoved) {
  std::filesystem::path a_path;
  {
    const TempDirectory a("cityregions-t-"), b("cityregions-t-");
    a_path = a.path();
    EXPECT_NE(a.path(), b.path());
    EXPECT_TRUE(a.path().filename().string().starts_with("cityregions-t-"));
    struct stat st {};
    ASSERT_EQ(::stat(a.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    std::ofstream(a.path() / "x") << "y";
  }
  EXPECT_FALSE(std::filesystem::exists(a_path));
}
