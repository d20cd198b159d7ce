#include "demo/illustrative_sites.hpp"

#include <fmt/core.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "io/csv.hpp"
#include "core/error.hpp"
#include "land/site_consistency.hpp"
#include "land/sites.hpp"
#include "region/osm_land.hpp"
#include "region/networks.hpp"
#include "store/gpkg.hpp"
#include "store/municipalities.hpp"

namespace cityregions {

namespace {

constexpr double kReserveShare = 0.08;  // assumed share of industrial/commercial land held as reserves
constexpr double kMinSiteHa = 5, kMaxSiteHa = 45;
constexpr size_t kMaxSitesPerMunicipality = 4;

// The candidate node for a site has its centre in the municipality, outside dense cells and near
// an anchor of commercial land: a motorway junction, a landuse=industrial|commercial|retail area
// or a road named Industrie…/Gewerbe… (docs/sites.md, "Illustrative sites").
constexpr double kJunctionRadiusM = 2000, kCommercialRadiusM = 500;
// Urban-centre density of the EU's degree of urbanisation (Eurostat, DEGURBA: 1 km² cells of at
// least 1,500 inhabitants): no site in or within kDenseMarginM of such a cell.
constexpr double kDenseKm2 = 1500, kDenseMarginM = 250;

template <class T>
const T& pick(std::mt19937& rng, const std::vector<std::pair<T, double>>& weighted) {
  std::vector<double> w;
  for (const auto& [v, p] : weighted) w.push_back(p);
  std::discrete_distribution<size_t> d(w.begin(), w.end());
  return weighted[d(rng)].first;
}

}  // namespace

void make_consistent(std::map<std::string, std::string>& v) {
  if (v["planning_status"] == "serviced") {
    v["road_access"] = "yes";
    if (v["water_sewer"] == "no") v["water_sewer"] = "partial";
  }
  if (v["availability"] == "immediately" && !site_contradictions(v).empty())
    v["availability"] = v["owner_willing"] == "no" || v["planning_status"] == "none" ? "later" : "within_2_years";
}

IllustrativeInventory build_illustrative_sites(Workspace& ws, const std::filesystem::path& landuse_csv, unsigned seed) {
  std::map<std::string, double> commercial_ha;
  {
    CsvReader csv(landuse_csv.string());
    const size_t ags = csv.require_column("ags"), ghd = csv.require_column("settlement_ghd");
    std::vector<std::string> f;
    while (csv.next(f)) {
      double v = 0;
      if (!f[ghd].empty() && std::from_chars(f[ghd].data(), f[ghd].data() + f[ghd].size(), v).ec != std::errc())
        throw input_error(landuse_csv.string(), std::to_string(csv.line()), "settlement_ghd", "not a number");
      if (!f[ghd].empty()) commercial_ha[f[ags]] = v;
    }
  }
  const int epsg = ws.epsg().value_or(0);
  const Projection proj(epsg);
  const StreetNetwork car = load_street_network(ws, Mode::car);
  const Graph& g = car.graph();
  std::vector<XY> nodes(g.node_count());
  for (uint32_t v = 0; v < g.node_count(); ++v) nodes[v] = proj.forward(g.coords[v].lonlat());

  // Anchors (workspace CRS) and dense cells of the population grid (EPSG:3035, 1 km).
  std::vector<std::pair<XY, double>> anchors;  // position, radius
  if (ws.db().table_exists("motorway_junctions")) {
    auto st = ws.db().prepare("SELECT geom FROM motorway_junctions");
    while (st.step()) {
      const auto junction = gpkg_decode(st.blob(0));
      const auto* p = junction->toPoint();
      anchors.push_back({proj.forward(LonLat{p->getX(), p->getY()}), kJunctionRadiusM});
    }
  }
  for (const auto& p : load_commercial_anchors(ws.db())) anchors.push_back({proj.forward(p), kCommercialRadiusM});
  std::set<std::pair<int64_t, int64_t>> dense;
  if (ws.db().table_exists("grid1km") && ws.db().has_column("grid1km", "population")) {
    auto st = ws.db().prepare("SELECT cell_id, population FROM grid1km WHERE population >= ?");
    st.bind(1, kDenseKm2);
    while (st.step()) {
      const std::string id = st.text(0);  // CRS3035RES1000mN<north>E<east>
      const auto n = id.find('N', 10), e = id.find('E', n);
      dense.insert({std::stoll(id.substr(e + 1)) / 1000, std::stoll(id.substr(n + 1, e - n - 1)) / 1000});
    }
  }
  const Projection laea(3035);
  auto in_dense = [&](XY workspace_xy) {
    const XY q = laea.forward(proj.inverse(workspace_xy));
    return dense.count({static_cast<int64_t>(std::floor(q.x / 1000)), static_cast<int64_t>(std::floor(q.y / 1000))}) > 0;
  };
  // A grid over the anchors for the radius test.
  std::map<std::pair<int64_t, int64_t>, std::vector<size_t>> anchor_cells;
  for (size_t i = 0; i < anchors.size(); ++i)
    anchor_cells[{static_cast<int64_t>(std::floor(anchors[i].first.x / kJunctionRadiusM)),
                  static_cast<int64_t>(std::floor(anchors[i].first.y / kJunctionRadiusM))}].push_back(i);
  auto near_anchor = [&](XY p) {
    const auto cx = static_cast<int64_t>(std::floor(p.x / kJunctionRadiusM)), cy = static_cast<int64_t>(std::floor(p.y / kJunctionRadiusM));
    for (int64_t dx = -1; dx <= 1; ++dx)
      for (int64_t dy = -1; dy <= 1; ++dy) {
        const auto it = anchor_cells.find({cx + dx, cy + dy});
        if (it == anchor_cells.end()) continue;
        for (size_t i : it->second)
          if (std::hypot(anchors[i].first.x - p.x, anchors[i].first.y - p.y) <= anchors[i].second) return true;
      }
    return false;
  };

  IllustrativeInventory rep;
  SiteInventory inventory(ws);
  std::mt19937 rng(seed);
  Transaction tx(ws.db());  // all sites or none
  std::vector<std::pair<std::string, OGRGeometryUniquePtr>> polygons;
  {
    auto st = ws.db().prepare("SELECT key, geom FROM municipalities ORDER BY key");
    while (st.step()) polygons.emplace_back(st.text(0), gpkg_decode(st.blob(1)));
  }
  const auto municipalities = load_municipalities(ws);
  for (const auto& entry : polygons) {
    const std::string& key = entry.first;  // not a structured binding: lambdas capture it (clang 14)
    const auto& polygon = entry.second;
    const auto m = std::find_if(municipalities.begin(), municipalities.end(), [&](const auto& x) { return x.key == key; });
    const auto it = commercial_ha.find(key);
    if (it == commercial_ha.end()) {
      ++rep.without_statistics;
      continue;
    }
    double reserve = it->second * kReserveShare;
    if (reserve < kMinSiteHa) continue;
    OGREnvelope env;
    polygon->getEnvelope(&env);
    std::vector<uint32_t> inside;
    for (uint32_t v = 0; v < g.node_count(); ++v) {
      if (nodes[v].x < env.MinX || nodes[v].x > env.MaxX || nodes[v].y < env.MinY || nodes[v].y > env.MaxY) continue;
      const OGRPoint p(nodes[v].x, nodes[v].y);
      if (polygon->Contains(&p)) inside.push_back(v);
    }
    if (inside.empty()) {
      ++rep.without_network;
      continue;
    }
    std::erase_if(inside, [&](uint32_t v) { return !near_anchor(nodes[v]) || in_dense(nodes[v]); });
    if (inside.empty()) {
      ++rep.without_plausible_land;
      continue;
    }
    std::vector<XY> placed;
    for (size_t n = 1; n <= kMaxSitesPerMunicipality && reserve >= kMinSiteHa; ++n) {
      const double ha = std::min(reserve, std::uniform_real_distribution<double>(kMinSiteHa, kMaxSiteHa)(rng));
      reserve -= ha;
      const double side = std::sqrt(ha * 10000);
      // A square beside a road node inside the municipality, away from the municipality's other sites.
      std::optional<OGRPolygon> square;
      for (int attempt = 0; attempt < 50 && !square; ++attempt) {
        const XY at = nodes[inside[std::uniform_int_distribution<size_t>(0, inside.size() - 1)(rng)]];
        const double x0 = at.x + 30, y0 = at.y - side / 2;
        if (std::any_of(placed.begin(), placed.end(), [&](XY q) { return std::hypot(q.x - x0, q.y - y0) < 1500; })) continue;
        OGRLinearRing ring;
        for (auto [dx, dy] : {std::pair{0.0, 0.0}, {side, 0.0}, {side, side}, {0.0, side}, {0.0, 0.0}}) {
          const LonLat ll = proj.inverse({x0 + dx, y0 + dy});
          ring.addPoint(ll.lon, ll.lat);
        }
        const XY c = {x0 + side / 2, y0 + side / 2};
        const OGRPoint centre(c.x, c.y);
        if (!polygon->Contains(&centre)) continue;
        // Neither the square nor a margin around it touches a dense cell.
        bool touches_dense = false;
        const double margin = kDenseMarginM;
        for (double fx : {0.0, 0.5, 1.0})
          for (double fy : {0.0, 0.5, 1.0})
            touches_dense |= in_dense({x0 - margin + fx * (side + 2 * margin), y0 - margin + fy * (side + 2 * margin)});
        if (touches_dense) continue;
        square.emplace();
        square->addRing(&ring);
        placed.push_back({x0, y0});
      }
      if (!square) break;
      const bool brownfield = std::bernoulli_distribution(0.3)(rng);
      const double population = static_cast<double>(m != municipalities.end() ? m->population.value_or(0) : 0);
      std::map<std::string, std::string> v = {
          {"name", fmt::format("Illustrative site {} {}", m != municipalities.end() ? m->name : key, n)},
          {"planning_status", pick<std::string>(rng, {{"serviced", 3}, {"binding_plan", 3}, {"land_use_plan", 3}, {"none", 1}})},
          {"ownership", pick<std::string>(rng, {{"municipal", 4}, {"public", 1}, {"private_single", 3}, {"private_fragmented", 2}})},
          {"owner_willing", pick<std::string>(rng, {{"yes", 6}, {"no", 1}, {"unknown", 3}})},
          {"road_access", pick<std::string>(rng, {{"yes", 8}, {"planned", 2}})},
          {"water_sewer", pick<std::string>(rng, {{"yes", 6}, {"partial", 3}, {"no", 1}})},
          {"power_mw", fmt::format("{}", std::uniform_int_distribution<int>(2, 40)(rng))},
          {"broadband", pick<std::string>(rng, {{"gigabit", 3}, {"fttb", 3}, {"basic", 3}, {"none", 1}})},
          {"flood_zone", std::bernoulli_distribution(0.1)(rng) ? "yes" : "no"},
          {"nature_protection", std::bernoulli_distribution(0.05)(rng) ? "yes" : "no"},
          {"contamination", brownfield && std::bernoulli_distribution(0.5)(rng) ? "yes" : "no"},
          {"noise_restriction", std::bernoulli_distribution(0.2)(rng) ? "yes" : "no"},
          {"availability", pick<std::string>(rng, {{"immediately", 3}, {"within_2_years", 4}, {"later", 2}, {"unknown", 1}})},
          {"brownfield", brownfield ? "yes" : "no"},
          // Land prices rise with the size of the municipality (illustrative: 25 … about 180 €/m²).
          {"price_eur_m2", fmt::format("{:.0f}", 25 + 30 * std::log10(std::max(population, 1000.0) / 1000) *
                                                       std::uniform_real_distribution<double>(0.8, 1.2)(rng))},
          {"rail_siding", pick<std::string>(rng, {{"existing", 1}, {"possible", 2}, {"none", 7}})},
          {"notes", kIllustrativeNote}};
      make_consistent(v);
      char* wkt = nullptr;
      square->exportToWkt(&wkt);
      const std::string text = wkt;
      CPLFree(wkt);
      inventory.add(fmt::format("DEMO-{}-{}", key, n), text, v, "demo");
      ++rep.sites;
      rep.hectares += inventory.get(fmt::format("DEMO-{}-{}", key, n))->area_ha;
    }
    ++rep.municipalities;
  }
  ws.record_source("sites", landuse_csv.string(),
                   "ILLUSTRATIVE sites generated by cityregions from land-use statistics: © Statistische Ämter des "
                   "Bundes und der Länder, Deutschland, 2020, dl-de/by-2-0 (Daten verändert, GermanZero)");
  tx.commit();
  return rep;
}

}  // namespace cityregions
