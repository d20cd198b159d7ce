#include "region/outputs.hpp"

#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "core/output_file.hpp"
#include "io/csv.hpp"
#include "core/error.hpp"
#include "core/gdal.hpp"
#include "network/route.hpp"
#include "store/gpkg.hpp"
#include "store/result_tables.hpp"

namespace cityregions {

namespace fs = std::filesystem;

void write_matrix_csv(const fs::path& file, const std::vector<NamedPoint>& origins,
                      const std::vector<NamedPoint>& destinations, const TravelMatrix& m) {
  auto out = open_output_file(file);
  out << "origin_id,destination_id,duration_s,distance_m\n";
  char buf[64];
  for (size_t o = 0; o < m.origins; ++o)
    for (size_t d = 0; d < m.destinations; ++d) {
      const auto& c = m.at(o, d);
      if (c.time_ms == kNone) continue;
      std::snprintf(buf, sizeof buf, ",%.1f,%.1f\n", c.time_ms / 1000.0, static_cast<double>(c.dist_m));
      out << csv_escape(origins[o].id) << ',' << csv_escape(destinations[d].id) << buf;
    }
  if (!out.flush()) throw Error(file.string() + ": write failed");
}

void write_matrix_table(Database& db, const std::string& table, const std::vector<NamedPoint>& origins,
                        const std::vector<NamedPoint>& destinations, const TravelMatrix& m) {
  Transaction tx(db);
  gpkg_initialize(db);
  replace_result_table(db, table, "matrix");
  auto ins = create_table(db, table, {{"origin_id", "TEXT NOT NULL"}, {"destination_id", "TEXT NOT NULL"},
                                      {"duration_s", "REAL NOT NULL"}, {"distance_m", "REAL NOT NULL"}});
  gpkg_register_attributes(db, table, "Travel times between points");
  for (size_t o = 0; o < m.origins; ++o)
    for (size_t d = 0; d < m.destinations; ++d) {
      const auto& c = m.at(o, d);
      if (c.time_ms == kNone) continue;
      ins.bind(1, origins[o].id).bind(2, destinations[d].id).bind(3, c.time_ms / 1000.0).bind(4, static_cast<double>(c.dist_m));
      ins.run();
    }
  tx.commit();
}

void write_matrix(const fs::path& file, const std::string& table, const std::vector<NamedPoint>& origins,
                  const std::vector<NamedPoint>& destinations, const TravelMatrix& m) {
  const std::string ext = file.extension().string();
  if (ext == ".csv") return write_matrix_csv(file, origins, destinations, m);
  if (ext != ".gpkg") throw Error(file.string() + ": unknown output format (use .csv or .gpkg)");
  Database db(file, Database::Mode::create);
  write_matrix_table(db, table, origins, destinations, m);
}

void write_isochrones(const fs::path& file, std::string_view mode, const std::vector<Isochrone>& isochrones) {
  DatasetPtr ds = create_vector(file);
  OGRSpatialReference wgs84 = srs_from_epsg(4326);  // GDAL 3.6 CreateLayer takes it non-const
  OGRLayer* layer = ds->CreateLayer("isochrones", &wgs84, wkbMultiPolygon, nullptr);
  if (!layer) throw Error(file.string() + ": cannot create layer");
  OGRFieldDefn fm("minutes", OFTReal), fmode("mode", OFTString), farea("area_km2", OFTReal);
  layer->CreateField(&fm);
  layer->CreateField(&fmode);
  layer->CreateField(&farea);
  for (const auto& iso : isochrones) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("minutes", iso.minutes);
    f.SetField("mode", std::string(mode).c_str());
    f.SetField("area_km2", std::round(iso.area_km2 * 1000) / 1000);
    f.SetGeometry(iso.area.get());
    if (layer->CreateFeature(&f) != OGRERR_NONE) throw Error(file.string() + ": cannot write feature");
  }
}

namespace {
std::vector<std::string> transit_columns(const TransitMatrix& m) {
  std::vector<std::string> columns{"min_s"};
  for (double p : m.percentiles) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "p%g_s", p);
    columns.push_back(buf);
  }
  return columns;
}
}  // namespace

void write_transit_matrix(const fs::path& file, const std::string& table, const std::vector<NamedPoint>& origins,
                          const std::vector<NamedPoint>& destinations, const TransitMatrix& m, int32_t max_s) {
  const auto columns = transit_columns(m);
  const std::string ext = file.extension().string();
  auto keep = [&](size_t o, size_t d) { return m.min(o, d) != kUnreached && m.min(o, d) <= max_s; };
  if (ext == ".csv") {
    auto out = open_output_file(file);
    out << "origin_id,destination_id";
    for (const auto& c : columns) out << "," << c;
    out << "\n";
    for (size_t o = 0; o < m.origins; ++o)
      for (size_t d = 0; d < m.destinations; ++d) {
        if (!keep(o, d)) continue;
        out << csv_escape(origins[o].id) << ',' << csv_escape(destinations[d].id);
        for (size_t i = 0; i < m.stride(); ++i) {
          const int32_t v = m.values[(o * m.destinations + d) * m.stride() + i];
          out << ',';
          if (v != kUnreached) out << v;
        }
        out << "\n";
      }
    if (!out.flush()) throw Error(file.string() + ": write failed");
    return;
  }
  if (ext != ".gpkg") throw Error(file.string() + ": unknown output format (use .csv or .gpkg)");
  Database db(file, Database::Mode::create);
  write_transit_matrix_table(db, table, origins, destinations, m, max_s);
}

void write_transit_matrix_table(Database& db, const std::string& table, const std::vector<NamedPoint>& origins,
                                const std::vector<NamedPoint>& destinations, const TransitMatrix& m, int32_t max_s) {
  const auto columns = transit_columns(m);
  Transaction tx(db);
  gpkg_initialize(db);
  replace_result_table(db, table, "transit matrix");
  std::vector<Column> defs{{"origin_id", "TEXT NOT NULL"}, {"destination_id", "TEXT NOT NULL"}};
  for (const auto& c : columns) defs.push_back({c, "INTEGER"});
  auto ins = create_table(db, table, defs);
  gpkg_register_attributes(db, table, "Public-transport travel times between points (seconds)");
  for (size_t o = 0; o < m.origins; ++o)
    for (size_t d = 0; d < m.destinations; ++d) {
      if (m.min(o, d) == kUnreached || m.min(o, d) > max_s) continue;
      ins.bind(1, origins[o].id).bind(2, destinations[d].id);
      for (size_t i = 0; i < m.stride(); ++i) {
        const int32_t v = m.values[(o * m.destinations + d) * m.stride() + i];
        if (v == kUnreached) ins.bind_null(static_cast<int>(3 + i));
        else ins.bind(static_cast<int>(3 + i), static_cast<int64_t>(v));
      }
      ins.run();
    }
  tx.commit();
}

void export_layer(Workspace& ws, const std::string& layer, const fs::path& file) {
  std::string err;
  DatasetPtr src = open_vector(ws.dir() / "region.gpkg", err);
  if (!src) throw Error("workspace: " + err);
  OGRLayer* in = src->GetLayerByName(layer.c_str());
  if (!in) throw Error("export: the workspace has no layer '" + layer + "'");
  DatasetPtr dst = create_vector(file);
  const std::string ext = file.extension().string();
  char** options = nullptr;
  if (ext == ".csv") options = CSLSetNameValue(options, "GEOMETRY", "AS_WKT");
  OGRSpatialReference wgs84 = srs_from_epsg(4326);
  OGRLayer* out = nullptr;
  if (ext == ".gpkg" || !in->GetSpatialRef()) {
    out = dst->CopyLayer(in, layer.c_str(), options);
  } else {
    // GeoJSON and CSV: reproject feature by feature to WGS84.
    out = dst->CreateLayer(layer.c_str(), &wgs84, in->GetGeomType(), options);
    if (out) {
      OGRFeatureDefn* defn = in->GetLayerDefn();
      for (int i = 0; i < defn->GetFieldCount(); ++i) out->CreateField(defn->GetFieldDefn(i));
      const OGRSpatialReference source = gis_order(*in->GetSpatialRef());
      std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&source, &wgs84));
      for (auto& f : *in) {
        OGRFeature copy(out->GetLayerDefn());
        copy.SetFrom(f.get(), TRUE);
        if (OGRGeometry* g = copy.GetGeometryRef(); g && g->transform(ct.get()) != OGRERR_NONE)
          throw Error("export: cannot reproject a feature of " + layer);
        if (out->CreateFeature(&copy) != OGRERR_NONE) throw Error(file.string() + ": cannot write a feature");
      }
    }
  }
  CSLDestroy(options);
  if (!out) throw Error(file.string() + ": cannot write the layer " + layer);
}

void export_edges(const Graph& g, const fs::path& file) {
  // The routing graph: for walk and bike its vertices are junctions and its edges road segments;
  // for car its vertices are the directed road segments and its edges the allowed turns, each
  // costing the time from the start of one segment to the start of the next.
  const auto& first = g.routing_first();
  const auto& head = g.routing_head();
  const auto& weight = g.routing_weight();
  const bool csv = file.extension() == ".csv";
  if (csv) {
    auto out = open_output_file(file);
    out << "id,source,target,cost,length_m\n";
    char buf[96];
    for (uint32_t v = 0; v < g.routing_node_count(); ++v)
      for (uint32_t e = first[v]; e < first[v + 1]; ++e) {
        std::snprintf(buf, sizeof buf, "%u,%u,%u,%.3f,%.2f\n", e, v, head[e], weight[e] / 1000.0,
                      static_cast<double>(g.edge_length_m(g.arc_segment(v, e))));
        out << buf;
      }
    if (!out.flush()) throw Error(file.string() + ": write failed");
    return;
  }
  DatasetPtr ds = create_vector(file);
  OGRSpatialReference wgs84 = srs_from_epsg(4326);  // GDAL 3.6 CreateLayer takes it non-const
  OGRLayer* layer = ds->CreateLayer(g.edge_based() ? "turns" : "edges", &wgs84, wkbLineString, nullptr);
  if (!layer) throw Error(file.string() + ": cannot create layer");
  for (const char* name : {"source", "target"}) {
    OGRFieldDefn f(name, OFTInteger);
    layer->CreateField(&f);
  }
  for (const char* name : {"cost", "length_m"}) {
    OGRFieldDefn f(name, OFTReal);
    layer->CreateField(&f);
  }
  if (layer->StartTransaction() != OGRERR_NONE) throw Error(file.string() + ": cannot start a transaction");
  std::vector<LonLat> pts;
  for (uint32_t v = 0; v < g.routing_node_count(); ++v)
    for (uint32_t e = first[v]; e < first[v + 1]; ++e) {
      const uint32_t segment = g.arc_segment(v, e);
      OGRFeature f(layer->GetLayerDefn());
      f.SetFID(e + 1);
      f.SetField("source", static_cast<int>(v));
      f.SetField("target", static_cast<int>(head[e]));
      f.SetField("cost", weight[e] / 1000.0);
      f.SetField("length_m", static_cast<double>(g.edge_length_m(segment)));
      pts.clear();
      append_edge_piece(g, segment, 0, 1, pts);
      OGRLineString line;
      for (const auto& p : pts) line.addPoint(p.lon, p.lat);
      f.SetGeometry(&line);
      if (layer->CreateFeature(&f) != OGRERR_NONE) throw Error(file.string() + ": cannot write feature");
    }
  if (layer->CommitTransaction() != OGRERR_NONE) throw Error(file.string() + ": cannot commit");
}

}  // namespace cityregions
