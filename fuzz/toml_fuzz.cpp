// One TOML text through every reader of TOML files: street profiles, pool scenarios, sector
// profiles, site mappings, accessibility run files, region profiles.
#include "cases/similarity.hpp"
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "land/pool.hpp"
#include "land/sector_profile.hpp"
#include "land/sites.hpp"
#include "network/profile.hpp"
#include "region/accessibility.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cityregions;
  const auto file = fuzz::input_file(data, size, "input.toml");
  auto attempt = [](auto&& read) {
    try {
      read();
    } catch (const Error&) {
    }
  };
  attempt([&] { load_profile(file); });
  attempt([&] { load_pool_scenario(file); });
  attempt([&] { load_sector_profile(file.string()); });
  attempt([&] { load_site_mapping(file); });
  attempt([&] { load_access_config(file); });
  attempt([&] { load_region_profile(file); });
  return 0;
}
