#include "cases/catalogue.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "store/gpkg.hpp"

namespace cityregions {

extern const char* const kSeedCasesJson;  // generated from data/cases/cases.json

std::vector<Case> seed_cases() { return parse_cases(kSeedCasesJson, "data/cases/cases.json"); }

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// Identifiers and their labels, so that "land pool" finds the instrument land_pool.
std::string labelled(const std::vector<std::string>& ids, const std::map<std::string, std::string>& vocab) {
  std::string s;
  for (const auto& id : ids) {
    const auto it = vocab.find(id);
    s += (s.empty() ? "" : "; ") + (it != vocab.end() ? it->second : id);
  }
  return s;
}

// The user's words as an FTS5 query: each word quoted (no operators leak through), any may match.
std::string fts_query(const std::string& text) {
  std::vector<std::string> words;
  std::string w;
  for (unsigned char ch : text + " ") {
    if (std::isalnum(ch) || ch >= 0x80) {
      w += static_cast<char>(ch);
    } else if (!w.empty()) {
      words.push_back("\"" + w + "\"");
      w.clear();
    }
  }
  return join(words, " OR ");
}

}  // namespace

CaseCatalogue::CaseCatalogue(Workspace& ws) : db_(ws.db()) {
  if (db_.table_exists("cases")) return;
  Transaction tx(db_);
  db_.exec(R"(CREATE TABLE cases (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, name TEXT NOT NULL,
      region TEXT, country TEXT, themes TEXT, instruments TEXT, legal_form TEXT, start_year INTEGER, end_year INTEGER,
      population INTEGER, municipalities INTEGER, structure TEXT, verified INTEGER NOT NULL, data TEXT NOT NULL))");
  db_.exec(R"(CREATE VIRTUAL TABLE cases_fts USING fts5(
      id UNINDEXED, name, region, partners, themes, instruments, legal_form, text,
      tokenize = 'porter unicode61 remove_diacritics 2'))");
  gpkg_register_attributes(db_, "cases", "Good-practice catalogue of inter-municipal cooperation");
  tx.commit();
}

void CaseCatalogue::put(const Case& c) {
  auto del = db_.prepare("DELETE FROM cases_fts WHERE id = ?");
  del.bind(1, c.id).run();
  auto ins = db_.prepare(
      "INSERT OR REPLACE INTO cases (id, kind, name, region, country, themes, instruments, legal_form, start_year, "
      "end_year, population, municipalities, structure, verified, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  ins.bind(1, c.id).bind(2, c.kind).bind(3, c.name).bind(4, c.region).bind(5, c.country);
  ins.bind(6, join(c.themes, ";")).bind(7, join(c.instruments, ";")).bind(8, c.legal_form);
  ins.bind(9, c.start_year).bind(10, c.end_year).bind(11, c.population).bind(12, c.municipalities);
  ins.bind(13, c.structure).bind(14, c.verified ? 1 : 0).bind(15, case_to_json(c).dump());
  ins.run();
  std::string partners;
  for (const auto& p : c.partners) partners += (partners.empty() ? "" : "; ") + p.name;
  const std::string text = c.summary + "\n" + c.outcomes + "\n" + c.lessons + "\n" + c.funding +
                           (c.sharing_rule ? "\n" + describe(*c.sharing_rule) : "");
  auto fts = db_.prepare("INSERT INTO cases_fts VALUES (?,?,?,?,?,?,?,?)");
  fts.bind(1, c.id).bind(2, c.name).bind(3, c.region + " " + c.country).bind(4, partners);
  fts.bind(5, join(c.themes, " ") + " " + labelled(c.themes, case_themes()));
  fts.bind(6, join(c.instruments, " ") + " " + labelled(c.instruments, case_instruments()));
  fts.bind(7, c.legal_form).bind(8, text);
  fts.run();
}

size_t CaseCatalogue::load(const std::vector<Case>& cases) {
  Transaction tx(db_);
  for (const auto& c : cases) put(c);
  tx.commit();
  return cases.size();
}

void CaseCatalogue::add(const std::vector<Case>& cases) {
  Transaction tx(db_);
  for (const auto& c : cases) {
    if (get(c.id)) throw Error("case '" + c.id + "' exists already (use 'cases update' to change it)");
    put(c);
  }
  tx.commit();
}

void CaseCatalogue::update(const std::vector<Case>& cases) {
  Transaction tx(db_);
  for (const auto& c : cases) {
    if (!get(c.id)) throw Error("no case '" + c.id + "' to update (use 'cases add' for new cases)");
    put(c);
  }
  tx.commit();
}

void CaseCatalogue::remove(const std::string& id) {
  if (!get(id)) throw Error("no case '" + id + "'");
  Transaction tx(db_);
  auto a = db_.prepare("DELETE FROM cases WHERE id = ?");
  a.bind(1, id).run();
  auto b = db_.prepare("DELETE FROM cases_fts WHERE id = ?");
  b.bind(1, id).run();
  tx.commit();
}

std::optional<Case> CaseCatalogue::get(const std::string& id) {
  auto st = db_.prepare("SELECT data FROM cases WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return case_from_json(nlohmann::json::parse(st.text(0)), "workspace", "case " + id);
}

std::vector<Case> CaseCatalogue::all() {
  std::vector<Case> out;
  auto st = db_.prepare("SELECT id, data FROM cases ORDER BY id");
  while (st.step()) out.push_back(case_from_json(nlohmann::json::parse(st.text(1)), "workspace", "case " + st.text(0)));
  return out;
}

size_t CaseCatalogue::size() {
  auto st = db_.prepare("SELECT count(*) FROM cases");
  st.step();
  return static_cast<size_t>(st.int64(0));
}

std::vector<CaseHit> CaseCatalogue::search(const std::string& query, const CaseFilter& f, size_t limit) {
  if (!f.theme.empty() && !case_themes().count(f.theme)) throw Error("--theme: unknown theme '" + f.theme + "'");
  if (!f.instrument.empty() && !case_instruments().count(f.instrument))
    throw Error("--instrument: unknown instrument '" + f.instrument + "'");
  const std::string match = fts_query(query);
  std::string sql;
  if (match.empty()) {
    sql = "SELECT c.data, 0.0, '' FROM cases c WHERE 1";
  } else {
    // bm25 weights per column: id, name, region, partners, themes, instruments, legal_form, text.
    sql = "SELECT c.data, -bm25(cases_fts, 0, 10, 3, 2, 4, 6, 2, 1), snippet(cases_fts, 7, '[', ']', '…', 12) "
          "FROM cases_fts JOIN cases c ON c.id = cases_fts.id WHERE cases_fts MATCH ?1";
  }
  sql += " AND (?2 = '' OR ';' || c.themes || ';' LIKE '%;' || ?2 || ';%')";
  sql += " AND (?3 = '' OR c.country = upper(?3))";
  sql += " AND (?4 = '' OR ';' || c.instruments || ';' LIKE '%;' || ?4 || ';%')";
  sql += " AND (?5 = '' OR c.legal_form LIKE '%' || ?5 || '%')";
  sql += " AND (?6 IS NULL OR c.population >= ?6) AND (?7 IS NULL OR c.population <= ?7)";
  sql += " AND (?8 IS NULL OR c.municipalities >= ?8) AND (?9 IS NULL OR c.municipalities <= ?9)";
  sql += " AND (?10 = 0 OR c.verified = 1)";
  sql += match.empty() ? " ORDER BY c.name" : " ORDER BY 2 DESC, c.name";
  sql += " LIMIT ?11";
  auto st = db_.prepare(sql);
  if (!match.empty()) st.bind(1, match);
  st.bind(2, f.theme).bind(3, f.country).bind(4, f.instrument).bind(5, f.legal_form);
  st.bind(6, f.min_population).bind(7, f.max_population).bind(8, f.min_municipalities).bind(9, f.max_municipalities);
  st.bind(10, f.verified_only ? 1 : 0).bind(11, static_cast<int64_t>(limit));
  std::vector<CaseHit> hits;
  while (st.step()) {
    std::string snippet = st.text(2);
    std::replace(snippet.begin(), snippet.end(), '\n', ' ');
    hits.push_back({case_from_json(nlohmann::json::parse(st.text(0)), "workspace", "case"), st.real(1), snippet});
  }
  return hits;
}

}  // namespace cityregions
