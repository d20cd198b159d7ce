// Bar charts: bar lengths in proportion to the values, on one axis from zero, text escaped.
#include "report/svg_chart.hpp"

#include <gtest/gtest.h>

#include <regex>

using namespace cityregions;

TEST(SvgChart, BarsAreProportionalAndTextEscaped) {
  BarChart c{"Revenue <alone> & pooled", "€", {"A", "B"}, {{"alone", "#f00", {50, 100}}, {"pool", "#00f", {75, -25}}}, false};
  const std::string svg = svg_bar_chart(c);
  EXPECT_NE(svg.find("Revenue &lt;alone&gt; &amp; pooled"), std::string::npos);
  std::regex bar(R"re(<rect x="([-0-9.]+)" y="[-0-9.]+" width="([0-9.]+)" height="11")re");
  std::vector<std::pair<double, double>> bars;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
    bars.push_back({std::stod((*it)[1]), std::stod((*it)[2])});
  ASSERT_EQ(bars.size(), 4u);
  // 50, 75, 100, −25 in order of rows and series: widths in proportion 2 : 3 : 4 : 1.
  EXPECT_NEAR(bars[0].second * 2, bars[2].second, 0.2);
  EXPECT_NEAR(bars[1].second * 4, bars[2].second * 3, 0.3);
  EXPECT_NEAR(bars[3].second * 4, bars[2].second, 0.2);
  // The negative bar ends where the positive ones start (the zero line).
  EXPECT_NEAR(bars[3].first + bars[3].second, bars[0].first, 0.1);
  EXPECT_EQ(svg.rfind("</svg>"), svg.size() - 7);
}

TEST(SvgChart, StackedBarsAddUp) {
  BarChart c{"ha", "ha", {"X"}, {{"now", "#0a0", {10}}, {"later", "#aa0", {30}}}, true};
  const std::string svg = svg_bar_chart(c);
  std::regex bar(R"re(<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)" height="11")re");
  std::vector<std::pair<double, double>> bars;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
    bars.push_back({std::stod((*it)[1]), std::stod((*it)[2])});
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_NEAR(bars[0].first + bars[0].second, bars[1].first, 0.1);
  EXPECT_NEAR(bars[1].second, 3 * bars[0].second, 0.2);
}
