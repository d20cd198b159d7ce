#pragma once
// Point files: a CSV (id,lat,lon), newline-delimited JSON stations (FPTF: id,
// location.latitude/longitude, as the DB station list) or any GDAL point layer, in WGS84.
#include <string>
#include <vector>

#include "core/geo.hpp"

namespace cityregions {

struct NamedPoint {
  std::string id;
  LonLat position;
  std::string where;  // "file:line" or "file:feature N", for error messages
  double value = 1;   // the value field's number when one was asked for (capacity, jobs …)
};

// Reads by extension (.csv, .ndjson/.jsonl, else GDAL). `value_field` names a numeric field to
// read into NamedPoint::value. Errors name file:line and field.
std::vector<NamedPoint> read_point_file(const std::string& path, const std::string& value_field = "");

}  // namespace cityregions
