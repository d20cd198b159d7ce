// GET /api/sites, /api/sites/rank, /api/sites/enquiry, /api/sites/fields, /api/pool; PATCH
// /api/sites/{id} by the site's municipality's editors.
#include <charconv>
#include <cmath>

#include "core/error.hpp"
#include "land/pool.hpp"
#include "land/sector_profile.hpp"
#include "land/site_ranking.hpp"
#include "land/sites.hpp"
#include "store/municipalities.hpp"
#include "web/api_context.hpp"

namespace cityregions {

using json = nlohmann::json;

namespace {

HttpResponse sites(ApiContext& ctx) {
  Workspace ws = ctx.open();
  if (!ws.db().table_exists("sites")) return {200, "application/geo+json", "{\"type\":\"FeatureCollection\",\"features\":[]}", {}};
  return {200, "application/geo+json", layer_geojson(ws.db(), "sites"), {}};
}

HttpResponse update_site(ApiContext& ctx, const HttpRequest& rq, const std::string& id) {
  const Session session = ctx.write_session(rq);  // 401/403 before anything is read or created
  Workspace ws = ctx.open();
  if (!ws.db().table_exists("sites")) throw Refusal{404, "no site inventory"};
  SiteInventory inventory(ws);
  const auto site = inventory.get(id);
  if (!site) throw Refusal{404, "no site '" + id + "'"};
  const User user = ApiContext::writer(session, site->municipality);
  const json body = object_body(rq, "a JSON object of site fields, e.g. {\"availability\": \"immediately\"}");
  std::map<std::string, std::string> values;
  for (const auto& [k, v] : body.items()) {
    if (k == "municipality" && user.role != Role::admin) throw Refusal{403, "only the regional admin moves a site to another municipality"};
    values[k] = v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
  }
  try {
    inventory.update(id, values, user.name);
  } catch (const Error& e) {
    throw Refusal{400, e.what()};
  }
  return json_response({{"id", id}, {"updated", body}});
}

// Ranking for a built-in profile; with enquiry parameters (min_ha, max_ha, max_motorway_min,
// max_price, rail, available) their constraints are added, as `cityregions enquiry` does.
HttpResponse rank(ApiContext& ctx, const HttpRequest& rq, bool enquiry) {
  Workspace ws = ctx.open();
  const std::string profile = rq.query.count("profile") ? rq.query.at("profile") : "general";
  const auto names = builtin_profile_names();
  if (std::find(names.begin(), names.end(), profile) == names.end()) throw Refusal{400, "profile: one of the built-in profiles"};
  SectorProfile p = load_sector_profile(profile);
  if (enquiry) {
    auto number = [&](const char* key) -> std::optional<double> {
      const auto it = rq.query.find(key);
      if (it == rq.query.end() || it->second.empty()) return std::nullopt;
      double v = 0;
      const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || !(v >= 0 && v < 1e12))  // NaN too
        throw Refusal{400, std::string(key) + ": expected a number ≥ 0"};
      return v;
    };
    Enquiry e{number("min_ha"), number("max_ha"), number("max_motorway_min"), number("max_price"),
              rq.query.count("rail") && (rq.query.at("rail") == "1" || rq.query.at("rail") == "true"),
              rq.query.count("available") ? rq.query.at("available") : ""};
    try {
      p = with_enquiry(std::move(p), e);
    } catch (const Error& err) {
      throw Refusal{400, err.what()};
    }
  }
  if (!ws.db().table_exists("sites")) throw Refusal{404, "no site inventory"};
  json j = ranking_to_json(rank_sites(SiteInventory(ws).list(), p));
  j["illustrative_sites"] = sites_are_illustrative(ws);
  return json_response(j);
}

// The vocabulary of site attributes, for forms.
HttpResponse site_fields_json() {
  json out = json::array();
  for (const auto& f : site_fields()) {
    const char* kind = f.kind == SiteField::Kind::number    ? "number"
                       : f.kind == SiteField::Kind::boolean ? "boolean"
                       : f.kind == SiteField::Kind::choice  ? "choice"
                                                            : "text";
    out.push_back({{"name", f.name}, {"label", f.label}, {"kind", kind}, {"choices", f.choices}});
  }
  return json_response(out);
}

HttpResponse pool(ApiContext& ctx) {
  if (ctx.options.pool_scenario.empty()) throw Refusal{404, "no pool scenario (start the server with --pool-scenario)"};
  Workspace ws = ctx.open();
  PoolScenario s = load_pool_scenario(ctx.options.pool_scenario);
  std::map<std::string, std::string> names;
  for (const auto& m : load_municipalities(ws)) names[m.key] = m.name;
  name_members(s, names);
  json j = pool_result_to_json(simulate_pool(s));
  j["rules"] = {{"host_bonus", s.rules.host_bonus}, {"remainder", s.rules.remainder}};
  j["scenario"] = ctx.options.pool_scenario.filename().string();
  return json_response(j);
}

}  // namespace

void add_land_endpoints(Endpoints& e, ApiContext& ctx) {
  e.push_back({"GET", "/api/sites", [&ctx](const HttpRequest&, const std::string&) { return sites(ctx); }});
  e.push_back({"GET", "/api/sites/rank", [&ctx](const HttpRequest& rq, const std::string&) { return rank(ctx, rq, false); }});
  e.push_back({"GET", "/api/sites/enquiry", [&ctx](const HttpRequest& rq, const std::string&) { return rank(ctx, rq, true); }});
  e.push_back({"GET", "/api/sites/fields", [](const HttpRequest&, const std::string&) { return site_fields_json(); }});
  e.push_back({"GET", "/api/pool", [&ctx](const HttpRequest&, const std::string&) { return pool(ctx); }});
  e.push_back({"PATCH", "/api/sites/*",
               [&ctx](const HttpRequest& rq, const std::string& id) { return update_site(ctx, rq, id); }});
}

}  // namespace cityregions
