#pragma once
// Median wall time of repeated runs: the benchmarks' one measure on noisy shared machines.
#include <algorithm>
#include <chrono>
#include <vector>

namespace cityregions::bench {

template <class F>
double median_ms(int runs, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto a = std::chrono::steady_clock::now();
    f(i);
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace cityregions::bench
