#include "network/graph_builder.hpp"

#include "network/raw_network.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace cityregions {

using detail::RawChain;
using detail::RawEdge;
using detail::RawNetwork;

namespace {
uint64_t pair_key(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }
}  // namespace

uint32_t hilbert_index(double x, double y, const BBox& box) {
  const double w = std::max(box.max_x - box.min_x, 1e-12), h = std::max(box.max_y - box.min_y, 1e-12);
  uint32_t ix = static_cast<uint32_t>(std::clamp((x - box.min_x) / w, 0.0, 1.0) * 65535);
  uint32_t iy = static_cast<uint32_t>(std::clamp((y - box.min_y) / h, 0.0, 1.0) * 65535);
  uint32_t d = 0;
  for (uint32_t s = 1u << 15; s > 0; s >>= 1) {
    const uint32_t rx = (ix & s) ? 1 : 0, ry = (iy & s) ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        ix = s - 1 - ix;
        iy = s - 1 - iy;
      }
      std::swap(ix, iy);
    }
  }
  return d;
}

std::vector<uint32_t> strongly_connected_components(uint32_t n, std::span<const uint32_t> first_out,
                                                    std::span<const uint32_t> head, uint32_t& count) {
  std::vector<uint32_t> index(n, kNone), low(n, 0), comp(n, kNone), stack, call_node, call_edge;
  std::vector<bool> on_stack(n, false);
  uint32_t next_index = 0;
  count = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    call_node.push_back(root);
    call_edge.push_back(first_out[root]);
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!call_node.empty()) {
      const uint32_t v = call_node.back();
      uint32_t& e = call_edge.back();
      if (e < first_out[v + 1]) {
        const uint32_t w = head[e++];
        if (index[w] == kNone) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          on_stack[w] = true;
          call_node.push_back(w);
          call_edge.push_back(first_out[w]);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp[w] = count;
        } while (w != v);
        ++count;
      }
      call_node.pop_back();
      call_edge.pop_back();
      if (!call_node.empty()) low[call_node.back()] = std::min(low[call_node.back()], low[v]);
    }
  }
  return comp;
}

namespace detail {

RawNetwork split_into_chains(const OsmRoads& roads, Mode mode, std::span<const uint32_t> extra_nodes, const ChainTime& time) {
  const int mi = static_cast<int>(mode);
  const size_t road_nodes = roads.node_coords.size();
  std::vector<uint8_t> uses(road_nodes, 0);
  for (const auto& w : roads.ways) {
    if (!w.rule[mi].usable()) continue;
    for (uint32_t i = 0; i < w.node_count; ++i) {
      auto& u = uses[roads.way_nodes[w.first_node + i]];
      u = static_cast<uint8_t>(std::min(u + (i == 0 || i + 1 == w.node_count ? 2 : 1), 2));
    }
  }
  for (uint32_t n : extra_nodes)
    if (uses[n] > 0) uses[n] = 2;
  // A stretch that leaves a node and comes back to it (a closed way, a loop road) is split in
  // the middle, or it would vanish as a self-loop.
  for (const auto& w : roads.ways) {
    if (!w.rule[mi].usable()) continue;
    uint32_t begin = w.first_node;
    for (uint32_t p = w.first_node + 1; p < w.first_node + w.node_count; ++p) {
      if (uses[roads.way_nodes[p]] < 2) continue;
      if (roads.way_nodes[begin] == roads.way_nodes[p] && p - begin >= 2) uses[roads.way_nodes[(begin + p) / 2]] = 2;
      begin = p;
    }
  }

  RawNetwork net;
  net.local.assign(road_nodes, kNone);
  auto vertex = [&](uint32_t road_node) {
    if (net.local[road_node] == kNone) {
      net.local[road_node] = static_cast<uint32_t>(net.coords.size());
      net.coords.push_back(roads.node_coords[road_node]);
    }
    return net.local[road_node];
  };
  for (uint32_t wi = 0; wi < roads.ways.size(); ++wi) {
    const auto& w = roads.ways[wi];
    const WayRule& rule = w.rule[mi];
    if (!rule.usable()) continue;
    uint32_t begin = w.first_node;
    double length = 0;
    for (uint32_t p = w.first_node + 1; p < w.first_node + w.node_count; ++p) {
      length += haversine_m(roads.node_coords[roads.way_nodes[p - 1]].lonlat(), roads.node_coords[roads.way_nodes[p]].lonlat());
      if (uses[roads.way_nodes[p]] < 2) continue;
      const uint32_t a = vertex(roads.way_nodes[begin]), b = vertex(roads.way_nodes[p]);
      if (a != b) {
        const auto c = static_cast<uint32_t>(net.chains.size());
        net.chains.push_back({wi, begin, p, static_cast<float>(length)});
        if (rule.forward) net.edges.push_back({a, b, time(net.chains.back(), false), c, wi, false, true});
        if (rule.backward) net.edges.push_back({b, a, time(net.chains.back(), true), c, wi, true, true});
      }
      begin = p;
      length = 0;
    }
  }
  return net;
}

std::vector<LonLat> chain_points(const OsmRoads& roads, const RawChain& c, bool against) {
  std::vector<LonLat> pts;
  for (uint32_t p = c.begin; p <= c.end; ++p) pts.push_back(roads.node_coords[roads.way_nodes[p]].lonlat());
  if (against) std::reverse(pts.begin(), pts.end());
  return pts;
}

std::vector<uint32_t> assemble_road_level(const OsmRoads& roads, const RawNetwork& net, const std::vector<bool>& keep_node,
                                          const std::vector<bool>& keep_edge, Graph& g) {
  const auto n = static_cast<uint32_t>(net.coords.size());
  BBox box;
  for (const auto& c : net.coords) box.extend(c.lon_e7, c.lat_e7);
  std::vector<std::pair<uint32_t, uint32_t>> order;  // (hilbert, old id)
  for (uint32_t v = 0; v < n; ++v)
    if (keep_node[v]) order.emplace_back(hilbert_index(net.coords[v].lon_e7, net.coords[v].lat_e7, box), v);
  std::sort(order.begin(), order.end());
  std::vector<uint32_t> new_id(n, kNone);
  g.coords.clear();
  g.coords.reserve(order.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    new_id[order[i].second] = i;
    g.coords.push_back(net.coords[order[i].second]);
  }
  g.dropped_nodes = n - static_cast<int64_t>(order.size());

  std::vector<uint32_t> kept;  // raw edge ids in their new order
  for (uint32_t e = 0; e < net.edges.size(); ++e)
    if (keep_edge[e] && new_id[net.edges[e].tail] != kNone && new_id[net.edges[e].head] != kNone) kept.push_back(e);
  g.dropped_edges = static_cast<int64_t>(net.edges.size() - kept.size());
  std::stable_sort(kept.begin(), kept.end(), [&](uint32_t a, uint32_t b) {
    const uint32_t ta = new_id[net.edges[a].tail], tb = new_id[net.edges[b].tail];
    if (ta != tb) return ta < tb;
    return new_id[net.edges[a].head] < new_id[net.edges[b].head];
  });
  g.first_out.assign(g.coords.size() + 1, 0);
  for (uint32_t e : kept) ++g.first_out[new_id[net.edges[e].tail] + 1];
  std::partial_sum(g.first_out.begin(), g.first_out.end(), g.first_out.begin());

  // Chains used by kept edges, renumbered in order of first use, with their shapes.
  std::vector<uint32_t> edge_id(net.edges.size(), kNone);
  std::vector<uint32_t> chain_id(net.chains.size(), kNone);
  g.head.clear();
  g.weight_ms.clear();
  g.edge_chain.clear();
  g.chains.clear();
  g.shape.clear();
  for (uint32_t i = 0; i < kept.size(); ++i) {
    const auto& e = net.edges[kept[i]];
    edge_id[kept[i]] = i;
    if (chain_id[e.chain] == kNone) {
      chain_id[e.chain] = static_cast<uint32_t>(g.chains.size());
      const auto& rc = net.chains[e.chain];
      g.chains.push_back({static_cast<uint32_t>(g.shape.size()), kNone, kNone, rc.length_m});
      for (uint32_t p = rc.begin; p <= rc.end; ++p) g.shape.push_back(roads.node_coords[roads.way_nodes[p]]);
    }
    const uint32_t c = chain_id[e.chain];
    g.head.push_back(new_id[e.head]);
    g.weight_ms.push_back(e.weight_ms);
    g.edge_chain.push_back(c << 1 | (e.against ? 1u : 0u));
    if (e.canonical) (e.against ? g.chains[c].backward_edge : g.chains[c].forward_edge) = i;
  }
  g.chains.push_back({static_cast<uint32_t>(g.shape.size()), kNone, kNone, 0});
  return edge_id;
}

}  // namespace detail

namespace {

// Walking and cycling: a node-based graph; turn restrictions (cycling) by node splitting.
Graph build_node_graph(const OsmRoads& roads, Mode mode) {
  const int mi = static_cast<int>(mode);
  std::vector<uint32_t> vias;
  for (const auto& r : roads.restrictions)
    if ((r.modes & (1u << mi)) && r.via_node != OsmRoads::kNoNode) vias.push_back(r.via_node);
  RawNetwork net = detail::split_into_chains(roads, mode, vias, [&](const RawChain& c, bool) {
    return static_cast<uint32_t>(std::lround(c.length_m / (roads.ways[c.way].rule[mi].kmh / 3.6) * 1000));
  });
  auto& coords = net.coords;
  auto& edges = net.edges;
  const auto& local = net.local;

  Graph g;
  g.mode = mode;

  // Turn restrictions: every (via node, from way) pair with forbidden turns gets its own copy of
  // the via node, reached only from that way and left only by the allowed edges.
  std::unordered_map<uint32_t, std::vector<uint32_t>> out_of_via;  // via -> original out edges
  std::unordered_map<uint64_t, std::vector<const OsmRoads::Restriction*>> rules_at;  // (via, from way)
  for (const auto& r : roads.restrictions) {
    if (!(r.modes & (1u << mi))) continue;
    if (r.via_node == OsmRoads::kNoNode || local[r.via_node] == kNone) {
      ++g.restrictions_skipped;
      continue;
    }
    rules_at[pair_key(local[r.via_node], r.from_way)].push_back(&r);
    out_of_via.try_emplace(local[r.via_node]);
  }
  const size_t original_edge_count = edges.size();
  std::unordered_map<uint64_t, bool> into_via;  // (via, way) of original edges entering a via
  for (uint32_t e = 0; e < original_edge_count; ++e) {
    if (auto it = out_of_via.find(edges[e].tail); it != out_of_via.end()) it->second.push_back(e);
    if (out_of_via.count(edges[e].head)) into_via[pair_key(edges[e].head, edges[e].way)] = true;
  }

  std::unordered_map<uint64_t, uint32_t> split_vertex;  // (via, from way) -> copy of via
  for (const auto& entry : rules_at) {
    const uint64_t key = entry.first;
    const auto& rules = entry.second;  // a plain reference: lambdas cannot capture bindings (clang 14)
    const auto via = static_cast<uint32_t>(key >> 32);
    const auto& outs = out_of_via[via];
    auto forbidden = [&](const RawEdge& o) {
      for (const auto* r : rules)
        if (r->only ? o.way != r->to_way : o.way == r->to_way) return true;
      return false;
    };
    bool any_forbidden = false, to_way_found = false;
    const bool from_way_found = into_via.count(key) > 0;
    for (uint32_t o : outs) {
      any_forbidden |= forbidden(edges[o]);
      for (const auto* r : rules) to_way_found |= edges[o].way == r->to_way;
    }
    if (!to_way_found || !from_way_found) {
      g.restrictions_skipped += static_cast<int64_t>(rules.size());
      continue;
    }
    g.restrictions_applied += static_cast<int64_t>(rules.size());
    if (!any_forbidden) continue;
    const auto copy = static_cast<uint32_t>(coords.size());
    coords.push_back(coords[via]);
    split_vertex.emplace(key, copy);
    for (uint32_t o : outs) {
      if (forbidden(edges[o])) continue;
      RawEdge c = edges[o];
      c.tail = copy;
      c.canonical = false;
      edges.push_back(c);
    }
  }
  if (!split_vertex.empty())
    for (auto& e : edges)
      if (auto it = split_vertex.find(pair_key(e.head, e.way)); it != split_vertex.end()) e.head = it->second;

  // Keep the largest strongly connected component.
  const auto n = static_cast<uint32_t>(coords.size());
  g.source_node_count = n;
  std::vector<uint32_t> order(edges.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return edges[a].tail < edges[b].tail; });
  std::vector<uint32_t> first_out(n + 1, 0), heads;
  for (const auto& e : edges) ++first_out[e.tail + 1];
  std::partial_sum(first_out.begin(), first_out.end(), first_out.begin());
  for (uint32_t e : order) heads.push_back(edges[e].head);
  uint32_t components = 0;
  const auto comp = strongly_connected_components(n, first_out, heads, components);
  std::vector<uint32_t> size(components, 0);
  for (uint32_t c : comp) ++size[c];
  const auto largest = static_cast<uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
  std::vector<bool> keep_node(n), keep_edge(edges.size(), true);
  for (uint32_t v = 0; v < n; ++v) keep_node[v] = comp[v] == largest;
  detail::assemble_road_level(roads, net, keep_node, keep_edge, g);
  return g;
}

}  // namespace

Graph build_graph(const OsmRoads& roads, Mode mode) {
  return mode == Mode::car ? build_car_graph(roads) : build_node_graph(roads, mode);
}

}  // namespace cityregions
