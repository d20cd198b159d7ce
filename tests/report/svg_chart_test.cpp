// Bar charts: bar lengths in proportion to the values, on one axis from zero, text escaped.
#include "report/svg_chart.hpp"
#include "report/svg_map.hpp"

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

TEST(SvgMap, NorthIsUpAndDotsLieInTheirOutline) {
  OGRPolygon square;
  OGRLinearRing ring;
  for (auto [x, y] : {std::pair{0.0, 0.0}, {1000.0, 0.0}, {1000.0, 500.0}, {0.0, 500.0}, {0.0, 0.0}}) ring.addPoint(x, y);
  square.addRing(&ring);
  const std::string svg = svg_map("T", {&square}, {{1000, 500, 4, "#f00", "1", "north-east <corner>"}, {0, 0, 4, "#0f0", "", "south-west"}},
                                  {{"#f00", "best"}}, "credit");
  std::regex dot(R"re(<circle cx="([0-9.]+)" cy="([0-9.]+)" r="[0-9.]+" fill="(#[0-9a-f]+)" stroke)re");
  std::vector<std::tuple<double, double, std::string>> dots;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), dot); it != std::sregex_iterator(); ++it)
    dots.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]), (*it)[3]);
  ASSERT_EQ(dots.size(), 3u);  // two sites and the legend
  const auto& [nx, ny, ncol] = dots[0];
  const auto& [sx, sy, scol] = dots[1];
  EXPECT_EQ(ncol, "#f00");
  EXPECT_NEAR(nx - sx, 700, 0.2);   // 1000 m over the 700 px inside the padding
  EXPECT_NEAR(sy - ny, 350, 0.2);   // north is up, same scale both ways
  EXPECT_NE(svg.find("north-east &lt;corner&gt;"), std::string::npos);
  EXPECT_NE(svg.find("200 m"), std::string::npos);  // scale bar
}
