#include "access/indicators.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <mutex>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "network/phast.hpp"

namespace cityregions {

std::vector<std::string> indicator_columns(const std::string& opp, const IndicatorSpec& spec) {
  std::vector<std::string> out;
  char buf[96];
  if (spec.kind == IndicatorSpec::Kind::nearest) {
    out.push_back(opp + "_nearest_min");
  } else if (spec.kind == IndicatorSpec::Kind::two_step) {
    std::snprintf(buf, sizeof buf, "%s_2sfca_%gmin", opp.c_str(), spec.max_minutes);
    out.push_back(buf);
  } else if (spec.kind == IndicatorSpec::Kind::cumulative) {
    for (double m : spec.minutes) {
      std::snprintf(buf, sizeof buf, "%s_%gmin", opp.c_str(), m);
      out.push_back(buf);
    }
  } else {
    std::snprintf(buf, sizeof buf, "%s_gravity_%s_%g", opp.c_str(), spec.decay.c_str(), spec.beta);
    out.push_back(buf);
  }
  return out;
}

std::vector<double> two_step_floating_catchment(const std::vector<std::vector<uint32_t>>& reach,
                                                const std::vector<double>& demand, const std::vector<double>& supply) {
  std::vector<double> catchment_demand(supply.size(), 0.0);
  for (size_t i = 0; i < reach.size(); ++i)
    for (uint32_t j : reach[i]) catchment_demand[j] += demand[i];
  std::vector<double> ratio(supply.size(), 0.0);
  for (size_t j = 0; j < supply.size(); ++j) ratio[j] = catchment_demand[j] > 0 ? supply[j] / catchment_demand[j] : 0.0;
  std::vector<double> out(reach.size(), 0.0);
  for (size_t i = 0; i < reach.size(); ++i)
    for (uint32_t j : reach[i]) out[i] += ratio[j];
  return out;
}

std::vector<double> fold_indicators(const std::vector<int32_t>& seconds, const std::vector<double>& opp,
                                    const IndicatorSpec& spec) {
  if (spec.kind == IndicatorSpec::Kind::nearest) {
    int32_t best = kUnreached;
    for (int32_t s : seconds) best = std::min(best, s);
    return {best == kUnreached ? std::nan("") : best / 60.0};
  }
  if (spec.kind == IndicatorSpec::Kind::cumulative) {
    std::vector<double> out(spec.minutes.size(), 0.0);
    for (size_t d = 0; d < seconds.size(); ++d) {
      if (seconds[d] == kUnreached || opp[d] == 0) continue;
      for (size_t i = 0; i < spec.minutes.size(); ++i)
        if (seconds[d] <= spec.minutes[i] * 60) out[i] += opp[d];
    }
    return out;
  }
  double sum = 0;
  for (size_t d = 0; d < seconds.size(); ++d) {
    if (seconds[d] == kUnreached || opp[d] == 0 || seconds[d] > spec.max_minutes * 60) continue;
    const double t = seconds[d] / 60.0;
    sum += opp[d] * (spec.decay == "power" ? std::pow(std::max(t, 1.0), -spec.beta) : std::exp(-spec.beta * t));
  }
  return {sum};
}

void street_times(const StreetNetwork& net, const std::vector<std::optional<Location>>& zones,
                  const std::vector<std::optional<Location>>& destinations, double max_minutes, const TimesVisitor& visit,
                  bool show_progress, bool use_hierarchy) {
  // Times are counted in whole seconds (rounded): keep what rounds down to the horizon.
  const uint32_t limit_ms = static_cast<uint32_t>(max_minutes * 60000) + 499;
  Progress progress("accessibility", zones.size(), show_progress);
  struct Worker {
    std::optional<Phast> phast;
    Dijkstra dijkstra;
    std::vector<int32_t> seconds;
  };
  const auto* ch = use_hierarchy ? net.hierarchy() : nullptr;
  tbb::enumerable_thread_specific<Worker> workers([&] {
    return Worker{ch ? std::optional<Phast>(Phast(*ch)) : std::nullopt, Dijkstra(net.graph()), {}};
  });
  tbb::parallel_for(size_t{0}, zones.size(), [&](size_t o) {
    progress.advance();
    if (!zones[o]) return;
    Worker& w = workers.local();
    w.seconds.assign(destinations.size(), kUnreached);
    auto node_time = [&](uint32_t v) { return w.phast ? w.phast->time_ms(v) : w.dijkstra.time_ms(v); };
    if (w.phast)
      w.phast->run(zones[o]->departures, limit_ms);
    else
      w.dijkstra.run(seeds_of(*zones[o]), limit_ms);
    for (size_t d = 0; d < destinations.size(); ++d) {
      if (!destinations[d]) continue;
      uint32_t best = kNone;
      for (const auto& a : destinations[d]->arrivals) {
        const uint32_t t = node_time(a.node);
        if (t != kNone) best = std::min(best, t + a.time_ms);
      }
      // Both on one edge: along it.
      for (const auto& dep : zones[o]->departures)
        for (const auto& a : destinations[d]->arrivals)
          if (dep.edge == a.edge && dep.edge != kNone && dep.from_frac <= a.to_frac)
            best = std::min(best, static_cast<uint32_t>(std::lround((a.to_frac - dep.from_frac) * net.graph().weight_ms[dep.edge])));
      if (best <= limit_ms) w.seconds[d] = static_cast<int32_t>((best + 500) / 1000);
    }
    visit(o, w.seconds);
  });
  progress.finish();
}

void transit_times(const Timetable& tt, const StreetNetwork& walk, const std::vector<std::optional<Location>>& zones,
                   const std::vector<std::optional<Location>>& destinations, const TransitQuery& q, double percentile,
                   const TimesVisitor& visit, bool show_progress) {
  transit_samples(tt, walk, zones, destinations, q, [&](size_t o, std::vector<std::vector<int32_t>>& samples) {
    std::vector<int32_t> seconds(destinations.size(), kUnreached);
    for (size_t d = 0; d < destinations.size(); ++d)
      if (!samples[d].empty()) seconds[d] = percentile_of(std::move(samples[d]), percentile);
    visit(o, seconds);
  }, show_progress);
}

}  // namespace cityregions
