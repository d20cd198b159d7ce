#pragma once
// Horizontal bar charts as standalone SVG text (no script, no external fonts), for reports that
// must open anywhere and print: one row per label, bars grouped or stacked per series.
#include <string>
#include <vector>

namespace cityregions {

struct ChartSeries {
  std::string name, colour;    // colour as CSS, e.g. "#1f77b4"
  std::vector<double> values;  // one per label
};

struct BarChart {
  std::string title, unit;  // unit shown on the axis, e.g. "€" or "ha"
  std::vector<std::string> labels;
  std::vector<ChartSeries> series;
  bool stacked = false;
};

std::string svg_bar_chart(const BarChart& chart);
// Escapes text for HTML and SVG.
std::string xml_escape(const std::string& text);

}  // namespace cityregions
