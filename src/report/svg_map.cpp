#include "report/svg_map.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report/svg_chart.hpp"

namespace cityregions {

namespace {

void append_rings(std::string& d, const OGRGeometry* g, const auto& to_px) {
  const auto type = wkbFlatten(g->getGeometryType());
  if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (const auto* part : *g->toGeometryCollection()) append_rings(d, part, to_px);
    return;
  }
  if (type != wkbPolygon) return;
  for (const auto* ring : *g->toPolygon()) {
    for (int i = 0; i < ring->getNumPoints(); ++i) {
      const auto [px, py] = to_px(ring->getX(i), ring->getY(i));
      d += fmt::format("{}{:.1f},{:.1f}", i ? "L" : "M", px, py);
    }
    d += "Z";
  }
}

}  // namespace

std::string svg_map(const std::string& title, const std::vector<const OGRGeometry*>& outlines, const std::vector<MapDot>& dots,
                    const std::vector<MapLegendEntry>& legend, const std::string& credit) {
  OGREnvelope env;
  for (const auto* g : outlines) {
    OGREnvelope e;
    g->getEnvelope(&e);
    env.Merge(e);
  }
  for (const auto& d : dots) env.Merge(d.x, d.y);
  if (!env.IsInit()) env.Merge(0, 0);
  const double map_w = 720, top = 40, pad = 10;
  const double span_x = std::max(env.MaxX - env.MinX, 1.0), span_y = std::max(env.MaxY - env.MinY, 1.0);
  const double scale = (map_w - 2 * pad) / span_x;
  const double map_h = span_y * scale + 2 * pad;
  auto to_px = [&](double x, double y) { return std::pair{pad + (x - env.MinX) * scale, top + pad + (env.MaxY - y) * scale}; };
  const double height = top + map_h + 40 + 16 * static_cast<double>(legend.size());
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n<title>{2}</title>\n"
      "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n"
      "<rect x=\"0\" y=\"{3:.0f}\" width=\"{0:.0f}\" height=\"{4:.0f}\" fill=\"#f7f9fb\"/>\n",
      map_w, height, xml_escape(title), top, map_h);
  // Outlines, simplified to about a pixel.
  for (const auto* g : outlines) {
    OGRGeometryUniquePtr simple(g->SimplifyPreserveTopology(1 / scale));
    std::string d;
    append_rings(d, simple ? simple.get() : g, to_px);
    svg += "<path d=\"" + d + "\" fill=\"#fff\" stroke=\"#8a9bb0\" stroke-width=\"0.7\"/>\n";
  }
  // Dots, largest first so that small ones stay visible.
  std::vector<const MapDot*> order;
  for (const auto& d : dots) order.push_back(&d);
  std::stable_sort(order.begin(), order.end(), [](const MapDot* a, const MapDot* b) { return a->area_ha > b->area_ha; });
  for (const auto* d : order) {
    const auto [px, py] = to_px(d->x, d->y);
    const double r = std::clamp(2.0 + std::sqrt(d->area_ha), 3.0, 12.0);
    svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\" stroke=\"#222\" stroke-width=\"0.6\"><title>{}</title></circle>\n",
                       px, py, r, d->colour, xml_escape(d->tooltip));
    if (!d->label.empty())
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-weight=\"bold\">{}</text>\n", px + r + 2, py + 4, xml_escape(d->label));
  }
  // Scale bar: a round length of about a fifth of the width.
  const double target = span_x / 5, mag = std::pow(10, std::floor(std::log10(target)));
  const double bar_m = target >= 5 * mag ? 5 * mag : target >= 2 * mag ? 2 * mag : mag;
  const double bar_y = top + map_h + 18;
  svg += fmt::format("<rect x=\"10\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"4\" fill=\"#333\"/><text x=\"{:.1f}\" y=\"{:.0f}\">{}</text>\n",
                     bar_y, bar_m * scale, 16 + bar_m * scale, bar_y + 5,
                     bar_m >= 1000 ? fmt::format("{:g} km", bar_m / 1000) : fmt::format("{:g} m", bar_m));
  svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" text-anchor=\"end\" fill=\"#555\">{}</text>\n", map_w - 10, bar_y + 5,
                     xml_escape(credit));
  double ly = bar_y + 22;
  for (const auto& l : legend) {
    svg += fmt::format("<circle cx=\"16\" cy=\"{:.0f}\" r=\"5\" fill=\"{}\" stroke=\"#222\" stroke-width=\"0.6\"/><text x=\"26\" y=\"{:.0f}\">{}</text>\n",
                       ly, l.colour, ly + 4, xml_escape(l.text));
    ly += 16;
  }
  return svg + "</svg>\n";
}

}  // namespace cityregions
