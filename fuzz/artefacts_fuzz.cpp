// The binary loaders of the workspace's own files (core/binary_file.hpp): street graph, contraction
// hierarchy and GTFS feed. A damaged or hostile file must be refused with an Error by the loader's
// checks, or load into something every query can use without reading out of bounds.
//
// Input: members, each a 4-byte little-endian length and that many bytes. The first member is a
// graph or a feed file (told by its magic). After a graph, a second member is loaded as its
// hierarchy; after a feed, as the walk graph its stops are placed on. Seeds in fuzz/corpus/artefacts
// are written by `cityregions import` on hand-made OSM and GTFS files (docs/reliability.md).
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "network/contraction_hierarchy.hpp"
#include "network/dijkstra.hpp"
#include "network/matrix.hpp"
#include "network/phast.hpp"
#include "network/street_network.hpp"
#include "io/gtfs.hpp"
#include "transit/raptor.hpp"
#include "transit/timetable.hpp"

namespace {

using namespace cityregions;

std::vector<std::string_view> members(const uint8_t* data, size_t size) {
  std::vector<std::string_view> out;
  while (size >= 4 && out.size() < 2) {
    uint32_t n = 0;
    std::memcpy(&n, data, 4);
    data += 4, size -= 4;
    n = static_cast<uint32_t>(std::min<size_t>(n, size));
    out.emplace_back(reinterpret_cast<const char*>(data), n);
    data += n, size -= n;
  }
  return out;
}

std::filesystem::path file_of(std::string_view bytes, const char* name) {
  return fuzz::input_file(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), name);
}

// Everything a query touches: snapping, the matrix (on the hierarchy when there is one), Dijkstra
// and PHAST from a few nodes.
void route(const StreetNetwork& net) {
  const Graph& g = net.graph();
  std::vector<Location> points;
  for (size_t i = 0; i < g.coords.size() && points.size() < 4; i += 1 + g.coords.size() / 4)
    if (auto l = net.try_locate(g.coords[i].lonlat(), 500)) points.push_back(*l);
  fastest_matrix(net, points, points, kNone, false);
  Dijkstra d(g);
  for (uint32_t s = 0; s < g.routing_node_count(); s += 1 + g.routing_node_count() / 3)
    d.run(std::vector{Dijkstra::Seed{s, 0, 0, kNone}});
  if (const ContractionHierarchy* ch = net.hierarchy()) {
    Phast phast(*ch);
    if (!points.empty() && !points[0].departures.empty()) phast.run(points[0].departures);
  }
}

void timetable(const GtfsFeed& feed, const StreetNetwork& walk) {
  const auto [first, last] = feed.date_range();
  (void)last;
  const Timetable tt = build_timetable({feed}, first, walk);
  Raptor raptor(tt, 3);
  for (uint32_t s = 0; s < tt.stop_count(); s += 1 + tt.stop_count() / 3) {
    const StopAccess from[] = {{s, 0}};
    raptor.run(from, 7 * 3600);
    for (uint32_t t = 0; t < tt.stop_count(); ++t)
      if (raptor.arrival(t) != kUnreached) raptor.journey(t);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = members(data, size);
  if (parts.empty()) return 0;
  try {
    if (parts[0].starts_with(std::string_view("CRGTFS\0\0", 8))) {
      const GtfsFeed feed = load_feed(file_of(parts[0], "f.feed"));
      const StreetNetwork walk(parts.size() > 1 ? load_graph(file_of(parts[1], "walk.graph")) : Graph{});
      timetable(feed, walk);
    } else {
      StreetNetwork net(load_graph(file_of(parts[0], "x.graph")));
      if (parts.size() > 1) net.attach(load_contraction_hierarchy(file_of(parts[1], "x.ch")));
      route(net);
    }
  } catch (const Error&) {
  }
  return 0;
}
