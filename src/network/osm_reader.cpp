#include "network/osm_reader.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
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
  std::vector<int64_t> via_ways;
  bool u_turn = false;
};

using Control = OsmRoads::Control;

bool one_of(const char* v, std::initializer_list<const char*> values) {
  if (!v) return false;
  for (const char* x : values)
    if (std::strcmp(v, x) == 0) return true;
  return false;
}

int8_t direction_of(const char* v) { return one_of(v, {"forward"}) ? 1 : one_of(v, {"backward"}) ? -1 : 0; }

// The controls a node puts on car traffic (docs/profiles.md, "Junctions").
void node_controls(const osmium::TagList& tags, std::vector<std::pair<Control, int8_t>>& out) {
  const char* highway = tags.get_value_by_key("highway");
  const char* crossing = tags.get_value_by_key("crossing");
  const int8_t dir = direction_of(tags.get_value_by_key("direction"));
  if (one_of(highway, {"traffic_signals"})) {
    const char* signal_dir = tags.get_value_by_key("traffic_signals:direction");
    const bool pedestrian = one_of(crossing, {"traffic_signals"}) ||
                            one_of(tags.get_value_by_key("traffic_signals"), {"crossing", "pedestrian_crossing"});
    out.emplace_back(pedestrian ? Control::pedestrian_signal : Control::signal, signal_dir ? direction_of(signal_dir) : dir);
  } else if (one_of(highway, {"crossing"})) {
    if (one_of(crossing, {"traffic_signals"}))
      out.emplace_back(Control::pedestrian_signal, dir);
    else if (one_of(crossing, {"zebra", "marked", "uncontrolled"}) || one_of(tags.get_value_by_key("crossing_ref"), {"zebra"}))
      out.emplace_back(Control::zebra, dir);
  } else if (one_of(highway, {"stop"})) {
    out.emplace_back(one_of(tags.get_value_by_key("stop"), {"minor"}) ? Control::stop_minor : Control::stop, dir);
  } else if (one_of(highway, {"give_way"})) {
    out.emplace_back(Control::give_way, dir);
  } else if (one_of(highway, {"turning_circle", "turning_loop"})) {
    out.emplace_back(Control::turning_circle, 0);
  }
  if (one_of(tags.get_value_by_key("railway"), {"level_crossing"})) {
    const char* barrier = tags.get_value_by_key("crossing:barrier");
    const char* light = tags.get_value_by_key("crossing:light");
    if (barrier && !one_of(barrier, {"no"}))
      out.emplace_back(Control::level_crossing_barrier, 0);
    else if (one_of(barrier, {"no"}) && one_of(light, {"no"}))
      out.emplace_back(Control::level_crossing_open, 0);
    else
      out.emplace_back(Control::level_crossing, 0);
  }
  if (const char* barrier = tags.get_value_by_key("barrier")) {
    // Access on the node decides first (OSRM car.lua): restricted values let cars through.
    for (const char* key : {"motorcar", "motor_vehicle", "vehicle", "access"}) {
      const char* v = tags.get_value_by_key(key);
      if (!v) continue;
      if (one_of(v, {"no", "agricultural", "forestry", "emergency", "psv", "bus", "foot", "military", "official"}))
        out.emplace_back(Control::barrier, 0);
      return;
    }
    if (one_of(barrier, {"cattle_grid", "border_control", "toll_booth", "sally_port", "no", "entrance",
                         "height_restrictor", "arch"}))
      return;
    if (one_of(barrier, {"kerb"}) &&
        (one_of(tags.get_value_by_key("kerb"), {"lowered", "flush"}) || one_of(highway, {"crossing"})))
      return;
    out.emplace_back(one_of(barrier, {"gate", "lift_gate", "swing_gate"}) ? Control::gate : Control::barrier, 0);
  }
}

class RoadHandler : public osmium::handler::Handler {
 public:
  RoadHandler(const Profile& profile, OsmRoads& out) : profile_(profile), out_(out) {}

  void node(const osmium::Node& node) {
    if (!node.tags().empty()) {
      controls_found_.clear();
      node_controls(node.tags(), controls_found_);
      for (const auto& [kind, dir] : controls_found_) pending_controls_.push_back({node.id(), kind, dir});
    }
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
    for (const char* key : {"maxspeed", "source:maxspeed", "maxspeed:type", "zone:maxspeed", "zone:traffic"})
      if (const char* v = tags.get_value_by_key(key))
        if (auto code = country_of_zone_code(v); !code.empty()) {
          ++out_.country_votes[std::string(code)];
          break;
        }
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
    Restrictions r{rel.id(), 0, 0, 0, false, 0, {}, false};
    bool has_only = false, has_no = false;
    for (Mode m : kStreetModes) {
      const auto& p = profile_[m];
      if (!p.turn_restrictions) continue;
      const char* value = tags.get_value_by_key(("restriction:" + p.restriction_key).c_str());
      if (!value) value = tags.get_value_by_key("restriction");
      if (!value) continue;
      if (const char* except = tags.get_value_by_key("except"); except && std::strstr(except, p.except_key.c_str()))
        continue;
      r.u_turn |= std::strstr(value, "_u_turn") != nullptr;
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
    int from = 0, via_nodes = 0, to = 0;
    for (const auto& member : rel.members()) {
      const std::string_view role = member.role();
      if (role == "from" && member.type() == osmium::item_type::way) r.from_way = member.ref(), ++from;
      else if (role == "to" && member.type() == osmium::item_type::way) r.to_way = member.ref(), ++to;
      else if (role == "via") {
        if (member.type() == osmium::item_type::node) r.via_node = member.ref(), ++via_nodes;
        else if (member.type() == osmium::item_type::way) r.via_ways.push_back(member.ref());
      }
    }
    const bool via_ok = (via_nodes == 1 && r.via_ways.empty()) || (via_nodes == 0 && !r.via_ways.empty());
    if (from != 1 || to != 1 || !via_ok) {
      ++out_.restrictions_unsupported;
      return;
    }
    pending_.push_back(r);
  }

  void resolve_restrictions() {
    for (const auto& r : pending_) {
      auto f = way_index_.find(r.from_way), t = way_index_.find(r.to_way);
      bool found = f != way_index_.end() && t != way_index_.end();
      uint32_t via_node = OsmRoads::kNoNode;
      std::vector<uint32_t> via_ways;
      if (r.via_ways.empty()) {
        auto v = node_index_.find(r.via_node);
        found = found && v != node_index_.end();
        if (found) via_node = v->second;
      } else {
        for (int64_t id : r.via_ways) {
          auto w = way_index_.find(id);
          found = found && w != way_index_.end();
          if (found) via_ways.push_back(w->second);
        }
      }
      if (!found) {
        ++out_.restrictions_unsupported;
        continue;
      }
      out_.restrictions.push_back({r.relation_id, f->second, via_node, t->second, r.only, r.modes, std::move(via_ways), r.u_turn});
    }
  }

  // Controls on nodes that roads use, by their compact index.
  void resolve_controls() {
    for (const auto& c : pending_controls_)
      if (auto it = node_index_.find(c.osm_id); it != node_index_.end())
        out_.controls.push_back({it->second, c.kind, c.direction});
    std::sort(out_.controls.begin(), out_.controls.end(),
              [](const OsmRoads::NodeControl& a, const OsmRoads::NodeControl& b) { return a.node < b.node; });
  }

 private:
  const Profile& profile_;
  OsmRoads& out_;
  std::unordered_map<int64_t, uint32_t> node_index_;
  std::unordered_map<int64_t, uint32_t> way_index_;
  std::vector<Restrictions> pending_;
  struct PendingControl {
    int64_t osm_id;
    Control kind;
    int8_t direction;
  };
  std::vector<PendingControl> pending_controls_;
  std::vector<std::pair<Control, int8_t>> controls_found_;
};

}  // namespace

OsmRoads read_osm_roads(const std::filesystem::path& file, const Profile& profile, bool show_progress) {
  if (!std::filesystem::is_regular_file(file)) throw Error(file.string() + ": no such file");
  OsmRoads out;
  out.profile = profile;
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
    handler.resolve_controls();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(file.string() + ": cannot read OSM data: " + e.what());
  }
  if (out.ways.empty()) throw Error(file.string() + ": no usable highway ways in this OSM file");
  return out;
}

}  // namespace cityregions
