#include "network/osm_reader.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <cstring>
#include <unordered_map>

#include "core/error.hpp"
#include "core/progress.hpp"

namespace cityregions {

namespace {

using LocationIndex = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;

struct Restrictions {
  int64_t relation_id;
  int64_t from_way, via_node, to_way;
  bool only;
  uint8_t modes;
};

class RoadHandler : public osmium::handler::Handler {
 public:
  RoadHandler(const Profile& profile, OsmRoads& out) : profile_(profile), out_(out) {}

  void node(const osmium::Node& node) {
    const char* highway = node.tags().get_value_by_key("highway");
    if (!highway || std::strcmp(highway, "motorway_junction") != 0 || !node.location().valid()) return;
    const char* ref = node.tags().get_value_by_key("ref");
    const char* name = node.tags().get_value_by_key("name");
    out_.motorway_junctions.push_back(
        {node.id(), {node.location().lon(), node.location().lat()}, ref ? ref : "", name ? name : ""});
  }

  void way(const osmium::Way& way) {
    const auto& tags = way.tags();
    if (!tags.has_key("highway")) return;
    OsmRoads::Way w{way.id(), 0, 0, {}};
    bool any = false;
    for (Mode m : kStreetModes) {
      w.rule[static_cast<int>(m)] = evaluate_way(profile_[m], m, [&](const char* k) { return tags.get_value_by_key(k); });
      any |= w.rule[static_cast<int>(m)].usable();
    }
    if (!any) return;
    // A way whose node locations are missing (extract cut) keeps its longest located run.
    const auto& refs = way.nodes();
    size_t best_begin = 0, best_len = 0, run_begin = 0;
    for (size_t i = 0; i <= refs.size(); ++i) {
      if (i == refs.size() || !refs[i].location().valid()) {
        if (i - run_begin > best_len) best_begin = run_begin, best_len = i - run_begin;
        run_begin = i + 1;
      }
    }
    if (best_len != refs.size()) ++out_.ways_missing_nodes;
    if (best_len < 2) return;
    w.first_node = static_cast<uint32_t>(out_.way_nodes.size());
    w.node_count = static_cast<uint32_t>(best_len);
    for (size_t i = best_begin; i < best_begin + best_len; ++i) {
      const auto& r = refs[i];
      auto [it, inserted] = node_index_.try_emplace(r.ref(), static_cast<uint32_t>(out_.node_coords.size()));
      if (inserted) {
        out_.node_coords.push_back(FixedLonLat{r.location().x(), r.location().y()});
        out_.node_ids.push_back(r.ref());
      }
      out_.way_nodes.push_back(it->second);
    }
    way_index_.emplace(way.id(), static_cast<uint32_t>(out_.ways.size()));
    out_.ways.push_back(w);
  }

  void relation(const osmium::Relation& rel) {
    const auto& tags = rel.tags();
    const char* type = tags.get_value_by_key("type");
    if (!type || std::strcmp(type, "restriction") != 0) return;
    Restrictions r{rel.id(), 0, 0, 0, false, 0};
    bool has_only = false, has_no = false;
    for (Mode m : kStreetModes) {
      const auto& p = profile_[m];
      if (!p.turn_restrictions) continue;
      const char* value = tags.get_value_by_key(("restriction:" + p.restriction_key).c_str());
      if (!value) value = tags.get_value_by_key("restriction");
      if (!value) continue;
      if (const char* except = tags.get_value_by_key("except"); except && std::strstr(except, p.except_key.c_str()))
        continue;
      if (std::strncmp(value, "only_", 5) == 0) {
        has_only = true;
      } else if (std::strncmp(value, "no_", 3) == 0) {
        has_no = true;
      } else {
        continue;
      }
      r.modes |= static_cast<uint8_t>(1u << static_cast<int>(m));
    }
    if (!r.modes || (has_only && has_no)) return;
    r.only = has_only;
    int from = 0, via = 0, to = 0;
    for (const auto& member : rel.members()) {
      const std::string_view role = member.role();
      if (role == "from" && member.type() == osmium::item_type::way) r.from_way = member.ref(), ++from;
      else if (role == "to" && member.type() == osmium::item_type::way) r.to_way = member.ref(), ++to;
      else if (role == "via") {
        if (member.type() == osmium::item_type::node) r.via_node = member.ref(), ++via;
        else via = 99;  // via ways are not supported
      }
    }
    if (from != 1 || to != 1 || via != 1) {
      ++out_.restrictions_unsupported;
      return;
    }
    pending_.push_back(r);
  }

  void resolve_restrictions() {
    for (const auto& r : pending_) {
      auto f = way_index_.find(r.from_way), t = way_index_.find(r.to_way);
      auto v = node_index_.find(r.via_node);
      if (f == way_index_.end() || t == way_index_.end() || v == node_index_.end()) {
        ++out_.restrictions_unsupported;
        continue;
      }
      out_.restrictions.push_back({r.relation_id, f->second, v->second, t->second, r.only, r.modes});
    }
  }

 private:
  const Profile& profile_;
  OsmRoads& out_;
  std::unordered_map<int64_t, uint32_t> node_index_;
  std::unordered_map<int64_t, uint32_t> way_index_;
  std::vector<Restrictions> pending_;
};

}  // namespace

OsmRoads read_osm_roads(const std::filesystem::path& file, const Profile& profile, bool show_progress) {
  if (!std::filesystem::is_regular_file(file)) throw Error(file.string() + ": no such file");
  OsmRoads out;
  try {
    const osmium::io::File input(file.string());
    osmium::io::Reader reader(input, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way |
                                         osmium::osm_entity_bits::relation);
    LocationIndex index;
    osmium::handler::NodeLocationsForWays<LocationIndex> locations(index);
    locations.ignore_errors();
    RoadHandler handler(profile, out);
    Progress progress("reading " + file.filename().string(), reader.file_size(), show_progress);
    uint64_t last = 0;
    while (osmium::memory::Buffer buffer = reader.read()) {
      osmium::apply(buffer, locations, handler);
      const uint64_t off = reader.offset();
      progress.advance(off - last);
      last = off;
    }
    reader.close();
    progress.finish();
    handler.resolve_restrictions();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(file.string() + ": cannot read OSM data: " + e.what());
  }
  if (out.ways.empty()) throw Error(file.string() + ": no usable highway ways in this OSM file");
  return out;
}

}  // namespace cityregions
