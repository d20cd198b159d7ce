// An OSM file (XML, or PBF when built as osm_pbf_fuzz) through the reader and the graph builder
// for every mode, and the contraction hierarchy of the car graph.
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "network/contraction_hierarchy.hpp"
#include "network/graph_builder.hpp"
#include "network/osm_reader.hpp"

#ifndef CITYREGIONS_FUZZ_OSM_SUFFIX
#define CITYREGIONS_FUZZ_OSM_SUFFIX ".osm"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cityregions;
  const auto file = fuzz::input_file(data, size, std::string("input") + CITYREGIONS_FUZZ_OSM_SUFFIX);
  try {
    const auto roads = read_osm_roads(file, default_profile(), false);
    for (Mode m : kStreetModes) {
      const Graph g = build_graph(roads, m);
      if (m == Mode::car && g.node_count() < 2000) build_contraction_hierarchy(g);
    }
  } catch (const Error&) {
  }
  return 0;
}
