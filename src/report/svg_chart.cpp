#include "report/svg_chart.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace cityregions {

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// A round axis step (1, 2 or 5 × 10^k) giving about five ticks.
double nice_step(double range) {
  if (range <= 0) return 1;
  const double raw = range / 5, mag = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

std::string short_number(double v) {
  const double a = std::abs(v);
  if (a >= 1e9) return fmt::format("{:g} bn", v / 1e9);
  if (a >= 1e6) return fmt::format("{:g} m", v / 1e6);
  if (a >= 1e3) return fmt::format("{:g} k", v / 1e3);
  return fmt::format("{:g}", v);
}

}  // namespace

std::string svg_bar_chart(const BarChart& c) {
  const double label_w = 190, plot_w = 520, right = 30, top = 50, bar_h = 12, gap = 8;
  const size_t n = c.labels.size(), k = c.series.size();
  const double row_h = (c.stacked ? bar_h : bar_h * static_cast<double>(k)) + gap;
  const double height = top + row_h * static_cast<double>(n) + 50;
  double lo = 0, hi = 0;
  for (size_t i = 0; i < n; ++i) {
    double pos = 0, neg = 0;
    for (const auto& s : c.series) {
      const double v = i < s.values.size() ? s.values[i] : 0;
      if (c.stacked) (v >= 0 ? pos : neg) += v;
      else hi = std::max(hi, v), lo = std::min(lo, v);
    }
    if (c.stacked) hi = std::max(hi, pos), lo = std::min(lo, neg);
  }
  const double step = nice_step(hi - lo);
  lo = std::floor(lo / step) * step;
  hi = std::max(std::ceil(hi / step) * step, lo + step);
  auto x = [&](double v) { return label_w + (v - lo) / (hi - lo) * plot_w; };
  const double width = label_w + plot_w + right;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n<title>{2}</title>\n"
      "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n",
      width, height, xml_escape(c.title));
  // Legend.
  double lx = label_w;
  for (const auto& s : c.series) {
    svg += fmt::format("<rect x=\"{:.0f}\" y=\"30\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{:.0f}\" y=\"39\">{}</text>\n", lx,
                       s.colour, lx + 14, xml_escape(s.name));
    lx += 24 + 7 * static_cast<double>(s.name.size());
  }
  // Grid and axis.
  const double bottom = top + row_h * static_cast<double>(n);
  for (double t = lo; t <= hi + step / 2; t += step)
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.0f}\" x2=\"{0:.1f}\" y2=\"{2:.0f}\" stroke=\"{3}\"/>"
        "<text x=\"{0:.1f}\" y=\"{4:.0f}\" text-anchor=\"middle\">{5}</text>\n",
        x(t), top - 4, bottom, std::abs(t) < step / 2 ? "#444" : "#ddd", bottom + 14, short_number(std::abs(t) < step / 2 ? 0 : t));
  svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" text-anchor=\"middle\">{}</text>\n", label_w + plot_w / 2, bottom + 32,
                     xml_escape(c.unit));
  for (size_t i = 0; i < n; ++i) {
    const double y0 = top + row_h * static_cast<double>(i);
    std::string label = c.labels[i].size() > 30 ? c.labels[i].substr(0, 29) + "…" : c.labels[i];
    svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", label_w - 6,
                       y0 + (row_h - gap) / 2 + 4, xml_escape(label));
    double pos = 0, neg = 0;
    for (size_t j = 0; j < k; ++j) {
      const double v = i < c.series[j].values.size() ? c.series[j].values[i] : 0;
      double from = 0;
      double y = y0 + (c.stacked ? 0 : bar_h * static_cast<double>(j));
      if (c.stacked) {
        from = v >= 0 ? pos : neg;
        (v >= 0 ? pos : neg) += v;
      }
      const double a = x(from), b = x(from + v);
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.0f}\" fill=\"{}\"><title>{}: {}</title></rect>\n",
                         std::min(a, b), y, std::abs(b - a), bar_h - 1, c.series[j].colour, xml_escape(c.series[j].name),
                         short_number(v));
    }
  }
  return svg + "</svg>\n";
}

}  // namespace cityregions
