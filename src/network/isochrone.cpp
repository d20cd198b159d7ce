#include "network/isochrone.hpp"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <numeric>
#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "network/route.hpp"

namespace cityregions {

double default_cell_m(Mode mode) {
  switch (mode) {
    case Mode::walk: return 25;
    case Mode::bike: return 50;
    case Mode::car: return 100;
  }
  return 50;
}

double default_buffer_m(Mode mode) { return 2 * default_cell_m(mode); }

namespace {

struct Raster {
  double min_x, max_y, cell;
  int cols, rows;
  std::vector<float> minutes;
  void mark(XY p, double t) {
    const int c = static_cast<int>((p.x - min_x) / cell), r = static_cast<int>((max_y - p.y) / cell);
    if (c < 0 || r < 0 || c >= cols || r >= rows) return;
    float& v = minutes[static_cast<size_t>(r) * cols + c];
    v = std::min(v, static_cast<float>(t));
  }
};

// Samples a piece of an edge every half cell, each sample marked with its arrival time.
void draw_piece(const Graph& g, const LocalMetric& metric, Raster& raster, uint32_t edge, double from_frac,
                double start_min, double limit_min) {
  std::vector<LonLat> pts;
  append_edge_piece(g, edge, from_frac, 1.0, pts);
  const double min_per_m = g.edge_length_m(edge) > 0
                               ? g.weight_ms[edge] / 60000.0 / g.edge_length_m(edge)
                               : 0.0;
  double t = start_min;
  for (size_t i = 0; i + 1 < pts.size() && t <= limit_min; ++i) {
    const XY a = metric.to_xy(pts[i]), b = metric.to_xy(pts[i + 1]);
    const double len = haversine_m(pts[i], pts[i + 1]);
    const int steps = std::max(1, static_cast<int>(std::ceil(len / (raster.cell / 2))));
    for (int s = 0; s <= steps; ++s) {
      const double f = static_cast<double>(s) / steps, ts = t + f * len * min_per_m;
      if (ts > limit_min) break;
      raster.mark({a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)}, ts);
    }
    t += len * min_per_m;
  }
}

}  // namespace

std::vector<Isochrone> isochrones(const StreetNetwork& net, Dijkstra& search, const Location& origin,
                                  const IsochroneOptions& options) {
  if (options.minutes.empty()) throw Error("isochrone: give at least one limit in minutes");
  const double max_min = *std::max_element(options.minutes.begin(), options.minutes.end());
  search.run(seeds_of(origin), static_cast<uint32_t>(max_min * 60000));
  std::vector<uint32_t> node_ms(net.graph().routing_node_count(), kNone);
  for (uint32_t v : search.settled()) node_ms[v] = search.time_ms(v);
  return isochrones(net, node_ms, origin, options);
}

std::vector<Isochrone> isochrones(const StreetNetwork& net, const std::vector<uint32_t>& node_ms, const Location& origin,
                                  const IsochroneOptions& options) {
  if (options.minutes.empty()) throw Error("isochrone: give at least one limit in minutes");
  const Graph& g = net.graph();
  const double max_min = *std::max_element(options.minutes.begin(), options.minutes.end());
  const auto max_ms = static_cast<uint32_t>(max_min * 60000);

  const LocalMetric metric(origin.snap.point.lat);
  BBox box;
  const XY o = metric.to_xy(origin.snap.point);
  box.extend(o.x, o.y);
  for (uint32_t v = 0; v < g.routing_node_count(); ++v) {
    if (node_ms[v] > max_ms) continue;
    const auto [first, last] = g.segments_from(v);
    for (uint32_t e = first; e < last; ++e)
      for (const auto& p : g.chain_shape(g.chain_of(e))) {
        const XY xy = metric.to_xy(p.lonlat());
        box.extend(xy.x, xy.y);
      }
  }
  box = box.grown(options.buffer_m + 3 * options.cell_m);
  Raster raster{box.min_x, box.max_y, options.cell_m, static_cast<int>((box.max_x - box.min_x) / options.cell_m) + 1,
                static_cast<int>((box.max_y - box.min_y) / options.cell_m) + 1, {}};
  raster.minutes.assign(static_cast<size_t>(raster.cols) * raster.rows, INFINITY);

  raster.mark(o, 0);
  for (const auto& d : origin.departures)
    if (d.edge != kNone) draw_piece(g, metric, raster, d.edge, d.from_frac, 0, max_min);
  // Every segment is drawn from its start at the time its routing node was reached.
  for (uint32_t v = 0; v < g.routing_node_count(); ++v) {
    if (node_ms[v] > max_ms) continue;
    const double t = node_ms[v] / 60000.0;
    const auto [first, last] = g.segments_from(v);
    for (uint32_t e = first; e < last; ++e) draw_piece(g, metric, raster, e, 0, t, max_min);
  }

  // Widening by the buffer (a disc of cells): the land beside a reached street is reached too.
  const int radius = static_cast<int>(std::lround(options.buffer_m / options.cell_m));
  std::vector<std::pair<int, int>> disc;
  for (int dr = -radius; dr <= radius; ++dr)
    for (int dc = -radius; dc <= radius; ++dc)
      if (dr * dr + dc * dc <= radius * radius) disc.emplace_back(dr, dc);
  std::vector<float> widened(raster.minutes.size(), INFINITY);
  for (int r = 0; r < raster.rows; ++r)
    for (int c = 0; c < raster.cols; ++c) {
      const float t = raster.minutes[static_cast<size_t>(r) * raster.cols + c];
      if (t == INFINITY) continue;
      for (const auto& [dr, dc] : disc) {
        const int rr = r + dr, cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= raster.rows || cc >= raster.cols) continue;
        float& w = widened[static_cast<size_t>(rr) * raster.cols + cc];
        w = std::min(w, t);
      }
    }

  GDALAllRegister();
  auto* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  auto* memory = GetGDALDriverManager()->GetDriverByName("Memory");
  if (!mem || !memory) throw Error("isochrone: GDAL MEM/Memory drivers missing");
  std::vector<std::unique_ptr<OGRMultiPolygon>> bands;  // metric, in the order of options.minutes
  for (double limit : options.minutes) {
    std::unique_ptr<GDALDataset> ds(mem->Create("", raster.cols, raster.rows, 1, GDT_Byte, nullptr));
    if (!ds) throw Error("isochrone: cannot create a raster of " + std::to_string(raster.cols) + " × " + std::to_string(raster.rows));
    double gt[6] = {raster.min_x, raster.cell, 0, raster.max_y, 0, -raster.cell};
    ds->SetGeoTransform(gt);
    std::vector<uint8_t> mask(widened.size());
    for (size_t i = 0; i < widened.size(); ++i) mask[i] = widened[i] <= limit ? 1 : 0;
    auto* band = ds->GetRasterBand(1);
    if (band->RasterIO(GF_Write, 0, 0, raster.cols, raster.rows, mask.data(), raster.cols, raster.rows, GDT_Byte, 0, 0,
                       nullptr) != CE_None)
      throw Error("isochrone: raster write failed");
    std::unique_ptr<GDALDataset> vec(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    if (!vec) throw Error("isochrone: cannot create a memory layer");
    OGRLayer* layer = vec->CreateLayer("iso", nullptr, wkbPolygon, nullptr);
    OGRFieldDefn field("v", OFTInteger);
    layer->CreateField(&field);
    if (GDALPolygonize(band, band, layer, 0, nullptr, nullptr, nullptr) != CE_None)
      throw Error("isochrone: polygon tracing failed");
    auto multi = std::make_unique<OGRMultiPolygon>();
    layer->ResetReading();
    for (auto& feature : *layer) {
      const OGRGeometry* geom = feature->GetGeometryRef();
      if (!geom || feature->GetFieldAsInteger(0) != 1) continue;
      OGRGeometryUniquePtr simple(geom->SimplifyPreserveTopology(raster.cell * 0.5));
      const OGRGeometry* use = simple ? simple.get() : geom;
      if (use->getGeometryType() != wkbPolygon) continue;
      multi->addGeometryDirectly(use->clone());
    }
    bands.push_back(std::move(multi));
  }
  // Each band is simplified on its own, which can move a smaller band's edge past a larger one's:
  // clip every band to the next larger one so that the bands nest (the 10' area inside the 30').
  std::vector<size_t> order(bands.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return options.minutes[a] < options.minutes[b]; });
  for (size_t k = order.size(); k-- > 1;) {
    auto& inner = bands[order[k - 1]];
    const auto& outer = bands[order[k]];
    if (inner->IsEmpty()) continue;
    OGRGeometryUniquePtr clipped(inner->Intersection(outer.get()));
    auto nested = std::make_unique<OGRMultiPolygon>();
    if (clipped) {
      const auto type = wkbFlatten(clipped->getGeometryType());
      if (type == wkbPolygon) {
        nested->addGeometry(clipped.get());
      } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
        for (const auto* part : *clipped->toGeometryCollection())
          if (wkbFlatten(part->getGeometryType()) == wkbPolygon) nested->addGeometry(part);
          else if (wkbFlatten(part->getGeometryType()) == wkbMultiPolygon)
            for (const auto* poly : *part->toMultiPolygon()) nested->addGeometry(poly);
      }
    }
    inner = std::move(nested);
  }
  std::vector<Isochrone> out;
  for (size_t b = 0; b < bands.size(); ++b) {
    auto& multi = bands[b];
    const double area_m2 = multi->get_Area();
    for (auto* poly : *multi)
      for (int ring = -1; ring < poly->getNumInteriorRings(); ++ring) {
        OGRLinearRing* lr = ring < 0 ? poly->getExteriorRing() : poly->getInteriorRing(ring);
        for (int i = 0; i < lr->getNumPoints(); ++i) {
          const LonLat ll = metric.to_lonlat({lr->getX(i), lr->getY(i)});
          lr->setPoint(i, ll.lon, ll.lat);
        }
      }
    out.push_back({options.minutes[b], OGRGeometryUniquePtr(multi.release()), area_m2 / 1e6});
  }
  return out;
}

}  // namespace cityregions
