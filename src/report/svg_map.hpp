#pragma once
// A plain overview map as standalone SVG: municipality outlines and sites as dots (sized by area,
// coloured by a class), in the workspace's metric CRS, north up, with a scale bar and a legend.
#include <ogr_geometry.h>

#include <string>
#include <vector>

namespace cityregions {

struct MapDot {
  double x = 0, y = 0;  // workspace CRS (metres)
  double area_ha = 0;
  std::string colour, label, tooltip;  // label: short text beside the dot ("1"), may be empty
};

struct MapLegendEntry {
  std::string colour, text;
};

// `outlines` are polygons in the same CRS; the map frames them (or the dots when there are none).
std::string svg_map(const std::string& title, const std::vector<const OGRGeometry*>& outlines, const std::vector<MapDot>& dots,
                    const std::vector<MapLegendEntry>& legend, const std::string& credit);

}  // namespace cityregions
