// Means per municipality say what they do not know: over the zones with a value only, NULL where
// no zone has one (never 0), with the share of the population that has a value.
#include <gtest/gtest.h>

#include "region/accessibility.hpp"

using namespace cityregions;

TEST(Coverage, MeansOverZonesWithAValueAndNullWithoutAny) {
  // Three municipalities, two columns. A: both zones valued; B: one of two; C: none.
  std::vector<AccessSummaryRow> rows = {{"A", "A", 0, std::nullopt, {}}, {"B", "B", 0, std::nullopt, {}},
                                        {"C", "C", 0, std::nullopt, {}}, {"D", "D", 0, std::nullopt, {}}};
  const std::vector<size_t> row_of_zone = {0, 0, 1, 1, 2, 2, 3, std::string::npos};
  const std::vector<double> weights = {100, 300, 250, 750, 40, 60, 0, 1000};
  using V = std::optional<double>;
  // Zone by zone, two columns each.
  const std::vector<V> values = {V(10), V(20), V(8), V(9),   // A
                                 V(1),  V(2),  {},   {},     // B: its second zone is off the network
                                 {},    {},    {},   {},     // C: no zone reached anything
                                 V(5),  V(5),  V(7), V(7)};  // D (weight 0) and a zone of no municipality
  const auto out = summarise_by_municipality(rows, row_of_zone, weights, values, 2);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_DOUBLE_EQ(*out[0].mean[0], (100 * 10 + 300 * 8) / 400.0);
  EXPECT_DOUBLE_EQ(*out[0].mean[1], (100 * 20 + 300 * 9) / 400.0);
  EXPECT_DOUBLE_EQ(*out[0].coverage, 1.0);
  EXPECT_DOUBLE_EQ(out[0].weight, 400);
  // B: the mean of the valued zone, not diluted by a 0 for the other; coverage 25 %.
  EXPECT_DOUBLE_EQ(*out[1].mean[0], 1);
  EXPECT_DOUBLE_EQ(*out[1].mean[1], 2);
  EXPECT_DOUBLE_EQ(*out[1].coverage, 0.25);
  EXPECT_LT(*out[1].coverage, kLowCoverage);
  // C: no value at all → no mean (the old code reported 0), coverage 0.
  EXPECT_FALSE(out[2].mean[0].has_value());
  EXPECT_FALSE(out[2].mean[1].has_value());
  EXPECT_DOUBLE_EQ(*out[2].coverage, 0.0);
  EXPECT_DOUBLE_EQ(out[2].weight, 0);
  // D: nobody lives in its zones: neither a mean nor a coverage.
  EXPECT_FALSE(out[3].coverage.has_value());
  EXPECT_FALSE(out[3].mean[0].has_value());
}
