#pragma once
// A case of inter-municipal cooperation: who cooperates, on what, with which instrument and
// legal form, what came of it, and where a case defines one, its revenue-sharing rule.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace cityregions {

struct Partner {
  std::string name;
  std::string type;  // one of partner_types()
};

// How a shared revenue is split: the host first takes host_bonus (a fraction), the remainder is
// divided by pool shares, by votes, equally, or by population.
struct SharingRule {
  std::string basis;       // which revenue, e.g. "trade tax and property tax B"
  double host_bonus = 0;   // 0 … 1
  std::string remainder;   // "shares", "votes", "equal" or "population"
  std::map<std::string, double> votes;  // member → votes, for remainder == "votes"
  std::string note;
};

struct Case {
  std::string id;    // stable slug, e.g. "zweckverband-zollernalb"
  std::string kind;  // "pilot", "good_practice" or "reference"
  std::string name, region, country;  // country: ISO 3166-1 alpha-2
  std::vector<Partner> partners;
  std::vector<std::string> themes, instruments;
  std::string legal_form;
  std::optional<int> start_year, end_year;
  std::optional<int64_t> population;
  std::optional<int> municipalities;
  std::string structure = "unknown";  // "polycentric", "monocentric" or "unknown"
  std::string funding, summary, outcomes, lessons;
  std::vector<std::string> sources;
  bool verified = false;
  std::optional<SharingRule> sharing_rule;
};

// Controlled vocabularies: identifier → English label.
const std::map<std::string, std::string>& case_themes();
const std::map<std::string, std::string>& case_instruments();
const std::map<std::string, std::string>& partner_types();

// Reads and checks one case; errors name the source file, `where` (e.g. "case 3") and the field.
Case case_from_json(const nlohmann::json& j, const std::string& source, const std::string& where);
nlohmann::json case_to_json(const Case& c);

// Reads a catalogue file: {"cases": [...]} or a bare array. Ids must be unique.
std::vector<Case> read_case_file(const std::string& path);
std::vector<Case> parse_cases(std::string_view json_text, const std::string& source);

// CSV exchange: one row per case; lists joined with ';', partners as name:type, the sharing
// rule as JSON.
std::vector<Case> read_case_csv(const std::string& path);
void write_case_csv(const std::vector<Case>& cases, const std::string& path);

// The sharing rule in words, e.g. "host 10 % + 90 % by votes (Meßstetten 50, …) of trade tax …".
std::string describe(const SharingRule& rule);

}  // namespace cityregions
