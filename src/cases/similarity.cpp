#include "cases/similarity.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/toml_file.hpp"
#include "store/municipalities.hpp"

namespace cityregions {

RegionProfile load_region_profile(const std::filesystem::path& file) {
  const toml::table doc = parse_toml_file(file);
  RegionProfile p;
  const std::string f = file.string();
  for (const auto& [key, node] : doc) {
    const std::string k(key.str());
    if (k == "name" && node.is_string()) {
      p.name = *node.value<std::string>();
    } else if (k == "population" && node.is_integer() && *node.value<int64_t>() > 0) {
      p.population = *node.value<int64_t>();
    } else if (k == "municipalities" && node.is_integer() && *node.value<int64_t>() > 0) {
      p.municipalities = static_cast<int>(*node.value<int64_t>());
    } else if (k == "structure" && node.is_string()) {
      p.structure = *node.value<std::string>();
      if (p.structure != "polycentric" && p.structure != "monocentric" && p.structure != "unknown")
        throw input_error(f, "", k, "expected polycentric, monocentric or unknown");
    } else if (k == "country" && node.is_string()) {
      p.country = *node.value<std::string>();
    } else if (k == "themes" && node.is_array()) {
      for (const auto& t : *node.as_array()) {
        const auto v = t.value<std::string>();
        if (!v || !case_themes().count(*v)) throw input_error(f, "", k, "unknown theme '" + v.value_or("?") + "'");
        p.themes.push_back(*v);
      }
    } else {
      throw input_error(f, "", k, "unknown or mistyped (name, population, municipalities, structure, themes, country)");
    }
  }
  return p;
}

RegionProfile region_profile(Workspace& ws) {
  RegionProfile p;
  p.name = ws.name();
  const auto ms = load_municipalities(ws);
  if (ms.empty()) throw Error(ws.dir().string() + ": no municipalities to derive a region profile from");
  p.municipalities = static_cast<int>(ms.size());
  std::vector<int64_t> pops;
  for (const auto& m : ms) pops.push_back(m.population.value_or(0));
  std::sort(pops.rbegin(), pops.rend());
  int64_t total = 0;
  for (auto v : pops) total += v;
  if (total > 0) {
    p.population = total;
    p.structure = pops.size() > 1 && pops[1] * 2 >= pops[0] ? "polycentric" : "monocentric";
  }
  return p;
}

namespace {

std::string human(int64_t n) {
  char buf[32];
  if (n >= 1000000) std::snprintf(buf, sizeof buf, "%.2g m", static_cast<double>(n) / 1e6);
  else if (n >= 10000) std::snprintf(buf, sizeof buf, "%lld k", static_cast<long long>(std::llround(static_cast<double>(n) / 1000)));
  else std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
  return buf;
}

AttributeScore log_closeness(const char* attribute, const char* unit, std::optional<int64_t> ours,
                             std::optional<int64_t> theirs) {
  AttributeScore s{attribute, 0, 0.5, ""};
  if (!theirs || *theirs <= 0) {
    s.reason = std::string("case gives no ") + unit + " (neutral 0.5)";
    return s;
  }
  const double ratio = std::abs(std::log10(static_cast<double>(*theirs) / static_cast<double>(*ours)));
  s.similarity = std::max(0.0, 1.0 - ratio);
  s.reason = human(*theirs) + " vs " + human(*ours) + " " + unit;
  return s;
}

}  // namespace

std::vector<SimilarCase> similar_cases(const std::vector<Case>& cases, const RegionProfile& p, size_t top) {
  std::vector<SimilarCase> out;
  for (const auto& c : cases) {
    SimilarCase sc{c, 0, {}};
    auto add = [&](AttributeScore s, double weight) {
      s.weight = weight;
      sc.parts.push_back(std::move(s));
    };
    if (p.population) add(log_closeness("population", "inhabitants", p.population, c.population), 0.30);
    if (p.municipalities)
      add(log_closeness("municipalities", "municipalities", p.municipalities,
                        c.municipalities ? std::optional<int64_t>(*c.municipalities) : std::nullopt),
          0.20);
    if (p.structure != "unknown") {
      AttributeScore s{"structure", 0, 0.5, ""};
      if (c.structure == "unknown") {
        s.reason = "case structure unknown (neutral 0.5)";
      } else {
        s.similarity = c.structure == p.structure ? 1 : 0;
        s.reason = c.structure + (c.structure == p.structure ? ", like the region" : ", the region is " + p.structure);
      }
      add(s, 0.15);
    }
    if (!p.themes.empty()) {
      std::string shared;
      size_t n = 0;
      for (const auto& t : p.themes)
        if (std::find(c.themes.begin(), c.themes.end(), t) != c.themes.end()) {
          ++n;
          shared += (shared.empty() ? "" : ", ") + case_themes().at(t);
        }
      AttributeScore s{"themes", 0, static_cast<double>(n) / static_cast<double>(p.themes.size()), ""};
      s.reason = std::to_string(n) + " of " + std::to_string(p.themes.size()) + " themes of interest" +
                 (shared.empty() ? "" : " (" + shared + ")");
      add(s, 0.30);
    }
    if (!p.country.empty()) {
      AttributeScore s{"country", 0, c.country == p.country ? 1.0 : 0.0, ""};
      s.reason = c.country == p.country ? "same country: same legal framework" : c.country + ", not " + p.country;
      add(s, 0.05);
    }
    double total_weight = 0, score = 0;
    for (const auto& part : sc.parts) total_weight += part.weight;
    for (auto& part : sc.parts) {
      part.weight = total_weight > 0 ? part.weight / total_weight : 0;
      score += part.weight * part.similarity;
    }
    sc.score = 100 * score;
    out.push_back(std::move(sc));
  }
  std::stable_sort(out.begin(), out.end(), [](const SimilarCase& a, const SimilarCase& b) {
    return a.score != b.score ? a.score > b.score : a.c.id < b.c.id;
  });
  if (out.size() > top) out.resize(top);
  return out;
}

}  // namespace cityregions
