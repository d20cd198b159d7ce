#pragma once
// Hand-written OSM XML for small networks whose travel times can be worked out by hand.
#include <map>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "support/test_support.hpp"

namespace cityregions::test {

class OsmFixture {
 public:
  void node(int64_t id, double lat, double lon, const std::map<std::string, std::string>& tags = {}) {
    coords_[id] = {lon, lat};
    xml_ += "  <node id=\"" + std::to_string(id) + "\" version=\"1\" lat=\"" + num(lat) + "\" lon=\"" + num(lon) + "\"";
    if (tags.empty()) {
      xml_ += "/>\n";
      return;
    }
    xml_ += ">\n";
    for (const auto& [k, v] : tags) xml_ += "    <tag k=\"" + k + "\" v=\"" + v + "\"/>\n";
    xml_ += "  </node>\n";
  }
  void way(int64_t id, const std::vector<int64_t>& nodes, const std::map<std::string, std::string>& tags) {
    ways_ += "  <way id=\"" + std::to_string(id) + "\" version=\"1\">\n";
    for (auto n : nodes) ways_ += "    <nd ref=\"" + std::to_string(n) + "\"/>\n";
    for (const auto& [k, v] : tags) ways_ += "    <tag k=\"" + k + "\" v=\"" + v + "\"/>\n";
    ways_ += "  </way>\n";
  }
  void restriction(int64_t id, int64_t from_way, int64_t via_node, int64_t to_way, const std::string& type) {
    relations_ += "  <relation id=\"" + std::to_string(id) + "\" version=\"1\">\n    <member type=\"way\" ref=\"" +
                  std::to_string(from_way) + "\" role=\"from\"/>\n    <member type=\"node\" ref=\"" +
                  std::to_string(via_node) + "\" role=\"via\"/>\n    <member type=\"way\" ref=\"" + std::to_string(to_way) +
                  "\" role=\"to\"/>\n    <tag k=\"type\" v=\"restriction\"/>\n    <tag k=\"restriction\" v=\"" + type +
                  "\"/>\n  </relation>\n";
  }
  void restriction_via_ways(int64_t id, int64_t from_way, const std::vector<int64_t>& via_ways, int64_t to_way,
                            const std::string& type) {
    relations_ += "  <relation id=\"" + std::to_string(id) + "\" version=\"1\">\n    <member type=\"way\" ref=\"" +
                  std::to_string(from_way) + "\" role=\"from\"/>\n";
    for (auto v : via_ways) relations_ += "    <member type=\"way\" ref=\"" + std::to_string(v) + "\" role=\"via\"/>\n";
    relations_ += "    <member type=\"way\" ref=\"" + std::to_string(to_way) +
                  "\" role=\"to\"/>\n    <tag k=\"type\" v=\"restriction\"/>\n    <tag k=\"restriction\" v=\"" + type +
                  "\"/>\n  </relation>\n";
  }
  LonLat at(int64_t id) const { return coords_.at(id); }
  // A point the fraction t of the way from node a to node b.
  LonLat between(int64_t a, int64_t b, double t) const {
    return {at(a).lon + t * (at(b).lon - at(a).lon), at(a).lat + t * (at(b).lat - at(a).lat)};
  }
  double dist(int64_t a, int64_t b) const { return haversine_m(at(a), at(b)); }
  void write(const std::filesystem::path& file) const {
    write_file(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"test\">\n" + xml_ +
                         ways_ + relations_ + "</osm>\n");
  }

 private:
  static std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.7f", v);
    return buf;
  }
  std::map<int64_t, LonLat> coords_;
  std::string xml_, ways_, relations_;
};

}  // namespace cityregions::test
