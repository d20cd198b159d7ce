#include "region_commands.hpp"

#include <fmt/core.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "region/outputs.hpp"
#include "store/municipalities.hpp"

namespace cityregions::cli {

using json = nlohmann::json;

void print_info(const RegionInfo& info, bool as_json) {
  if (as_json) {
    json nets = json::array(), details = json::array();
    for (const auto& n : info.networks) {
      nets.push_back(n.mode);
      details.push_back({{"mode", n.mode}, {"nodes", n.nodes}, {"edges", n.edges}, {"dropped_nodes", n.dropped_nodes},
                         {"dropped_edges", n.dropped_edges}, {"source", n.source}, {"built_at", n.built_at}});
    }
    json j = {{"name", info.name},
              {"crs", info.epsg ? json("EPSG:" + std::to_string(*info.epsg)) : json(nullptr)},
              {"municipalities", info.municipalities},
              {"population", info.population},
              {"jobs", info.jobs ? json(*info.jobs) : json(nullptr)},
              {"area_km2", std::round(info.area_km2 * 100) / 100},
              {"networks", nets},
              {"network_details", details},
              {"layers", info.layers}};
    json sources = json::array();
    for (const auto& s : info.sources)
      sources.push_back({{"layer", s.layer}, {"file", s.file}, {"attribution", s.attribution}, {"imported_at", s.imported_at}});
    j["sources"] = sources;
    if (!info.bbox.empty())
      j["bbox"] = {info.bbox.min_x, info.bbox.min_y, info.bbox.max_x, info.bbox.max_y};
    else
      j["bbox"] = nullptr;
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("Region          {}\n", info.name);
  fmt::print("CRS             {}\n", info.epsg ? "EPSG:" + std::to_string(*info.epsg) : "not set (chosen at first import)");
  fmt::print("Municipalities  {}\n", info.municipalities);
  fmt::print("Population      {}\n", thousands(info.population));
  if (info.jobs) fmt::print("Jobs            {}\n", thousands(*info.jobs));
  fmt::print("Area            {:.1f} km²\n", info.area_km2);
  if (!info.bbox.empty())
    fmt::print("Extent          lon {:.4f} … {:.4f}, lat {:.4f} … {:.4f}\n", info.bbox.min_x, info.bbox.max_x, info.bbox.min_y,
               info.bbox.max_y);
  if (info.networks.empty()) {
    fmt::print("Networks        none (cityregions import osm)\n");
  } else {
    fmt::print("Networks\n  {:<6} {:>9} {:>9} {:>14}  {}\n", "mode", "nodes", "edges", "dropped nodes", "source");
    for (const auto& n : info.networks)
      fmt::print("  {:<6} {:>9} {:>9} {:>14}  {}\n", n.mode, thousands(n.nodes), thousands(n.edges), thousands(n.dropped_nodes),
                 n.source);
  }
  std::string layers;
  for (const auto& l : info.layers) layers += (layers.empty() ? "" : ", ") + l;
  fmt::print("Layers          {}\n", layers);
  if (!info.sources.empty()) {
    fmt::print("Sources\n");
    for (const auto& s : info.sources)
      fmt::print("  {:<28} {}  {}\n", s.layer, s.file, s.attribution.empty() ? "(no attribution given)" : s.attribution);
  }
}

RegionCommands::RegionCommands(CLI::App& app, CLI::App& import, CLI::App& export_cmd) {
  auto* region = app.add_subcommand("region", "create a region workspace or describe it");
  region->require_subcommand(1);
  create_ = region->add_subcommand("create", "create an empty workspace directory (GeoPackage + network files)");
  create_->add_option("WS", ws_, "workspace directory")->required();
  create_->add_option("--name", name_, "name of the region")->required();
  create_->add_option("--crs", crs_, "projected CRS for metric work, e.g. EPSG:3035 (default: UTM zone of the data)");
  info_ = region->add_subcommand("info", "municipalities, population, area, networks and layers of a workspace");
  info_->add_option("WS", ws_, "workspace directory")->required();
  info_->add_flag("--json", json_, "print JSON");

  import_municipalities_ =
      import.add_subcommand("municipalities", "municipality polygons (GeoJSON, GeoPackage, Shapefile … via GDAL)");
  import_municipalities_->add_option("WS", ws_, "workspace directory")->required();
  import_municipalities_->add_option("FILE", file_, "vector file with polygons")->required();
  import_municipalities_->add_option("--key", key_, "field with the official key (AGS, GKZ, TERYT, ISTAT …)")->required();
  import_municipalities_->add_option("--name", name_field_, "field with the name")->required();
  import_municipalities_->add_option("--population", population_, "field with the population");
  import_municipalities_->add_option("--jobs", jobs_, "field with the number of jobs");
  import_municipalities_->add_option("--layer", layer_, "layer name (default: the first)");
  import_stats_ = import.add_subcommand("stats", "join further columns of a CSV onto municipalities by official key");
  import_stats_->add_option("WS", ws_, "workspace directory")->required();
  import_stats_->add_option("FILE", file_, "CSV file (comma, semicolon or tab separated)")->required();
  import_stats_->add_option("--key", key_, "column with the official key")->required();
  import_stats_->add_flag("--decimal-comma", decimal_comma_, "numbers in the 1.234,5 style (dots group thousands)");
  import_stats_->add_option("--encoding", encoding_, "utf-8 (default), windows-1252 or latin-1");
  for (auto* cmd : {import_municipalities_, import_stats_})
    cmd->add_option("--attribution", attribution_, "credit the data's licence requires, shown wherever it is displayed");

  export_layer_ = export_cmd.add_subcommand("layer", "any workspace layer (accessibility results, sites …) to a file");
  export_layer_->add_option("WS", ws_, "workspace directory")->required();
  export_layer_->add_option("LAYER", layer_, "layer name (see 'region info')")->required();
  export_layer_->add_option("--out", out_, "FILE.gpkg, FILE.geojson or FILE.csv")->required();
}

bool RegionCommands::run() {
  if (create_->parsed()) {
    std::optional<int> epsg;
    if (!crs_.empty()) {
      const std::string digits = crs_.starts_with("EPSG:") || crs_.starts_with("epsg:") ? crs_.substr(5) : crs_;
      try {
        size_t used = 0;
        epsg = std::stoi(digits, &used);
        if (used != digits.size() || *epsg <= 0) throw std::invalid_argument(digits);
      } catch (const std::exception&) {
        throw Error("--crs: expected EPSG:NNNN, got '" + crs_ + "'");
      }
    }
    auto ws = Workspace::create(ws_, name_, epsg);
    fmt::print("Created workspace '{}' in {} ({})\n", name_, ws_,
               epsg ? "EPSG:" + std::to_string(*epsg) : "CRS: UTM zone of the first data imported");
  } else if (info_->parsed()) {
    auto ws = Workspace::open(ws_);
    print_info(ws.info(), json_);
  } else if (import_municipalities_->parsed()) {
    auto ws = Workspace::open(ws_);
    MunicipalityImport spec{key_, name_field_, std::nullopt, std::nullopt, std::nullopt, attribution_};
    if (!population_.empty()) spec.population_field = population_;
    if (!jobs_.empty()) spec.jobs_field = jobs_;
    if (!layer_.empty()) spec.layer = layer_;
    const auto s = import_municipalities(ws, file_, spec);
    const auto i = ws.info();
    fmt::print("Imported {} municipalities from {} into EPSG:{}: population {}, area {:.1f} km²\n", s.records, file_,
               i.epsg.value_or(0), thousands(i.population), i.area_km2);
  } else if (import_stats_->parsed()) {
    const CsvOptions options{parse_encoding(encoding_), decimal_comma_};
    auto ws = Workspace::open(ws_);
    const auto s = import_stats(ws, file_, key_, attribution_, options);
    std::string cols;
    for (const auto& c : s.columns) cols += (cols.empty() ? "" : ", ") + c;
    fmt::print("Joined {} rows onto municipalities ({} rows for other keys skipped); columns: {}\n", s.records, s.skipped, cols);
    if (!s.unmatched.empty()) {
      std::string keys;
      for (const auto& k : s.unmatched) keys += (keys.empty() ? "" : ", ") + k;
      fmt::print("Keys that name no municipality of the region{}: {}\n", s.skipped > s.unmatched.size() ? " (first 10)" : "", keys);
      for (const auto& h : s.hints) fmt::print("Hint: {}\n", h);
    }
    std::string ignored;
    for (const auto& c : s.ignored_columns) ignored += (ignored.empty() ? "" : ", ") + c;
    if (!ignored.empty()) fmt::print("Ignored columns that the workspace computes or keys itself: {}\n", ignored);
  } else if (export_layer_->parsed()) {
    auto ws = Workspace::open(ws_);
    export_layer(ws, layer_, out_);
    fmt::print("Exported layer {} to {}\n", layer_, out_);
    print_attribution(ws);
  } else {
    return false;
  }
  return true;
}

}  // namespace cityregions::cli
