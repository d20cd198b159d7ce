#include "land/sector_profile.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/toml_file.hpp"
#include "land/site_criteria.hpp"
#include "land/sites.hpp"

namespace cityregions {

// Built from data/profiles/*.toml (src/land/builtin_profiles.cpp.in).
extern const std::vector<std::pair<std::string, std::string>> kBuiltinProfiles;

namespace {

enum class FieldKind { number, choice, boolean };

// The kind and, for choices, the allowed values of a field a profile may use.
std::optional<std::pair<FieldKind, std::vector<std::string>>> field_kind(const std::string& field) {
  if (field == "area_ha") return std::pair{FieldKind::number, std::vector<std::string>{}};
  for (const auto& f : site_fields())
    if (f.name == field) {
      if (f.kind == SiteField::Kind::number) return std::pair{FieldKind::number, std::vector<std::string>{}};
      if (f.kind == SiteField::Kind::boolean) return std::pair{FieldKind::boolean, std::vector<std::string>{"1", "0"}};
      if (f.kind == SiteField::Kind::choice) return std::pair{FieldKind::choice, f.choices};
      return std::nullopt;  // free text cannot be judged
    }
  for (const auto& c : site_criteria())
    if (c.name == field)
      return c.text ? std::pair{FieldKind::choice, std::vector<std::string>{"A", "B", "C", "D", "E", "F", "none"}}
                    : std::pair{FieldKind::number, std::vector<std::string>{}};
  return std::nullopt;
}

// A choice or yes/no value as stored: booleans as "1"/"0".
std::string stored_value(const toml::node& n, FieldKind kind) {
  if (const auto b = n.value<bool>()) return *b ? "1" : "0";
  std::string v = n.value_or(std::string());
  if (kind == FieldKind::boolean) {
    if (v == "yes") return "1";
    if (v == "no") return "0";
  }
  return v;
}

}  // namespace

std::vector<std::string> builtin_profile_names() {
  std::vector<std::string> out;
  for (const auto& [name, text] : kBuiltinProfiles) out.push_back(name);
  return out;
}

std::string site_field_label(const std::string& field) {
  if (field == "area_ha") return "area";
  for (const auto& f : site_fields())
    if (f.name == field) return f.label;
  for (const auto& c : site_criteria())
    if (c.name == field) return c.label;
  return field;
}

SectorProfile parse_sector_profile(std::string_view text, const std::string& src) {
  const toml::table doc = parse_toml_text(text, src);
  SectorProfile p;
  p.name = doc["name"].value_or(std::string());
  p.title = doc["title"].value_or(p.name);
  p.description = doc["description"].value_or(std::string());
  if (p.name.empty()) throw input_error(src, "", "name", "missing");
  auto kind_of = [&](const std::string& where, const std::string& field) {
    const auto k = field_kind(field);
    if (!k) throw input_error(src, where, "field", "'" + field + "' is not a site attribute, criterion or area_ha");
    return *k;
  };
  auto check_value = [&](const std::string& where, const std::vector<std::string>& choices, const std::string& v) {
    if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
      std::string list;
      for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
      throw input_error(src, where, "value", "'" + v + "' is not one of " + list);
    }
  };
  if (const auto* cs = doc["constraint"].as_array())
    for (size_t i = 0; i < cs->size(); ++i) {
      const std::string where = "constraint " + std::to_string(i + 1);
      const auto* t = (*cs)[i].as_table();
      if (!t) throw input_error(src, where, "", "expected a table");
      SiteConstraint c;
      c.field = (*t)["field"].value_or(std::string());
      const auto [kind, choices] = kind_of(where, c.field);
      c.min = (*t)["min"].value<double>();
      c.max = (*t)["max"].value<double>();
      c.unknown_passes = (*t)["unknown"].value_or(std::string("exclude")) == "pass";
      c.why = (*t)["why"].value_or(std::string());
      if (const auto* in = (*t)["in"].as_array()) {
        for (const auto& v : *in) {
          c.allowed.push_back(stored_value(v, kind));
          check_value(where, choices, c.allowed.back());
        }
      } else if (const auto* eq = (*t)["equals"].node()) {
        c.allowed.push_back(stored_value(*eq, kind));
        check_value(where, choices, c.allowed.back());
      }
      if (kind == FieldKind::number && (!c.allowed.empty() || (!c.min && !c.max)))
        throw input_error(src, where, "min/max", "a number field needs min and/or max");
      if (kind != FieldKind::number && c.allowed.empty())
        throw input_error(src, where, "in/equals", "a choice or yes/no field needs 'in' or 'equals'");
      if (const auto u = (*t)["unknown"].value<std::string>(); u && *u != "pass" && *u != "exclude")
        throw input_error(src, where, "unknown", "expected pass or exclude");
      p.constraints.push_back(std::move(c));
    }
  double total = 0;
  if (const auto* cs = doc["criterion"].as_array())
    for (size_t i = 0; i < cs->size(); ++i) {
      const std::string where = "criterion " + std::to_string(i + 1);
      const auto* t = (*cs)[i].as_table();
      if (!t) throw input_error(src, where, "", "expected a table");
      SiteCriterionWeight c;
      c.field = (*t)["field"].value_or(std::string());
      const auto [kind, choices] = kind_of(where, c.field);
      c.weight = (*t)["weight"].value_or(0.0);
      if (c.weight <= 0) throw input_error(src, where, "weight", "expected a number > 0");
      const std::string dir = (*t)["better"].value_or(std::string("higher"));
      if (dir != "higher" && dir != "lower") throw input_error(src, where, "better", "expected higher or lower");
      c.higher_is_better = dir == "higher";
      const std::string scale = (*t)["scale"].value_or(std::string("minmax"));
      if (scale != "minmax" && scale != "ratio") throw input_error(src, where, "scale", "expected minmax or ratio");
      c.ratio = scale == "ratio";
      if (const auto* r = (*t)["range"].as_array()) {
        if (r->size() != 2 || !(*r)[0].value<double>() || !(*r)[1].value<double>() ||
            *(*r)[0].value<double>() >= *(*r)[1].value<double>())
          throw input_error(src, where, "range", "expected [low, high] with low < high");
        c.range = std::pair{*(*r)[0].value<double>(), *(*r)[1].value<double>()};
      }
      if (const auto* s = (*t)["scores"].as_table())
        for (const auto& [k, v] : *s) {
          std::string key(k.str());
          if (kind == FieldKind::boolean) key = key == "yes" ? "1" : key == "no" ? "0" : key;
          check_value(where, choices, key);
          const auto score = v.value<double>();
          if (!score || *score < 0 || *score > 1) throw input_error(src, where, "scores." + std::string(k.str()), "expected 0 … 1");
          c.scores[key] = *score;
        }
      if (kind == FieldKind::number && !c.scores.empty()) throw input_error(src, where, "scores", "only for choice or yes/no fields");
      if (kind != FieldKind::number && c.scores.empty())
        throw input_error(src, where, "scores", "a choice or yes/no field needs a score per value");
      total += c.weight;
      p.criteria.push_back(std::move(c));
    }
  if (p.criteria.empty()) throw input_error(src, "", "criterion", "a profile needs at least one criterion");
  for (auto& c : p.criteria) c.weight /= total;
  return p;
}

SectorProfile load_sector_profile(const std::string& name_or_file) {
  for (const auto& [name, text] : kBuiltinProfiles)
    if (name == name_or_file) return parse_sector_profile(text, "profile " + name);
  if (!std::filesystem::exists(name_or_file)) {
    std::string names;
    for (const auto& n : builtin_profile_names()) names += (names.empty() ? "" : ", ") + n;
    throw Error("--profile: '" + name_or_file + "' is neither a built-in profile (" + names + ") nor a file");
  }
  std::ifstream in(name_or_file);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_sector_profile(ss.str(), name_or_file);
}

}  // namespace cityregions
