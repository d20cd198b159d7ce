#include "cases_commands.hpp"

#include <fmt/core.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cases/catalogue.hpp"
#include "cases/similarity.hpp"
#include "cli_common.hpp"
#include "core/output_file.hpp"

namespace cityregions::cli {

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<Case> read_cases_any(const std::string& file) {
  return fs::path(file).extension() == ".csv" ? read_case_csv(file) : read_case_file(file);
}

std::string join_labels(const std::vector<std::string>& ids, const std::map<std::string, std::string>& vocab) {
  std::string s;
  for (const auto& id : ids) s += (s.empty() ? "" : ", ") + (vocab.count(id) ? vocab.at(id) : id);
  return s;
}

void print_case(const Case& c) {
  fmt::print("{}  [{}]{}\n", c.name, c.id, c.verified ? "" : "  (⚠ not all facts verified)");
  fmt::print("{}\n", std::string(std::min<size_t>(c.name.size(), 100), '='));
  fmt::print("Region        {} ({})\n", c.region, c.country);
  fmt::print("Kind          {}\n", c.kind);
  if (c.start_year || c.end_year)
    fmt::print("Years         {}–{}\n", c.start_year ? std::to_string(*c.start_year) : "?",
               c.end_year ? std::to_string(*c.end_year) : "");
  if (c.population || c.municipalities)
    fmt::print("Scale         {}{}\n", c.population ? thousands(*c.population) + " inhabitants" : "",
               c.municipalities ? (c.population ? ", " : "") + std::to_string(*c.municipalities) + " municipalities" : "");
  fmt::print("Structure     {}\n", c.structure);
  fmt::print("Themes        {}\n", join_labels(c.themes, case_themes()));
  fmt::print("Instruments   {}\n", join_labels(c.instruments, case_instruments()));
  if (!c.legal_form.empty()) fmt::print("Legal form    {}\n", c.legal_form);
  if (!c.partners.empty()) {
    fmt::print("Partners\n");
    for (const auto& p : c.partners) fmt::print("  - {} ({})\n", p.name, p.type);
  }
  if (!c.funding.empty()) fmt::print("Funding       {}\n", c.funding);
  if (c.sharing_rule) fmt::print("Sharing rule  {}\n", describe(*c.sharing_rule));
  if (c.sharing_rule && !c.sharing_rule->note.empty()) fmt::print("              {}\n", c.sharing_rule->note);
  for (const auto& [label, text] : {std::pair{"\nSummary", &c.summary}, {"\nOutcomes", &c.outcomes}, {"\nLessons", &c.lessons}})
    if (!text->empty()) fmt::print("{}\n  {}\n", label, *text);
  if (!c.sources.empty()) {
    fmt::print("\nSources\n");
    for (const auto& s : c.sources) fmt::print("  {}\n", s);
  }
}

}  // namespace

CasesCommands::CasesCommands(CLI::App& app) {
  cases_ = app.add_subcommand("cases", "good-practice catalogue of inter-municipal cooperation");
  cases_->require_subcommand(1);
  load_ = cases_->add_subcommand("load", "load the catalogue shipped with cityregions into the workspace");
  load_->add_option("WS", ws_, "workspace directory")->required();
  search_ = cases_->add_subcommand("search", "ranked full-text search with filters");
  search_->add_option("WS", ws_, "workspace directory")->required();
  search_->add_option("QUERY", query_, "words to look for (empty: list all)");
  search_->add_option("--theme", theme_, "only cases with this theme (e.g. commercial_land)");
  search_->add_option("--country", country_, "only cases in this country (ISO code, e.g. DE)");
  search_->add_option("--instrument", instrument_, "only cases using this instrument (e.g. land_pool)");
  search_->add_option("--legal-form", legal_form_, "only cases whose legal form contains this text");
  search_->add_option("--min-population", min_pop_, "smallest population");
  search_->add_option("--max-population", max_pop_, "largest population");
  search_->add_option("--min-municipalities", min_munis_, "fewest municipalities");
  search_->add_option("--max-municipalities", max_munis_, "most municipalities");
  search_->add_flag("--verified", verified_only_, "only cases whose facts are confirmed");
  search_->add_option("--limit", limit_, "at most this many results")->capture_default_str();
  search_->add_flag("--json", json_, "print JSON");
  show_ = cases_->add_subcommand("show", "one case in full, with its sources");
  show_->add_option("WS", ws_, "workspace directory")->required();
  show_->add_option("ID", id_, "case id")->required();
  show_->add_flag("--json", json_, "print JSON");
  similar_ = cases_->add_subcommand("similar", "cases most like a region, with the score explained");
  similar_->add_option("WS", ws_, "workspace directory")->required();
  auto* profile_opt = similar_->add_option("--profile", profile_, "TOML region profile (see docs/cases.md)");
  similar_->add_flag("--region", from_region_, "derive the profile from the workspace's municipalities")->excludes(profile_opt);
  similar_->add_option("--themes", themes_, "themes of interest, comma-separated (with --region)");
  similar_->add_option("--country", country_, "the region's country code (with --region)");
  similar_->add_option("--top", limit_, "how many cases")->capture_default_str();
  similar_->add_flag("--json", json_, "print JSON");
  add_ = cases_->add_subcommand("add", "add new cases from a JSON or CSV file");
  add_->add_option("WS", ws_, "workspace directory")->required();
  add_->add_option("FILE", file_, "cases as JSON ({\"cases\": [...]}) or CSV (see docs/cases.md)")->required();
  update_ = cases_->add_subcommand("update", "replace existing cases (by id) from a JSON or CSV file");
  update_->add_option("WS", ws_, "workspace directory")->required();
  update_->add_option("FILE", file_, "cases as JSON or CSV")->required();
  remove_ = cases_->add_subcommand("remove", "remove a case");
  remove_->add_option("WS", ws_, "workspace directory")->required();
  remove_->add_option("ID", id_, "case id")->required();
  export_ = cases_->add_subcommand("export", "write the workspace's catalogue as JSON or CSV");
  export_->add_option("WS", ws_, "workspace directory")->required();
  export_->add_option("--out", out_, "FILE.json or FILE.csv")->required();
}

bool CasesCommands::run() {
  if (!cases_->parsed()) return false;
  const CaseFilter filter{theme_, country_, instrument_, legal_form_,
                          min_pop_ >= 0 ? std::optional<int64_t>(min_pop_) : std::nullopt,
                          max_pop_ >= 0 ? std::optional<int64_t>(max_pop_) : std::nullopt,
                          min_munis_ >= 0 ? std::optional<int>(min_munis_) : std::nullopt,
                          max_munis_ >= 0 ? std::optional<int>(max_munis_) : std::nullopt, verified_only_};
  auto ws = Workspace::open(ws_);
  CaseCatalogue catalogue(ws);
  if (load_->parsed()) {
    const auto n = catalogue.load(seed_cases());
    fmt::print("Loaded {} cases of the shipped catalogue; the workspace now holds {}.\n", n, catalogue.size());
  } else if (search_->parsed()) {
    const auto hits = catalogue.search(query_, filter, limit_);
    if (json_) {
      json j = json::array();
      for (const auto& h : hits) {
        json c = case_to_json(h.c);
        c["score"] = std::round(h.score * 1000) / 1000;
        c["snippet"] = h.snippet;
        j.push_back(c);
      }
      fmt::print("{}\n", j.dump(2));
      return true;
    }
    if (hits.empty()) {
      fmt::print("No case matches{}.\n", query_.empty() ? "" : " '" + query_ + "'");
      return true;
    }
    // Relevance relative to the best hit; the raw BM25 score is in --json.
    fmt::print("{:>3}  {:>9}  {:<34} {:<60} {:<3}\n", "#", "relevance", "id", "name", "cc");
    for (size_t i = 0; i < hits.size(); ++i) {
      const auto& h = hits[i];
      const std::string relevance = query_.empty() ? "" : fmt::format("{:.0f} %", 100 * h.score / hits[0].score);
      fmt::print("{:>3}  {:>9}  {:<34} {:<60} {:<3}{}\n", i + 1, relevance, h.c.id, h.c.name.substr(0, 60), h.c.country,
                 h.c.verified ? "" : " ⚠");
      if (!h.snippet.empty()) fmt::print("{:16}{}\n", "", h.snippet);
    }
    fmt::print("⚠ = not all facts verified. 'cityregions cases show {} ID' for details and sources.\n", ws_);
  } else if (show_->parsed()) {
    const auto c = catalogue.get(id_);
    if (!c) throw Error("no case '" + id_ + "' (see 'cityregions cases search " + ws_ + "')");
    if (json_)
      fmt::print("{}\n", case_to_json(*c).dump(2));
    else
      print_case(*c);
  } else if (similar_->parsed()) {
    RegionProfile profile;
    if (!profile_.empty()) {
      profile = load_region_profile(profile_);
    } else if (from_region_) {
      profile = region_profile(ws);
      std::stringstream ss(themes_);
      std::string t;
      while (std::getline(ss, t, ','))
        if (!t.empty()) {
          if (!case_themes().count(t)) throw Error("--themes: unknown theme '" + t + "'");
          profile.themes.push_back(t);
        }
      profile.country = country_;
    } else {
      throw Error("cases similar: give --profile FILE or --region");
    }
    const auto found = similar_cases(catalogue.all(), profile, limit_);
    if (json_) {
      json j = json::array();
      for (const auto& s : found) {
        json parts = json::array();
        for (const auto& p : s.parts)
          parts.push_back({{"attribute", p.attribute}, {"weight", p.weight}, {"similarity", p.similarity}, {"reason", p.reason}});
        j.push_back({{"id", s.c.id}, {"name", s.c.name}, {"score", std::round(s.score * 10) / 10}, {"parts", parts}});
      }
      fmt::print("{}\n", j.dump(2));
      return true;
    }
    fmt::print("Cases most like {}: {}{}{}{}\n", profile.name.empty() ? "the profile" : profile.name,
               profile.population ? thousands(*profile.population) + " inhabitants, " : "",
               profile.municipalities ? std::to_string(*profile.municipalities) + " municipalities, " : "", profile.structure,
               profile.themes.empty() ? "" : ", themes: " + join_labels(profile.themes, case_themes()));
    for (size_t i = 0; i < found.size(); ++i) {
      const auto& s = found[i];
      fmt::print("\n{:>2}. {:5.1f}  {} [{}]{}\n", i + 1, s.score, s.c.name, s.c.id, s.c.verified ? "" : " ⚠");
      for (const auto& p : s.parts)
        fmt::print("           {:<15} {:4.2f} × {:4.0f} % = {:5.1f}   {}\n", p.attribute, p.similarity, p.weight * 100,
                   100 * p.similarity * p.weight, p.reason);
    }
  } else if (add_->parsed()) {
    const auto list = read_cases_any(file_);
    catalogue.add(list);
    fmt::print("Added {} cases from {}.\n", list.size(), file_);
  } else if (update_->parsed()) {
    const auto list = read_cases_any(file_);
    catalogue.update(list);
    fmt::print("Updated {} cases from {}.\n", list.size(), file_);
  } else if (remove_->parsed()) {
    catalogue.remove(id_);
    fmt::print("Removed case {}.\n", id_);
  } else if (export_->parsed()) {
    const auto list = catalogue.all();
    if (fs::path(out_).extension() == ".csv") {
      write_case_csv(list, out_);
    } else {
      json j = json::object();
      j["cases"] = json::array();
      for (const auto& c : list) j["cases"].push_back(case_to_json(c));
      auto f = open_output_file(out_);
      f << j.dump(2) << "\n";
    }
    fmt::print("Exported {} cases to {}.\n", list.size(), out_);
  }
  return true;
}

}  // namespace cityregions::cli
