#pragma once
// The case catalogue inside a workspace: a `cases` table (QGIS sees it as an attribute layer)
// and an SQLite FTS5 index for ranked full-text search with filters.
#include <optional>
#include <string>
#include <vector>

#include "cases/case.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct CaseFilter {
  std::string theme, country, instrument, legal_form;  // legal_form: part of the text, any case
  std::optional<int64_t> min_population, max_population;
  std::optional<int> min_municipalities, max_municipalities;
  bool verified_only = false;
};

struct CaseHit {
  Case c;
  double score = 0;     // higher is better; 0 for a listing without query
  std::string snippet;  // where the query matched, with [brackets]
};

class CaseCatalogue {
 public:
  explicit CaseCatalogue(Workspace& ws);

  // Inserts the cases, replacing those with the same id (one transaction).
  size_t load(const std::vector<Case>& cases);
  // Adds new cases; an id that exists already is an error and nothing is written.
  void add(const std::vector<Case>& cases);
  // Replaces existing cases; an unknown id is an error and nothing is written.
  void update(const std::vector<Case>& cases);
  void remove(const std::string& id);

  std::optional<Case> get(const std::string& id);
  std::vector<Case> all();
  size_t size();

  // Ranked full-text search (BM25; name and instruments weigh most); an empty query lists all.
  std::vector<CaseHit> search(const std::string& query, const CaseFilter& filter, size_t limit = 50);

 private:
  void put(const Case& c);
  Database& db_;
};

// The catalogue shipped with cityregions (data/cases/cases.json, built into the program).
std::vector<Case> seed_cases();

}  // namespace cityregions
