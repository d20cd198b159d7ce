#include "land/site_ranking.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "land/site_criteria.hpp"
#include "store/gpkg.hpp"
#include "store/result_tables.hpp"

namespace cityregions {

namespace {

std::optional<std::string> raw_value(const Site& s, const std::string& field) {
  if (field == "area_ha") return fmt::format("{}", s.area_ha);
  if (field == "municipality") return s.municipality;
  const auto it = s.values.find(field);
  if (it == s.values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::optional<double> number(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  double d = 0;
  const auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), d);
  if (ec != std::errc() || p != text->data() + text->size()) return std::nullopt;
  return d;
}

std::string format_number(const std::string& field, double v) {
  if (field == "area_ha") return fmt::format("{:.1f} ha", v);
  if (field.ends_with("_min")) return fmt::format("{:.1f} min", v);
  if (field.starts_with("pop_")) return grouped(v) + " people";
  if (field == "price_eur_m2") return fmt::format("{:.0f} €/m²", v);
  if (field == "power_mw") return fmt::format("{:g} MW", v);
  return fmt::format("{:g}", v);
}

bool is_boolean(const std::string& field) {
  for (const auto& f : site_fields())
    if (f.name == field) return f.kind == SiteField::Kind::boolean;
  return false;
}

std::string shown(const std::string& field, const std::string& value) {
  if (is_boolean(field)) return value == "1" ? "yes" : "no";
  return value;
}

}  // namespace

std::string shown_value(const Site& site, const std::string& field) {
  const auto raw = raw_value(site, field);
  if (!raw) return "unknown";
  if (const auto n = number(raw); n && !is_boolean(field)) return format_number(field, *n);
  return shown(field, *raw);
}

std::string describe(const SiteConstraint& c) {
  const std::string label = site_field_label(c.field);
  if (c.min && c.max) return fmt::format("{} between {} and {}", label, format_number(c.field, *c.min), format_number(c.field, *c.max));
  if (c.min) return fmt::format("{} ≥ {}", label, format_number(c.field, *c.min));
  if (c.max) return fmt::format("{} ≤ {}", label, format_number(c.field, *c.max));
  std::string list;
  for (const auto& v : c.allowed) list += (list.empty() ? "" : " or ") + shown(c.field, v);
  return label + " must be " + list;
}

Ranking rank_sites(const std::vector<Site>& sites, const SectorProfile& profile) {
  Ranking r;
  r.profile = profile;
  std::vector<const Site*> candidates;
  for (const auto& s : sites) {
    ExcludedSite ex{s, {}};
    for (const auto& c : profile.constraints) {
      const auto raw = raw_value(s, c.field);
      const std::string why = c.why.empty() ? "" : " (" + c.why + ")";
      if (!raw) {
        const bool criterion = std::any_of(site_criteria().begin(), site_criteria().end(),
                                           [&](const SiteCriterion& k) { return k.name == c.field; });
        if (!c.unknown_passes)
          ex.reasons.push_back(describe(c) + (criterion && s.criteria_pending ? " — not computed yet (run `sites criteria`)"
                                                                                 : " — unknown" + why));
        continue;
      }
      bool ok = true;
      if (c.allowed.empty()) {
        const auto v = number(raw);
        ok = v && (!c.min || *v >= *c.min) && (!c.max || *v <= *c.max);
      } else {
        ok = std::find(c.allowed.begin(), c.allowed.end(), *raw) != c.allowed.end();
      }
      if (!ok) ex.reasons.push_back(describe(c) + " — is " + shown_value(s, c.field) + why);
    }
    if (ex.reasons.empty()) candidates.push_back(&s);
    else r.excluded.push_back(std::move(ex));
  }

  // Normalisation bounds of number criteria: the fixed range, else min…max over the candidates.
  std::vector<std::pair<double, double>> bounds;
  for (const auto& c : profile.criteria) {
    if (c.range) {
      bounds.push_back(*c.range);
      continue;
    }
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (const Site* s : candidates)
      if (const auto v = number(raw_value(*s, c.field))) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
    bounds.push_back({lo, hi});
  }
  for (const Site* s : candidates) {
    RankedSite rs{*s, 0, 0, {}, {}};
    for (size_t i = 0; i < profile.criteria.size(); ++i) {
      const auto& c = profile.criteria[i];
      CriterionPart part{c.field, site_field_label(c.field), shown_value(*s, c.field), 0, c.weight, 0, false};
      const auto raw = raw_value(*s, c.field);
      if (raw && !c.scores.empty()) {
        const auto it = c.scores.find(*raw);
        part.normalised = it == c.scores.end() ? 0 : it->second;
        part.known = true;
      } else if (const auto v = number(raw); v && c.scores.empty()) {
        const auto [lo, hi] = bounds[i];
        if (c.ratio) {
          if (c.higher_is_better) part.normalised = hi > 0 ? std::clamp(*v / hi, 0.0, 1.0) : 1.0;
          else part.normalised = *v > 0 ? std::clamp(lo / *v, 0.0, 1.0) : 1.0;
        } else {
          const double x = hi > lo ? std::clamp((*v - lo) / (hi - lo), 0.0, 1.0) : 1.0;  // all equal: no one is worse
          part.normalised = c.higher_is_better ? x : 1 - x;
        }
        part.known = true;
      }
      part.points = 100 * c.weight * part.normalised;
      rs.score += part.points;
      rs.parts.push_back(std::move(part));
    }
    // In words: the criteria that gained and lost most against their weight.
    std::vector<const CriterionPart*> by_gain;
    for (const auto& p : rs.parts) by_gain.push_back(&p);
    std::sort(by_gain.begin(), by_gain.end(), [](const CriterionPart* a, const CriterionPart* b) {
      return a->normalised != b->normalised ? a->normalised > b->normalised : a->weight > b->weight;
    });
    const CriterionPart& best = *by_gain.front();
    const CriterionPart& worst = *by_gain.back();
    rs.summary = fmt::format("strongest: {} {} ({:.0f} of {:.0f} points)", best.label, best.value, best.points, best.weight * 100);
    if (&best != &worst)
      rs.summary += fmt::format("; weakest: {} {} ({:.0f} of {:.0f})", worst.label, worst.value, worst.points, worst.weight * 100);
    r.ranked.push_back(std::move(rs));
  }
  std::stable_sort(r.ranked.begin(), r.ranked.end(), [](const RankedSite& a, const RankedSite& b) {
    return std::abs(a.score - b.score) > 1e-9 ? a.score > b.score : a.site.id < b.site.id;
  });
  for (size_t i = 0; i < r.ranked.size(); ++i) r.ranked[i].rank = static_cast<int>(i + 1);
  return r;
}

SectorProfile with_enquiry(SectorProfile p, const Enquiry& e) {
  auto add = [&](SiteConstraint c) {
    c.why = "enquiry";
    p.constraints.push_back(std::move(c));
  };
  if (e.min_ha || e.max_ha) add({"area_ha", e.min_ha, e.max_ha, {}, false, ""});
  if (e.max_motorway_min) add({"motorway_car_min", std::nullopt, e.max_motorway_min, {}, false, ""});
  if (e.max_price) add({"price_eur_m2", std::nullopt, e.max_price, {}, false, ""});
  if (e.rail) add({"rail_siding", std::nullopt, std::nullopt, {"existing", "possible"}, false, ""});
  if (e.available == "immediately") add({"availability", std::nullopt, std::nullopt, {"immediately"}, false, ""});
  else if (e.available == "within_2_years")
    add({"availability", std::nullopt, std::nullopt, {"immediately", "within_2_years"}, false, ""});
  else if (!e.available.empty())
    throw Error("--available: expected immediately or within_2_years, got '" + e.available + "'");
  return p;
}

nlohmann::json ranking_to_json(const Ranking& r) {
  using json = nlohmann::json;
  json j = {{"profile", r.profile.name}, {"title", r.profile.title}, {"ranked", json::array()}, {"excluded", json::array()}};
  j["constraints"] = json::array();
  for (const auto& c : r.profile.constraints) j["constraints"].push_back(describe(c));
  for (const auto& s : r.ranked) {
    json parts = json::array();
    for (const auto& p : s.parts)
      parts.push_back({{"field", p.field}, {"label", p.label}, {"value", p.value}, {"known", p.known},
                       {"normalised", std::round(p.normalised * 1000) / 1000}, {"weight", std::round(p.weight * 1000) / 1000},
                       {"points", std::round(p.points * 100) / 100}});
    j["ranked"].push_back({{"rank", s.rank}, {"id", s.site.id}, {"municipality", s.site.municipality},
                           {"area_ha", std::round(s.site.area_ha * 100) / 100}, {"score", std::round(s.score * 100) / 100},
                           {"summary", s.summary}, {"criteria", parts}});
  }
  for (const auto& e : r.excluded)
    j["excluded"].push_back({{"id", e.site.id}, {"municipality", e.site.municipality}, {"reasons", e.reasons}});
  return j;
}

void write_ranking_layer(Workspace& ws, const Ranking& ranking, const std::string& layer) {
  Database& db = ws.db();
  const int epsg = ws.epsg().value_or(0);
  std::map<std::string, std::vector<uint8_t>> geoms;
  {
    auto st = db.prepare("SELECT site_id, geom FROM sites");
    while (st.step()) geoms[st.text(0)] = std::vector<uint8_t>(st.blob(1).begin(), st.blob(1).end());
  }
  std::vector<Column> columns = {{"geom", "GEOMETRY"}, {"site_id", "TEXT NOT NULL"}, {"municipality", "TEXT"},
                                 {"name", "TEXT"},     {"area_ha", "REAL"},          {"status", "TEXT"},
                                 {"rank", "INTEGER"},  {"score", "REAL"},            {"explanation", "TEXT"}};
  for (const auto& c : ranking.profile.criteria) columns.push_back({"points_" + c.field, "REAL"});
  Transaction tx(db);
  replace_result_table(db, layer, "ranking");
  {
    auto ins = create_table(db, layer, columns);
    gpkg_register_features(db, layer, "GEOMETRY", epsg, "Sites ranked for the profile " + ranking.profile.name);
    auto name_of = [](const Site& s) { return s.values.count("name") ? s.values.at("name") : std::string(); };
    auto geom_of = [&](const Site& s) { return std::span<const uint8_t>(geoms.at(s.id)); };
    for (const auto& r : ranking.ranked) {
      ins.bind(1, geom_of(r.site)).bind(2, r.site.id).bind(3, r.site.municipality).bind(4, name_of(r.site));
      ins.bind(5, r.site.area_ha).bind(6, "ranked").bind(7, r.rank).bind(8, std::round(r.score * 10) / 10).bind(9, r.summary);
      for (size_t i = 0; i < r.parts.size(); ++i) ins.bind(static_cast<int>(10 + i), std::round(r.parts[i].points * 10) / 10);
      ins.run();
    }
    for (const auto& e : ranking.excluded) {
      std::string why;
      for (const auto& reason : e.reasons) why += (why.empty() ? "" : "; ") + reason;
      ins.bind(1, geom_of(e.site)).bind(2, e.site.id).bind(3, e.site.municipality).bind(4, name_of(e.site));
      ins.bind(5, e.site.area_ha).bind(6, "excluded").bind_null(7).bind_null(8).bind(9, why);
      ins.run();
    }
  }
  auto extent = db.prepare("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'sites'");
  if (extent.step() && !extent.is_null(0)) gpkg_set_extent(db, layer, {extent.real(0), extent.real(1), extent.real(2), extent.real(3)});
  extent.reset();
  tx.commit();
}

}  // namespace cityregions
