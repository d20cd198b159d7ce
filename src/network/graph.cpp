#include "network/graph.hpp"

#include <cstring>
#include <fstream>

#include "core/error.hpp"

namespace cityregions {

namespace {
constexpr char kMagic[8] = {'C', 'R', 'G', 'R', 'A', 'P', 'H', '\0'};
constexpr uint32_t kVersion = 1;

template <class T>
void write_array(std::ofstream& out, const std::vector<T>& v) {
  const uint64_t n = v.size();
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
}

template <class T>
void read_array(std::ifstream& in, std::vector<T>& v, const std::filesystem::path& file) {
  uint64_t n = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  if (!in || n > (uint64_t{1} << 34) / sizeof(T)) throw Error(file.string() + ": corrupt network file");
  v.resize(n);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
  if (!in) throw Error(file.string() + ": truncated network file");
}
}  // namespace

BBox Graph::bbox() const {
  BBox b;
  for (const auto& c : coords) {
    const auto p = c.lonlat();
    b.extend(p.lon, p.lat);
  }
  return b;
}

size_t Graph::routing_bytes() const {
  return first_out.size() * 4 + head.size() * 4 + weight_ms.size() * 4;
}

size_t Graph::total_bytes() const {
  return coords.size() * sizeof(FixedLonLat) + routing_bytes() + edge_chain.size() * 4 + chains.size() * sizeof(Chain) +
         shape.size() * sizeof(FixedLonLat);
}

void save_graph(const Graph& g, const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(file.string() + ": cannot write network file");
  out.write(kMagic, sizeof kMagic);
  out.write(reinterpret_cast<const char*>(&kVersion), sizeof kVersion);
  const uint32_t mode = static_cast<uint32_t>(g.mode);
  out.write(reinterpret_cast<const char*>(&mode), sizeof mode);
  const int64_t stats[5] = {g.source_node_count, g.dropped_nodes, g.dropped_edges, g.restrictions_applied,
                            g.restrictions_skipped};
  out.write(reinterpret_cast<const char*>(stats), sizeof stats);
  write_array(out, g.coords);
  write_array(out, g.first_out);
  write_array(out, g.head);
  write_array(out, g.weight_ms);
  write_array(out, g.edge_chain);
  write_array(out, g.chains);
  write_array(out, g.shape);
  if (!out.flush()) throw Error(file.string() + ": cannot write network file");
}

Graph load_graph(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": no network file (run 'cityregions import osm' first)");
  char magic[8];
  uint32_t version = 0, mode = 0;
  in.read(magic, sizeof magic);
  in.read(reinterpret_cast<char*>(&version), sizeof version);
  in.read(reinterpret_cast<char*>(&mode), sizeof mode);
  if (!in || std::memcmp(magic, kMagic, sizeof kMagic) != 0) throw Error(file.string() + ": not a cityregions network file");
  if (version != kVersion)
    throw Error(file.string() + ": network file version " + std::to_string(version) + ", this build reads version " +
                std::to_string(kVersion) + " (re-run 'cityregions import osm')");
  Graph g;
  g.mode = static_cast<Mode>(mode);
  int64_t stats[5];
  in.read(reinterpret_cast<char*>(stats), sizeof stats);
  g.source_node_count = stats[0], g.dropped_nodes = stats[1], g.dropped_edges = stats[2];
  g.restrictions_applied = stats[3], g.restrictions_skipped = stats[4];
  read_array(in, g.coords, file);
  read_array(in, g.first_out, file);
  read_array(in, g.head, file);
  read_array(in, g.weight_ms, file);
  read_array(in, g.edge_chain, file);
  read_array(in, g.chains, file);
  read_array(in, g.shape, file);
  if (g.first_out.size() != g.coords.size() + 1 || g.head.size() != g.weight_ms.size() ||
      g.head.size() != g.edge_chain.size() || g.first_out.back() != g.head.size())
    throw Error(file.string() + ": inconsistent network file");
  return g;
}

}  // namespace cityregions
