#include "network/matrix.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/progress.hpp"

namespace cityregions {

TravelMatrix travel_matrix(const StreetNetwork& net, std::span<const Location> origins,
                           std::span<const Location> destinations, uint32_t limit_ms, bool show_progress) {
  TravelMatrix m;
  m.origins = origins.size();
  m.destinations = destinations.size();
  m.cells.resize(m.origins * m.destinations);
  Progress progress("travel-time matrix", m.origins, show_progress);
  tbb::enumerable_thread_specific<Dijkstra> searches([&] { return Dijkstra(net.graph()); });
  tbb::parallel_for(tbb::blocked_range<size_t>(0, m.origins, 1), [&](const tbb::blocked_range<size_t>& range) {
    Dijkstra& search = searches.local();
    for (size_t o = range.begin(); o != range.end(); ++o) {
      search.run(seeds_of(origins[o]), limit_ms);
      for (size_t d = 0; d < m.destinations; ++d) {
        const Arrival a = arrival_at(net.graph(), search, origins[o], destinations[d]);
        if (a.time_ms <= limit_ms) m.cells[o * m.destinations + d] = {a.time_ms, a.dist_m};
      }
      progress.advance();
    }
  });
  progress.finish();
  return m;
}

}  // namespace cityregions
