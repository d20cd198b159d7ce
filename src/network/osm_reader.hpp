#pragma once
// Reads the road ways and turn restrictions of an OSM file (PBF or XML, via libosmium) and
// judges each way for every mode with the profile.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "network/profile.hpp"

namespace cityregions {

struct OsmRoads {
  struct Way {
    int64_t id;
    uint32_t first_node;  // into way_nodes
    uint32_t node_count;
    WayRule rule[3];  // per Mode
  };
  struct Restriction {
    int64_t relation_id;
    uint32_t from_way;  // index into ways
    uint32_t via_node;  // index into node_coords; kNoNode for a restriction via ways
    uint32_t to_way;
    bool only;        // only_* (else no_*)
    uint8_t modes;    // bit per Mode it applies to
    std::vector<uint32_t> via_ways;
    bool u_turn = false;  // no_u_turn / only_u_turn  // in the relation's order, when via_node is kNoNode
  };
  static constexpr uint32_t kNoNode = 0xffffffffu;
  // What a road node tells drivers (highway=traffic_signals, stop, give_way, crossing,
  // railway=level_crossing, barrier=*, highway=turning_circle).
  enum class Control : uint8_t {
    signal, pedestrian_signal, stop, stop_minor, give_way, zebra, level_crossing, level_crossing_barrier,
    level_crossing_open, barrier, gate, turning_circle
  };
  struct NodeControl {
    uint32_t node;      // index into node_coords
    Control kind;
    int8_t direction;   // +1 forward, -1 backward along the way (direction tags), 0 both
  };

  std::vector<FixedLonLat> node_coords;  // road nodes only, compact ids
  std::vector<int64_t> node_ids;         // their OSM ids
  std::vector<uint32_t> way_nodes;       // flat node lists of the ways
  std::vector<Way> ways;                 // ways usable by at least one mode
  std::vector<Restriction> restrictions;
  std::vector<NodeControl> controls;           // sorted by node
  std::map<std::string, int64_t> country_votes;  // ISO prefixes of zone codes in speed tags, by ways
  struct Junction {
    int64_t id;
    LonLat position;
    std::string ref, name;
  };
  std::vector<Junction> motorway_junctions;  // nodes tagged highway=motorway_junction
  int64_t restrictions_unsupported = 0;  // malformed, or members outside the data
  int64_t ways_missing_nodes = 0;        // ways cut short because node locations were absent
  Profile profile;                       // the profile the ways were judged with
};

OsmRoads read_osm_roads(const std::filesystem::path& file, const Profile& profile, bool show_progress);

}  // namespace cityregions
