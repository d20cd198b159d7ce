#include "report/region_report.hpp"

#include <cstdlib>

#include <fmt/core.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "core/temp_dir.hpp"
#include "land/pool.hpp"
#include "land/sector_profile.hpp"
#include "land/site_balance.hpp"
#include "land/site_ranking.hpp"
#include "land/sites.hpp"
#include "report/svg_chart.hpp"
#include "report/svg_map.hpp"
#include "store/gpkg.hpp"
#include "store/municipalities.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {

std::string num(double v, int decimals = 0) { return grouped(v, decimals); }

std::string h(const std::string& s) { return xml_escape(s); }

const char* kStyle = R"(body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:2px solid #2b6cb0;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}th,td{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left}
td.n,th.n{text-align:right}th{background:#f0f4f8}.note{color:#555;font-size:.9em}
.banner{background:#fff3cd;border:1px solid #e0c060;padding:.6em 1em;margin:1em 0}
figure{margin:1em 0}footer{margin-top:3em;font-size:.85em;color:#555;border-top:1px solid #ccc;padding-top:.5em}
@page{margin:15mm}@media print{body{margin:0;max-width:none}figure,tr{break-inside:avoid}h2,h3{break-after:avoid}})";

// The sites on the municipality outlines, coloured by their score in a profile.
std::string site_map(Workspace& ws, const std::vector<Site>& sites, const std::string& profile, const fs::path& dir,
                     ReportFiles& files) {
  const Ranking r = rank_sites(sites, load_sector_profile(profile));
  std::vector<OGRGeometryUniquePtr> outlines;
  std::string credit;
  {
    auto st = ws.db().prepare("SELECT geom FROM municipalities");
    while (st.step()) outlines.push_back(gpkg_decode(st.blob(0)));
    auto src = ws.db().prepare("SELECT attribution FROM sources WHERE layer = 'municipalities'");
    if (src.step()) credit = src.text(0).substr(0, src.text(0).find(';'));
  }
  std::map<std::string, OGRPoint> centre;
  {
    auto st = ws.db().prepare("SELECT site_id, geom FROM sites");
    while (st.step()) {
      OGRPoint p;
      gpkg_decode(st.blob(1))->Centroid(&p);
      centre[st.text(0)] = p;
    }
  }
  static const std::vector<std::pair<double, std::string>> bands = {{75, "#1a7f37"}, {50, "#6cc070"}, {25, "#f2c94c"}, {0, "#f2994a"}};
  std::vector<MapDot> dots;
  for (const auto& s : r.ranked) {
    const auto& c = centre.at(s.site.id);
    const auto band = std::find_if(bands.begin(), bands.end(), [&](const auto& b) { return s.score >= b.first; });
    dots.push_back({c.getX(), c.getY(), s.site.area_ha, band->second, s.rank <= 5 ? std::to_string(s.rank) : "",
                    fmt::format("{}: rank {}, {:.0f} points, {:.1f} ha", s.site.id, s.rank, s.score, s.site.area_ha)});
  }
  for (const auto& e : r.excluded) {
    const auto& c = centre.at(e.site.id);
    dots.push_back({c.getX(), c.getY(), e.site.area_ha, "#bdbdbd", "", e.site.id + ": excluded — " + e.reasons.front()});
  }
  std::vector<const OGRGeometry*> shapes;
  for (const auto& g : outlines) shapes.push_back(g.get());
  const std::string svg = svg_map("Sites by score for the profile " + r.profile.title, shapes, dots,
                                  {{"#1a7f37", "75–100 points"}, {"#6cc070", "50–75"}, {"#f2c94c", "25–50"}, {"#f2994a", "below 25"},
                                   {"#bdbdbd", "excluded by a hard constraint"}},
                                  credit);
  const fs::path path = dir / "site_map.svg";
  std::ofstream out(path, std::ios::trunc);
  out << svg;
  if (!out) throw Error(path.string() + ": cannot write");
  files.charts.push_back(path);
  return "<figure><img src=\"site_map.svg\" alt=\"map of the sites\"><figcaption class=\"note\">Dots sized by area; numbers "
         "give the top five ranks.</figcaption></figure>\n";
}

}  // namespace

namespace {

ReportFiles write_report_files(Workspace& ws, const ReportOptions& opt) {
  ReportFiles files;
  const RegionInfo info = ws.info();
  std::map<std::string, std::string> names;
  for (const auto& m : load_municipalities(ws)) names[m.key] = m.name;
  auto name_of = [&](const std::string& key) {
    const auto it = names.find(key);
    return it == names.end() ? key : it->second;
  };
  auto chart = [&](const std::string& file, const BarChart& c) {
    const fs::path path = opt.out_dir / file;
    std::ofstream out(path, std::ios::trunc);
    out << svg_bar_chart(c);
    if (!out) throw Error(path.string() + ": cannot write");
    files.charts.push_back(path);
    return fmt::format("<figure><img src=\"{}\" alt=\"{}\"></figure>\n", file, h(c.title));
  };

  std::vector<Site> sites;
  const bool illustrative = sites_are_illustrative(ws);
  if (ws.db().table_exists("sites")) sites = SiteInventory(ws).list();

  std::string body;
  body += fmt::format("<h1>{}</h1>\n<p class=\"note\">Report of the workspace {} written by cityregions.</p>\n", h(info.name),
                      h(ws.dir().filename().string()));
  if (illustrative)
    body += "<div class=\"banner\"><b>Illustrative sites.</b> The site inventory of this workspace was generated from municipal "
            "land-use statistics for demonstration; the sites are not real and no decision may rest on them.</div>\n";
  body += fmt::format("<h2>Region</h2>\n<table><tr><th>municipalities</th><td class=\"n\">{}</td></tr><tr><th>population</th><td "
                      "class=\"n\">{}</td></tr><tr><th>area</th><td class=\"n\">{} km²</td></tr><tr><th>sites in the "
                      "inventory</th><td class=\"n\">{}</td></tr></table>\n",
                      info.municipalities, num(static_cast<double>(info.population)), num(info.area_km2, 1), sites.size());

  if (!sites.empty()) {
    // Inventory with the criteria.
    body += "<h2>Site inventory</h2>\n<table><tr><th>site</th><th>municipality</th><th class=\"n\">ha</th><th>planning</th>"
            "<th>availability</th><th class=\"n\">motorway (car, min)</th><th class=\"n\">rail station (car, min)</th><th>PT "
            "class</th><th class=\"n\">population within 30 min by car</th><th class=\"n\">within 1 km</th></tr>\n";
    for (const auto& s : sites) {
      auto v = [&](const char* f) { return h(shown_value(s, f)); };
      body += fmt::format("<tr><td>{}<br><span class=\"note\">{}</span></td><td>{}</td><td class=\"n\">{:.1f}</td><td>{}</td><td>{}</td>"
                          "<td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                          h(s.id), s.values.count("name") ? h(s.values.at("name")) : "", h(name_of(s.municipality)), s.area_ha,
                          v("planning_status"), v("availability"), v("motorway_car_min"), v("rail_car_min"), v("pt_class"),
                          v("pop_car_30"), v("pop_1km"));
    }
    body += "</table>\n<p class=\"note\">Criteria are computed by <code>cityregions sites criteria</code> from the street "
            "networks, the timetable and the population grid; “unknown” where not computed.</p>\n";
    body += site_map(ws, sites, opt.profiles.empty() ? "general" : opt.profiles.front(), opt.out_dir, files);

    // Regional balance.
    const LandBalance b = land_balance(sites, names, opt.demand, opt.years);
    static const std::vector<std::pair<std::string, std::string>> avail = {
        {"immediately", "#2f855a"}, {"within_2_years", "#68d391"}, {"later", "#ecc94b"}, {"unknown", "#a0aec0"}};
    body += fmt::format("<h2>Regional land balance</h2>\n<p>{} ha on offer in {} sites across {} municipalities.</p>\n",
                        num(b.region.total_ha, 1), b.region.sites, b.municipalities.size());
    BarChart supply{"Hectares on offer by availability (largest municipalities)", "ha", {}, {}, true};
    for (const auto& [a, colour] : avail) supply.series.push_back({a, colour, {}});
    for (size_t i = 0; i < b.municipalities.size() && i < 20; ++i) {
      const auto& m = b.municipalities[i];
      supply.labels.push_back(m.name);
      for (size_t j = 0; j < avail.size(); ++j) {
        const auto it = m.by_availability.find(avail[j].first);
        supply.series[j].values.push_back(it == m.by_availability.end() ? 0 : it->second);
      }
    }
    body += chart("land_by_availability.svg", supply);
    body += "<table><tr><th>municipality</th><th class=\"n\">sites</th><th class=\"n\">ha</th>";
    for (const auto& [a, colour] : avail) body += "<th class=\"n\">" + h(a) + "</th>";
    body += "</tr>\n";
    auto row = [&](const LandSupply& m, bool bold) {
      std::string r = fmt::format("<tr{}><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>", bold ? " style=\"font-weight:bold\"" : "",
                                  h(m.name), m.sites, num(m.total_ha, 1));
      for (const auto& [a, colour] : avail) {
        const auto it = m.by_availability.find(a);
        r += "<td class=\"n\">" + num(it == m.by_availability.end() ? 0 : it->second, 1) + "</td>";
      }
      return r + "</tr>\n";
    };
    for (const auto& m : b.municipalities) body += row(m, false);
    body += row(b.region, true) + "</table>\n";
    if (!b.sectors.empty()) {
      body += fmt::format("<p>Demand forecast over {} years against the sites that meet each sector's hard constraints "
                          "(a site may suit several sectors):</p>\n<table><tr><th>sector</th><th class=\"n\">ha/year</th><th "
                          "class=\"n\">demand ha</th><th class=\"n\">suitable ha</th><th class=\"n\">… available within 2 "
                          "years</th><th class=\"n\">balance ha</th><th class=\"n\">years of supply</th></tr>\n",
                          b.years);
      for (const auto& d : b.sectors)
        body += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                            "<td class=\"n\">{}</td><td class=\"n\">{:.1f}</td></tr>\n",
                            h(d.sector), num(d.ha_per_year, 1), num(d.demand_ha), num(d.suitable_ha), num(d.suitable_soon_ha),
                            num(d.balance_ha), d.years_of_supply);
      body += fmt::format("<tr style=\"font-weight:bold\"><td>all sectors</td><td></td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                          "<td></td><td class=\"n\">{}</td><td></td></tr></table>\n",
                          num(b.demand_ha), num(b.region.total_ha), num(b.balance_ha));
    }

    // Rankings.
    const auto profiles = opt.profiles.empty() ? builtin_profile_names() : opt.profiles;
    body += "<h2>Marketability by sector</h2>\n<p class=\"note\">Hard constraints exclude sites; the others score 0–100 points "
            "from the profile's weighted criteria, normalised min–max over the candidates or over the profile's fixed range.</p>\n";
    for (const auto& name : profiles) {
      const Ranking r = rank_sites(sites, load_sector_profile(name));
      body += fmt::format("<h3>{}</h3>\n<p>{}</p>\n<p class=\"note\">Constraints: ", h(r.profile.title), h(r.profile.description));
      for (size_t i = 0; i < r.profile.constraints.size(); ++i)
        body += (i ? "; " : "") + h(describe(r.profile.constraints[i]));
      body += fmt::format(". Weights: ");
      for (size_t i = 0; i < r.profile.criteria.size(); ++i)
        body += fmt::format("{}{} {:.0f} %", i ? ", " : "", h(site_field_label(r.profile.criteria[i].field)),
                            r.profile.criteria[i].weight * 100);
      body += fmt::format(".</p>\n<p>{} sites qualify, {} are excluded.</p>\n", r.ranked.size(), r.excluded.size());
      body += "<table><tr><th class=\"n\">rank</th><th>site</th><th>municipality</th><th class=\"n\">ha</th><th "
              "class=\"n\">score</th><th>why</th></tr>\n";
      for (size_t i = 0; i < r.ranked.size() && i < 10; ++i) {
        const auto& s = r.ranked[i];
        body += fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{:.1f}</td><td class=\"n\">{:.1f}</td><td>{}</td></tr>\n",
                            s.rank, h(s.site.id), h(name_of(s.site.municipality)), s.site.area_ha, s.score, h(s.summary));
      }
      body += "</table>\n";
      std::map<std::string, size_t> reasons;
      for (const auto& e : r.excluded)
        for (const auto& why : e.reasons) ++reasons[why.substr(0, why.find(" — "))];
      if (!reasons.empty()) {
        body += "<p class=\"note\">Exclusions by constraint: ";
        bool first = true;
        for (const auto& [why, count] : reasons) body += (first ? "" : "; ") + h(why) + " — " + std::to_string(count), first = false;
        body += ".</p>\n";
      }
    }
  }

  if (!opt.pool_scenario.empty()) {
    PoolScenario sc = load_pool_scenario(opt.pool_scenario);
    name_members(sc, names);
    const PoolResult r = simulate_pool(sc);
    std::vector<const MemberOutcome*> members;
    for (const auto& m : r.members) members.push_back(&m);
    std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->share > b->share; });
    body += fmt::format("<h2>Land pool over {} years</h2>\n<p>{} members bring {} sites; rules: host bonus {:.0f} %, the rest by {}. "
                        "Scenario: <code>{}</code>. Totals for the planned sale years; the ranges come from {} random sale timings "
                        "(10th–90th percentile).</p>\n",
                        r.years, sc.members.size(), sc.sites.size(), sc.rules.host_bonus * 100, h(sc.rules.remainder),
                        h(opt.pool_scenario.filename().string()), r.runs);
    BarChart shares{"Pool shares (capital brought in)", "% of the pool", {}, {{"share", "#2b6cb0", {}}}, false};
    BarChart revenue{"Revenue over the horizon: alone vs in the pool", "€", {}, {{"alone", "#dd6b20", {}}, {"in the pool", "#2b6cb0", {}}}, false};
    for (size_t i = 0; i < members.size() && i < 25; ++i) {
      shares.labels.push_back(members[i]->name);
      shares.series[0].values.push_back(members[i]->share * 100);
      revenue.labels.push_back(members[i]->name);
      revenue.series[0].values.push_back(members[i]->total_alone);
      revenue.series[1].values.push_back(members[i]->total_pool);
    }
    body += chart("pool_shares.svg", shares) + chart("pool_revenue.svg", revenue);
    body += "<table><tr><th>member</th><th class=\"n\">capital €</th><th class=\"n\">share</th><th class=\"n\">alone €</th><th "
            "class=\"n\">pool €</th><th class=\"n\">pool − alone €</th><th class=\"n\">alone p10…p90 €</th><th class=\"n\">pool "
            "p10…p90 €</th></tr>\n";
    for (const auto* m : members)
      body += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1f} %</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                          "<td class=\"n\">{}</td><td class=\"n\">{} … {}</td><td class=\"n\">{} … {}</td></tr>\n",
                          h(m->name), num(m->capital), m->share * 100, num(m->total_alone), num(m->total_pool),
                          num(m->total_pool - m->total_alone), num(m->alone_p10), num(m->alone_p90), num(m->pool_p10), num(m->pool_p90));
    body += "</table>\n<p class=\"note\">The pool narrows the spread between good and bad sale timings (risk sharing): compare "
            "the p10…p90 ranges alone and in the pool.</p>\n";
  }

  body += "<footer><b>Sources.</b> ";
  for (const auto& a : ws.attributions()) body += h(a) + ". ";
  body += "</footer>\n";
  files.html = opt.out_dir / "index.html";
  std::ofstream out(files.html, std::ios::trunc);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << h(info.name)
      << " — cityregions report</title><style>" << kStyle << "@page{size:" << (opt.paper == "letter" ? "letter" : "A4")
      << "}</style></head><body>\n"
      << body << "</body></html>\n";
  if (!out) throw Error(files.html.string() + ": cannot write");
  return files;
}

}  // namespace

ReportFiles write_report(Workspace& ws, const ReportOptions& opt) {
  if (opt.paper != "A4" && opt.paper != "letter") throw Error("--paper: '" + opt.paper + "' is not A4 or letter");
  // Written into a private folder beside the target and renamed at the end: a failed report
  // (a missing scenario, a full disk) leaves no half-written folder and an older report intact.
  const fs::path target = fs::absolute(opt.out_dir).lexically_normal();
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::current_path();
  fs::create_directories(parent);
  if (fs::exists(target) && !fs::is_directory(target)) throw Error(opt.out_dir.string() + ": exists and is not a folder");
  const std::string base = std::string(1, '.').append(target.filename().string());
  const std::string pattern = (parent / (base + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (!mkdtemp(name.data())) throw Error(parent.string() + ": cannot create a temporary folder for the report");
  const fs::path temp(name.data());
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      if (!dir.empty()) fs::remove_all(dir, ec);
    }
  } cleanup{temp};
  fs::permissions(temp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                            fs::perms::others_exec);
  ReportOptions in_temp = opt;
  in_temp.out_dir = temp;
  ReportFiles files = write_report_files(ws, in_temp);
  const fs::path old = parent / (base + ".old");
  std::error_code ec;
  fs::remove_all(old, ec);
  if (fs::exists(target)) fs::rename(target, old);
  fs::rename(temp, target);
  cleanup.dir = old;
  auto moved = [&](const fs::path& p) { return opt.out_dir / p.lexically_relative(temp); };
  files.html = moved(files.html);
  for (auto& c : files.charts) c = moved(c);
  return files;
}

void print_pdf(const fs::path& html, const fs::path& pdf, const fs::path& chromium) {
  if (!fs::exists(chromium)) throw Error(chromium.string() + ": not found (scripts/setup installs chromium)");
  const TempDirectory profile_dir("cityregions-pdf-");  // private (0700, random name): chromium's profile
  const fs::path& profile = profile_dir.path();
  std::vector<std::string> args = {chromium.string(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                   "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                   "--disable-sync", "--no-pdf-header-footer", "--user-data-dir=" + profile.string(),
                                   "--print-to-pdf=" + fs::absolute(pdf).string(), "file://" + fs::absolute(html).string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &quiet, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&quiet);
  if (rc != 0) throw Error(chromium.string() + ": cannot start");
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(pdf) || fs::file_size(pdf) == 0)
    throw Error(pdf.string() + ": chromium could not print the report");
}

}  // namespace cityregions
