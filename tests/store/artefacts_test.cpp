// Derived files and the database change together (store/artefacts.hpp), and a damaged file is an
// error, never a crash (the loaders' checks).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstring>
#include <fstream>

#include "core/binary_file.hpp"
#include "core/error.hpp"
#include "network/contraction_hierarchy.hpp"
#include "network/dijkstra.hpp"
#include "network/matrix.hpp"
#include "network/osm_fixture.hpp"
#include "network/profile.hpp"
#include "region/networks.hpp"
#include "store/artefacts.hpp"
#include "store/workspace.hpp"
#include "support/test_support.hpp"

namespace cityregions {
namespace {

namespace fs = std::filesystem;
using test::fingerprint;
using test::OsmFixture;
using test::TempDir;

// A 4 × 4 block of residential streets (about 150 m apart), written as OSM XML.
void write_block(const fs::path& file) {
  OsmFixture f;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) f.node(10 * r + c + 1, 49.48 + 0.00135 * r, 8.46 + 0.002 * c);
  int way = 1;
  for (int r = 0; r < 4; ++r) f.way(way++, {10 * r + 1, 10 * r + 2, 10 * r + 3, 10 * r + 4}, {{"highway", "residential"}});
  for (int c = 0; c < 4; ++c) f.way(way++, {c + 1, c + 11, c + 21, c + 31}, {{"highway", "residential"}});
  f.write(file);
}

struct Imported {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "Block", std::nullopt);
  Imported() {
    write_block(dir / "block.osm");
    import_osm(ws, dir / "block.osm", default_profile(), false);
  }
};

std::string bytes_of(const fs::path& file) { return test::read_file(file); }
void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(Artefacts, EveryFileCarriesTheBuildIdTheDatabaseRecords) {
  Imported w;
  const Graph g = load_graph(w.ws.network_file("car"));
  ASSERT_EQ(g.build_id.size(), 32u);
  EXPECT_EQ(load_contraction_hierarchy(w.ws.hierarchy_file("car")).build_id, g.build_id);
  auto st = w.ws.db().prepare("SELECT count(*), count(DISTINCT build_id), min(build_id) FROM artefacts");
  ASSERT_TRUE(st.step());
  EXPECT_GE(st.int64(0), 5);  // walk, bike, car graphs and their hierarchies (car: one per period)
  EXPECT_EQ(st.int64(1), 1);
  EXPECT_EQ(st.text(2), g.build_id);
  EXPECT_NO_THROW(load_street_network(w.ws, Mode::car));
  // Nothing staged is left behind.
  for (const auto& e : fs::directory_iterator(w.ws.dir() / "networks")) EXPECT_NE(e.path().extension(), ".new") << e.path();
}

TEST(Artefacts, AGraphAndAHierarchyOfTwoImportsAreRefused) {
  // Two imports of the same file: the same counts, different builds. Before, the pair was taken.
  Imported a, b;
  fs::copy_file(b.ws.hierarchy_file("car"), a.ws.hierarchy_file("car"), fs::copy_options::overwrite_existing);
  try {
    load_street_network(a.ws, Mode::car);
    FAIL() << "a hierarchy of another import was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("car.ch"), std::string::npos) << e.what();
  }
  fs::copy_file(b.ws.network_file("walk"), a.ws.network_file("walk"), fs::copy_options::overwrite_existing);
  EXPECT_THROW(load_street_graph(a.ws, Mode::walk), Error);
}

TEST(Artefacts, AFailedCommitLeavesTheOldFilesAndNothingStaged) {
  Imported w;
  const std::string before = fingerprint(w.ws.dir() / "networks");
  // Another connection holds the write lock: the import's transaction cannot take it.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((w.ws.dir() / "region.gpkg").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  Profile faster = default_profile();
  EXPECT_THROW(import_osm(w.ws, w.dir / "block.osm", faster, false), Error);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_EQ(fingerprint(w.ws.dir() / "networks"), before);
  EXPECT_NO_THROW(load_street_network(w.ws, Mode::car));
}

TEST(Artefacts, TheNextOpenFinishesASwapTheDatabaseCommitted) {
  Imported w;
  const fs::path graph = w.ws.network_file("walk");
  const std::string old_bytes = bytes_of(graph);
  // A crash after the commit: the database names the new build and the rename still to do.
  Graph g = load_graph(graph);
  g.build_id = new_build_id();
  save_graph(g, fs::path(graph.string() + ".new"));
  w.ws.db().prepare("UPDATE artefacts SET build_id = ? WHERE file = 'networks/walk.graph'").bind(1, g.build_id).run();
  w.ws.db().exec("INSERT INTO artefact_swaps VALUES ('networks/walk.graph.new', 'networks/walk.graph')");
  EXPECT_THROW(load_street_graph(w.ws, Mode::walk), Error);  // the old file is refused meanwhile
  Workspace again = Workspace::open(w.ws.dir());
  EXPECT_FALSE(fs::exists(graph.string() + ".new"));
  EXPECT_NE(bytes_of(graph), old_bytes);
  EXPECT_EQ(load_street_graph(again, Mode::walk).build_id, g.build_id);
  auto st = again.db().prepare("SELECT count(*) FROM artefact_swaps");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 0);
}

TEST(Artefacts, TheNextOpenRemovesFilesStagedBeforeACrash) {
  Imported w;
  const std::string before = fingerprint(w.ws.dir());
  write_bytes(w.ws.dir() / "networks" / "car.graph.new", "half a graph");
  Workspace::open(w.ws.dir());
  EXPECT_EQ(fingerprint(w.ws.dir()), before);
}

TEST(Artefacts, OneImportAtATime) {
  Imported w;
  ArtefactUpdate first(w.ws);
  EXPECT_THROW(ArtefactUpdate second(w.ws), Error);
  // Recovery leaves a running update alone.
  write_bytes(first.stage(w.ws.network_file("car")), "being written");
  Workspace::open(w.ws.dir());
  EXPECT_TRUE(fs::exists(w.ws.network_file("car").string() + ".new"));
}

// Each 4-byte word of a file set to a hostile value, one at a time: the loader refuses the file
// with an Error, or what it accepts can be routed on. Before, such files crashed route and matrix.
template <class Load>
void corrupt_each_word(const fs::path& file, Load load, size_t& refused) {
  const std::string good = bytes_of(file);
  for (uint32_t hostile : {0xFFFFFFFFu, 0x7FFFFFFFu, 0x00010000u}) {
    for (size_t at = 0; at + 4 <= good.size(); at += 4) {
      std::string bad = good;
      std::memcpy(bad.data() + at, &hostile, 4);
      if (bad == good) continue;
      write_bytes(file, bad);
      try {
        load();
      } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(file.filename().string()), std::string::npos) << e.what();
        ++refused;
      }
    }
  }
  write_bytes(file, good);
}

TEST(Artefacts, CorruptGraphAndHierarchyFilesAreErrorsNotCrashes) {
  Imported w;
  size_t refused = 0;
  const auto route_all = [&] {
    // Everything a query touches: the checks, snapping, a one-to-all search on the hierarchy.
    StreetNetwork net = load_street_network(w.ws, Mode::car);
    std::vector<Location> points;
    for (LonLat p : {LonLat{8.461, 49.4801}, LonLat{8.465, 49.4827}, LonLat{8.4665, 49.484}})
      if (auto l = net.try_locate(p, 300)) points.push_back(*l);
    fastest_matrix(net, points, points, kNone, false);
    Dijkstra d(net.graph());
    for (uint32_t s = 0; s < net.graph().routing_node_count(); s += 7) d.run(std::vector{Dijkstra::Seed{s, 0, 0, kNone}});
  };
  corrupt_each_word(w.ws.network_file("car"), route_all, refused);
  corrupt_each_word(w.ws.hierarchy_file("car"), route_all, refused);
  EXPECT_GT(refused, 100u);
  EXPECT_NO_THROW(route_all());
}

TEST(Artefacts, ALengthBeyondTheFileIsRefusedBeforeAllocating) {
  Imported w;
  const fs::path file = w.ws.network_file("walk");
  std::string bytes = bytes_of(file);
  // The first array length after magic (8), version (4), build id (two arrays: 8 + 8 + 8 + 32),
  // mode (4), nine counts (72) and the country (8 + 8 + 8 + its bytes) is the coordinates'.
  const Graph g = load_graph(file);
  const size_t at = 8 + 4 + (8 + 8 + 8 + 32) + 4 + 72 + (8 + 8 + 8 + g.country.size());
  uint64_t n = 0;
  std::memcpy(&n, bytes.data() + at, 8);
  ASSERT_EQ(n, g.coords.size());
  n = uint64_t{1} << 31;  // 16 GiB of coordinates
  std::memcpy(bytes.data() + at, &n, 8);
  write_bytes(file, bytes);
  try {
    load_graph(file);
    FAIL() << "a length beyond the file was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bytes left"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cityregions
