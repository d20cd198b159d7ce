#include "cases/case.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/output_file.hpp"
#include "io/csv.hpp"
#include "core/error.hpp"

namespace cityregions {

using json = nlohmann::json;

const std::map<std::string, std::string>& case_themes() {
  static const std::map<std::string, std::string> v = {
      {"commercial_land", "commercial land"},   {"housing_land", "housing land"},
      {"transport", "transport"},               {"public_transport", "public transport"},
      {"park_and_ride", "park and ride"},       {"cycling", "cycling"},
      {"walking", "walking"},                   {"green_areas", "green areas"},
      {"services", "municipal services"},       {"kindergartens", "kindergartens and pre-school"},
      {"strategic_planning", "strategic planning"}, {"retail", "retail"},
      {"marketing", "regional marketing"},      {"economic_development", "economic development"},
      {"culture", "culture"},                   {"tourism", "tourism"},
      {"conversion", "conversion of brownfields"}, {"governance", "regional governance"}};
  return v;
}

const std::map<std::string, std::string>& case_instruments() {
  static const std::map<std::string, std::string> v = {
      {"land_pool", "land pool"},
      {"planning_rights_pool", "planning-rights pool"},
      {"joint_estate", "joint estate"},
      {"special_purpose_association", "special-purpose association"},
      {"revenue_sharing_key", "revenue-sharing key"},
      {"compensation_fund", "compensation fund"},
      {"joint_concept", "joint concept"},
      {"spatial_planning_contract", "spatial-planning contract"},
      {"territorial_agreement", "territorial agreement"},
      {"integrated_territorial_investment", "integrated territorial investment"},
      {"investment_programme", "joint investment programme"},
      {"regional_budget", "regional budget"},
      {"joint_database", "joint database"},
      {"joint_marketing", "joint marketing"},
      {"joint_declaration", "joint declaration"},
      {"joint_projects", "joint projects"},
      {"strategy_paper", "strategy paper"},
      {"working_groups", "working groups"},
      {"feasibility_study", "feasibility study"},
      {"action_plan", "action plan"},
      {"master_plan", "master plan"},
      {"traffic_model", "traffic model"},
      {"mapping_of_projects", "mapping of projects"},
      {"lobbying_agenda", "lobbying agenda"},
      {"city_profiles", "agreed city profiles"},
      {"urban_rural_partnership", "urban-rural partnership"},
      {"moderation_procedure", "moderation procedure"},
      {"service_contracts", "service contracts"}};
  return v;
}

const std::map<std::string, std::string>& partner_types() {
  static const std::map<std::string, std::string> v = {
      {"city", "city"},         {"municipality", "municipality"}, {"district", "district"},
      {"region", "region"},     {"province", "province"},         {"state", "state"},
      {"association", "association"}, {"agency", "agency"},       {"company", "company"},
      {"university", "university"}, {"ngo", "NGO"},               {"operator", "transport operator"}};
  return v;
}

namespace {

const std::set<std::string> kKinds = {"pilot", "good_practice", "reference"};
const std::set<std::string> kStructures = {"polycentric", "monocentric", "unknown"};
const std::set<std::string> kRemainders = {"shares", "votes", "equal", "population"};
const std::set<std::string> kKeys = {"id",        "kind",      "name",        "region",         "country",
                                     "partners",  "themes",    "instruments", "legal_form",     "start_year",
                                     "end_year",  "population", "municipalities", "structure",   "funding",
                                     "summary",   "outcomes",  "lessons",     "sources",        "verified",
                                     "sharing_rule"};

std::string names(const std::map<std::string, std::string>& vocab) {
  std::string out;
  for (const auto& [k, v] : vocab) out += (out.empty() ? "" : ", ") + k;
  return out;
}

std::string names(const std::set<std::string>& s) {
  std::string out;
  for (const auto& k : s) out += (out.empty() ? "" : ", ") + k;
  return out;
}

struct Reader {
  const json& j;
  const std::string& source;
  std::string where;

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw input_error(source, where, field, what);
  }
  std::string text(const char* key, bool required) const {
    if (!j.contains(key) || j[key].is_null()) {
      if (required) fail(key, "missing");
      return "";
    }
    if (!j[key].is_string()) fail(key, "expected text");
    std::string v = j[key].get<std::string>();
    if (required && v.empty()) fail(key, "empty");
    return v;
  }
  template <class T>
  std::optional<T> number(const char* key, int64_t lo, int64_t hi) const {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    if (!j[key].is_number_integer()) fail(key, "expected a whole number");
    const auto v = j[key].get<int64_t>();
    if (v < lo || v > hi) fail(key, std::to_string(v) + " is out of range");
    return static_cast<T>(v);
  }
  std::vector<std::string> list(const char* key, const std::map<std::string, std::string>* vocab) const {
    std::vector<std::string> out;
    if (!j.contains(key) || j[key].is_null()) return out;
    if (!j[key].is_array()) fail(key, "expected a list");
    for (const auto& item : j[key]) {
      if (!item.is_string()) fail(key, "expected a list of text");
      const auto v = item.get<std::string>();
      if (vocab && !vocab->count(v)) fail(key, "unknown value '" + v + "' (known: " + names(*vocab) + ")");
      out.push_back(v);
    }
    return out;
  }
};

}  // namespace

Case case_from_json(const json& j, const std::string& source, const std::string& where) {
  if (!j.is_object()) throw input_error(source, where, "", "expected an object");
  Reader r{j, source, where};
  Case c;
  c.id = r.text("id", true);
  r.where = where + " (id " + c.id + ")";
  for (char ch : c.id)
    if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '-'))
      r.fail("id", "use lower-case letters, digits and '-' only");
  for (const auto& [k, v] : j.items())
    if (!kKeys.count(k)) r.fail(k, "unknown field (fields: " + names(kKeys) + ")");
  c.kind = r.text("kind", false);
  if (c.kind.empty()) c.kind = "reference";
  if (!kKinds.count(c.kind)) r.fail("kind", "unknown value '" + c.kind + "' (known: " + names(kKinds) + ")");
  c.name = r.text("name", true);
  c.region = r.text("region", true);
  c.country = r.text("country", true);
  if (c.country.size() != 2 || !std::isupper(static_cast<unsigned char>(c.country[0])) ||
      !std::isupper(static_cast<unsigned char>(c.country[1])))
    r.fail("country", "expected a two-letter ISO code such as DE, AT, PL");
  if (j.contains("partners")) {
    if (!j["partners"].is_array()) r.fail("partners", "expected a list of {name, type}");
    for (const auto& p : j["partners"]) {
      if (!p.is_object() || !p.contains("name") || !p["name"].is_string() || !p.contains("type") || !p["type"].is_string())
        r.fail("partners", "each partner needs a name and a type");
      Partner partner{p["name"].get<std::string>(), p["type"].get<std::string>()};
      if (!partner_types().count(partner.type))
        r.fail("partners", "unknown partner type '" + partner.type + "' (known: " + names(partner_types()) + ")");
      c.partners.push_back(partner);
    }
  }
  c.themes = r.list("themes", &case_themes());
  if (c.themes.empty()) r.fail("themes", "give at least one theme (known: " + names(case_themes()) + ")");
  c.instruments = r.list("instruments", &case_instruments());
  c.legal_form = r.text("legal_form", false);
  c.start_year = r.number<int>("start_year", 1800, 2100);
  c.end_year = r.number<int>("end_year", 1800, 2100);
  if (c.start_year && c.end_year && *c.end_year < *c.start_year) r.fail("end_year", "before start_year");
  c.population = r.number<int64_t>("population", 0, 2'000'000'000);
  c.municipalities = r.number<int>("municipalities", 1, 100000);
  c.structure = r.text("structure", false);
  if (c.structure.empty()) c.structure = "unknown";
  if (!kStructures.count(c.structure)) r.fail("structure", "unknown value '" + c.structure + "' (known: " + names(kStructures) + ")");
  c.funding = r.text("funding", false);
  c.summary = r.text("summary", false);
  c.outcomes = r.text("outcomes", false);
  c.lessons = r.text("lessons", false);
  c.sources = r.list("sources", nullptr);
  for (const auto& s : c.sources)
    if (!s.starts_with("http://") && !s.starts_with("https://")) r.fail("sources", "'" + s + "' is not an http(s) address");
  if (j.contains("verified")) {
    if (!j["verified"].is_boolean()) r.fail("verified", "expected true or false");
    c.verified = j["verified"].get<bool>();
  }
  if (j.contains("sharing_rule") && !j["sharing_rule"].is_null()) {
    const json& s = j["sharing_rule"];
    if (!s.is_object()) r.fail("sharing_rule", "expected an object");
    SharingRule rule;
    if (s.contains("basis") && s["basis"].is_string()) rule.basis = s["basis"].get<std::string>();
    if (s.contains("host_bonus")) {
      if (!s["host_bonus"].is_number()) r.fail("sharing_rule.host_bonus", "expected a fraction between 0 and 1");
      rule.host_bonus = s["host_bonus"].get<double>();
      if (rule.host_bonus < 0 || rule.host_bonus > 1) r.fail("sharing_rule.host_bonus", "expected a fraction between 0 and 1");
    }
    rule.remainder = s.value("remainder", std::string("shares"));
    if (!kRemainders.count(rule.remainder))
      r.fail("sharing_rule.remainder", "unknown value '" + rule.remainder + "' (known: " + names(kRemainders) + ")");
    if (s.contains("votes")) {
      if (!s["votes"].is_object()) r.fail("sharing_rule.votes", "expected {member: votes}");
      for (const auto& [member, v] : s["votes"].items()) {
        if (!v.is_number() || v.get<double>() <= 0) r.fail("sharing_rule.votes", "votes of '" + member + "' must be positive");
        rule.votes[member] = v.get<double>();
      }
    }
    if (rule.remainder == "votes" && rule.votes.empty()) r.fail("sharing_rule.votes", "remainder by votes needs the votes");
    if (s.contains("note") && s["note"].is_string()) rule.note = s["note"].get<std::string>();
    c.sharing_rule = rule;
  }
  return c;
}

json case_to_json(const Case& c) {
  json j = {{"id", c.id},           {"kind", c.kind},           {"name", c.name},
            {"region", c.region},   {"country", c.country},     {"themes", c.themes},
            {"instruments", c.instruments}, {"legal_form", c.legal_form}, {"structure", c.structure},
            {"funding", c.funding}, {"summary", c.summary},     {"outcomes", c.outcomes},
            {"lessons", c.lessons}, {"sources", c.sources},     {"verified", c.verified}};
  j["partners"] = json::array();
  for (const auto& p : c.partners) j["partners"].push_back({{"name", p.name}, {"type", p.type}});
  if (c.start_year) j["start_year"] = *c.start_year;
  if (c.end_year) j["end_year"] = *c.end_year;
  if (c.population) j["population"] = *c.population;
  if (c.municipalities) j["municipalities"] = *c.municipalities;
  if (c.sharing_rule) {
    const auto& s = *c.sharing_rule;
    j["sharing_rule"] = {{"basis", s.basis}, {"host_bonus", s.host_bonus}, {"remainder", s.remainder}, {"note", s.note}};
    if (!s.votes.empty()) j["sharing_rule"]["votes"] = s.votes;
  }
  return j;
}

std::vector<Case> parse_cases(std::string_view text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(source + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  const json* list = &doc;
  if (doc.is_object()) {
    if (!doc.contains("cases")) throw Error(source + ": expected {\"cases\": [...]} or a list of cases");
    list = &doc["cases"];
  }
  if (!list->is_array()) throw Error(source + ": 'cases' must be a list");
  std::vector<Case> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < list->size(); ++i) {
    Case c = case_from_json((*list)[i], source, "case " + std::to_string(i + 1));
    if (!ids.insert(c.id).second) throw input_error(source, "case " + std::to_string(i + 1), "id", "duplicate id '" + c.id + "'");
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Case> read_case_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_cases(ss.str(), path);
}

namespace {
const std::vector<std::string> kCsvColumns = {"id",         "kind",        "name",     "region",       "country",
                                              "partners",   "themes",      "instruments", "legal_form", "start_year",
                                              "end_year",   "population",  "municipalities", "structure", "funding",
                                              "summary",    "outcomes",    "lessons",  "sources",      "verified",
                                              "sharing_rule"};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

std::vector<Case> read_case_csv(const std::string& path) {
  CsvReader reader(path);
  std::map<std::string, size_t> col;
  for (const auto& name : kCsvColumns)
    if (auto c = reader.column(name)) col[name] = *c;
  for (const auto& h : reader.header())
    if (std::find(kCsvColumns.begin(), kCsvColumns.end(), h) == kCsvColumns.end())
      throw input_error(path, "1", h, "unknown column");
  std::vector<Case> out;
  std::set<std::string> ids;
  std::vector<std::string> f;
  while (reader.next(f)) {
    const std::string line = std::to_string(reader.line());
    json j = json::object();
    for (const auto& [name, i] : col) {
      const std::string& v = f[i];
      if (v.empty()) continue;
      if (name == "themes" || name == "instruments" || name == "sources") {
        j[name] = split(v, ';');
      } else if (name == "partners") {
        j[name] = json::array();
        for (const auto& p : split(v, ';')) {
          const auto colon = p.rfind(':');
          if (colon == std::string::npos) throw input_error(path, line, "partners", "expected name:type, found '" + p + "'");
          j[name].push_back({{"name", p.substr(0, colon)}, {"type", p.substr(colon + 1)}});
        }
      } else if (name == "start_year" || name == "end_year" || name == "population" || name == "municipalities") {
        try {
          size_t used = 0;
          const long long n = std::stoll(v, &used);
          if (used != v.size()) throw std::invalid_argument(v);
          j[name] = n;
        } catch (const std::exception&) {
          throw input_error(path, line, name, "'" + v + "' is not a whole number");
        }
      } else if (name == "verified") {
        if (v != "true" && v != "false") throw input_error(path, line, name, "expected true or false");
        j[name] = v == "true";
      } else if (name == "sharing_rule") {
        try {
          j[name] = json::parse(v);
        } catch (const json::parse_error&) {
          throw input_error(path, line, name, "expected the rule as JSON");
        }
      } else {
        j[name] = v;
      }
    }
    Case c = case_from_json(j, path, line);
    if (!ids.insert(c.id).second) throw input_error(path, line, "id", "duplicate id '" + c.id + "'");
    out.push_back(std::move(c));
  }
  return out;
}

void write_case_csv(const std::vector<Case>& cases, const std::string& path) {
  auto out = open_output_file(path);
  for (size_t i = 0; i < kCsvColumns.size(); ++i) out << (i ? "," : "") << kCsvColumns[i];
  out << "\n";
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ";") + x;
    return s;
  };
  for (const auto& c : cases) {
    std::string partners;
    for (const auto& p : c.partners) partners += (partners.empty() ? "" : ";") + p.name + ":" + p.type;
    auto opt = [](const auto& o) { return o ? std::to_string(*o) : std::string(); };
    const std::vector<std::string> row = {
        c.id,          c.kind,          c.name,         c.region,        c.country,      partners,
        join(c.themes), join(c.instruments), c.legal_form, opt(c.start_year), opt(c.end_year), opt(c.population),
        opt(c.municipalities), c.structure, c.funding, c.summary, c.outcomes, c.lessons, join(c.sources),
        c.verified ? "true" : "false", c.sharing_rule ? case_to_json(c)["sharing_rule"].dump() : ""};
    for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << csv_escape(row[i]);
    out << "\n";
  }
  if (!out.flush()) throw Error(path + ": write failed");
}

std::string describe(const SharingRule& rule) {
  const auto pct = [](double f) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%g %%", std::round(f * 1000) / 10);
    return std::string(buf);
  };
  std::string out;
  if (rule.host_bonus > 0) out = "host " + pct(rule.host_bonus) + " + ";
  out += pct(1 - rule.host_bonus) + " by " + rule.remainder;
  if (!rule.votes.empty()) {
    std::string v;
    for (const auto& [m, n] : rule.votes) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", n);
      v += (v.empty() ? "" : ", ") + m + " " + buf;
    }
    out += " (" + v + ")";
  }
  if (!rule.basis.empty()) out += " of " + rule.basis;
  return out;
}

}  // namespace cityregions
