#pragma once
// Hand-written GTFS feeds: tables as text, zipped with libzip.
#include <zip.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

namespace cityregions::test {

inline void write_gtfs(const std::filesystem::path& zip_path, const std::map<std::string, std::string>& files) {
  std::filesystem::remove(zip_path);
  int err = 0;
  zip_t* z = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("cannot create " + zip_path.string());
  for (const auto& [name, text] : files) {
    zip_source_t* src = zip_source_buffer(z, text.data(), text.size(), 0);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) < 0) throw std::runtime_error("zip add " + name);
  }
  if (zip_close(z) != 0) throw std::runtime_error("cannot write " + zip_path.string());
}

// A small valid feed; tests replace or drop tables to make it invalid.
inline std::map<std::string, std::string> small_feed() {
  return {
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,Test,http://x,Europe/Berlin\n"},
      {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,One,49.0,8.000\nS2,Two,49.0,8.030\nS3,Three,49.0,8.060\n"},
      {"routes.txt", "route_id,route_short_name,route_type\nR1,1,3\n"},
      {"trips.txt", "route_id,service_id,trip_id\nR1,WK,T1\n"},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\n"
       "T1,08:20:00,08:20:00,S3,3\n"},
      {"calendar.txt",
       "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
       "WK,1,1,1,1,1,0,0,20161001,20161231\n"},
  };
}

}  // namespace cityregions::test
