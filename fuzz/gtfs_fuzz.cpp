// A GTFS zip through the reader and the feed file round trip.
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/gtfs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cityregions;
  const auto zip = fuzz::input_file(data, size, "feed.zip");
  try {
    const auto feed = read_gtfs(zip, "fuzz");
    save_feed(feed, fuzz::scratch().path() / "feed.bin");
    load_feed(fuzz::scratch().path() / "feed.bin");
  } catch (const Error&) {
  }
  return 0;
}
