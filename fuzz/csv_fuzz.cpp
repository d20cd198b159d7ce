// The CSV reader (statistics, points, sites, GTFS members): any bytes.
#include "io/csv.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    cityregions::CsvReader csv("input.csv", std::string(reinterpret_cast<const char*>(data), size));
    std::vector<std::string> fields;
    size_t records = 0;
    while (csv.next(fields)) {
      ++records;
      if (fields.size() != csv.header().size()) __builtin_trap();  // the reader promises a full record
    }
    (void)records;
  } catch (const cityregions::Error&) {
  }
  return 0;
}
